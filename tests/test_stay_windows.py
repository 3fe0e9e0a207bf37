"""The window of a stay's codes at the lock, against the emulator.

A code has only an end: it works from its push until its expiry. So a
stay's expiry in a room is capped at the next stay's arrival there (the
departing guest's code never opens during the next guest's stay), and a
stay whose push time moves into the future has its PIN stopped at once and
pushed again, into the same slot, at the new push time.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from custom_components.hotel_lock.booking_events import Booking
from custom_components.hotel_lock.credential_record import CredentialKind
from custom_components.hotel_lock.stay_model import (
    CredentialState,
    Stay,
    StayCredential,
)
from custom_components.hotel_lock.stay_rules import StayOptions
from custom_components.hotel_lock.stay_schedule import issue_at
from custom_components.hotel_lock.stay_windows import park
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform
from tests.stays_common import (
    FIRST_RM_ID,
    SECOND_RM_ID,
    day,
    gateway_calls,
    move,
    opens,
    platform_time,
)


def _pushes(platform: Platform, since: int) -> list[tuple[str, str, str, str]]:
    return [
        (call, f["rm_id"], f["m1"], f.get("unValid", ""))
        for call, f in gateway_calls(platform, since)
    ]


async def test_departing_guests_pin_ends_at_the_next_arrival(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Back to back: A's PIN (departure + margin) is capped at B's arrival.

    B made after A's PIN is at the lock moves A's PIN to the capped window
    (same slot, one request); B cancelled gives A its margin back.
    """
    a = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(2, 12)
    )
    pin_a = a.pin or ""
    since = len(platform.log_dicts())
    b = await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(2, 12), departure=day(4, 12)
    )
    assert _pushes(platform, since) == [
        ("GatewayUploadOnline", FIRST_RM_ID, "1", platform_time(day(2, 12)))
    ]
    assert [c.valid_until for c in book.codes(a.stay_id)] == [day(2, 12)]
    assert a.expires == day(2, 13)  # the stay's own end is unchanged
    await book.async_cancel(b.stay_id)
    assert a.credentials[0].valid_until == day(2, 13)
    b = await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(2, 12), departure=day(4, 12)
    )
    await move(hass, freezer, day(2, 11, 59))
    assert opens(platform, FIRST_RM_ID, "pin", pin_a)
    await move(hass, freezer, day(2, 12, 30))  # B in the room
    assert not opens(platform, FIRST_RM_ID, "pin", pin_a)
    assert opens(platform, FIRST_RM_ID, "pin", b.pin or "")


async def test_back_to_back_bookings_of_one_read(
    platform: Platform, book: StayBook
) -> None:
    """Two bookings of one read back to back: the first is pushed capped at once."""
    a = Booking("a", "A", (FIRST_RM_ID,), day(0, 14), day(1, 12))
    b = Booking("b", "B", (FIRST_RM_ID,), day(1, 12, 30), day(3, 12))
    await book.async_sync_source("src", [a, b])
    assert _pushes(platform, 0) == [
        ("GatewayUploadOnline", FIRST_RM_ID, "1", platform_time(day(1, 12, 30)))
    ]


async def test_stay_moved_later_stops_its_pin_until_the_new_push_time(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Pushed and sent to the guest, then moved a week later.

    The PIN is stopped at once (the guest has it: it must not work through
    the gap, while another guest has the room), its slot kept, and pushed
    again into that slot at the new push time.
    """
    a = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(2, 12)
    )
    pin_a = a.pin or ""
    await move(hass, freezer, day(0, 13, 30))  # ready: the guest was sent the PIN
    assert a.announced
    since = len(platform.log_dicts())
    await book.async_update(a.stay_id, arrival=day(10, 14), departure=day(12, 12))
    assert _pushes(platform, since) == [("GatewayStopOnline", FIRST_RM_ID, "1", "")]
    assert not opens(platform, FIRST_RM_ID, "pin", pin_a)
    (credential,) = a.credentials
    assert (credential.state, credential.slot) == (CredentialState.PENDING, 1)
    b = await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(3, 14), departure=day(5, 12)
    )
    await move(hass, freezer, day(4, 10))  # B is in the room, in another slot
    assert opens(platform, FIRST_RM_ID, "pin", b.pin or "")
    assert not opens(platform, FIRST_RM_ID, "pin", pin_a)
    assert [f["m1"] for _, f in gateway_calls(platform, since)] == ["1", "2"]
    since = len(platform.log_dicts())
    await move(hass, freezer, day(9, 14))  # A's new push time: the same PIN, slot 1
    assert _pushes(platform, since) == [
        ("GatewayUploadOnline", FIRST_RM_ID, "1", platform_time(day(12, 13)))
    ]
    assert a.pin == pin_a
    assert opens(platform, FIRST_RM_ID, "pin", pin_a)


async def test_arrival_moved_later_stops_the_pin_over_the_freed_nights(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Only the arrival moved two days later: B takes the freed nights.

    The expiry is the same, yet the PIN may not work before the new push
    time: it is stopped now (in every room) and pushed again then; in B's
    room, once B has left (A's guest knows the code).
    """
    a = await book.async_create(
        guest="A",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=day(0, 14),
        departure=day(5, 12),
    )
    await move(hass, freezer, day(0, 13, 30))
    assert a.announced
    await book.async_update(a.stay_id, arrival=day(3, 14))
    await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(0, 15), departure=day(3, 12)
    )
    await move(hass, freezer, day(1, 10))
    assert not opens(platform, FIRST_RM_ID, "pin", a.pin or "")
    assert not opens(platform, SECOND_RM_ID, "pin", a.pin or "")
    await move(hass, freezer, day(2, 14))  # the new push time
    assert opens(platform, SECOND_RM_ID, "pin", a.pin or "")
    # Room 1 is B's until B leaves: the code A's guest knows waits for that.
    assert not opens(platform, FIRST_RM_ID, "pin", a.pin or "")
    await move(hass, freezer, day(3, 12, 1))
    assert opens(platform, FIRST_RM_ID, "pin", a.pin or "")


def test_pin_pushed_again_waits_for_the_old_one_to_be_stopped() -> None:
    """Parked, the PIN comes back in its slot only once the old one is stopped.

    Both are the same slot: pushed first, the new one would be stopped by
    the old one's late revocation.
    """
    stay = Stay(
        stay_id="s",
        guest="A",
        room_ids=(FIRST_RM_ID,),
        arrival=day(5, 14),
        departure=day(6, 12),
        expires=day(6, 13),
        kinds=(CredentialKind.PIN,),
        pin_length=6,
        created=day(0, 8),
        pin="123456",
        credentials=[
            StayCredential(
                room_id=FIRST_RM_ID,
                kind=CredentialKind.PIN,
                name="Stay s",
                valid_until=day(6, 13),
                state=CredentialState.CONFIRMED,
                slot=3,
                credential_id="c1",
                issued_until=day(2, 13),
            )
        ],
    )
    park(stay)
    old, new = stay.credentials
    assert (old.state, new.state) == (CredentialState.REVOKING, CredentialState.PENDING)
    assert (new.name, new.slot, new.issued_until) == ("Stay s", 3, None)
    options = StayOptions.from_options({})
    assert issue_at(stay, new, options) == day(4, 14)  # arrival - lead time
    old.retry_at = day(4, 15)  # its stop failed: tried again then
    assert issue_at(stay, new, options) == day(4, 15)


async def test_next_stay_made_within_the_departing_margin(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """A stay made after a departure, within its margin: the departed PIN stops.

    Nothing is issued after a departure, so a window shortened then is not
    pushed again: the PIN is stopped at once.
    """
    a = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(2, 12)
    )
    pin_a = a.pin or ""
    await move(hass, freezer, day(2, 12, 10))  # A has left; its PIN runs to 13:00
    assert opens(platform, FIRST_RM_ID, "pin", pin_a)
    b = await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(2, 12, 30), departure=day(4, 12)
    )
    assert not opens(platform, FIRST_RM_ID, "pin", pin_a)
    await move(hass, freezer, day(2, 12, 40))  # B in the room
    assert opens(platform, FIRST_RM_ID, "pin", b.pin or "")
    assert not opens(platform, FIRST_RM_ID, "pin", pin_a)


async def test_known_code_moved_later_waits_for_the_stay_before_it(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """A's code, told to the guest, then A moved later: not pushed during B's stay.

    Pushed again at its new push time (arrival - lead time) it would open
    the door during B's last day; it waits for B's departure instead, then
    comes back into its slot. A code no one was told yet goes at the push
    time as before (A's first push, B's).
    """
    a = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(1, 12)
    )
    pin_a = a.pin or ""
    await move(hass, freezer, day(0, 13, 30))  # ready: the guest has the code
    assert a.announced
    slot = next(c.slot for c in a.credentials)
    a = await book.async_update(a.stay_id, arrival=day(5, 14), departure=day(7, 12))
    assert not opens(platform, FIRST_RM_ID, "pin", pin_a)  # stopped until then
    b = await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(3, 14), departure=day(5, 12)
    )
    await move(hass, freezer, day(4, 14, 1))  # A's new push time: B in the room
    assert opens(platform, FIRST_RM_ID, "pin", b.pin or "")
    assert not opens(platform, FIRST_RM_ID, "pin", pin_a)
    await move(hass, freezer, day(5, 12, 1))  # B has left
    assert opens(platform, FIRST_RM_ID, "pin", pin_a)
    assert [c.slot for c in book.get(a.stay_id).credentials if c.confirmed] == [slot]
