"""Fixtures of the reliability tests: an emulator that can be stopped, entries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
import ssl
from typing import Any

from aiohttp.test_utils import TestServer
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.const import CONF_APPID, CONF_APPSECRET, DOMAIN
from simulator.app import create_app
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform


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


def entry_for(
    url: str,
    *,
    options: Mapping[str, Any] | None = None,
    entry_id: str | None = None,
    verify_ssl: bool = True,
) -> MockConfigEntry:
    """Return a config entry for an emulator (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Hotel Lock",
        entry_id=entry_id,
        unique_id=f"{url}|{DEFAULT_APPID}",
        data={
            CONF_URL: url,
            CONF_APPID: DEFAULT_APPID,
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: verify_ssl,
        },
        options=dict(options or {}),
    )


async def async_setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add an entry to Home Assistant and set it up."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
