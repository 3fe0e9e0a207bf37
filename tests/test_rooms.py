"""Tests for rooms coming and going, and room lists not to be trusted."""

from __future__ import annotations

from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.hotel_lock.const import DOMAIN, MISSING_POLLS_BEFORE_REMOVAL
from simulator.platform import Platform

from .conftest import ENTRY_ID, FIRST_LOCK, FIRST_RM_ID

POLL = timedelta(seconds=60)
ISSUE_ID = f"empty_room_list_{ENTRY_ID}"
EMPTY_LIST_WARNING = "answered an empty room list"
EMPTY_FAULTS = ["empty_list", "null_data"]
FIRST_BATTERY = "sensor.1_101_battery"


async def _poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    freezer.tick(POLL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def _room_device(hass: HomeAssistant) -> dr.DeviceEntry | None:
    """Return the first room's device."""
    return dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )


def _room_entity_ids(hass: HomeAssistant) -> dict[str, str]:
    """Return the first room's entities: registry entry ID by entity ID."""
    return {
        entry.entity_id: entry.id
        for entry in er.async_entries_for_config_entry(er.async_get(hass), ENTRY_ID)
        if entry.unique_id.startswith(FIRST_RM_ID)
    }


def _issue(hass: HomeAssistant) -> ir.IssueEntry | None:
    """Return the entry's repair issue about an empty room list."""
    return ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_ID)


def _warnings(caplog: pytest.LogCaptureFixture) -> int:
    return sum(
        EMPTY_LIST_WARNING in record.getMessage() and record.levelno == logging.WARNING
        for record in caplog.records
    )


@pytest.mark.usefixtures("init_integration")
async def test_room_removed_after_missing_polls(
    hass: HomeAssistant,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A room no longer listed keeps device and entities, unavailable, for 2 polls."""
    entities = _room_entity_ids(hass)
    assert FIRST_LOCK in entities
    platform.remove_room(FIRST_RM_ID)
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL - 1):
        await _poll(hass, freezer)
        assert _room_device(hass) is not None
        assert _room_entity_ids(hass) == entities
        assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
        assert hass.states.get(FIRST_BATTERY).state == STATE_UNAVAILABLE
        assert hass.states.get("sensor.hotel_lock_rooms").state == "4"
    await _poll(hass, freezer)
    assert _room_device(hass) is None
    assert _room_entity_ids(hass) == {}
    assert hass.states.get(FIRST_LOCK) is None
    assert hass.states.get("lock.1_102").state == "locked"


@pytest.mark.usefixtures("init_integration")
async def test_room_listed_again_keeps_its_entities(
    hass: HomeAssistant,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A room listed again comes back with the same entities; its count restarts."""
    entities = _room_entity_ids(hass)
    device = _room_device(hass)
    room = platform.rooms.pop(FIRST_RM_ID)
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL - 1):
        await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE

    platform.rooms[FIRST_RM_ID] = room
    await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == "locked"
    assert _room_entity_ids(hass) == entities
    assert _room_device(hass) == device

    # Missing again: the earlier polls no longer count.
    del platform.rooms[FIRST_RM_ID]
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL - 1):
        await _poll(hass, freezer)
    assert _room_device(hass) is not None
    await _poll(hass, freezer)
    assert _room_device(hass) is None


@pytest.mark.usefixtures("init_integration")
async def test_room_listed_again_after_its_device_was_deleted(
    hass: HomeAssistant,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A missing room whose device was deleted by hand gets a new one when listed."""
    room = platform.rooms.pop(FIRST_RM_ID)
    await _poll(hass, freezer)
    device = _room_device(hass)
    assert device is not None
    device_registry.async_remove_device(device.id)
    await hass.async_block_till_done()
    platform.rooms[FIRST_RM_ID] = room
    await _poll(hass, freezer)
    assert _room_device(hass) is not None
    assert hass.states.get(FIRST_LOCK).state == "locked"


async def test_room_missing_at_startup(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A room gone while Home Assistant was down: the first poll counts as missing."""
    mock_config_entry.add_to_hass(hass)
    stale = device_registry.async_get_or_create(
        config_entry_id=ENTRY_ID, identifiers={(DOMAIN, "999999999999999")}
    )
    assert await hass.config_entries.async_setup(ENTRY_ID)
    await hass.async_block_till_done()
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL - 2):
        await _poll(hass, freezer)
    assert device_registry.async_get(stale.id) is not None
    await _poll(hass, freezer)
    assert device_registry.async_get(stale.id) is None
    assert _room_device(hass) is not None


@pytest.mark.parametrize("kind", EMPTY_FAULTS)
@pytest.mark.usefixtures("init_integration")
async def test_empty_room_list_keeps_every_room(
    hass: HomeAssistant,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    """An empty list while rooms are known changes nothing, warns once, and heals."""
    entities = _room_entity_ids(hass)
    device = _room_device(hass)
    platform.add_fault("GetRoomList", kind)
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL + 1):
        await _poll(hass, freezer)
        assert hass.states.get(FIRST_LOCK).state == "locked"
        assert hass.states.get("sensor.hotel_lock_rooms").state == "5"
    assert _room_device(hass) == device
    assert _room_entity_ids(hass) == entities
    assert _warnings(caplog) == 1
    issue = _issue(hass)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert not issue.is_fixable
    assert issue.translation_key == "empty_room_list"
    assert issue.translation_placeholders == {"name": "Hotel Lock", "rooms": "5"}

    platform.clear_faults()
    await _poll(hass, freezer)
    assert _issue(hass) is None
    assert hass.states.get(FIRST_LOCK).state == "locked"
    assert "lists rooms again" in caplog.text
    # Nothing was counted as missing meanwhile: a room gone now gets the full grace.
    platform.remove_room(FIRST_RM_ID)
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL - 1):
        await _poll(hass, freezer)
    assert _room_device(hass) == device


@pytest.mark.parametrize("kind", EMPTY_FAULTS)
@pytest.mark.usefixtures("init_integration")
async def test_empty_room_list_at_startup(
    hass: HomeAssistant,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    """An empty first list with room devices removes nothing; they come back."""
    entities = _room_entity_ids(hass)
    device = _room_device(hass)
    assert await hass.config_entries.async_unload(ENTRY_ID)
    platform.add_fault("GetRoomList", kind)
    assert await hass.config_entries.async_setup(ENTRY_ID)
    await hass.async_block_till_done()
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL):
        await _poll(hass, freezer)
    assert _room_device(hass) == device
    assert _room_entity_ids(hass) == entities
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
    assert _warnings(caplog) == 1
    assert _issue(hass) is not None

    platform.clear_faults()
    await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == "locked"
    assert hass.states.get(FIRST_BATTERY) is not None
    assert _room_entity_ids(hass) == entities
    assert _issue(hass) is None


async def test_empty_room_list_without_rooms_is_trusted(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
) -> None:
    """A platform with no rooms yet is no fault."""
    platform.add_fault("GetRoomList", "empty_list")
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(ENTRY_ID)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.hotel_lock_rooms").state == "0"
    assert _issue(hass) is None


@pytest.mark.usefixtures("init_integration")
async def test_rooms_really_deleted(
    hass: HomeAssistant,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """All rooms really deleted: deleting their devices by hand ends the episode."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    platform.add_fault("GetRoomList", "empty_list")
    await _poll(hass, freezer)
    assert _issue(hass) is not None
    hub = (DOMAIN, ENTRY_ID)
    for device in dr.async_entries_for_config_entry(device_registry, ENTRY_ID):
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": ENTRY_ID,
                "device_id": device.id,
            }
        )
        assert (await client.receive_json())["success"] is (
            hub not in device.identifiers
        )
    await _poll(hass, freezer)
    assert _issue(hass) is None
    assert hass.states.get("sensor.hotel_lock_rooms").state == "0"
    assert hass.states.get(FIRST_LOCK) is None


@pytest.mark.usefixtures("init_integration")
async def test_unload_deletes_the_issue(
    hass: HomeAssistant,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An entry unloaded during an episode leaves no repair issue behind."""
    platform.add_fault("GetRoomList", "null_data")
    await _poll(hass, freezer)
    assert _issue(hass) is not None
    assert await hass.config_entries.async_unload(ENTRY_ID)
    assert _issue(hass) is None
