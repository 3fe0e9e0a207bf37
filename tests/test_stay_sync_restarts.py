"""A booking source read into the real stay book: glitches, and restarts mid-change.

The entry's own booking source reads a test calendar into its stay book and
the emulator's locks. A feed that briefly returns nothing, drops a booking
for a read or two, or cannot be read sends nothing and cancels nothing;
a feed left with other events only (blocks) counts its bookings missing. A
restart (a reload of the entry) at any point of a change (after the source
remembered the read but before the stays followed, after the stay was saved
but before the lock had it, in the middle of a cancellation) ends with the
change carried out once: the same slot and PIN, no second stay.
"""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.const import DOMAIN
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform
from tests.bookings_common import (
    DESK,
    DeskCalendar,
    add_source,
    async_add_desk_calendar,
    async_next_read,
    booking_event,
    source_subentry,
)
from tests.stays_common import (
    FIRST_RM_ID,
    day,
    gateway_calls,
    opens,
    platform_time,
    reload,
)


def _event(
    uid: str, guest: str, room: str, arrival: int, departure: int
) -> CalendarEvent:
    return CalendarEvent(
        start=day(arrival, 14),
        end=day(departure, 12),
        summary=f"{guest} - {room}",
        location=room,
        uid=uid,
    )


async def _source(
    hass: HomeAssistant, entry: MockConfigEntry
) -> tuple[DeskCalendar, str]:
    """Add the test calendar as the entry's source, with two bookings, read once."""
    desk = await async_add_desk_calendar(hass)
    desk.events = [
        _event("li", "Ms. Li", "1-101", 0, 2),
        _event("wu", "Mr. Wu", "1-102", 0, 3),
    ]
    source_id = add_source(hass, entry, source_subentry(DESK))
    await hass.async_block_till_done(wait_background_tasks=True)
    return desk, source_id


async def _read_now(entry: MockConfigEntry, reached: asyncio.Event) -> None:
    """Start a read of the entry's source and wait until it reaches ``reached``."""
    sources = entry.runtime_data.bookings
    assert sources is not None
    for reader in sources.readers.values():
        reader.async_schedule_read()
    await reached.wait()


def _by_guest(book: StayBook) -> dict[str, Any]:
    return {stay.guest: stay for stay in book.stays()}


async def test_a_feed_that_glitches_cancels_nothing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """Empty reads, a booking missing twice, failed reads: nothing sent or cancelled."""
    desk, source_id = await _source(hass, stays_entry)
    stays = _by_guest(book)
    assert set(stays) == {"Ms. Li", "Mr. Wu"}
    since = len(platform.log_dicts())
    events = desk.events

    desk.events = []  # the feed briefly empty
    await async_next_read(hass, freezer, 3)
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"booking_source_empty_{source_id}"
    )
    assert issue is not None
    desk.events = events[1:]  # Ms. Li missing twice, then back
    await async_next_read(hass, freezer, 2)
    desk.events = events
    await async_next_read(hass, freezer)
    desk.error = RuntimeError("feed down")  # unreadable three times
    await async_next_read(hass, freezer, 3)
    desk.error = None
    desk.events = events[1:]  # missing once more: counted from zero again
    await async_next_read(hass, freezer, 2)

    assert gateway_calls(platform, since) == []
    assert _by_guest(book) == stays
    assert opens(platform, FIRST_RM_ID, "pin", stays["Ms. Li"].pin or "")
    # The third read in a row without it: cancelled, the PIN stopped.
    await async_next_read(hass, freezer)
    assert [(c, f["rm_id"]) for c, f in gateway_calls(platform, since)] == [
        ("GatewayStopOnline", FIRST_RM_ID)
    ]
    assert set(_by_guest(book)) == {"Mr. Wu"}


async def test_blocks_left_in_the_feed_are_no_glitch(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """Only "Not available" blocks left: the cancelled booking goes after 3 reads.

    An Airbnb listing's only booking is cancelled while the host's blocks
    stay in the feed. A read with events is no empty feed: the booking is
    missing from it, so the 3-missed-reads rule cancels the stay and stops
    its PIN.
    """
    desk = await async_add_desk_calendar(hass)
    block = CalendarEvent(
        start=day(5, 0).date(),
        end=day(9, 0).date(),
        summary="Airbnb (Not available)",
        uid="block",
    )
    desk.events = [booking_event("r1", "Reserved", "", day(0, 14), day(2, 12)), block]
    add_source(hass, stays_entry, source_subentry(DESK, rooms=(FIRST_RM_ID,)))
    await hass.async_block_till_done(wait_background_tasks=True)
    (stay,) = book.stays()
    pin = stay.pin or ""
    assert opens(platform, FIRST_RM_ID, "pin", pin)
    desk.events = [block]  # cancelled on Airbnb
    await async_next_read(hass, freezer, reads=2)
    assert book.stays() == [stay]
    await async_next_read(hass, freezer, reads=2)
    assert book.stays() == []
    assert not opens(platform, FIRST_RM_ID, "pin", pin)


async def test_restart_before_the_stays_follow(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """The read remembered, the book cut off: after the restart the move is made once."""
    desk, _ = await _source(hass, stays_entry)
    li = _by_guest(book)["Ms. Li"]
    (pin,) = li.credentials
    since = len(platform.log_dicts())
    desk.events = [_event("li", "Ms. Li", "1-101", 0, 3), desk.events[1]]
    cut = asyncio.Event()
    sync = StayBook.async_sync_source

    async def cut_off(self: StayBook, *args: Any) -> Any:
        cut.set()
        await asyncio.Event().wait()

    with patch.object(StayBook, "async_sync_source", cut_off):
        await _read_now(stays_entry, cut)
    assert StayBook.async_sync_source is sync
    assert gateway_calls(platform, since) == []

    book = await reload(hass, stays_entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    ((call, fields),) = gateway_calls(platform, since)
    assert (call, fields["m1"], fields["pwd"], fields["unValid"]) == (
        "GatewayUploadOnline",
        str(pin.slot),
        li.pin,
        platform_time(day(3, 13)),
    )
    assert len(book.stays()) == 2


async def test_restart_before_the_lock_has_the_move(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """The moved stay saved, its push cut off: after the restart, pushed in its slot."""
    desk, _ = await _source(hass, stays_entry)
    li = _by_guest(book)["Ms. Li"]
    since = len(platform.log_dicts())
    desk.events = [_event("li", "Ms. Li", "1-101", 0, 3), desk.events[1]]
    client = stays_entry.runtime_data.coordinator.client
    reached = asyncio.Event()

    async def hanging_upload(*args: Any) -> Any:
        reached.set()  # lost on its way: never carried out
        await asyncio.Event().wait()

    with patch.object(client, "gateway_upload_online", hanging_upload):
        await _read_now(stays_entry, reached)
    book = await reload(hass, stays_entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    ((call, fields),) = gateway_calls(platform, since)
    assert (call, fields["m1"], fields["pwd"], fields["unValid"]) == (
        "GatewayUploadOnline",
        "1",
        li.pin,
        platform_time(day(3, 13)),
    )
    (moved,) = [s for s in book.stays() if s.guest == "Ms. Li"]
    assert (moved.stay_id, moved.departure, moved.credentials[0].confirmed) == (
        li.stay_id,
        day(3, 12),
        True,
    )
    # Read again: nothing more to do.
    await async_next_read(hass, freezer)
    assert len(gateway_calls(platform, since)) == 1


async def test_restart_in_the_middle_of_a_cancellation(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """The cancellation saved, the stop cut off: after the restart, stopped once; not made again."""
    desk, _ = await _source(hass, stays_entry)
    li = _by_guest(book)["Ms. Li"]
    code = li.pin or ""
    desk.events = desk.events[1:]
    await async_next_read(hass, freezer, 2)
    since = len(platform.log_dicts())
    client = stays_entry.runtime_data.coordinator.client
    reached = asyncio.Event()

    async def hanging_stop(*args: Any) -> Any:
        reached.set()
        await asyncio.Event().wait()

    with patch.object(client, "gateway_stop_online", hanging_stop):
        await _read_now(stays_entry, reached)
    assert opens(platform, FIRST_RM_ID, "pin", code)
    book = await reload(hass, stays_entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [(c, f["rm_id"]) for c, f in gateway_calls(platform, since)] == [
        ("GatewayStopOnline", FIRST_RM_ID)
    ]
    assert not opens(platform, FIRST_RM_ID, "pin", code)
    assert [s.guest for s in book.stays(include_ended=True)] == ["Mr. Wu"]
    await async_next_read(hass, freezer)
    assert [s.guest for s in book.stays(include_ended=True)] == ["Mr. Wu"]
    assert len(gateway_calls(platform, since)) == 1
