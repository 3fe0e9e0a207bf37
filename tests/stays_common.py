"""Shared helpers of the stay tests: an entry under a frozen clock, time moves.

Stays live by the clock, so their tests freeze it (``freezer``) and move it
with ``move``, which also fires the timers due by then. The emulator is
served without an access log (which breaks under a frozen clock) and follows
the same clock, so its doors accept a PIN exactly while it is valid.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.hotel_lock.const import CONF_APPID, CONF_APPSECRET, DOMAIN
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform
from tests.emulator_fixtures import EmulatorServer

ENTRY_ID = "01JHOTELLOCKENTRY000000000"
FIRST_RM_ID = "775032240849920"  # 1-101
SECOND_RM_ID = "775032240901414"  # 1-102
GATEWAY_CALLS = (
    "GatewayUploadOnline",
    "GatewayStopOnline",
    "MakeOffline",
    "GatewayStopOffline",
)


def start_of_test() -> datetime:
    """Return the frozen start of every stay test: 1 June 2026, 08:00 local."""
    return datetime(2026, 6, 1, 8, 0, tzinfo=dt_util.get_default_time_zone())


def day(days: int, hour: int, minute: int = 0) -> datetime:
    """Return a local moment some days after the start, at a time of day."""
    return (start_of_test() + timedelta(days=days)).replace(hour=hour, minute=minute)


@pytest.fixture
async def stays_entry(
    hass: HomeAssistant, server: EmulatorServer, freezer: FrozenDateTimeFactory
) -> MockConfigEntry:
    """Set up an entry at the start of the test, against the emulator."""
    freezer.move_to(start_of_test())
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Hotel Lock",
        entry_id=ENTRY_ID,
        unique_id=DEFAULT_APPID,
        minor_version=2,
        data={
            CONF_URL: server.url,
            CONF_APPID: DEFAULT_APPID,
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: True,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@pytest.fixture
def book(stays_entry: MockConfigEntry) -> StayBook:
    """Return the entry's stay book."""
    return stays_entry.runtime_data.stays


async def move(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Move the clock to a moment and run what is due by then."""
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    await hass.async_block_till_done(wait_background_tasks=True)


async def reload(hass: HomeAssistant, entry: MockConfigEntry) -> StayBook:
    """Reload the entry (as a restart would) and return its new book."""
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry.runtime_data.stays


def gateway_calls(platform: Platform, since: int = 0) -> list[tuple[str, Any]]:
    """Return the credential calls sent to the platform: (call, fields)."""
    return [
        (entry["call"], entry["fields"])
        for entry in platform.log_dicts()[since:]
        if entry["call"] in GATEWAY_CALLS
    ]


def platform_time(value: datetime) -> str:
    """Return a moment as the platform reads it (local, to the second)."""
    return dt_util.as_local(value).strftime("%Y-%m-%d %H:%M:%S")


def opens(platform: Platform, rm_id: str, kind: str, value: str) -> bool:
    """Present a code at a door now."""
    return platform.present(rm_id, kind, value).opens
