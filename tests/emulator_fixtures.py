"""Fixtures that serve the platform emulator in-process on 127.0.0.1.

`platform` is a fresh emulated platform with 5 rooms, the default
credentials and no gateway latency; its date-times follow Home Assistant's
configured time zone (read at every use), so naive date-times the integration
sends in HA's local time mean the same instant to the emulator.
`platform_url` serves it and yields the base URL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import tzinfo

from aiohttp.test_utils import TestServer
from homeassistant.util import dt as dt_util
import pytest

from simulator.app import create_app
from simulator.platform import Platform


def _ha_time_zone() -> tzinfo:
    return dt_util.get_default_time_zone()


@pytest.fixture
def platform() -> Platform:
    """Return a fresh emulated platform: 5 rooms, default credentials."""
    return Platform(5, latency=0.0, tz=_ha_time_zone)


@pytest.fixture
async def platform_url(platform: Platform, socket_enabled: None) -> AsyncIterator[str]:
    """Serve `platform` on 127.0.0.1 and yield its base URL."""
    server = TestServer(create_app(platform), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()
