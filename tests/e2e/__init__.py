"""End-to-end tests against real Home Assistant and emulator processes."""
