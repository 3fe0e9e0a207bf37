"""A booking source's bookings reconciled into stays (``async_sync_source``).

By (source, UID): new bookings make stays, changed ones change them, those
no longer there cancel them (first, freeing their rooms); each is checked
against the read's others as they will be; refused ones are reported. A read that changes
nothing saves nothing and sends nothing, however many bookings it holds.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.booking_events import Booking
from custom_components.hotel_lock.const import DOMAIN
from custom_components.hotel_lock.stay_model import StaySource
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform
from tests.bookings_common import (
    DESK,
    add_source,
    async_add_desk_calendar,
    async_next_read,
    booking_event,
    source_subentry,
)
from tests.stays_common import (
    FIRST_RM_ID,
    SECOND_RM_ID,
    day,
    gateway_calls,
    move,
    opens,
    platform_time,
)

THIRD_RM_ID = "775032240907720"  # 1-103


def _saves(book: StayBook) -> Any:
    """Count the book's saves."""
    return patch.object(book._store, "async_save", wraps=book._store.async_save)


async def test_sync_follows_the_bookings(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """New, unchanged, changed, refused, past and absent bookings."""
    near = Booking("u1", "Ms. Li", (FIRST_RM_ID,), day(0, 14), day(2, 12))
    far = Booking("u2", "Mr. Wang", (SECOND_RM_ID,), day(5, 14), day(6, 12))
    past = Booking("u0", "Gone", (THIRD_RM_ID,), day(-3, 14), day(-1, 12))
    clash = Booking("u3", "Mr. Zhao", (FIRST_RM_ID,), day(1, 14), day(3, 12))
    with _saves(book) as saves:
        result = await book.async_sync_source("src", [near, far, past, clash])
    assert (result.created, result.updated, result.cancelled, result.unchanged) == (
        2,
        0,
        0,
        1,
    )
    assert list(result.refusals) == ["u3"]
    assert result.refusals["u3"].translation_key == "stay_overlaps"
    assert "1-101" in str(result.refusals["u3"])
    assert saves.call_count == 2  # the bookings, then what the push did
    stays = {stay.uid: stay for stay in book.stays()}
    assert set(stays) == {"u1", "u2"}
    assert stays["u1"].source is StaySource.BOOKING
    assert stays["u1"].source_id == "src"
    assert not stays["u1"].editable
    ((call, fields),) = gateway_calls(platform)
    assert (call, fields["rm_id"]) == ("GatewayUploadOnline", FIRST_RM_ID)

    # The same read again: nothing saved, nothing sent.
    since = len(platform.log_dicts())
    with _saves(book) as saves:
        result = await book.async_sync_source("src", [near, far, past, clash])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert saves.call_count == 0
    assert len(platform.log_dicts()) == since

    # Moved by a day: one request, same slot and PIN; a new name: none.
    pin = stays["u1"].pin
    moved = replace(near, departure=day(3, 12))
    renamed = replace(far, guest="Wang Wei")
    result = await book.async_sync_source("src", [moved, renamed])
    assert (result.updated, result.cancelled) == (2, 0)
    ((call, fields),) = gateway_calls(platform, since)
    assert (call, fields["m1"], fields["pwd"], fields["unValid"]) == (
        "GatewayUploadOnline",
        "1",
        pin,
        platform_time(day(3, 13)),
    )
    assert stays["u2"].guest == "Wang Wei"
    # A booking turned unreadable is refused; its stay stays as it was.
    result = await book.async_sync_source("src", [moved, replace(renamed, guest="")])
    assert result.refusals["u2"].translation_key == "invalid_guest"
    assert stays["u2"].guest == "Wang Wei"

    # Gone from the source: cancelled (the pushed one revoked, the other not sent).
    since = len(platform.log_dicts())
    result = await book.async_sync_source("src", [])
    assert result.cancelled == 2
    assert [(c, f["rm_id"]) for c, f in gateway_calls(platform, since)] == [
        ("GatewayStopOnline", FIRST_RM_ID)
    ]
    assert not opens(platform, FIRST_RM_ID, "pin", pin or "")
    assert book.stays(include_ended=True) == []


async def test_checked_out_booking_is_not_made_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Checked out early, the booking still in the feed: the stay stays ended."""
    booking = Booking("u1", "Ms. Li", (FIRST_RM_ID,), day(0, 7), day(2, 12))
    other = Booking("u1", "Other source", (SECOND_RM_ID,), day(0, 7), day(2, 12))
    await book.async_sync_source("src", [booking])
    await book.async_sync_source("other", [other])
    (stay,) = [s for s in book.stays() if s.source_id == "src"]
    await move(hass, freezer, day(1, 9))
    await book.async_check_out(stay.stay_id)
    since = len(platform.log_dicts())
    result = await book.async_sync_source("src", [replace(booking, guest="Li")])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert len(platform.log_dicts()) == since
    assert [s.source_id for s in book.stays()] == ["other"]
    # Gone from the feed later: the ended stay stays on the calendar.
    await book.async_sync_source("src", [])
    assert stay in book.stays(include_ended=True)


async def test_rooms_of_a_booking_change(platform: Platform, book: StayBook) -> None:
    """A booking moved to another room: revoked in the old one, pushed in the new."""
    booking = Booking("u1", "Ms. Li", (FIRST_RM_ID,), day(0, 14), day(2, 12))
    await book.async_sync_source("src", [booking])
    since = len(platform.log_dicts())
    result = await book.async_sync_source(
        "src", [replace(booking, room_ids=(SECOND_RM_ID,))]
    )
    assert result.updated == 1
    assert sorted((c, f["rm_id"]) for c, f in gateway_calls(platform, since)) == [
        ("GatewayStopOnline", FIRST_RM_ID),
        ("GatewayUploadOnline", SECOND_RM_ID),
    ]


async def test_two_bookings_swap_rooms_in_one_read(
    platform: Platform, book: StayBook
) -> None:
    """Each booking is checked against the read's others as they will be.

    Swapped, neither clashes with the other: both follow. One of them
    refused for another reason keeps its stay as it was, so the other is
    refused too (it would clash with it); nothing overlaps.
    """
    a = Booking("a", "A", (FIRST_RM_ID,), day(0, 14), day(2, 12))
    b = Booking("b", "B", (SECOND_RM_ID,), day(0, 15), day(2, 12))
    await book.async_sync_source("src", [a, b])
    swapped = [
        replace(a, room_ids=(SECOND_RM_ID,)),
        replace(b, room_ids=(FIRST_RM_ID,)),
    ]
    result = await book.async_sync_source("src", swapped)
    assert (result.updated, dict(result.refusals)) == (2, {})
    assert {s.uid: s.room_ids for s in book.stays()} == {
        "a": (SECOND_RM_ID,),
        "b": (FIRST_RM_ID,),
    }
    assert opens(platform, FIRST_RM_ID, "pin", book.stays()[1].pin or "")

    await book.async_create(
        guest="Desk", room_ids=[THIRD_RM_ID], arrival=day(0, 14), departure=day(2, 12)
    )
    back = [a, replace(b, room_ids=(SECOND_RM_ID, THIRD_RM_ID))]
    result = await book.async_sync_source("src", back)
    assert sorted(result.refusals) == ["a", "b"]
    assert result.refusals["b"].translation_key == "stay_overlaps"
    assert {s.uid: s.room_ids for s in book.stays() if s.uid} == {
        "a": (SECOND_RM_ID,),
        "b": (FIRST_RM_ID,),
    }


async def test_booking_takes_the_room_of_one_cancelled_in_the_same_read(
    platform: Platform, book: StayBook
) -> None:
    """The read that drops a booking frees its room for its replacement at once."""
    old = Booking("r1", "Old", (FIRST_RM_ID,), day(0, 14), day(2, 12))
    new = Booking("r2", "New", (FIRST_RM_ID,), day(0, 14), day(2, 12))
    await book.async_sync_source("src", [old])
    result = await book.async_sync_source("src", [new])
    assert (result.cancelled, result.created, dict(result.refusals)) == (1, 1, {})
    (stay,) = book.stays()
    assert stay.uid == "r2"
    assert opens(platform, FIRST_RM_ID, "pin", stay.pin or "")


async def test_booking_extended_after_its_departure_time(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Extended at 12:30 for a 12:00 departure: followed, as at the desk.

    A booking changes its stay until the stay's codes are gone (departure +
    margin): the PIN, still at the lock, gets the new expiry.
    """
    booking = Booking("u1", "Ms. Li", (FIRST_RM_ID,), day(0, 14), day(1, 12))
    await book.async_sync_source("src", [booking])
    (stay,) = book.stays()
    pin = stay.pin or ""
    await move(hass, freezer, day(1, 12, 30))
    extended = replace(booking, departure=day(2, 12))
    result = await book.async_sync_source("src", [extended])
    assert (result.updated, result.unchanged, dict(result.refusals)) == (1, 0, {})
    assert (stay.departure, stay.expires) == (day(2, 12), day(2, 13))
    await move(hass, freezer, day(2, 10))
    assert opens(platform, FIRST_RM_ID, "pin", pin)
    # Changed after its departure but not moved on: over, left alone (not
    # checked out: its code works until the margin ends).
    await move(hass, freezer, day(2, 12, 30))
    result = await book.async_sync_source("src", [replace(extended, guest="Li Na")])
    assert result.unchanged == 1
    assert opens(platform, FIRST_RM_ID, "pin", pin)


async def test_the_entrys_booking_sources_feed_its_book(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """A booking source of the entry: its bookings become stays and follow it."""
    desk = await async_add_desk_calendar(hass)
    desk.events = [
        booking_event("b1", "Ms. Li", "1-101", day(0, 14), day(2, 12)),
        booking_event("b2", "Mr. Wu", "1-101", day(1, 14), day(3, 12)),
    ]
    source_id = add_source(hass, stays_entry, source_subentry(DESK))
    await hass.async_block_till_done(wait_background_tasks=True)
    (stay,) = book.stays()
    assert (stay.guest, stay.source, stay.source_id, stay.uid) == (
        "Ms. Li",
        StaySource.BOOKING,
        source_id,
        "b1",
    )
    assert opens(platform, FIRST_RM_ID, "pin", stay.pin or "")
    # The one that overlaps is named in the source's repair issue.
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"booking_source_refused_{source_id}"
    )
    assert issue is not None
    assert "Mr. Wu" in (issue.translation_placeholders or {})["bookings"]
    # Moved by a day at the source: the same slot and PIN, the new window.
    desk.events = [replace(desk.events[0], end=day(3, 12))]
    since = len(platform.log_dicts())
    await async_next_read(hass, freezer)
    ((call, fields),) = gateway_calls(platform, since)
    assert (call, fields["m1"], fields["pwd"], fields["unValid"]) == (
        "GatewayUploadOnline",
        "1",
        stay.pin,
        platform_time(day(3, 13)),
    )


async def test_booking_ended_early_at_its_source(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """The PMS moves the departure to now: checked out, revoked at once, not refused."""
    booking = Booking("u1", "Ms. Li", (FIRST_RM_ID,), day(0, 7), day(2, 12))
    await book.async_sync_source("src", [booking])
    (stay,) = book.stays()
    pin = stay.pin or ""
    await move(hass, freezer, day(1, 9))
    since = len(platform.log_dicts())
    result = await book.async_sync_source(
        "src", [replace(booking, departure=day(1, 9))]
    )
    assert (result.checked_out, result.refusals) == (1, {})
    assert [(c, f["rm_id"]) for c, f in gateway_calls(platform, since)] == [
        ("GatewayStopOnline", FIRST_RM_ID)
    ]
    assert not opens(platform, FIRST_RM_ID, "pin", pin)
    assert stay.checked_out == day(1, 9)
    assert book.stays() == []
    assert stay in book.stays(include_ended=True)
    # Read again: left alone.
    since = len(platform.log_dicts())
    result = await book.async_sync_source(
        "src", [replace(booking, departure=day(1, 9))]
    )
    assert result.unchanged == 1
    assert len(platform.log_dicts()) == since


async def test_every_kind_of_change_costs_one_request_per_credential(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Each change of a pushed booking, and the requests it costs.

    Arrival moved (the lock-side expiry unchanged): none. Shortened: one,
    same slot. A room added: one push there; a room removed: one stop there.
    A booking refused for a clash becomes a stay once the clash is gone.
    """
    booking = Booking("u1", "Ms. Li", (FIRST_RM_ID,), day(0, 14), day(3, 12))
    clash = Booking("u2", "Mr. Wu", (SECOND_RM_ID,), day(1, 14), day(2, 12))
    await book.async_sync_source("src", [booking])
    (stay,) = book.stays()
    pin = stay.pin or ""

    async def sync(*bookings: Booking) -> list[tuple[str, str, str | None]]:
        since = len(platform.log_dicts())
        await book.async_sync_source("src", list(bookings))
        return [
            (call, fields["rm_id"], fields.get("unValid"))
            for call, fields in gateway_calls(platform, since)
        ]

    booking = replace(booking, arrival=day(0, 16))
    assert await sync(booking) == []
    booking = replace(booking, departure=day(2, 12))
    assert await sync(booking) == [
        ("GatewayUploadOnline", FIRST_RM_ID, platform_time(day(2, 13)))
    ]
    booking = replace(booking, room_ids=(FIRST_RM_ID, SECOND_RM_ID))
    assert await sync(booking, clash) == [
        ("GatewayUploadOnline", SECOND_RM_ID, platform_time(day(2, 13)))
    ]
    assert opens(platform, SECOND_RM_ID, "pin", pin)
    # Mr. Wu's booking clashes with the room added: refused, nothing sent.
    result = await book.async_sync_source("src", [booking, clash])
    assert result.refusals["u2"].translation_key == "stay_overlaps"
    booking = replace(booking, room_ids=(FIRST_RM_ID,))
    assert await sync(booking, clash) == [("GatewayStopOnline", SECOND_RM_ID, None)]
    assert not opens(platform, SECOND_RM_ID, "pin", pin)
    # Mr. Wu's stay is made; its PIN waits for arrival - lead time.
    assert sorted(s.guest for s in book.stays()) == ["Mr. Wu", "Ms. Li"]


async def test_booking_claiming_a_held_room_does_not_block_its_holder(
    platform: Platform, book: StayBook
) -> None:
    """A booking refused for a room its holder keeps leaves the holder's change be.

    Earlier in the read, A's move into B's room was checked without B (B
    changes too); B, checked against A's move, was refused, then A against B
    as it stood: both refused on every read. B's extension is followed.
    """
    a = Booking("a", "A", (SECOND_RM_ID,), day(0, 14), day(2, 12))
    b = Booking("b", "B", (FIRST_RM_ID,), day(0, 15), day(2, 12))
    await book.async_sync_source("src", [a, b])
    read = [replace(a, room_ids=(FIRST_RM_ID,)), replace(b, departure=day(3, 12))]
    result = await book.async_sync_source("src", read)
    assert sorted(result.refusals) == ["a"]
    assert result.refusals["a"].translation_key == "stay_overlaps"
    stays = {s.uid: s for s in book.stays()}
    assert stays["b"].departure == day(3, 12)
    assert stays["a"].room_ids == (SECOND_RM_ID,)
