"""Reliability and security proofs of the Hotel Lock integration.

Each module proves one claim against the emulator over real HTTP, with figures
the README quotes: every injected fault crossed with every operation
(``test_fault_matrix``), a seeded soak of credential operations across
restarts (``test_registry_soak``), concurrent unlocks and slot choice within
the gateway limit (``test_concurrency``), no secret in logs, events or
diagnostics (``test_secrets``), and TLS certificate checking (``test_https``).
"""
