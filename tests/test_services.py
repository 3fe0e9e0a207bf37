"""The credential actions against the emulator, over real HTTP.

The emulator's door model shows that every pushed credential opens the door
inside its validity and no longer after it was cleared, revoked or expired.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
import hashlib
import logging
from typing import Any
from unittest.mock import patch

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.camera import Image
from homeassistant.const import (
    CONF_URL,
    CONF_VERIFY_SSL,
    EVENT_CALL_SERVICE,
    EVENT_LOGGING_CHANGED,
    MATCH_ALL,
)
from homeassistant.core import Context, Event, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.const import (
    CONF_APPID,
    CONF_APPSECRET,
    CONF_GATEWAY_CONCURRENCY,
    DOMAIN,
    EVENT_CREDENTIAL_CHANGED,
)
from custom_components.hotel_lock.registry import CredentialKind
from simulator.app import create_app
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.services_common import (
    JPEG,
    JPEG_B64,
    PNG,
    PNG_B64,
    SECOND_LOCK,
    TEMPLATE,
    TEMPLATE_SENT,
    act,
    at,
    text,
    tomorrow,
)

pytestmark = pytest.mark.usefixtures("init_integration")


def calls_of(platform: Platform, name: str) -> list[dict[str, Any]]:
    """Return the logged vendor calls of one name."""
    return [entry for entry in platform.log_dicts() if entry["call"] == name]


def opens(
    platform: Platform, kind: str, value: str | int, rm_id: str = FIRST_RM_ID
) -> bool:
    """Present a credential at a door."""
    return platform.present(rm_id, kind, value).opens


def _digest(encoded: str) -> str:
    """Return the emulator's fingerprint of an uploaded image."""
    return hashlib.sha256(encoded.encode()).hexdigest()[:16]


def secrets_absent(events: list[Event], *secrets: str) -> None:
    """Assert that no event carries a secret."""
    for event in events:
        for secret in secrets:
            assert secret not in repr(event.data)


async def records(hass: HomeAssistant, entry: MockConfigEntry) -> list[Any]:
    """Return the registry's records of an entry."""
    return entry.runtime_data.registry.records()


async def test_pin_lifecycle(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A PIN opens the door until it is cleared; leading zeros are kept."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    until = at(days=1)
    response = await act(
        hass,
        "set_pin",
        {
            "entity_id": FIRST_LOCK,
            "pin": "0123456",
            "valid_until": text(until),
            "name": "Ann",
        },
    )
    assert response == {
        "pin": "0123456",
        "slot": 1,
        "valid_until": until.isoformat(),
        "battery": platform.room(FIRST_RM_ID).ce,
    }
    sent = calls_of(platform, "GatewayUploadOnline")[-1]["fields"]
    assert sent["pwd"] == "0123456"
    assert sent["m1"] == "1"
    assert sent["unValid"] == text(until)
    assert opens(platform, "pin", "0123456")
    assert not opens(platform, "pin", "123456")
    assert hass.states.get("sensor.1_101_battery").state == str(response["battery"])

    record = (await records(hass, init_integration))[0]
    assert (record.kind, record.slot, record.name) == (CredentialKind.PIN, 1, "Ann")

    response = await act(hass, "clear_pin", {"entity_id": FIRST_LOCK, "name": "Ann"})
    assert response == {"slot": 1, "battery": platform.room(FIRST_RM_ID).ce}
    assert calls_of(platform, "GatewayStopOnline")[-1]["fields"]["m1"] == "1"
    assert not opens(platform, "pin", "0123456")
    assert await records(hass, init_integration) == []

    assert [event.data["action"] for event in events] == ["set_pin", "clear_pin"]
    assert events[0].data == {
        "action": "set_pin",
        "kind": "pin",
        "config_entry_id": init_integration.entry_id,
        "room_id": FIRST_RM_ID,
        "room_name": "1-101",
        "entity_id": FIRST_LOCK,
        "slot": 1,
        "name": "Ann",
        "valid_until": until.isoformat(),
    }
    secrets_absent(events, "0123456")


async def test_pin_expires_at_the_door(hass: HomeAssistant, platform: Platform) -> None:
    """Inside its validity the PIN opens; after its expiry it does not."""
    await act(
        hass,
        "set_pin",
        {"entity_id": FIRST_LOCK, "pin": 87654321, "valid_until": text(at(hours=1))},
    )
    assert opens(platform, "pin", "87654321")
    platform.set_time_offset(2 * 3600)
    assert not opens(platform, "pin", "87654321")


@pytest.mark.parametrize(("pin_length", "expected"), [(None, 6), (8, 8), ("10", 10)])
async def test_drawn_pin(
    hass: HomeAssistant,
    platform: Platform,
    init_integration: MockConfigEntry,
    pin_length: int | str | None,
    expected: int,
) -> None:
    """Without a PIN, one of the asked length is drawn, returned and opens."""
    until = at(days=1)
    data: dict[str, Any] = {"entity_id": FIRST_LOCK, "valid_until": text(until)}
    if pin_length is not None:
        data["pin_length"] = pin_length
    response = await act(hass, "set_pin", data)
    pin = response["pin"]
    assert isinstance(pin, str)
    assert len(pin) == expected
    assert pin.isdigit()
    assert response == {
        "pin": pin,
        "slot": 1,
        "valid_until": until.isoformat(),
        "battery": platform.room(FIRST_RM_ID).ce,
    }
    assert calls_of(platform, "GatewayUploadOnline")[-1]["fields"]["pwd"] == pin
    assert opens(platform, "pin", pin)
    record = (await records(hass, init_integration))[0]
    assert (record.kind, record.slot) == (CredentialKind.PIN, 1)
    # Each call draws anew.
    again = await act(hass, "set_pin", {**data, "slot": 1})
    assert len(again["pin"]) == expected
    assert opens(platform, "pin", again["pin"])
    assert again["pin"] == pin or not opens(platform, "pin", pin)


async def test_drawn_pin_not_on_the_bus_nor_in_debug_log(
    hass: HomeAssistant,
    platform: Platform,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A drawn PIN is in no event (call_service included) and no debug record.

    As a check of the check, a PIN given in the action data is found in the
    call_service event and in the event bus's debug log.
    """
    caplog.set_level(logging.DEBUG)
    hass.bus.async_fire(EVENT_LOGGING_CHANGED)  # the bus logs events from now on
    await hass.async_block_till_done()
    events: list[Event] = []
    hass.bus.async_listen(MATCH_ALL, events.append)
    base = {"entity_id": FIRST_LOCK, "valid_until": tomorrow()}

    # Ten digits: a shorter PIN could turn up by chance in some logged number.
    drawn = (await act(hass, "set_pin", {**base, "pin_length": 10}))["pin"]
    given = "90817263"
    await act(hass, "set_pin", {**base, "pin": given, "slot": 2})
    await hass.async_block_till_done()

    assert opens(platform, "pin", drawn)
    assert opens(platform, "pin", given)
    calls = [event for event in events if event.event_type == EVENT_CALL_SERVICE]
    assert len(calls) == 2
    logged = [record.getMessage() for record in caplog.records]
    assert any(record.levelno == logging.DEBUG for record in caplog.records)
    assert any(given in message for message in logged)
    assert any(given in repr(event.data) for event in calls)
    for event in events:
        assert drawn not in repr(event.data)
    for message in logged:
        assert drawn not in message


async def test_pin_slot_choice(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Lowest free slot, a name keeps its slot, an explicit slot overwrites."""
    until = tomorrow()
    base = {"entity_id": FIRST_LOCK, "valid_until": until}
    assert (await act(hass, "set_pin", {**base, "pin": "111111", "name": "a"}))[
        "slot"
    ] == 1
    assert (await act(hass, "set_pin", {**base, "pin": "222222", "slot": 3}))[
        "slot"
    ] == 3
    assert (await act(hass, "set_pin", {**base, "pin": "333333"}))["slot"] == 2
    # The same name again replaces that guest's PIN in its slot.
    assert (await act(hass, "set_pin", {**base, "pin": "444444", "name": "A"}))[
        "slot"
    ] == 1
    assert not opens(platform, "pin", "111111")
    assert opens(platform, "pin", "444444")
    # An explicit slot overwrites whatever the registry had there.
    assert (
        await act(hass, "set_pin", {**base, "pin": "555555", "slot": 2, "name": "b"})
    )["slot"] == 2
    slots = {r.slot: r.name for r in await records(hass, init_integration)}
    assert slots == {1: "A", 2: "b", 3: None}
    # Another room has its own slots.
    assert (
        await act(
            hass,
            "set_pin",
            {"entity_id": SECOND_LOCK, "valid_until": until, "pin": "666666"},
        )
    )["slot"] == 1
    # Without a response the action still works.
    assert await act(hass, "set_pin", {**base, "pin": "777777"}, response=False) is None


async def test_clear_unknown_slot_needs_force(
    hass: HomeAssistant, platform: Platform
) -> None:
    """A slot the registry does not know is cleared only with force."""
    platform.room(FIRST_RM_ID)  # the room exists
    response = await act(
        hass, "clear_pin", {"entity_id": FIRST_LOCK, "slot": 7, "force": True}
    )
    assert response["slot"] == 7
    assert calls_of(platform, "GatewayStopOnline")[-1]["fields"]["m1"] == "7"


async def test_face_lifecycle(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A face opens the door from its start until it is cleared."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    start, until = at(hours=1), at(days=2)
    response = await act(
        hass,
        "set_face",
        {
            "entity_id": FIRST_LOCK,
            "image": JPEG_B64,
            "valid_from": text(start),
            "valid_until": text(until),
            "name": "Bo",
        },
    )
    assert response == {
        "slot": 1,
        "valid_from": start.isoformat(),
        "valid_until": until.isoformat(),
        "battery": platform.room(FIRST_RM_ID).ce,
    }
    sent = calls_of(platform, "GatewayUploadFace")[-1]["fields"]
    assert (sent["m1"], sent["abkp"], sent["unValid"]) == (
        "1",
        text(start),
        text(until),
    )
    assert not opens(platform, "face_slot", 1)  # not yet valid
    platform.set_time_offset(2 * 3600)
    assert opens(platform, "face_slot", 1)
    await act(hass, "clear_face", {"entity_id": FIRST_LOCK, "slot": 1})
    assert not opens(platform, "face_slot", 1)
    assert await records(hass, init_integration) == []
    secrets_absent(events, JPEG_B64)


async def test_face_from_file_and_camera(
    hass: HomeAssistant, platform: Platform, tmp_path: Any
) -> None:
    """A face image can come from an allowed file or a camera snapshot."""
    photo = tmp_path / "guest.png"
    photo.write_bytes(PNG)
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    response = await act(
        hass,
        "set_face",
        {"entity_id": FIRST_LOCK, "image_path": str(photo), "valid_until": tomorrow()},
    )
    assert response["slot"] == 1
    assert opens(platform, "face_slot", 1)

    with patch(
        "homeassistant.components.camera.async_get_image",
        return_value=Image("image/jpeg", JPEG),
    ) as snapshot:
        response = await act(
            hass,
            "set_face",
            {
                "entity_id": FIRST_LOCK,
                "camera": "camera.door",
                "valid_until": tomorrow(),
            },
        )
    assert snapshot.call_args.args[1] == "camera.door"
    assert response["slot"] == 2
    assert opens(platform, "face_slot", 2)
    # The platform received both images whole, base64-encoded.
    file_upload, camera_upload = calls_of(platform, "GatewayUploadFace")
    assert file_upload["fields"]["base64"] == PNG_B64
    assert camera_upload["fields"]["base64"] == JPEG_B64
    faces = platform.room(FIRST_RM_ID).faces
    assert faces[1].data == f"png:{len(PNG)}:{_digest(PNG_B64)}"
    assert faces[2].data == f"jpeg:{len(JPEG)}:{_digest(JPEG_B64)}"


async def test_fingerprint_lifecycle(hass: HomeAssistant, platform: Platform) -> None:
    """A fingerprint template is sent dash-joined and opens until cleared."""
    response = await act(
        hass,
        "set_fingerprint",
        {
            "entity_id": FIRST_LOCK,
            "template": TEMPLATE,
            "valid_until": tomorrow(),
            "slot": 49,
        },
    )
    assert response["slot"] == 49
    assert set(response) == {"slot", "valid_from", "valid_until", "battery"}
    room = platform.room(FIRST_RM_ID)
    assert room.fingerprints[49].data == TEMPLATE_SENT
    assert opens(platform, "fingerprint_slot", 49)
    await act(hass, "clear_fingerprint", {"entity_id": FIRST_LOCK, "slot": 49})
    assert not opens(platform, "fingerprint_slot", 49)


async def test_offline_password_lifecycle(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """An offline password opens until revoked; the expiry comes from the registry."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    until = at(days=1)
    response = await act(
        hass,
        "generate_offline_password",
        {"entity_id": FIRST_LOCK, "valid_until": until.isoformat(), "name": "Cy"},
    )
    password = response["password"]
    assert response == {"password": password, "valid_until": until.isoformat()}
    assert opens(platform, "offline_password", password)
    record = (await records(hass, init_integration))[0]
    assert record.password == password

    response = await act(
        hass, "revoke_offline_password", {"entity_id": FIRST_LOCK, "name": "Cy"}
    )
    assert set(response) == {"battery"}
    sent = calls_of(platform, "GatewayStopOffline")[-1]["fields"]
    assert sent["unValid"] == text(until)
    assert not opens(platform, "offline_password", password)
    assert await records(hass, init_integration) == []
    secrets_absent(events, password)
    assert [event.data["action"] for event in events] == [
        "generate_offline_password",
        "revoke_offline_password",
    ]


async def test_revoke_offline_password_by_password(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Revoking by the password itself, from the registry or with an expiry."""
    until = at(days=3)
    first = (
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": FIRST_LOCK, "valid_until": text(until)},
        )
    )["password"]
    second = (
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": FIRST_LOCK, "valid_until": text(until)},
        )
    )["password"]
    await act(
        hass, "revoke_offline_password", {"entity_id": FIRST_LOCK, "password": first}
    )
    assert not opens(platform, "offline_password", first)
    assert opens(platform, "offline_password", second)
    # Forget it in the registry: the expiry must then be given.
    registry = init_integration.runtime_data.registry
    await registry.async_remove_record(registry.by_password(FIRST_RM_ID, second))
    await act(
        hass,
        "revoke_offline_password",
        {"entity_id": FIRST_LOCK, "password": second, "valid_until": text(until)},
    )
    assert not opens(platform, "offline_password", second)


async def test_card_lifecycle(
    hass: HomeAssistant,
    platform: Platform,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Issue a card, read it, clear it by room: it opens until cleared."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    freezer.move_to("2026-07-01 09:30:15.750000+00:00")
    now = at()
    until = at(days=2)
    response = await act(
        hass,
        "issue_card",
        {"entity_id": FIRST_LOCK, "valid_until": text(until), "name": "Di"},
    )
    card_id = response["card_id"]
    # Authorized now (the vendor's advice), to the second.
    assert response["authorized_at"] == now.isoformat() == "2026-07-01T02:30:15-07:00"
    assert response["valid_until"] == until.isoformat()
    sent = calls_of(platform, "MarkRoomCard")[-1]["fields"]
    assert sent["abkp"] == "2026-07-01 02:30:15"
    assert sent["unValid"] == text(until)
    assert opens(platform, "card_id", card_id)

    read = await act(hass, "read_card", {})
    assert read == {
        "card_id": card_id,
        "room": {"entity_id": FIRST_LOCK, "name": "1-101", "room_id": FIRST_RM_ID},
        "valid_from": response["authorized_at"],
        "valid_until": until.isoformat(),
    }

    cleared = await act(hass, "clear_card", {"entity_id": FIRST_LOCK})
    assert cleared == {
        "card_id": card_id,
        "room": {"entity_id": FIRST_LOCK, "name": "1-101", "room_id": FIRST_RM_ID},
    }
    assert not opens(platform, "card_id", card_id)
    assert await records(hass, init_integration) == []
    assert [event.data["action"] for event in events] == ["issue_card", "clear_card"]
    assert events[1].data["card_id"] == card_id


async def test_foreign_offset_reaches_the_platform_in_its_time(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A date-time given with another UTC offset is sent as HA's local time.

    Home Assistant's zone in the tests is US/Pacific, and so is the emulator's.
    """
    tokyo = timezone(timedelta(hours=9))
    start, until = at(hours=2), at(days=2)

    def foreign(value: datetime) -> str:
        return value.astimezone(tokyo).isoformat()

    assert foreign(until) != until.isoformat()
    base = {"entity_id": FIRST_LOCK, "valid_until": foreign(until)}
    pin = await act(hass, "set_pin", {**base, "pin": "246802", "name": "Jo"})
    assert pin["valid_until"] == until.isoformat()
    await act(
        hass, "set_face", {**base, "image": JPEG_B64, "valid_from": foreign(start)}
    )
    password = await act(hass, "generate_offline_password", {**base, "name": "Jo"})
    card = await act(hass, "issue_card", {**base, "authorized_at": foreign(start)})
    sent = {
        entry["call"]: {
            key: value
            for key, value in entry["fields"].items()
            if key in ("abkp", "unValid")
        }
        for entry in platform.log_dicts()
        if entry["call"] != "GetRoomList"
    }
    assert sent == {
        "GatewayUploadOnline": {"unValid": text(until)},
        "GatewayUploadFace": {"abkp": text(start), "unValid": text(until)},
        "MakeOffline": {"unValid": text(until)},
        "MarkRoomCard": {"abkp": text(start), "unValid": text(until)},
    }
    room = platform.room(FIRST_RM_ID)
    assert room.pins[1].valid_until == until.replace(tzinfo=None)
    # The registry's expiry revokes the password: the platform needs the
    # very expiry it was generated with.
    await act(hass, "revoke_offline_password", {"entity_id": FIRST_LOCK, "name": "Jo"})
    assert calls_of(platform, "GatewayStopOffline")[-1]["fields"]["unValid"] == (
        text(until)
    )
    assert not opens(platform, "offline_password", password["password"])
    # The card reads back in HA's zone.
    read = await act(hass, "read_card", {})
    assert read["card_id"] == card["card_id"]
    assert (read["valid_from"], read["valid_until"]) == (
        start.isoformat(),
        until.isoformat(),
    )


async def test_clear_card_by_id(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A card is cleared by its ID, with the config entry named or implied."""
    card_id = (
        await act(
            hass, "issue_card", {"entity_id": SECOND_LOCK, "valid_until": tomorrow()}
        )
    )["card_id"]
    cleared = await act(
        hass,
        "clear_card",
        {"card_id": card_id.lower(), "config_entry_id": init_integration.entry_id},
    )
    assert cleared["card_id"] == card_id
    assert cleared["room"]["entity_id"] == SECOND_LOCK
    assert calls_of(platform, "ClearRoomCard")[-1]["fields"]["card_id"] == card_id
    assert not opens(platform, "card_id", card_id, rm_id=cleared["room"]["room_id"])
    assert await records(hass, init_integration) == []
    # The platform refuses to clear a blank card: its message comes through.
    platform.put_card()
    blank = platform.encoder
    assert blank is not None
    with pytest.raises(HomeAssistantError) as err:
        await act(hass, "clear_card", {"card_id": blank.card_id})
    assert err.value.translation_key == "platform_error"


async def test_list_credentials(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """The registry's records come back with PINs and passwords masked."""
    await act(
        hass,
        "set_pin",
        {
            "entity_id": FIRST_LOCK,
            "pin": "918273",
            "valid_until": tomorrow(),
            "name": "Ed",
        },
    )
    password = (
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": SECOND_LOCK, "valid_until": tomorrow()},
        )
    )["password"]
    card_id = (
        await act(
            hass, "issue_card", {"entity_id": SECOND_LOCK, "valid_until": tomorrow()}
        )
    )["card_id"]

    listed = await act(hass, "list_credentials", {"entity_id": FIRST_LOCK})
    assert [
        (c["kind"], c["slot"], c["name"], c["secret"]) for c in listed["credentials"]
    ] == [("pin", 1, "Ed", "******")]
    everything = await act(hass, "list_credentials", {})
    kinds = sorted(c["kind"] for c in everything["credentials"])
    assert kinds == ["card", "offline_password", "pin"]
    assert "918273" not in repr(everything)
    assert password not in repr(everything)
    assert card_id in repr(everything)
    by_device = await act(
        hass,
        "list_credentials",
        {"device_id": er.async_get(hass).async_get(SECOND_LOCK).device_id},
    )
    assert {c["entity_id"] for c in by_device["credentials"]} == {SECOND_LOCK}


async def test_area_and_device_targets(hass: HomeAssistant, platform: Platform) -> None:
    """Rooms are found through their device or their area."""
    entity = er.async_get(hass).async_get(SECOND_LOCK)
    area = ar.async_get(hass).async_create("Room 102")
    dr.async_get(hass).async_update_device(entity.device_id, area_id=area.id)
    response = await act(
        hass,
        "set_pin",
        {"area_id": area.id, "pin": "246810", "valid_until": tomorrow()},
    )
    assert response["slot"] == 1
    assert opens(
        platform,
        "pin",
        "246810",
        rm_id=calls_of(platform, "GatewayUploadOnline")[-1]["fields"]["rm_id"],
    )
    response = await act(
        hass,
        "set_pin",
        {"device_id": entity.device_id, "pin": "135791", "valid_until": tomorrow()},
    )
    assert response["slot"] == 2


async def test_area_target_passes_over_other_entities(
    hass: HomeAssistant, platform: Platform
) -> None:
    """Another integration's entity in the room's area is not a room: skipped."""
    ent_reg = er.async_get(hass)
    lock = ent_reg.async_get(SECOND_LOCK)
    area = ar.async_get(hass).async_create("Room 102")
    dr.async_get(hass).async_update_device(lock.device_id, area_id=area.id)
    light = ent_reg.async_get_or_create("light", "demo", "room_102_ceiling")
    ent_reg.async_update_entity(light.entity_id, area_id=area.id)
    response = await act(
        hass,
        "set_pin",
        {"area_id": area.id, "pin": "975310", "valid_until": tomorrow()},
    )
    assert response["slot"] == 1
    (upload,) = calls_of(platform, "GatewayUploadOnline")
    assert upload["fields"]["rm_id"] != FIRST_RM_ID
    assert opens(platform, "pin", "975310", rm_id=upload["fields"]["rm_id"])


async def test_platform_refusal_writes_nothing(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A refused call raises the platform's message and leaves no record."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    platform.add_fault("GatewayUploadOnline", "error", msg="锁体不在线")
    with pytest.raises(HomeAssistantError) as err:
        await act(
            hass,
            "set_pin",
            {"entity_id": FIRST_LOCK, "pin": "123456", "valid_until": tomorrow()},
        )
    assert err.value.translation_key == "platform_error"
    assert err.value.translation_placeholders == {"message": "锁体不在线"}
    assert await records(hass, init_integration) == []
    platform.add_fault("MakeOffline", "http500")
    with pytest.raises(HomeAssistantError):
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": FIRST_LOCK, "valid_until": tomorrow()},
        )
    platform.take_card()
    with pytest.raises(HomeAssistantError):
        await act(
            hass, "issue_card", {"entity_id": FIRST_LOCK, "valid_until": tomorrow()}
        )
    assert await records(hass, init_integration) == []
    assert events == []
    # A refused clear keeps the record: the credential is still at the lock.
    platform.clear_faults()
    await act(
        hass,
        "set_pin",
        {"entity_id": FIRST_LOCK, "pin": "123456", "valid_until": tomorrow()},
    )
    platform.set_gateway_online(FIRST_RM_ID, False)
    with pytest.raises(HomeAssistantError):
        await act(hass, "clear_pin", {"entity_id": FIRST_LOCK, "slot": 1})
    assert len(await records(hass, init_integration)) == 1


async def test_registry_survives_restart(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Records outlive a reload of the entry and a fresh load from storage."""
    await act(
        hass,
        "set_pin",
        {
            "entity_id": FIRST_LOCK,
            "pin": "564738",
            "valid_until": tomorrow(),
            "name": "Flo",
        },
    )
    password = (
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": FIRST_LOCK, "valid_until": tomorrow(), "name": "Gus"},
        )
    )["password"]
    before = init_integration.runtime_data.registry
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    registry = init_integration.runtime_data.registry  # read from the Store
    assert registry is not before
    assert {(r.kind, r.name) for r in registry.records()} == {
        (CredentialKind.PIN, "Flo"),
        (CredentialKind.OFFLINE_PASSWORD, "Gus"),
    }
    await act(hass, "clear_pin", {"entity_id": FIRST_LOCK, "name": "Flo"})
    await act(hass, "revoke_offline_password", {"entity_id": FIRST_LOCK, "name": "Gus"})
    assert not opens(platform, "pin", "564738")
    assert not opens(platform, "offline_password", password)


async def test_concurrent_set_pin_distinct_slots(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """20 concurrent set_pin on one room get 20 distinct slots, one at a time."""
    platform.set_latency(0.005)
    pins = [f"{100000 + i:06d}" for i in range(20)]
    responses = await asyncio.gather(
        *(
            act(
                hass,
                "set_pin",
                {"entity_id": FIRST_LOCK, "pin": pin, "valid_until": tomorrow()},
            )
            for pin in pins
        )
    )
    assert sorted(r["slot"] for r in responses) == list(range(1, 21))
    sent = {c["fields"]["m1"] for c in calls_of(platform, "GatewayUploadOnline")}
    assert len(sent) == 20
    assert platform.max_concurrent_gateway == 1  # one room: serialized
    assert all(opens(platform, "pin", pin) for pin in pins)
    assert len(await records(hass, init_integration)) == 20


async def test_rooms_run_concurrently_within_limit(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Calls for different rooms overlap, up to the configured limit."""
    hass.config_entries.async_update_entry(
        init_integration, options={CONF_GATEWAY_CONCURRENCY: 2}
    )
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    platform.set_latency(0.05)
    locks = ["lock.1_101", "lock.1_102", "lock.1_103", "lock.1_104", "lock.1_105"]
    await asyncio.gather(
        *(
            act(
                hass,
                "set_pin",
                {"entity_id": lock, "pin": "192837", "valid_until": tomorrow()},
            )
            for lock in locks
        )
    )
    assert platform.max_concurrent_gateway == 2


async def test_entry_bound_actions_with_two_entries(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """read_card and clear_card by ID need the entry when there are two."""
    annex = Platform(2, seed=7, latency=0.0, tz=dt_util.get_default_time_zone)
    server = TestServer(create_app(annex), host="127.0.0.1")
    await server.start_server()
    try:
        annex_url = str(server.make_url("")).rstrip("/")
        other = MockConfigEntry(
            domain=DOMAIN,
            title="Annex",
            unique_id=f"{annex_url}|{DEFAULT_APPID}",
            data={
                CONF_URL: annex_url,
                CONF_APPID: DEFAULT_APPID,
                CONF_APPSECRET: DEFAULT_APPSECRET,
                CONF_VERIFY_SSL: True,
            },
        )
        other.add_to_hass(hass)
        assert await hass.config_entries.async_setup(other.entry_id)
        await hass.async_block_till_done()
        with pytest.raises(HomeAssistantError) as err:
            await act(hass, "read_card", {})
        assert (
            err.value.translation_key
            == "service_found_multiple_config_entry_for_domain"
        )
        read = await act(hass, "read_card", {"config_entry_id": other.entry_id})
        assert annex.encoder is not None
        assert read["card_id"] == annex.encoder.card_id
        assert read["room"] is None  # a blank card
        assert calls_of(platform, "ReadCard") == []
        # Each entry keeps its own registry.
        other_lock = next(
            e.entity_id
            for e in er.async_entries_for_config_entry(
                er.async_get(hass), other.entry_id
            )
            if e.domain == "lock"
        )
        await act(
            hass,
            "set_pin",
            {"entity_id": other_lock, "pin": "123123", "valid_until": tomorrow()},
        )
        assert len(other.runtime_data.registry.records()) == 1
        assert await records(hass, init_integration) == []
        assert await hass.config_entries.async_unload(other.entry_id)
    finally:
        await server.close()


async def test_permissions(
    hass: HomeAssistant, hass_read_only_user: Any, platform: Platform
) -> None:
    """A user who may not control the lock (or is no admin) is refused."""
    context = Context(user_id=hass_read_only_user.id)
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "set_pin",
            {"entity_id": FIRST_LOCK, "pin": "123456", "valid_until": tomorrow()},
            blocking=True,
            context=context,
        )
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "read_card",
            {},
            blocking=True,
            return_response=True,
            context=context,
        )
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "list_credentials",
            {},
            blocking=True,
            return_response=True,
            context=Context(user_id="no-such-user"),
        )
    assert calls_of(platform, "GatewayUploadOnline") == []
    assert calls_of(platform, "ReadCard") == []


async def test_admin_may_act(
    hass: HomeAssistant, hass_admin_user: Any, platform: Platform
) -> None:
    """An administrator's calls go through."""
    context = Context(user_id=hass_admin_user.id)
    response = await hass.services.async_call(
        DOMAIN, "read_card", {}, blocking=True, return_response=True, context=context
    )
    assert response["card_id"] == platform.encoder.card_id
    response = await hass.services.async_call(
        DOMAIN,
        "set_pin",
        {"entity_id": FIRST_LOCK, "pin": "123456", "valid_until": tomorrow()},
        blocking=True,
        return_response=True,
        context=context,
    )
    assert response["slot"] == 1


async def test_read_card_of_a_room_without_device(
    hass: HomeAssistant, platform: Platform
) -> None:
    """A card of a room Home Assistant has no device for yet names the room ID."""
    room = platform.add_room("9-901")
    until = text(at(days=1))
    reply = await platform.call(
        "MarkRoomCard",
        {
            "appid": DEFAULT_APPID,
            "appsecret": DEFAULT_APPSECRET,
            "rm_id": room.rm_id,
            "abkp": text(at()),
            "unValid": until,
        },
    )
    assert reply.json()["code"] == 1
    read = await act(hass, "read_card", {})
    assert read["room"] == {
        "entity_id": None,
        "name": room.rm_id,
        "room_id": room.rm_id,
    }


async def test_lost_answer_keeps_unconfirmed_record(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A PIN whose answer was garbled may be at the lock: its slot stays taken."""
    platform.add_fault("GatewayUploadOnline", "http500", times=1, apply=True)
    with pytest.raises(HomeAssistantError) as err:
        await act(
            hass,
            "set_pin",
            {
                "entity_id": FIRST_LOCK,
                "pin": "314159",
                "valid_until": tomorrow(),
                "name": "Hal",
            },
        )
    assert err.value.translation_key == "invalid_response"
    assert opens(platform, "pin", "314159")  # the platform did carry it out
    (record,) = await records(hass, init_integration)
    assert (record.slot, record.name, record.confirmed) == (1, "Hal", False)
    listed = await act(hass, "list_credentials", {"entity_id": FIRST_LOCK})
    assert listed["credentials"][0]["confirmed"] is False
    # Automatic choice does not hand the slot out again ...
    other = await act(
        hass,
        "set_pin",
        {"entity_id": FIRST_LOCK, "pin": "271828", "valid_until": tomorrow()},
    )
    assert other["slot"] == 2
    # ... and a retry under the same name overwrites it, confirmed.
    retry = await act(
        hass,
        "set_pin",
        {
            "entity_id": FIRST_LOCK,
            "pin": "161803",
            "valid_until": tomorrow(),
            "name": "Hal",
        },
    )
    assert retry["slot"] == 1
    assert not opens(platform, "pin", "314159")
    assert all(r.confirmed for r in await records(hass, init_integration))
    # A face whose answer was lost is kept the same way; clearing it works.
    platform.add_fault("GatewayUploadFace", "malformed_json", times=1, apply=True)
    with pytest.raises(HomeAssistantError):
        await act(
            hass,
            "set_face",
            {"entity_id": FIRST_LOCK, "image": JPEG_B64, "valid_until": tomorrow()},
        )
    assert opens(platform, "face_slot", 1)
    await act(hass, "clear_face", {"entity_id": FIRST_LOCK, "slot": 1})
    assert not opens(platform, "face_slot", 1)


async def test_no_secret_in_logs_or_events(
    hass: HomeAssistant,
    platform: Platform,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With debug logging, no PIN, password, image or template is written out."""
    caplog.set_level(logging.DEBUG)
    events: list[Event] = []

    def collect(event: Event) -> None:
        if event.event_type != "call_service":  # the raw call, by design
            events.append(event)

    hass.bus.async_listen(MATCH_ALL, collect)
    until = tomorrow()
    await act(
        hass,
        "set_pin",
        {"entity_id": FIRST_LOCK, "pin": "8642097", "valid_until": until},
    )
    await act(
        hass,
        "set_face",
        {"entity_id": FIRST_LOCK, "image": JPEG_B64, "valid_until": until},
    )
    await act(
        hass,
        "set_fingerprint",
        {"entity_id": FIRST_LOCK, "template": TEMPLATE, "valid_until": until},
    )
    password = (
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": FIRST_LOCK, "valid_until": until},
        )
    )["password"]
    await act(
        hass, "revoke_offline_password", {"entity_id": FIRST_LOCK, "password": password}
    )
    with pytest.raises(ServiceValidationError):
        await act(
            hass,
            "set_pin",
            {"entity_id": FIRST_LOCK, "pin": "86420x", "valid_until": until},
        )
    await hass.async_block_till_done()
    secrets = ["8642097", "86420x", JPEG_B64[:24], TEMPLATE, TEMPLATE_SENT, password]
    # The test harness's in-memory storage logs what it writes; real storage
    # does not log (the registry file is private, see the registry tests).
    logged = "\n".join(
        record.getMessage()
        for record in caplog.records
        if not record.name.startswith("pytest_homeassistant_custom_component")
    )
    for secret in secrets:
        assert secret not in logged
        assert all(secret not in repr(event.data) for event in events)
    assert any(e.event_type == EVENT_CREDENTIAL_CHANGED for e in events)
