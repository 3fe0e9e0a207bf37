"""Emulator of the hotel door lock platform WebAPI.

Run it with ``python -m simulator``; see ``simulator/README.md`` for the
control plane under ``/_sim/`` and the assumptions made where the vendor's
document is silent. The integration never imports this package.
"""
