"""The emulator's tests need no Home Assistant instance."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the package-wide fixture: these tests start no Home Assistant."""


@pytest.fixture(autouse=True)
def enable_event_loop_debug() -> None:
    """Run the emulator's tests without asyncio's debug mode.

    Home Assistant's test plugin turns it on for every test, to check Home
    Assistant code; the emulator is not Home Assistant code, and the stack
    trace it records with every callback and task only slows these tests.
    """
