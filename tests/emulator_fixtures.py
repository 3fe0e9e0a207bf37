"""Fixtures that serve the platform emulator in-process on 127.0.0.1.

`platform` is a fresh emulated platform with 5 rooms, the default
credentials and no gateway latency; its date-times follow Home Assistant's
configured time zone (read at every use), so naive date-times the integration
sends in HA's local time mean the same instant to the emulator.
`platform_url` serves it and yields the base URL; `server` serves it on a
port that survives a stop and a start, for outages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import tzinfo
import ssl

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


class EmulatorServer:
    """The emulator's app on 127.0.0.1, on a port that survives a restart."""

    def __init__(
        self, platform: Platform, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        """Remember what to serve, and how."""
        self.platform = platform
        self.ssl_context = ssl_context
        self.port = 0
        self._server: TestServer | None = None

    @property
    def url(self) -> str:
        """Return the base URL."""
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        """Return whether the server accepts connections."""
        return self._server is not None

    async def start(self) -> None:
        """Serve the platform (on the same port as before, if any)."""
        self._server = TestServer(
            create_app(self.platform), host="127.0.0.1", port=self.port or None
        )
        # No access log: its time stamp breaks under a frozen clock.
        await self._server.start_server(ssl=self.ssl_context, access_log=None)
        self.port = self._server.port

    async def stop(self) -> None:
        """Stop serving: connections are refused."""
        if self._server is not None:
            await self._server.close()
            self._server = None


@pytest.fixture
async def server(
    platform: Platform, socket_enabled: None
) -> AsyncIterator[EmulatorServer]:
    """Serve the emulator over HTTP on a port that survives a restart."""
    emulator = EmulatorServer(platform)
    await emulator.start()
    yield emulator
    await emulator.stop()
