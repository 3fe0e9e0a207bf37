"""Fixtures of the reliability tests: an emulator that can be stopped, entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.const import CONF_APPID, CONF_APPSECRET, DOMAIN
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET


@pytest.fixture(autouse=True)
def enable_event_loop_debug() -> None:
    """Run these tests without asyncio's debug mode.

    Home Assistant's test plugin turns it on for every test; it records a
    stack trace with every callback and task, which costs about a third of
    the thousands of calls these tests make. The unit tests run the same code
    with it on.
    """


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
