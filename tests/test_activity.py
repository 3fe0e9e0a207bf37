"""Tests for each room's recent activity and the problems the Front desk shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.hotel_lock.activity import (
    MAX_PER_ROOM,
    SAVE_DELAY,
    Activity,
    storage_key,
)
from custom_components.hotel_lock.const import DOMAIN
from custom_components.hotel_lock.frontdesk import entry_problems
from custom_components.hotel_lock.frontdesk_feed import FrontDeskFeed
from simulator.platform import Platform

from .conftest import ENTRY_ID, FIRST_LOCK, FIRST_RM_ID
from .websocket_common import ws_send

FIRST_KEY = f"{ENTRY_ID}:{FIRST_RM_ID}"


async def _room(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> Any:
    """Return the first room as the room command answers it."""
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
    return answer["result"]


async def _unlock_from_panel(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> dict[str, Any]:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "hotel_lock/frontdesk/unlock",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        }
    )
    answer: dict[str, Any] = await client.receive_json()
    return answer


async def test_unlocks_name_the_user(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    platform: Platform,
) -> None:
    """An unlock, and a refused one with the platform's message, with who asked."""
    assert (await _unlock_from_panel(hass, hass_ws_client))["success"]
    platform.set_gateway_online(FIRST_RM_ID, False)
    assert not (await _unlock_from_panel(hass, hass_ws_client))["success"]

    result = await _room(hass, hass_ws_client)
    refused, opened = result["activity"]
    assert opened["action"] == refused["action"] == "unlock"
    assert (opened["ok"], opened["user"], opened["error"]) == (
        True,
        hass_admin_user.name,
        None,
    )
    assert (refused["ok"], refused["user"]) == (False, hass_admin_user.name)
    assert refused["error"]["translation_domain"] == DOMAIN
    assert refused["error"]["translation_key"] == "platform_error"
    assert "网关离线" in refused["error"]["translation_placeholders"]["message"]
    assert "网关离线" in refused["error"]["message"]
    assert dt_util.parse_datetime(refused["when"]) >= dt_util.parse_datetime(
        opened["when"]
    )
    # The failed call is the room's problem until a call succeeds.
    problems = result["room"]["problems"]
    assert [problem["key"] for problem in problems] == ["gateway_failed"]
    assert "网关离线" in problems[0]["placeholders"]["message"]

    platform.set_gateway_online(FIRST_RM_ID, True)
    assert (await _unlock_from_panel(hass, hass_ws_client))["success"]
    assert (await _room(hass, hass_ws_client))["room"]["problems"] == []


async def test_wrong_code_and_lost_answer(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
) -> None:
    """A lost answer is a problem of its own; automations' unlocks have no user."""
    platform.add_fault("GatewayOpen", "http500", times=1)
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": FIRST_LOCK}, blocking=True
        )
    [lost] = init_integration.runtime_data.activity.entries(FIRST_RM_ID)
    assert (lost.ok, lost.user_id) == (False, None)
    assert lost.error is not None
    assert lost.error["translation_key"] == "invalid_response"

    events: list[dict[str, Any]] = []
    feed = FrontDeskFeed(hass, events.append)
    feed.async_start()
    room = next(r for r in events[0]["rooms"] if r["key"] == FIRST_KEY)
    assert room["problems"] == [{"key": "gateway_no_answer", "placeholders": {}}]
    feed.async_stop()


async def test_failed_credential_calls_name_the_credential(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
) -> None:
    """A PIN, an offline password or a card the platform refused keeps its name."""
    desk = init_integration.runtime_data.desk
    until = dt_util.now() + timedelta(days=1)
    platform.set_gateway_online(FIRST_RM_ID, False)
    with pytest.raises(HomeAssistantError):
        await desk.async_set_pin(FIRST_RM_ID, valid_until=until, name="Wang")
    platform.add_fault("MakeOffline", "error", msg="数据库忙", times=1)
    with pytest.raises(HomeAssistantError):
        await desk.async_generate_offline_password(
            FIRST_RM_ID, valid_until=until, name="Li"
        )
    platform.take_card()
    with pytest.raises(HomeAssistantError):  # no card on the encoder
        await desk.async_issue_card(FIRST_RM_ID, valid_until=until, name="Zhao")
    entries = init_integration.runtime_data.activity.entries(FIRST_RM_ID)
    assert sorted((a.action, a.ok, a.name) for a in entries) == [
        ("generate_offline_password", False, "Li"),
        ("issue_card", False, "Zhao"),
        ("set_pin", False, "Wang"),
    ]


async def test_kept_across_reloads_and_bounded(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Saved later (and at unload), read back at setup; at most so many per room."""
    activity = init_integration.runtime_data.activity
    start = dt_util.utcnow() - timedelta(hours=1)
    for minute in range(MAX_PER_ROOM + 5):
        activity.async_add(
            FIRST_RM_ID,
            Activity(
                when=start + timedelta(minutes=minute), action="set_pin", slot=minute
            ),
        )
    assert storage_key(ENTRY_ID) not in hass_storage  # not written at once
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=SAVE_DELAY + 1))
    await hass.async_block_till_done()
    stored = hass_storage[storage_key(ENTRY_ID)]["data"]["rooms"][FIRST_RM_ID]
    assert len(stored) == MAX_PER_ROOM
    assert "user_id" not in stored[0]  # empty fields are left out

    activity.async_add(FIRST_RM_ID, Activity(when=dt_util.utcnow(), action="clear_pin"))
    assert await hass.config_entries.async_reload(ENTRY_ID)
    await hass.async_block_till_done()
    entries = init_integration.runtime_data.activity.entries(FIRST_RM_ID)
    assert len(entries) == MAX_PER_ROOM
    assert entries[0].action == "clear_pin"
    assert entries[-1].slot == 6  # the oldest kept

    assert await hass.config_entries.async_remove(ENTRY_ID)
    await hass.async_block_till_done()
    assert storage_key(ENTRY_ID) not in hass_storage


async def test_unreadable_entries_are_skipped(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """A broken stored entry is skipped; the others load."""
    hass_storage[storage_key(ENTRY_ID)] = {
        "version": 1,
        "key": storage_key(ENTRY_ID),
        "data": {
            "rooms": {
                FIRST_RM_ID: [
                    {"when": "yesterday", "action": "unlock"},
                    {"action": "unlock"},
                    {"when": "2026-01-01T10:00:00+00:00", "action": "unlock"},
                ]
            }
        },
    }
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(ENTRY_ID)
    [entry] = mock_config_entry.runtime_data.activity.entries(FIRST_RM_ID)
    assert entry.when == dt_util.parse_datetime("2026-01-01T10:00:00+00:00")


async def test_other_entries_events_are_not_noted(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Credential events of another entry (or without a room) are not this log's."""
    hass.bus.async_fire(
        "hotel_lock_credential_changed",
        {"config_entry_id": "other", "room_id": FIRST_RM_ID, "action": "set_pin"},
    )
    hass.bus.async_fire(
        "hotel_lock_credential_changed",
        {"config_entry_id": ENTRY_ID, "action": "clear_card"},
    )
    await hass.async_block_till_done()
    assert init_integration.runtime_data.activity.entries(FIRST_RM_ID) == []


async def test_room_list_and_reauth_problems(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
) -> None:
    """An untrusted empty room list and refused credentials are the entry's problems."""
    events: list[dict[str, Any]] = []
    feed = FrontDeskFeed(hass, events.append)
    feed.async_start()
    coordinator = init_integration.runtime_data.coordinator

    platform.add_fault("GetRoomList", "empty_list", times=1)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, coordinator.room_tracker.issue_id)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1))
    await hass.async_block_till_done()
    assert events[-1]["entries"][0]["problems"] == [
        {"key": "room_list_suspect", "placeholders": {}}
    ]

    await coordinator.async_refresh()
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=2))
    await hass.async_block_till_done()
    assert events[-1]["entries"][0]["problems"] == []
    feed.async_stop()

    platform.set_credentials("other", "other")
    await coordinator.async_refresh()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert entry_problems(init_integration) == [
        {"key": "reauth_required", "placeholders": {}}
    ]
