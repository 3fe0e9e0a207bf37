"""Fixtures that serve the platform emulator in-process on 127.0.0.1."""
