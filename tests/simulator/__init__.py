"""Tests of the lock platform emulator itself."""
