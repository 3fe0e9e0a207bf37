"""Tests for the room lock entity against the emulator."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from unittest.mock import patch

from homeassistant.components.lock import DOMAIN as LOCK_DOMAIN, LockState
from homeassistant.const import (
    ATTR_CODE,
    ATTR_ENTITY_ID,
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
    SERVICE_LOCK,
    SERVICE_UNLOCK,
    STATE_UNAVAILABLE,
    Platform as HAPlatform,
)
from homeassistant.core import (
    Event,
    EventStateChangedData,
    EventStateReportedData,
    HassJob,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import async_get_platforms
from homeassistant.util import dt as dt_util
from homeassistant.util.async_ import get_scheduled_timer_handles
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.hotel_lock.const import (
    CONF_RELOCK_SECONDS,
    CONF_UNLOCK_CODE,
    DOMAIN,
)
from custom_components.hotel_lock.lock import HotelLockDoorEntity
from simulator.platform import Platform

from .conftest import FIRST_LOCK, FIRST_RM_ID


def _calls(platform: Platform, name: str) -> list[dict[str, str]]:
    return [entry["fields"] for entry in platform.log_dicts() if entry["call"] == name]


async def _unlock(hass: HomeAssistant, code: str | None = None) -> None:
    data = {ATTR_ENTITY_ID: FIRST_LOCK}
    if code is not None:
        data[ATTR_CODE] = code
    await hass.services.async_call(LOCK_DOMAIN, SERVICE_UNLOCK, data, blocking=True)


async def _relock_window_passes(hass: HomeAssistant, seconds: float = 5) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))
    await hass.async_block_till_done()


def _entity(hass: HomeAssistant, entity_id: str = FIRST_LOCK) -> HotelLockDoorEntity:
    for entity_platform in async_get_platforms(hass, DOMAIN):
        if entity := entity_platform.entities.get(entity_id):
            assert isinstance(entity, HotelLockDoorEntity)
            return entity
    raise AssertionError(entity_id)


def _relock_timers(hass: HomeAssistant, entity: HotelLockDoorEntity) -> int:
    """Count the pending relock timers of an entity."""
    return sum(
        not handle.cancelled()
        and isinstance(job := handle._args[-1], HassJob)
        and job.target == entity._async_relocked
        for handle in get_scheduled_timer_handles(hass.loop)
        if handle._args
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_unlock(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """Unlock sends GatewayOpen for the room, shows unlocked, then locked again."""
    state = hass.states.get(FIRST_LOCK)
    assert state.state == LockState.LOCKED
    assert state.attributes["assumed_state"] is True
    assert state.attributes["supported_features"] == 0
    assert "code_format" not in state.attributes
    assert hass.states.get("sensor.1_101_battery").state == "unknown"

    platform.set_battery(FIRST_RM_ID, 77)
    await _unlock(hass)

    assert _calls(platform, "GatewayOpen") == [
        {"appid": platform.appid, "appsecret": "***", "rm_id": FIRST_RM_ID}
    ]
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKED
    battery = int(hass.states.get("sensor.1_101_battery").state)
    assert battery in (76, 77)
    assert hass.states.get("sensor.1_101_last_remote_unlock").state not in (
        "unknown",
        "unavailable",
    )
    assert hass.states.get("sensor.1_101_last_gateway_contact").state == (
        hass.states.get("sensor.1_101_last_remote_unlock").state
    )

    # Not yet: 4 s into the 5 s window.
    await _relock_window_passes(hass, 4)
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKED
    await _relock_window_passes(hass, 6)
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED


async def test_unlock_sends_the_asked_room(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """Unlocking another room than the first sends that room's rm_id."""
    third = list(platform.rooms.values())[2]
    assert third.rm_name == "1-103"
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_UNLOCK, {ATTR_ENTITY_ID: "lock.1_103"}, blocking=True
    )
    assert [fields["rm_id"] for fields in _calls(platform, "GatewayOpen")] == [
        third.rm_id
    ]
    assert platform.rooms[third.rm_id].openings
    assert platform.rooms[FIRST_RM_ID].openings == []
    assert hass.states.get("lock.1_103").state == LockState.UNLOCKED
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED


async def test_lock_unavailable_while_room_not_listed(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """A room the platform stops listing has an unavailable lock that sends nothing."""
    coordinator = init_integration.runtime_data.coordinator
    room = platform.rooms.pop(FIRST_RM_ID)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
    assert hass.states.get("lock.1_102").state == LockState.LOCKED
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_UNLOCK, {ATTR_ENTITY_ID: FIRST_LOCK}, blocking=True
    )
    assert _calls(platform, "GatewayOpen") == []

    platform.rooms[FIRST_RM_ID] = room
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED


async def test_lock_snapshot(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
    snapshot: SnapshotAssertion,
) -> None:
    """The lock entities' registry entries and states (two rooms)."""
    for rm_id in list(platform.rooms)[2:]:
        platform.remove_room(rm_id)
    mock_config_entry.add_to_hass(hass)
    with patch("custom_components.hotel_lock.PLATFORMS", [HAPlatform.LOCK]):
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    await snapshot_platform(
        hass, er.async_get(hass), snapshot, mock_config_entry.entry_id
    )


async def test_unlocking_while_in_flight(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """The state is unlocking while GatewayOpen travels to the lock."""
    platform.set_latency(0.3)
    task = hass.async_create_task(_unlock(hass))
    for _ in range(50):
        await asyncio.sleep(0.02)
        if hass.states.get(FIRST_LOCK).state == LockState.UNLOCKING:
            break
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKING
    await task
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKED


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_unlock_failure_returns_to_locked(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """A refused unlock raises the platform's message and leaves the door locked."""
    platform.set_gateway_online(FIRST_RM_ID, False)
    states: list[str] = []

    # A callback, so that the states are recorded in the order they were
    # written (a plain function would run in the executor, in any order).
    @callback
    def _record(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == FIRST_LOCK:
            states.append(event.data["new_state"].state)

    hass.bus.async_listen(EVENT_STATE_CHANGED, _record)
    with pytest.raises(HomeAssistantError) as err:
        await _unlock(hass)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == "platform_error"
    assert "网关离线" in err.value.translation_placeholders["message"]
    assert "The lock platform refused the request: 网关离线" in str(err.value)
    await hass.async_block_till_done()
    assert states == [LockState.UNLOCKING, LockState.LOCKED]
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED
    assert hass.states.get("sensor.1_101_battery").state == "unknown"
    assert hass.states.get("sensor.1_101_last_remote_unlock").state == "unknown"


@pytest.mark.parametrize(
    "kind", ["http500", "html", "malformed_json", "missing_fields"]
)
async def test_unlock_bad_answer_returns_to_locked(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    kind: str,
) -> None:
    """A malformed answer is an invalid_response error; the door shows locked."""
    platform.add_fault("GatewayOpen", kind)
    with pytest.raises(HomeAssistantError) as err:
        await _unlock(hass)
    assert err.value.translation_key == "invalid_response"
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED


async def test_failure_during_relock_window_keeps_unlocked(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """A failed unlock right after a successful one does not claim the door locked early."""
    await _unlock(hass)
    platform.add_fault("GatewayOpen", "error", msg="busy", times=1)
    with pytest.raises(HomeAssistantError):
        await _unlock(hass)
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKED
    await _relock_window_passes(hass, 6)
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED


async def test_lock_when_locked_is_a_no_op(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """Locking a locked door sends nothing and succeeds."""
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_LOCK, {ATTR_ENTITY_ID: FIRST_LOCK}, blocking=True
    )
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED
    assert [entry["call"] for entry in platform.log_dicts()] == ["GetRoomList"]


async def test_lock_when_unlocked_explains(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """Locking during the relock window raises a translated error; the state stays."""
    await _unlock(hass)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            LOCK_DOMAIN, SERVICE_LOCK, {ATTR_ENTITY_ID: FIRST_LOCK}, blocking=True
        )
    assert err.value.translation_key == "relocks_itself"
    assert err.value.translation_placeholders == {"room": "1-101", "seconds": "5"}
    assert "locks itself within 5 s" in str(err.value)
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKED
    assert [entry["call"] for entry in platform.log_dicts()] == [
        "GetRoomList",
        "GatewayOpen",
    ]


async def test_lock_while_unlocking_explains(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """Locking while the unlock is in flight is refused too."""
    entity = _entity(hass)
    entity._in_flight = 1
    with pytest.raises(ServiceValidationError) as err:
        await entity.async_lock()
    assert err.value.translation_placeholders["seconds"] == "5"
    entity._in_flight = 0


@pytest.fixture
async def pin_entry(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the integration with a remote unlock code and a 3 s relock window."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        options={CONF_UNLOCK_CODE: "024680", CONF_RELOCK_SECONDS: 3},
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


async def test_pin_required(
    hass: HomeAssistant, pin_entry: MockConfigEntry, platform: Platform
) -> None:
    """With the PIN option, unlock needs the PIN; wrong or missing sends nothing."""
    assert hass.states.get(FIRST_LOCK).attributes["code_format"] == r"^(\d{4,10})?$"

    with pytest.raises(ServiceValidationError):
        await _unlock(hass)
    with pytest.raises(ServiceValidationError) as err:
        await _unlock(hass, "135790")
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == "invalid_code"
    assert "Wrong remote unlock code for room 1-101" in str(err.value)
    with pytest.raises(ServiceValidationError) as err:
        await _entity(hass).async_unlock()
    assert err.value.translation_key == "code_required"
    assert _calls(platform, "GatewayOpen") == []
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED

    # Lock sends nothing: the PIN itself is not checked, only its format;
    # without a code ("lock every door at night") it succeeds.
    await hass.services.async_call(
        LOCK_DOMAIN,
        SERVICE_LOCK,
        {ATTR_ENTITY_ID: FIRST_LOCK, ATTR_CODE: "1111"},
        blocking=True,
    )
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_LOCK, {ATTR_ENTITY_ID: FIRST_LOCK}, blocking=True
    )
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            LOCK_DOMAIN,
            SERVICE_LOCK,
            {ATTR_ENTITY_ID: FIRST_LOCK, ATTR_CODE: "12"},
            blocking=True,
        )
    # Through the service without a code: refused by the entity, translated.
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            LOCK_DOMAIN, SERVICE_UNLOCK, {ATTR_ENTITY_ID: FIRST_LOCK}, blocking=True
        )
    assert (err.value.translation_domain, err.value.translation_key) == (
        DOMAIN,
        "code_required",
    )

    await _unlock(hass, "024680")
    assert len(_calls(platform, "GatewayOpen")) == 1
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKED
    await _relock_window_passes(hass, 4)
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED


async def test_relock_timer_cancelled_when_removed(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Removing the entity during the relock window cancels its timer."""
    await _unlock(hass)
    entity = _entity(hass)
    assert _relock_timers(hass, entity) == 1
    er.async_get(hass).async_remove(FIRST_LOCK)
    await hass.async_block_till_done()
    assert hass.states.get(FIRST_LOCK) is None
    assert _relock_timers(hass, entity) == 0


async def test_relock_timer_cancelled_on_unload(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Unloading during the relock window leaves no timer behind."""
    await _unlock(hass)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    await _relock_window_passes(hass, 6)
    assert hass.states.get(FIRST_LOCK).state == "unavailable"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_unlock_writes_only_its_own_room(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """An unlock writes its room's states once each, and no other room's."""
    entity_registry = er.async_get(hass)
    rooms = {
        entry.entity_id: entry.unique_id.split("_")[0]
        for entry in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
    }
    assert len(set(rooms.values())) == 6  # five rooms and the hub
    writes: list[tuple[str, str]] = []

    @callback
    def _record(event: Event[EventStateChangedData]) -> None:
        writes.append((event.event_type, event.data["entity_id"]))

    @callback
    def _is_ours(event_data: EventStateReportedData) -> bool:
        return event_data["entity_id"] in rooms

    hass.bus.async_listen(EVENT_STATE_CHANGED, _record)
    hass.bus.async_listen(EVENT_STATE_REPORTED, _record, event_filter=_is_ours)

    await _unlock(hass)
    await hass.async_block_till_done()

    assert {rooms[entity_id] for _, entity_id in writes} == {FIRST_RM_ID}
    assert sorted(writes) == [
        (EVENT_STATE_CHANGED, FIRST_LOCK),  # unlocking
        (EVENT_STATE_CHANGED, FIRST_LOCK),  # unlocked
        (EVENT_STATE_CHANGED, "sensor.1_101_battery"),
        (EVENT_STATE_CHANGED, "sensor.1_101_last_gateway_contact"),
        (EVENT_STATE_CHANGED, "sensor.1_101_last_remote_unlock"),
    ]

    # A poll that finds the same rooms writes nothing; one that finds a
    # change refreshes every room.
    coordinator = init_integration.runtime_data.coordinator
    writes.clear()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert writes == []
    platform.rooms[FIRST_RM_ID].rm_name = "VIP-1"
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert len({rooms[entity_id] for _, entity_id in writes}) == 6
