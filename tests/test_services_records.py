"""What the actions leave behind: registry records, date-times, no secrets.

Refused calls record nothing, records survive a restart, a lost answer
leaves an unconfirmed record, date-times reach the platform in its zone,
and no secret reaches a log or an event.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
import logging

from homeassistant.const import (
    MATCH_ALL,
)
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
)
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.const import (
    EVENT_CREDENTIAL_CHANGED,
)
from custom_components.hotel_lock.credential_record import CredentialKind
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.services_common import (
    JPEG_B64,
    TEMPLATE,
    TEMPLATE_SENT,
    act,
    at,
    calls_of,
    opens,
    records,
    text,
    tomorrow,
)

pytestmark = pytest.mark.usefixtures("init_integration")


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
