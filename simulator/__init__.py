"""Emulator of the hotel door lock platform WebAPI."""
