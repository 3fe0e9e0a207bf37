"""The binary sensors: a stay in progress per room (occupancy), never a guest."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform as EmulatedPlatform
from tests.stays_common import FIRST_RM_ID, SECOND_RM_ID, day, move

FIRST = "binary_sensor.1_101_stay_in_progress"
SECOND = "binary_sensor.1_102_stay_in_progress"


@pytest.fixture
def platform(platform: EmulatedPlatform) -> EmulatedPlatform:
    """Two rooms are enough."""
    for rm_id in list(platform.rooms)[2:]:
        platform.remove_room(rm_id)
    return platform


@pytest.fixture(autouse=True)
def only_binary_sensors() -> Iterator[None]:
    """Set up the binary sensor platform alone."""
    with patch("custom_components.hotel_lock.PLATFORMS", [Platform.BINARY_SENSOR]):
        yield


async def test_snapshot(
    hass: HomeAssistant,
    book: StayBook,
    stays_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Registry entries and states, with a guest in the first room."""
    await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(0, 7), departure=day(1, 12)
    )
    await hass.async_block_till_done()
    await snapshot_platform(hass, er.async_get(hass), snapshot, stays_entry.entry_id)


async def test_on_from_arrival_to_departure(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, book: StayBook
) -> None:
    """On from the arrival until the departure or check-out, in each of its rooms."""
    stay = await book.async_create(
        guest="Ms. Li",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=day(1, 14),
        departure=day(3, 12),
    )
    assert hass.states.get(FIRST).state == STATE_OFF
    await move(hass, freezer, day(1, 14))
    assert hass.states.get(FIRST).state == STATE_ON
    assert hass.states.get(SECOND).state == STATE_ON
    assert "Ms. Li" not in repr(hass.states.get(FIRST))
    await book.async_update(stay.stay_id, room_ids=[FIRST_RM_ID])
    assert hass.states.get(SECOND).state == STATE_OFF
    await move(hass, freezer, day(3, 12))
    assert hass.states.get(FIRST).state == STATE_OFF
    later = await book.async_create(
        guest="B", room_ids=[SECOND_RM_ID], arrival=day(3, 14), departure=day(5, 12)
    )
    await move(hass, freezer, day(3, 14))
    assert hass.states.get(SECOND).state == STATE_ON
    await book.async_check_out(later.stay_id)
    assert hass.states.get(SECOND).state == STATE_OFF
