"""Tests for the Front desk's credential and key card commands, against the emulator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import (
    WebSocketGenerator,
)

from custom_components.hotel_lock.const import DOMAIN
from custom_components.hotel_lock.credential_record import CredentialKind
from simulator.platform import Platform

from .conftest import ENTRY_ID, FIRST_RM_ID
from .websocket_common import ws_send


def _calls(platform: Platform, name: str) -> list[dict[str, Any]]:
    return [entry for entry in platform.log_dicts() if entry["call"] == name]


def _until(days: int = 1) -> str:
    return (dt_util.now() + timedelta(days=days)).isoformat()


async def test_revoke(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    platform: Platform,
) -> None:
    """A PIN is revoked by its credential ID: its slot stopped, its record gone."""
    desk = init_integration.runtime_data.desk
    issued = await desk.async_set_pin(
        FIRST_RM_ID, valid_until=dt_util.now() + timedelta(days=1), name="Wang"
    )
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/credential/revoke",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "credential_id": issued.record.credential_id,
        },
    )
    assert answer["success"], answer
    assert answer["result"] == {}
    [stop] = _calls(platform, "GatewayStopOnline")
    assert stop["fields"]["m1"] == str(issued.record.slot)
    assert desk.credentials(FIRST_RM_ID) == []
    # The room's activity names who revoked it.
    newest = init_integration.runtime_data.activity.entries(FIRST_RM_ID)[0]
    assert (newest.action, newest.ok, newest.name) == ("clear_pin", True, "Wang")
    assert newest.user_id == hass_admin_user.id


async def test_revoke_refuses_another_rooms_credential(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """A credential ID of another room, or none at all, is refused; nothing is sent."""
    desk = init_integration.runtime_data.desk
    issued = await desk.async_generate_offline_password(
        FIRST_RM_ID, valid_until=dt_util.now() + timedelta(days=1)
    )
    other_room = list(init_integration.runtime_data.coordinator.data)[1]
    client = await hass_ws_client(hass)
    for room_id, credential_id in (
        (other_room, issued.record.credential_id),
        (FIRST_RM_ID, "no-such-id"),
    ):
        answer = await ws_send(
            client,
            {
                "type": "hotel_lock/credential/revoke",
                "entry_id": ENTRY_ID,
                "room_id": room_id,
                "credential_id": credential_id,
            },
        )
        assert answer["error"]["code"] == "service_validation_error"
        assert answer["error"]["translation_key"] == "unknown_credential"
        assert answer["error"]["translation_placeholders"] == {
            "credential_id": credential_id
        }
    assert not _calls(platform, "GatewayStopOffline")
    assert len(desk.credentials(FIRST_RM_ID)) == 1


async def test_revoke_platform_refusal(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """A refusal carries the platform's message; the credential stays out."""
    desk = init_integration.runtime_data.desk
    issued = await desk.async_set_pin(
        FIRST_RM_ID, valid_until=dt_util.now() + timedelta(days=1)
    )
    platform.set_gateway_online(FIRST_RM_ID, False)
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/credential/revoke",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "credential_id": issued.record.credential_id,
        },
    )
    assert answer["error"]["code"] == "home_assistant_error"
    assert answer["error"]["translation_domain"] == DOMAIN
    assert answer["error"]["translation_key"] == "platform_error"
    assert "网关离线" in answer["error"]["translation_placeholders"]["message"]
    assert "网关离线" in answer["error"]["message"]
    assert [r.credential_id for r in desk.credentials(FIRST_RM_ID)] == [
        issued.record.credential_id
    ]
    failed = init_integration.runtime_data.activity.entries(FIRST_RM_ID)[0]
    assert (failed.action, failed.ok) == ("clear_pin", False)
    assert failed.error is not None
    assert failed.error["translation_key"] == "platform_error"


async def test_card_write_read_clear(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """Write a card for a room, read it back, clear it; a blank card has nothing to clear."""
    client = await hass_ws_client(hass)
    valid_until = (dt_util.now() + timedelta(days=2)).replace(microsecond=0)
    written = await ws_send(
        client,
        {
            "type": "hotel_lock/card/write",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "valid_until": valid_until.isoformat(),
            "name": "Wang",
        },
    )
    assert written["success"], written
    result = written["result"]
    card_id = platform.state()["encoder"]["card_id"]
    assert result["card_id"] == card_id
    assert result["room"] == {
        "room_id": FIRST_RM_ID,
        "name": "1-101",
        "lock_entity_id": "lock.1_101",
    }
    assert dt_util.parse_datetime(result["valid_until"]) == valid_until
    assert dt_util.parse_datetime(result["authorized_at"]) is not None
    desk = init_integration.runtime_data.desk
    [record] = desk.credentials(FIRST_RM_ID, CredentialKind.CARD)
    assert (record.card_id, record.name) == (card_id, "Wang")

    read = await ws_send(client, {"type": "hotel_lock/card/read", "entry_id": ENTRY_ID})
    assert read["success"], read
    assert read["result"]["card_id"] == card_id
    assert read["result"]["room"]["room_id"] == FIRST_RM_ID
    assert read["result"]["stay"] is None
    assert dt_util.parse_datetime(read["result"]["valid_until"]) == valid_until

    cleared = await ws_send(
        client, {"type": "hotel_lock/card/clear", "entry_id": ENTRY_ID}
    )
    assert cleared["success"], cleared
    assert cleared["result"] == {"card_id": card_id, "room": result["room"]}
    [clear] = _calls(platform, "ClearRoomCard")
    assert clear["fields"]["card_id"] == card_id
    assert desk.credentials(FIRST_RM_ID) == []

    read = await ws_send(client, {"type": "hotel_lock/card/read", "entry_id": ENTRY_ID})
    assert read["result"]["room"] is None
    assert read["result"]["valid_until"] is None
    blank = await ws_send(
        client, {"type": "hotel_lock/card/clear", "entry_id": ENTRY_ID}
    )
    assert blank["error"]["translation_key"] == "card_blank"
    assert blank["error"]["translation_placeholders"] == {"card_id": card_id}
    assert len(_calls(platform, "ClearRoomCard")) == 1


async def test_card_clear_by_id(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """With its ID, the card is cleared without reading it first."""
    issued = await init_integration.runtime_data.desk.async_issue_card(
        FIRST_RM_ID, valid_until=dt_util.now() + timedelta(days=1)
    )
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/card/clear",
            "entry_id": ENTRY_ID,
            "card_id": issued.record.card_id.lower(),
        },
    )
    assert answer["success"], answer
    assert answer["result"]["card_id"] == issued.record.card_id
    assert not _calls(platform, "ReadCard")


async def test_card_write_without_card(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """No card on the encoder: the platform's message, and a failure in the activity."""
    platform.take_card()
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/card/write",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "valid_until": _until(),
        },
    )
    assert answer["error"]["translation_key"] == "platform_error"
    assert answer["error"]["translation_placeholders"]["message"]
    assert init_integration.runtime_data.desk.credentials(FIRST_RM_ID) == []
    failed = init_integration.runtime_data.activity.entries(FIRST_RM_ID)[0]
    assert (failed.action, failed.ok, failed.kind) == ("issue_card", False, "card")

    answer = await ws_send(
        client, {"type": "hotel_lock/card/read", "entry_id": ENTRY_ID}
    )
    assert answer["error"]["translation_key"] == "platform_error"


async def test_card_write_refuses_past_expiry(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
) -> None:
    """An expiry in the past is the desk's translated refusal; nothing is sent."""
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/card/write",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "valid_until": _until(days=-1),
        },
    )
    assert answer["error"]["code"] == "service_validation_error"
    assert answer["error"]["translation_key"] == "expiry_in_past"
    assert not _calls(platform, "MarkRoomCard")


@pytest.mark.parametrize(
    "message",
    [
        {"type": "hotel_lock/credential/revoke", "entry_id": ENTRY_ID},
        {
            "type": "hotel_lock/credential/revoke",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "credential_id": 7,
        },
        {
            "type": "hotel_lock/card/write",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "valid_until": "tomorrow",
        },
        {
            "type": "hotel_lock/card/write",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "valid_until": "2030-01-01 12:00:00",
            "name": "",
        },
        {"type": "hotel_lock/card/read"},
        {"type": "hotel_lock/card/clear", "entry_id": ENTRY_ID, "card_id": "XYZ"},
        {"type": "hotel_lock/card/clear", "entry_id": ENTRY_ID, "extra": 1},
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_schemas(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
    message: dict[str, Any],
) -> None:
    """Messages without their fields, or with wrong values, are refused unsent."""
    answer = await ws_send(await hass_ws_client(hass), message)
    assert answer["error"]["code"] == "invalid_format"
    assert [e["call"] for e in platform.log_dicts()] == ["GetRoomList"]


@pytest.mark.parametrize(
    "message",
    [
        {
            "type": "hotel_lock/credential/revoke",
            "entry_id": "nope",
            "room_id": FIRST_RM_ID,
            "credential_id": "x",
        },
        {
            "type": "hotel_lock/card/write",
            "entry_id": "nope",
            "room_id": FIRST_RM_ID,
            "valid_until": "2030-01-01 12:00:00",
        },
        {"type": "hotel_lock/card/read", "entry_id": "nope"},
        {"type": "hotel_lock/card/clear", "entry_id": "nope"},
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_entry_not_loaded(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, message: dict[str, Any]
) -> None:
    """An entry that is not loaded (or not there) is a translated refusal."""
    answer = await ws_send(await hass_ws_client(hass), message)
    assert answer["error"]["code"] == "service_validation_error"
    assert answer["error"]["translation_key"] == "frontdesk_entry_not_loaded"


@pytest.mark.parametrize(
    "message",
    [
        {
            "type": "hotel_lock/credential/revoke",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "credential_id": "x",
        },
        {
            "type": "hotel_lock/card/write",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "valid_until": "2030-01-01 12:00:00",
        },
        {"type": "hotel_lock/card/read", "entry_id": ENTRY_ID},
        {"type": "hotel_lock/card/clear", "entry_id": ENTRY_ID},
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
    """A user who is not an administrator is refused, and nothing is sent."""
    client = await hass_ws_client(hass, hass_read_only_access_token)
    answer = await ws_send(client, message)
    assert answer["error"]["code"] == "unauthorized"
    assert [e["call"] for e in platform.log_dicts()] == ["GetRoomList"]
