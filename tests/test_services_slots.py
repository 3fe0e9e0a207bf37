"""PINs, faces and fingerprints: the set_* and clear_* actions against the emulator.

The emulator's door model shows that a pushed credential opens the door
inside its validity and no longer after it was cleared or expired.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any
from unittest.mock import patch

from homeassistant.components.camera import Image
from homeassistant.const import (
    EVENT_CALL_SERVICE,
    EVENT_LOGGING_CHANGED,
    MATCH_ALL,
)
from homeassistant.core import Event, HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.const import (
    CONF_GATEWAY_CONCURRENCY,
    EVENT_CREDENTIAL_CHANGED,
)
from custom_components.hotel_lock.credential_record import CredentialKind
from simulator.platform import Platform
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
    calls_of,
    digest,
    opens,
    records,
    secrets_absent,
    text,
    tomorrow,
)

pytestmark = pytest.mark.usefixtures("init_integration")


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
    assert faces[1].data == f"png:{len(PNG)}:{digest(PNG_B64)}"
    assert faces[2].data == f"jpeg:{len(JPEG)}:{digest(JPEG_B64)}"


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


async def test_set_pin_path_visits_no_module_twice(
    hass: HomeAssistant, platform: Platform
) -> None:
    """Action → desk → client and registry, and back: no module re-entered.

    Every call into the integration's code is recorded with the chain of the
    integration's modules that led to it (collapsed where one module calls
    itself). No chain may hold a module twice: nothing climbs back up. The
    room's sensors reading the gateway answer (entity state writes) are their
    own path and left out.
    """
    package = "custom_components.hotel_lock."
    entities = {f"{package}{name}" for name in ("entity", "sensor", "lock")}
    chains: list[tuple[str, ...]] = []

    def modules_of(frame: Any) -> tuple[str, ...]:
        names: list[str] = []
        while frame is not None:
            name = frame.f_globals.get("__name__", "")
            if name.startswith(package) and (not names or names[-1] != name):
                names.append(name)
            frame = frame.f_back
        return tuple(reversed(names))

    def profile(frame: Any, event: str, _arg: Any) -> None:
        if event == "call" and frame.f_globals.get("__name__", "").startswith(package):
            chain = modules_of(frame)
            if not entities & set(chain) and (not chains or chains[-1] != chain):
                chains.append(chain)

    sys.setprofile(profile)
    try:
        await act(
            hass,
            "set_pin",
            {"entity_id": FIRST_LOCK, "pin_length": 6, "valid_until": tomorrow()},
        )
    finally:
        sys.setprofile(None)
    assert chains
    for chain in chains:
        assert len(chain) == len(set(chain)), chain
    deepest = max(chains, key=len)
    path = " → ".join(name.removeprefix(package) for name in deepest)
    print(f"set_pin, deepest chain: {path}")
    assert deepest[0] == f"{package}services"
    assert f"{package}api" in deepest
