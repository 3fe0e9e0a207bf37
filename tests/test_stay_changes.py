"""Every kind of stay change, and the guard rails, against the emulator.

A move keeps the slot and the PIN and sends one request per credential only
when the lock-side expiry changed; an offline password is replaced (new one,
old one revoked with its original expiry); rooms added and removed; check-out
and cancellation revoke everything at once. Refused stays send nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.const import EVENT_STAY_READY
from custom_components.hotel_lock.credential_record import (
    PIN_SLOT_MAX,
    CredentialKind,
    CredentialRecord,
)
from custom_components.hotel_lock.errors import validation_error
from custom_components.hotel_lock.stay_model import (
    CredentialState,
    StayStatus,
    stays_storage_key,
)
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform
from tests.stays_common import (
    ENTRY_ID,
    FIRST_RM_ID,
    SECOND_RM_ID,
    day,
    gateway_calls,
    move,
    opens,
    platform_time,
)

THIRD_RM_ID = "775032240907720"  # 1-103
HOUR = timedelta(hours=1)


async def _pushed(book: StayBook, **kwargs: Any) -> Any:
    """Make a stay arriving today at 14:00 (pushed at once) for two nights."""
    fields = {
        "guest": "Ms. Li",
        "room_ids": [FIRST_RM_ID],
        "arrival": day(0, 14),
        "departure": day(2, 12),
    }
    return await book.async_create(**(fields | kwargs))


async def test_move_keeps_slot_and_pin(platform: Platform, book: StayBook) -> None:
    """A new departure: the same PIN into the same slot, one request per room."""
    stay = await _pushed(book, room_ids=[FIRST_RM_ID, SECOND_RM_ID])
    pin = stay.pin
    ids = [c.credential_id for c in stay.credentials]
    since = len(platform.log_dicts())
    await book.async_update(stay.stay_id, departure=day(3, 12))
    calls = gateway_calls(platform, since)
    assert sorted(
        (call, f["rm_id"], f["m1"], f["pwd"], f["unValid"]) for call, f in calls
    ) == [
        ("GatewayUploadOnline", FIRST_RM_ID, "1", pin, platform_time(day(3, 13))),
        ("GatewayUploadOnline", SECOND_RM_ID, "1", pin, platform_time(day(3, 13))),
    ]
    assert [c.credential_id for c in stay.credentials] == ids
    assert all(c.confirmed for c in stay.credentials)
    assert stay.expires == day(3, 13)

    # The arrival alone, or the guest's name: the lock-side expiry is the same.
    since = len(platform.log_dicts())
    await book.async_update(stay.stay_id, arrival=day(0, 15), guest="Li Na")
    assert gateway_calls(platform, since) == []
    assert (stay.guest, stay.arrival) == ("Li Na", day(0, 15))
    # The same values again: nothing changes.
    assert await book.async_update(stay.stay_id, guest="Li Na") is stay
    assert gateway_calls(platform, since) == []


async def test_move_before_the_push(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Not pushed yet: a move sends nothing, until the new push time comes."""
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(5, 14), departure=day(6, 12)
    )
    await book.async_update(stay.stay_id, departure=day(7, 12))
    assert gateway_calls(platform) == []
    # Moved forward into the lead time: pushed at once.
    await book.async_update(stay.stay_id, arrival=day(1, 7), departure=day(2, 12))
    ((_, fields),) = gateway_calls(platform)
    assert fields["unValid"] == platform_time(day(2, 13))
    await move(hass, freezer, day(1, 8))
    assert len(gateway_calls(platform)) == 1


async def test_moved_later_keeps_the_pin_at_the_lock(
    platform: Platform, book: StayBook
) -> None:
    """Pushed, then moved later within the lead time: the new expiry at once.

    Its push time is still past, so the PIN stays at the lock (same slot,
    new window); one moved beyond the lead time is stopped until its new
    push time (``test_stay_windows``).
    """
    stay = await _pushed(book)
    since = len(platform.log_dicts())
    await book.async_update(stay.stay_id, arrival=day(0, 20), departure=day(9, 12))
    ((_, fields),) = gateway_calls(platform, since)
    assert (fields["m1"], fields["pwd"]) == ("1", stay.pin)
    assert fields["unValid"] == platform_time(day(9, 13))


async def test_offline_password_moved_is_replaced(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """A new window: a new offline password, the old one revoked as it was made."""
    ready = async_capture_events(hass, EVENT_STAY_READY)
    stay = await _pushed(book, kinds=["pin", "offline_password"])
    old = next(c for c in book.codes(stay.stay_id) if c.kind == "offline_password")
    await move(hass, freezer, day(0, 13))
    assert len(ready) == 1
    since = len(platform.log_dicts())
    await book.async_update(stay.stay_id, departure=day(3, 12))
    calls = gateway_calls(platform, since)
    assert sorted(
        (call, f.get("pwd") or f.get("muid"), f["unValid"]) for call, f in calls
    ) == sorted(
        [
            ("GatewayUploadOnline", stay.pin, platform_time(day(3, 13))),
            ("MakeOffline", None, platform_time(day(3, 13))),
            ("GatewayStopOffline", old.code, platform_time(day(2, 13))),
        ]
    )
    new = next(c for c in book.codes(stay.stay_id) if c.kind == "offline_password")
    assert new.code != old.code
    assert new.valid_until == day(3, 13)
    assert not opens(platform, FIRST_RM_ID, "offline_password", old.code)
    assert opens(platform, FIRST_RM_ID, "offline_password", new.code)
    # The guest is told again: the code changed.
    assert len(ready) == 2
    assert [c.state for c in stay.credentials] == [CredentialState.CONFIRMED] * 2


async def test_rooms_added_and_removed(platform: Platform, book: StayBook) -> None:
    """A room added gets the stay's PIN; a room removed loses it at once."""
    stay = await _pushed(book)
    pin = stay.pin
    assert pin is not None
    since = len(platform.log_dicts())
    await book.async_update(stay.stay_id, room_ids=[FIRST_RM_ID, SECOND_RM_ID])
    assert [(c, f["rm_id"]) for c, f in gateway_calls(platform, since)] == [
        ("GatewayUploadOnline", SECOND_RM_ID)
    ]
    assert opens(platform, SECOND_RM_ID, "pin", pin)
    since = len(platform.log_dicts())
    await book.async_update(stay.stay_id, room_ids=[SECOND_RM_ID])
    assert [(c, f["rm_id"], f["m1"]) for c, f in gateway_calls(platform, since)] == [
        ("GatewayStopOnline", FIRST_RM_ID, "1")
    ]
    assert not opens(platform, FIRST_RM_ID, "pin", pin)
    assert opens(platform, SECOND_RM_ID, "pin", pin)
    assert [c.room_id for c in stay.credentials] == [SECOND_RM_ID]
    # Back again: the same slot, the same PIN.
    await book.async_update(stay.stay_id, room_ids=[SECOND_RM_ID, FIRST_RM_ID])
    assert opens(platform, FIRST_RM_ID, "pin", pin)
    assert platform.room(FIRST_RM_ID).pins[1].pwd == pin


async def test_check_out_revokes_at_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    hass_storage: dict[str, Any],
) -> None:
    """Early check-out: every PIN stopped, the offline passwords revoked, codes wiped."""
    stay = await _pushed(
        book, room_ids=[FIRST_RM_ID, SECOND_RM_ID], kinds=["pin", "offline_password"]
    )
    codes = book.codes(stay.stay_id)
    await move(hass, freezer, day(1, 9))
    since = len(platform.log_dicts())
    await book.async_check_out(stay.stay_id)
    calls = gateway_calls(platform, since)
    assert sorted((call, f["rm_id"]) for call, f in calls) == [
        ("GatewayStopOffline", FIRST_RM_ID),
        ("GatewayStopOffline", SECOND_RM_ID),
        ("GatewayStopOnline", FIRST_RM_ID),
        ("GatewayStopOnline", SECOND_RM_ID),
    ]
    assert all(
        f["unValid"] == platform_time(day(2, 13))
        for call, f in calls
        if call == "GatewayStopOffline"
    )
    for code in codes:
        assert not opens(platform, code.room_id, code.kind, code.code)
    assert stay.credentials == []
    assert book.status(stay) is StayStatus.ENDED
    assert stay.end == day(1, 9)
    assert book.stays() == []
    assert book.stays(include_ended=True) == [stay]
    stored = repr(hass_storage[stays_storage_key(ENTRY_ID)])
    assert all(code.code not in stored for code in codes)
    assert book.desk.credentials() == []
    with pytest.raises(ServiceValidationError) as err:
        await book.async_check_out(stay.stay_id)
    assert err.value.translation_key == "stay_ended"
    # The room is free again from the check-out on.
    await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(1, 10), departure=day(2, 10)
    )


async def test_check_out_waits_for_an_offline_gateway(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """A revocation the gateway refused is tried again until it is done."""
    stay = await _pushed(book)
    pin = stay.pin or ""
    platform.set_gateway_online(FIRST_RM_ID, False)
    await book.async_check_out(stay.stay_id)
    (left,) = stay.credentials
    assert (left.state, left.error) == (CredentialState.REVOKING, "platform_error")
    assert opens(platform, FIRST_RM_ID, "pin", pin)
    platform.set_gateway_online(FIRST_RM_ID, True)
    await move(hass, freezer, day(0, 8) + timedelta(minutes=1))
    assert stay.credentials == []
    assert book.desk.credentials() == []
    assert not opens(platform, FIRST_RM_ID, "pin", pin)


async def test_cancel_revokes_and_forgets(platform: Platform, book: StayBook) -> None:
    """Cancelled: everything revoked, the stay gone; before its push: nothing sent."""
    stay = await _pushed(book)
    pin = stay.pin or ""
    await book.async_cancel(stay.stay_id)
    assert [call for call, _ in gateway_calls(platform)][-1] == "GatewayStopOnline"
    assert not opens(platform, FIRST_RM_ID, "pin", pin)
    with pytest.raises(ServiceValidationError) as err:
        book.get(stay.stay_id)
    assert err.value.translation_key == "unknown_stay"
    later = await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(9, 14), departure=day(10, 12)
    )
    since = len(platform.log_dicts())
    await book.async_cancel(later.stay_id)
    assert gateway_calls(platform, since) == []
    assert book.stays(include_ended=True) == []


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"room_ids": ["404"]}, "unknown_room"),
        ({"room_ids": []}, "stay_without_room"),
        ({"departure": day(0, 14)}, "departure_not_after_arrival"),
        ({"arrival": day(-2, 14), "departure": day(-1, 12)}, "departure_in_past"),
        ({"guest": "  "}, "invalid_guest"),
        ({"guest": "x" * 101}, "invalid_guest"),
        ({"kinds": ["face"]}, "invalid_stay_credentials"),
        ({"kinds": []}, "invalid_stay_credentials"),
        ({"kinds": ["card"]}, "invalid_stay_credentials"),
        ({"kinds": ["pin", "key"]}, "invalid_stay_credentials"),
        ({"pin_length": 5}, "invalid_pin_length"),
    ],
)
async def test_refused_stays_send_nothing(
    platform: Platform,
    book: StayBook,
    hass_storage: dict[str, Any],
    fields: dict[str, Any],
    key: str,
) -> None:
    """Each guard rail: a translated refusal, nothing stored, nothing sent."""
    with pytest.raises(ServiceValidationError) as err:
        await _pushed(book, **fields)
    assert err.value.translation_key == key
    assert gateway_calls(platform) == []
    assert book.stays(include_ended=True) == []
    assert stays_storage_key(ENTRY_ID) not in hass_storage


async def test_overlapping_stays_refused(platform: Platform, book: StayBook) -> None:
    """One room, overlapping times: refused; back to back is fine."""
    first = await _pushed(book, room_ids=[FIRST_RM_ID, SECOND_RM_ID])
    since = len(platform.log_dicts())
    with pytest.raises(ServiceValidationError) as err:
        await _pushed(book, room_ids=[THIRD_RM_ID, SECOND_RM_ID], arrival=day(1, 14))
    assert err.value.translation_key == "stay_overlaps"
    assert err.value.translation_placeholders == {
        "room": "1-102",
        "arrival": "2026-06-01 14:00",
        "departure": "2026-06-03 12:00",
    }
    assert gateway_calls(platform, since) == []
    await _pushed(book, arrival=day(2, 12), departure=day(3, 12))
    # A change that would overlap is refused and changes nothing.
    other = await _pushed(book, room_ids=[THIRD_RM_ID])
    with pytest.raises(ServiceValidationError):
        await book.async_update(other.stay_id, room_ids=[THIRD_RM_ID, FIRST_RM_ID])
    assert other.room_ids == (THIRD_RM_ID,)
    with pytest.raises(ServiceValidationError):
        await book.async_update(first.stay_id, departure=day(2, 13))
    assert first.departure == day(2, 12)


async def test_no_free_slot_refused(
    platform: Platform, book: StayBook, stays_entry: MockConfigEntry
) -> None:
    """Every PIN slot of a room taken during the stay: refused, nothing sent."""
    registry = stays_entry.runtime_data.registry
    template = CredentialRecord(
        room_id=FIRST_RM_ID,
        kind=CredentialKind.PIN,
        valid_until=day(30, 12),
        created=day(0, 8),
    )
    await registry.async_update(
        put=[
            replace(template, slot=slot, credential_id=str(slot))
            for slot in range(1, PIN_SLOT_MAX + 1)
        ]
    )
    with pytest.raises(ServiceValidationError) as err:
        await _pushed(book, room_ids=[SECOND_RM_ID, FIRST_RM_ID])
    assert err.value.translation_key == "no_free_slot_for_stay"
    assert err.value.translation_placeholders == {"room": "1-101"}
    assert gateway_calls(platform) == []
    # Offline passwords need no slot.
    await _pushed(book, kinds=["offline_password"])
    # Slots whose PINs expire before a later stay's push count as free.
    await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(32, 14), departure=day(33, 12)
    )


async def test_room_back_before_its_revocation(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """A room removed while its gateway is offline, then added back: kept, not stopped."""
    stay = await _pushed(book, room_ids=[FIRST_RM_ID, SECOND_RM_ID])
    platform.set_gateway_online(SECOND_RM_ID, False)
    await book.async_update(stay.stay_id, room_ids=[FIRST_RM_ID])
    (revoking,) = [c for c in stay.credentials if c.room_id == SECOND_RM_ID]
    assert revoking.state is CredentialState.REVOKING
    await book.async_update(stay.stay_id, departure=day(2, 18))  # moved meanwhile
    assert revoking.state is CredentialState.REVOKING
    platform.set_gateway_online(SECOND_RM_ID, True)
    await book.async_update(stay.stay_id, room_ids=[FIRST_RM_ID, SECOND_RM_ID])
    assert revoking.confirmed
    assert revoking.issued_until == day(2, 19)
    await move(hass, freezer, day(0, 8) + timedelta(minutes=2))
    assert [c for c, f in gateway_calls(platform) if f["rm_id"] == SECOND_RM_ID] == [
        "GatewayUploadOnline",
        "GatewayStopOnline",  # refused: the gateway was offline
        "GatewayUploadOnline",
    ]
    assert opens(platform, SECOND_RM_ID, "pin", stay.pin or "")


async def test_revoked_by_hand_meanwhile(platform: Platform, book: StayBook) -> None:
    """A stay's PIN cleared by hand before the check-out: nothing left to stop."""
    stay = await _pushed(book)
    (credential,) = stay.credentials
    await book.desk.async_revoke(credential.credential_id or "")
    since = len(platform.log_dicts())
    await book.async_check_out(stay.stay_id)
    assert gateway_calls(platform, since) == []
    assert stay.credentials == []
    # Cleared by hand while the check-out was on its way: done as well.
    other = await _pushed(book, room_ids=[SECOND_RM_ID])
    with patch.object(
        book.desk,
        "async_revoke",
        side_effect=validation_error("unknown_credential", credential_id="x"),
    ):
        await book.async_check_out(other.stay_id)
    assert other.credentials == []
