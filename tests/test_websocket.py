"""Tests for the Front desk's WebSocket commands, against the emulator."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.lock import LockState
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from custom_components.hotel_lock.const import CONF_UNLOCK_CODE, DOMAIN
from custom_components.hotel_lock.credential_record import (
    CredentialKind,
    CredentialRecord,
)
from custom_components.hotel_lock.frontdesk_feed import FrontDeskFeed
from custom_components.hotel_lock.platform_answers import GatewayResult
from simulator.platform import Platform

from .conftest import ENTRY_ID, FIRST_LOCK, FIRST_RM_ID
from .services_common import put
from .websocket_common import ws_send

FIRST_KEY = f"{ENTRY_ID}:{FIRST_RM_ID}"


async def _subscribe(client: MockHAClientWebSocket) -> dict[str, Any]:
    """Subscribe; return the snapshot."""
    result = await ws_send(client, {"type": "hotel_lock/frontdesk/subscribe"})
    assert result["success"], result
    assert result["result"] is None
    event = await client.receive_json()
    assert event["event"]["kind"] == "snapshot"
    snapshot: dict[str, Any] = event["event"]
    return snapshot


async def _next_update(hass: HomeAssistant, client: MockHAClientWebSocket) -> Any:
    """Let the coalescing window pass; return the next update event."""
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1))
    await hass.async_block_till_done()
    event = await client.receive_json()
    assert event["event"]["kind"] == "update", event
    return event["event"]


async def _poll(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Read the room list now (as the next poll would)."""
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def _add_record(
    hass: HomeAssistant, valid_for: timedelta, *, confirmed: bool = True
) -> None:
    """Put a PIN record for the first room straight into the registry."""
    entry = hass.config_entries.async_get_entry(ENTRY_ID)
    assert entry is not None
    registry = entry.runtime_data.registry
    now = dt_util.utcnow()
    await put(
        registry,
        CredentialRecord(
            room_id=FIRST_RM_ID,
            kind=CredentialKind.PIN,
            slot=1,
            valid_until=now + valid_for,
            created=now,
            confirmed=confirmed,
        ),
    )


def _rooms(event: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {room["key"]: room for room in event["rooms"]}


async def test_subscribe_snapshot(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The snapshot holds every entry and room with its building and entities."""
    client = await hass_ws_client(hass)
    snapshot = await _subscribe(client)

    assert snapshot["features"] == ["unlock", "stays", "revoke", "cards", "activity"]
    assert snapshot["entries"] == [
        {
            "entry_id": ENTRY_ID,
            "title": "Hotel Lock",
            "loaded": True,
            "code_required": False,
            "stay_credentials": ["pin"],
            "problems": [],
        }
    ]
    rooms = _rooms(snapshot)
    assert len(rooms) == 5
    assert rooms[FIRST_KEY] == {
        "key": FIRST_KEY,
        "entry_id": ENTRY_ID,
        "room_id": FIRST_RM_ID,
        "name": "1-101",
        "building": "1",
        "floor": "1",
        "lock_entity_id": FIRST_LOCK,
        "battery_entity_id": "sensor.1_101_battery",
        "battery": None,
        "battery_at": None,
        "available": True,
        "stay": None,
        "next_stay": None,
        "arrival_today": False,
        "departure_today": False,
        "credentials": 0,
        "unconfirmed": 0,
        "problems": [],
    }


async def test_updates_follow_unlocks_and_credentials(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """A gateway answer and a credential change each send the room again."""
    client = await hass_ws_client(hass)
    await _subscribe(client)

    platform.set_battery(FIRST_RM_ID, 64)
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FIRST_LOCK}, blocking=True
    )
    update = await _next_update(hass, client)
    assert update["entries"] == []
    assert update["removed"] == []
    [room] = update["rooms"]
    assert room["key"] == FIRST_KEY
    assert room["battery"] in (63, 64)
    assert room["battery_at"] is not None

    await hass.services.async_call(
        DOMAIN,
        "set_pin",
        {
            "entity_id": FIRST_LOCK,
            "pin": "2468013",
            "valid_until": (dt_util.now() + timedelta(days=1)).isoformat(),
        },
        blocking=True,
    )
    update = await _next_update(hass, client)
    [room] = update["rooms"]
    assert (room["credentials"], room["unconfirmed"]) == (1, 0)


async def test_unconfirmed_credential_is_a_problem(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A record whose answer was lost counts as out, and as a problem."""
    client = await hass_ws_client(hass)
    await _subscribe(client)
    await _add_record(hass, timedelta(days=1), confirmed=False)
    [room] = (await _next_update(hass, client))["rooms"]
    assert (room["credentials"], room["unconfirmed"]) == (1, 1)
    assert room["problems"] == [{"key": "unconfirmed", "placeholders": {"count": "1"}}]


async def test_feed_wakes_up_when_a_credential_expires(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The count drops when a credential expires, with nothing else happening."""
    await _add_record(hass, timedelta(minutes=5))
    events: list[dict[str, Any]] = []
    feed = FrontDeskFeed(hass, events.append)
    feed.async_start()
    assert _rooms(events[0])[FIRST_KEY]["credentials"] == 1

    freezer.tick(timedelta(minutes=5, seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1))
    await hass.async_block_till_done()
    feed.async_stop()
    assert events[-1]["kind"] == "update"
    assert _rooms(events[-1])[FIRST_KEY]["credentials"] == 0


async def test_rooms_come_and_go_with_polls_and_reloads(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """Gone rooms are removed, new ones sent; an unloaded entry loses its rooms."""
    client = await hass_ws_client(hass)
    await _subscribe(client)

    new_room = platform.add_room("2号楼-305")
    platform.remove_room(FIRST_RM_ID)
    await _poll(hass, init_integration)
    update = await _next_update(hass, client)
    assert update["removed"] == [FIRST_KEY]
    rooms = _rooms(update)
    new_key = f"{ENTRY_ID}:{new_room.rm_id}"
    assert rooms[new_key]["building"] == "2号楼"
    assert rooms[new_key]["floor"] == "3"

    assert await hass.config_entries.async_unload(ENTRY_ID)
    update = await _next_update(hass, client)
    assert update["entries"][0]["loaded"] is False
    assert len(update["removed"]) == 5
    assert update["rooms"] == []

    assert await hass.config_entries.async_setup(ENTRY_ID)
    await hass.async_block_till_done()
    update = await _next_update(hass, client)
    assert update["entries"][0]["loaded"] is True
    assert len(update["rooms"]) == 5

    assert await hass.config_entries.async_remove(ENTRY_ID)
    update = await _next_update(hass, client)
    assert update["removed_entries"] == [ENTRY_ID]


async def test_platform_problems(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """An unreachable platform or a refused room list is the entry's problem."""
    client = await hass_ws_client(hass)
    await _subscribe(client)

    platform.add_fault("GetRoomList", "error", msg="数据库忙", times=1)
    await _poll(hass, init_integration)
    update = await _next_update(hass, client)
    assert update["entries"][0]["problems"] == [
        {"key": "credentials_refused", "placeholders": {"message": "数据库忙"}}
    ]
    assert {room["available"] for room in update["rooms"]} == {False}

    await _poll(hass, init_integration)
    update = await _next_update(hass, client)
    assert update["entries"][0]["problems"] == []
    assert {room["available"] for room in update["rooms"]} == {True}

    platform.add_fault("GetRoomList", "http500")
    await _poll(hass, init_integration)
    update = await _next_update(hass, client)
    assert update["entries"][0]["problems"] == [
        {"key": "platform_unreachable", "placeholders": {}}
    ]


async def test_entity_id_renamed(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    entity_registry: er.EntityRegistry,
) -> None:
    """A lock renamed in the entity registry is sent with its new entity ID."""
    client = await hass_ws_client(hass)
    await _subscribe(client)
    entity_registry.async_update_entity(FIRST_LOCK, new_entity_id="lock.front_101")
    [room] = (await _next_update(hass, client))["rooms"]
    assert room["lock_entity_id"] == "lock.front_101"


async def test_unsubscribe_stops_updates(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """After unsubscribing, nothing more is sent."""
    client = await hass_ws_client(hass)
    await _subscribe(client)
    await client.send_json_auto_id({"type": "unsubscribe_events", "subscription": 1})
    assert (await client.receive_json())["success"]
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FIRST_LOCK}, blocking=True
    )
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1))
    await hass.async_block_till_done()
    await client.send_json_auto_id({"type": "ping"})
    assert (await client.receive_json())["type"] == "pong"


async def test_room(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """One room with its credentials, secrets masked."""
    until = dt_util.now() + timedelta(days=1)
    await hass.services.async_call(
        DOMAIN,
        "generate_offline_password",
        {"entity_id": FIRST_LOCK, "valid_until": until.isoformat(), "name": "Wang"},
        blocking=True,
        return_response=True,
    )
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/frontdesk/room",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        },
    )
    assert answer["success"], answer
    result = answer["result"]
    assert result["room"]["name"] == "1-101"
    assert result["room"]["credentials"] == 1
    assert result["stays"] == []
    [activity] = result["activity"]
    assert activity["action"] == "generate_offline_password"
    assert (activity["ok"], activity["name"], activity["user"]) == (True, "Wang", None)
    [credential] = result["credentials"]
    assert credential["kind"] == "offline_password"
    assert credential["name"] == "Wang"
    assert credential["confirmed"] is True
    assert "password" not in credential


@pytest.mark.parametrize(
    "case",
    [
        ("nope", FIRST_RM_ID, "frontdesk_entry_not_loaded"),
        (ENTRY_ID, "nope", "frontdesk_unknown_room"),
    ],
)
@pytest.mark.parametrize("command", ["room", "unlock"])
@pytest.mark.usefixtures("init_integration")
async def test_unknown_entry_or_room(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    command: str,
    case: tuple[str, str, str],
) -> None:
    """A room that is not there is a translated error."""
    entry_id, room_id, key = case
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": f"hotel_lock/frontdesk/{command}",
            "entry_id": entry_id,
            "room_id": room_id,
        },
    )
    assert not answer["success"]
    assert answer["error"]["code"] == "service_validation_error"
    assert answer["error"]["translation_domain"] == DOMAIN
    assert answer["error"]["translation_key"] == key


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_unlock(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    platform: Platform,
) -> None:
    """Unlock goes through lock.unlock, as the connection's user."""
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/frontdesk/unlock",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        },
    )
    assert answer["success"], answer
    assert answer["result"] == {}
    state = hass.states.get(FIRST_LOCK)
    assert state.state == LockState.UNLOCKED
    assert state.context.user_id == hass_admin_user.id
    assert [
        e["fields"]["rm_id"] for e in platform.log_dicts() if e["call"] == "GatewayOpen"
    ] == [FIRST_RM_ID]


async def test_unlock_with_code(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """The unlock PIN applies: missing or wrong is refused, translated."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={CONF_UNLOCK_CODE: "024680"}
    )
    assert await hass.config_entries.async_setup(ENTRY_ID)
    await hass.async_block_till_done()
    snapshot = await _subscribe(await hass_ws_client(hass))
    assert snapshot["entries"][0]["code_required"] is True
    client = await hass_ws_client(hass)

    for code, key in ((None, "code_required"), ("111111", "invalid_code")):
        message = {
            "type": "hotel_lock/frontdesk/unlock",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        }
        if code:
            message["code"] = code
        answer = await ws_send(client, message)
        assert not answer["success"]
        assert answer["error"]["translation_key"] == key
        assert answer["error"]["translation_placeholders"] == {"room": "1-101"}
    assert not [e for e in platform.log_dicts() if e["call"] == "GatewayOpen"]

    await client.send_json_auto_id(
        {
            "type": "hotel_lock/frontdesk/unlock",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "code": "024680",
        }
    )
    assert (await client.receive_json())["success"]
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKED


async def test_unlock_code_given_as_a_number(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A code sent as a number is checked as lock.unlock checks it, not logged."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={CONF_UNLOCK_CODE: "024680"}
    )
    assert await hass.config_entries.async_setup(ENTRY_ID)
    await hass.async_block_till_done()
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/frontdesk/unlock",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "code": 135797,
        },
    )
    assert answer["error"]["translation_key"] == "invalid_code"
    # Home Assistant's debug log shows every message received; no warning
    # or error (what a log shows by default) names the code.
    assert not [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and "135797" in r.getMessage()
    ]
    assert not [e for e in platform.log_dicts() if e["call"] == "GatewayOpen"]


async def test_unlock_platform_error(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """The platform's refusal comes back with its message."""
    platform.set_gateway_online(FIRST_RM_ID, False)
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/frontdesk/unlock",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        },
    )
    assert answer["error"]["code"] == "home_assistant_error"
    assert answer["error"]["translation_key"] == "platform_error"
    assert "网关离线" in answer["error"]["translation_placeholders"]["message"]
    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED


async def test_unlock_without_lock_entity(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    entity_registry: er.EntityRegistry,
) -> None:
    """A room whose lock entity is disabled cannot be unlocked from the panel."""
    entity_registry.async_update_entity(
        FIRST_LOCK, disabled_by=er.RegistryEntryDisabler.USER
    )
    await hass.async_block_till_done()
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/frontdesk/unlock",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        },
    )
    assert answer["error"]["translation_key"] == "frontdesk_no_lock"


@pytest.mark.parametrize(
    "message",
    [
        {"type": "hotel_lock/frontdesk/subscribe"},
        {
            "type": "hotel_lock/frontdesk/room",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        },
        {
            "type": "hotel_lock/frontdesk/unlock",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        },
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_non_admin_refused(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    platform: Platform,
    message: dict[str, Any],
) -> None:
    """A user who is not an administrator is refused, and nothing happens."""
    client = await hass_ws_client(hass, hass_read_only_access_token)
    answer = await ws_send(client, message)
    assert not answer["success"]
    assert answer["error"]["code"] == "unauthorized"
    assert not [e for e in platform.log_dicts() if e["call"] == "GatewayOpen"]


async def test_invalid_message_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The schema refuses a message without its fields."""
    client = await hass_ws_client(hass)
    answer = await ws_send(client, {"type": "hotel_lock/frontdesk/unlock"})
    assert answer["error"]["code"] == "invalid_format"
    assert init_integration.state is ConfigEntryState.LOADED


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_battery_restored_after_reload(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """After a reload the battery and its time come from the restored sensors."""
    platform.set_battery(FIRST_RM_ID, 64)
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FIRST_LOCK}, blocking=True
    )
    assert await hass.config_entries.async_reload(ENTRY_ID)
    await hass.async_block_till_done()
    assert init_integration.runtime_data.coordinator.status(FIRST_RM_ID).battery is None

    client = await hass_ws_client(hass)
    room = _rooms(await _subscribe(client))[FIRST_KEY]
    assert room["battery"] in (63, 64)
    assert room["battery_at"] is not None


async def test_updates_are_coalesced(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A burst is one update; the next waits until the window has passed."""
    events: list[dict[str, Any]] = []
    feed = FrontDeskFeed(hass, events.append)
    feed.async_start()
    coordinator = init_integration.runtime_data.coordinator
    rm_ids = list(coordinator.data)
    now = dt_util.utcnow()

    coordinator.async_record_gateway_result(rm_ids[0], GatewayResult(80, now))
    coordinator.async_record_gateway_result(rm_ids[1], GatewayResult(81, now))
    await hass.async_block_till_done()
    assert [len(event["rooms"]) for event in events[1:]] == [2]

    coordinator.async_record_gateway_result(rm_ids[2], GatewayResult(82, now))
    await hass.async_block_till_done()
    assert len(events) == 2  # within the window: held back
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1))
    await hass.async_block_till_done()
    assert [room["battery"] for room in events[2]["rooms"]] == [82]
    feed.async_stop()
