"""Tests for the diagnostics."""

from __future__ import annotations

from datetime import UTC

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.hotel_lock.const import CONF_UNLOCK_CODE
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform

from .bookings_common import (
    DESK,
    add_source,
    async_add_desk_calendar,
    async_next_read,
    booking_event,
    source_subentry,
)
from .conftest import FIRST_RM_ID
from .stays_common import day


async def test_diagnostics(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    """Diagnostics show rooms and gateway answers, and no secret."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={CONF_UNLOCK_CODE: "97531"}
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    platform.set_battery(FIRST_RM_ID, 90.25)
    coordinator = mock_config_entry.runtime_data.coordinator
    result = await coordinator.async_call(
        coordinator.client.gateway_open, FIRST_RM_ID, rm_id=FIRST_RM_ID, unlock=True
    )

    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, mock_config_entry
    )
    text = str(diagnostics)
    for secret in (DEFAULT_APPSECRET, DEFAULT_APPID, "97531"):
        assert secret not in text
    status = diagnostics["room_status"][FIRST_RM_ID]
    assert status["battery"] == 90
    assert status["last_contact"] == result.timestamp.isoformat()
    assert status["last_unlock"] == result.timestamp.isoformat()
    assert diagnostics == snapshot(
        exclude=props("created_at", "modified_at", "url", "last_contact", "last_unlock")
    )


async def test_diagnostics_of_stays_and_booking_sources(
    hass: HomeAssistant,
    stays_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each source's last read (when, how long, what it did) and the stays counted.

    Never a guest's name or a code.
    """
    desk = await async_add_desk_calendar(hass)
    desk.events = [
        booking_event("b1", "Ms. Li", "1-101", day(0, 14), day(2, 12)),
        booking_event("b2", "Mr. Wu", "1-101", day(1, 14), day(3, 12)),
        booking_event("b3", "Closed", "1-102", day(0, 14), day(1, 12)),
    ]
    source_id = add_source(hass, stays_entry, source_subentry(DESK))
    await hass.async_block_till_done(wait_background_tasks=True)
    book = stays_entry.runtime_data.stays
    (stay,) = book.stays()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, stays_entry)
    (source,) = diagnostics["booking_sources"]
    last_read = source.pop("last_read")
    assert source == {
        "source_id": source_id,
        "calendar": DESK,
        "match": "text",
        "rooms": 0,
        "bookings": 2,
        "missing": {},
        "failed_reads": 0,
        "no_bookings": False,
    }
    assert last_read["at"] == dt_util.utcnow().isoformat()
    assert isinstance(last_read["seconds"], float)
    assert isinstance(last_read["reconcile_seconds"], float)
    assert last_read | {"at": None, "seconds": None, "reconcile_seconds": None} == {
        "at": None,
        "outcome": "read",
        "error": None,
        "seconds": None,
        "events": 3,
        "bookings": 2,
        "reconcile_seconds": None,
        "stays": {
            "created": 1,
            "updated": 0,
            "checked_out": 0,
            "cancelled": 0,
            "unchanged": 0,
        },
        "refused": 1,
    }
    assert diagnostics["stays"] == {
        "stays": 1,
        "by_status": {"upcoming": 1},
        "by_source": {"booking": 1},
        "credentials": {"pin/confirmed": 1},
        "failed_credentials": 0,
        "rooms_alerted": 0,
        "next_due": day(0, 13).astimezone(UTC).isoformat(),
    }
    text = str(diagnostics)
    for secret in ("Ms. Li", "Mr. Wu", stay.pin or "-"):
        assert secret not in text

    # A read that fails says why.
    desk.error = HomeAssistantError("calendar down")
    await async_next_read(hass, freezer)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, stays_entry)
    (source,) = diagnostics["booking_sources"]
    assert (source["failed_reads"], source["last_read"]["outcome"]) == (1, "failed")
    assert source["last_read"]["error"] == "calendar down"
