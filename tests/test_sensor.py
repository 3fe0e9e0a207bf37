"""Tests for the sensors: values from gateway answers, snapshot, restore."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.lock import DOMAIN as LOCK_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_UNLOCK, Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_restore_state_shutdown_restart,
    mock_restore_cache_with_extra_data,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform as EmulatedPlatform
from tests.stays_common import day, move

from .conftest import FIRST_LOCK, FIRST_RM_ID

FROZEN = datetime(2026, 3, 14, 9, 26, 53, tzinfo=UTC)


async def _unlock(hass: HomeAssistant, entity_id: str = FIRST_LOCK) -> None:
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_UNLOCK, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_sensors_snapshot(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    platform: EmulatedPlatform,
    snapshot: SnapshotAssertion,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Every sensor's registry entry and state, after one unlock of the first room."""
    entity_registry = er.async_get(hass)
    freezer.move_to(FROZEN)
    # Each gateway call drains 0.25 %: the answer says 64.
    platform.set_battery(FIRST_RM_ID, 64.25)
    mock_config_entry.add_to_hass(hass)
    with patch("custom_components.hotel_lock.PLATFORMS", [Platform.SENSOR]):
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
        coordinator = mock_config_entry.runtime_data.coordinator
        await coordinator.async_call(
            coordinator.client.gateway_open, FIRST_RM_ID, rm_id=FIRST_RM_ID, unlock=True
        )
        await hass.async_block_till_done()
    assert hass.states.get("sensor.1_101_battery").state == "64"
    assert hass.states.get("sensor.1_101_last_remote_unlock").state == (
        "2026-03-14T09:26:53+00:00"
    )
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


async def test_battery_follows_gateway_answers(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: EmulatedPlatform
) -> None:
    """Each gateway answer updates the battery; other rooms stay unknown."""
    platform.set_battery(FIRST_RM_ID, 30.25)
    await _unlock(hass)
    assert hass.states.get("sensor.1_101_battery").state == "30"
    platform.set_battery(FIRST_RM_ID, 12.25)
    await _unlock(hass)
    assert hass.states.get("sensor.1_101_battery").state == "12"
    assert hass.states.get("sensor.1_102_battery").state == "unknown"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_restore_after_restart(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: EmulatedPlatform
) -> None:
    """Battery and timestamps survive a restart until the next gateway answer."""
    platform.set_battery(FIRST_RM_ID, 58.25)
    await _unlock(hass)
    before = {
        entity_id: hass.states.get(entity_id).state
        for entity_id in (
            "sensor.1_101_battery",
            "sensor.1_101_last_gateway_contact",
            "sensor.1_101_last_remote_unlock",
        )
    }
    assert before["sensor.1_101_battery"] == "58"

    await async_mock_restore_state_shutdown_restart(hass)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    calls_before = len(platform.log_dicts())
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()

    # A fresh coordinator knows nothing: the values are the restored ones.
    assert init_integration.runtime_data.coordinator.room_status == {}
    for entity_id, state in before.items():
        assert hass.states.get(entity_id).state == state
    assert [e["call"] for e in platform.log_dicts()[calls_before:]] == ["GetRoomList"]


async def test_restore_from_cache(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Restored values come from the restore cache on startup."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("sensor.1_101_battery", "41"),
                {"native_value": 41, "native_unit_of_measurement": "%"},
            ),
            (
                State("sensor.1_101_last_gateway_contact", "2026-01-02T03:04:05+00:00"),
                {
                    "native_value": {
                        "__type": "<class 'datetime.datetime'>",
                        "isoformat": "2026-01-02T03:04:05+00:00",
                    },
                    "native_unit_of_measurement": None,
                },
            ),
        ],
    )
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.1_101_battery").state == "41"
    assert (
        hass.states.get("sensor.1_101_last_gateway_contact").state
        == "2026-01-02T03:04:05+00:00"
    )
    assert hass.states.get("sensor.1_102_battery").state == "unknown"


async def test_last_remote_unlock_disabled_by_default(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Last remote unlock is registered but disabled: the lock's history has it."""
    entry = er.async_get(hass).async_get("sensor.1_101_last_remote_unlock")
    assert entry is not None
    assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert hass.states.get("sensor.1_101_last_remote_unlock") is None
    assert hass.states.get("sensor.1_101_battery") is not None
    assert hass.states.get("sensor.1_101_last_gateway_contact") is not None


async def test_next_arrival(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, book: StayBook
) -> None:
    """The room's next arrival: a time, never a guest; the one after at arrival."""
    entity_id = "sensor.1_101_next_arrival"
    assert hass.states.get(entity_id).state == "unknown"
    first = await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(1, 14), departure=day(2, 12)
    )
    await book.async_create(
        guest="Mr. Wang",
        room_ids=[FIRST_RM_ID],
        arrival=day(4, 14),
        departure=day(5, 12),
    )
    state = hass.states.get(entity_id)
    assert state.state == day(1, 14).astimezone(UTC).isoformat()
    assert "Ms. Li" not in repr(state)
    await move(hass, freezer, day(1, 14))
    assert hass.states.get(entity_id).state == day(4, 14).astimezone(UTC).isoformat()
    await book.async_update(first.stay_id, departure=day(3, 12))
    await book.async_create(
        guest="C", room_ids=[FIRST_RM_ID], arrival=day(3, 12), departure=day(4, 10)
    )
    assert hass.states.get(entity_id).state == day(3, 12).astimezone(UTC).isoformat()
