"""The stays' storage: written whole, read back, broken stays skipped."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.stay_model import (
    STORAGE_VERSION,
    Stay,
    stay_store,
    stays_storage_key,
)
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform as EmulatedPlatform
from tests.stays_common import ENTRY_ID, FIRST_RM_ID, day, reload


async def test_round_trip(
    hass: HomeAssistant,
    book: StayBook,
    stays_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """A stay read back from storage is the stay that was written."""
    stay = await book.async_create(
        guest="Ms. Li",
        room_ids=[FIRST_RM_ID],
        arrival=day(0, 14),
        departure=day(2, 12),
        kinds=["pin", "offline_password"],
    )
    await book.async_card_window(stay.stay_id, FIRST_RM_ID)
    (stored,) = hass_storage[stays_storage_key(ENTRY_ID)]["data"]["stays"]
    assert Stay.from_stored(stored) == stay
    book = await reload(hass, stays_entry)
    assert book.get(stay.stay_id) == stay


async def test_broken_and_newer_data(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    stays_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Unreadable stays are skipped (and logged); a newer minor version is read."""
    book = stays_entry.runtime_data.stays
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(3, 14), departure=day(4, 12)
    )
    good = hass_storage[stays_storage_key(ENTRY_ID)]["data"]["stays"][0]
    hass_storage[stays_storage_key(ENTRY_ID)] = {
        "version": STORAGE_VERSION,
        "minor_version": 9,
        "key": stays_storage_key(ENTRY_ID),
        "data": {
            "stays": [
                good | {"future_field": 1},
                good | {"stay_id": "x", "arrival": "not a time"},
                good | {"stay_id": "y", "expires": "2026-06-05T13:00:00"},
                good | {"stay_id": "w", "departure": None},
                {"stay_id": "z"},
            ]
        },
    }
    book = await reload(hass, stays_entry)
    assert [s.stay_id for s in book.stays()] == [stay.stay_id]
    assert caplog.text.count("Skipping an unreadable stay") == 4
    with pytest.raises(ServiceValidationError):
        book.get("x")


async def test_unknown_major_version(hass: HomeAssistant) -> None:
    """A major version this release does not know is not read."""
    with pytest.raises(NotImplementedError):
        await stay_store(hass, ENTRY_ID)._async_migrate_func(2, 1, {})


async def test_removed_with_the_entry(
    hass: HomeAssistant,
    platform: EmulatedPlatform,
    stays_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
) -> None:
    """Removing the entry deletes its stays (and their codes) and its repairs."""
    platform.set_gateway_online(FIRST_RM_ID, False)
    await stays_entry.runtime_data.stays.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(1, 12)
    )
    assert stays_storage_key(ENTRY_ID) in hass_storage
    assert len(issue_registry.issues) == 1
    assert await hass.config_entries.async_remove(stays_entry.entry_id)
    await hass.async_block_till_done()
    assert stays_storage_key(ENTRY_ID) not in hass_storage
    assert len(issue_registry.issues) == 0
