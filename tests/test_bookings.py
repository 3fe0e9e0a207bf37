"""Tests for booking sources: reading calendars into the stay book.

The book is a fake that records what each source handed it. Calendars are a
test calendar entity (events, availability and errors set by the test) and,
for the feeds as hosts get them, core's Remote calendar fetching a feed from
a server on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
import logging
from unittest.mock import patch
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import CalendarEvent
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.hotel_lock.booking_events import Booking
from custom_components.hotel_lock.booking_reader import READ_TIMEOUT
from custom_components.hotel_lock.bookings import async_setup_booking_sources
from custom_components.hotel_lock.const import (
    CONF_BOOKING_READ_INTERVAL,
    CONF_CHECK_IN_TIME,
    CONF_CHECK_OUT_TIME,
    DOMAIN,
)
from simulator.platform import Platform

from .booking_feeds import AIRBNB, PMS, FeedServer, feed, vcalendar
from .bookings_common import (
    DESK,
    DeskCalendar,
    FakeBook,
    add_source,
    async_add_desk_calendar,
    async_add_remote_calendar,
    async_next_read,
    source_subentry,
)

NOW = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
FIRST_DAY = date(2027, 3, 3)
SHANGHAI = ZoneInfo("Asia/Shanghai")
PMS_WANG = "res-20261202-000481@pms.example"
PMS_SMITH = "res-20261203-000502@pms.example"


@pytest.fixture(autouse=True)
def entry_sources_left_to_the_test() -> Iterator[None]:
    """Keep the entry from reading booking sources into its own stay book.

    Each test starts the sources of the entry with a fake book instead.
    """
    with patch("custom_components.hotel_lock.async_setup_booking_sources"):
        yield


@pytest.fixture(autouse=True)
def frozen(freezer: FrozenDateTimeFactory) -> None:
    """Freeze the clock at a fixed now; the feeds' dates follow it."""
    freezer.move_to(NOW)


@pytest.fixture
def platform(platform: Platform) -> Platform:
    """Add the rooms of the PMS feed to the emulator's 1-101 ... 1-105."""
    platform.add_room("2号楼-201")
    platform.add_room("2号楼-202")
    return platform


@pytest.fixture
def rooms(platform: Platform) -> dict[str, str]:
    """Return the room IDs by name."""
    return {room.rm_name: rm_id for rm_id, room in platform.rooms.items()}


@pytest.fixture
async def feed_server(socket_enabled: None) -> AsyncIterator[FeedServer]:
    """Serve the PMS feed, its first stay the day after tomorrow."""
    server = FeedServer(feed(PMS, FIRST_DAY))
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def remote(hass: HomeAssistant, feed_server: FeedServer) -> str:
    """Add the feed through core's Remote calendar; return its entity ID."""
    return await async_add_remote_calendar(hass, feed_server.url)


@pytest.fixture
async def desk(hass: HomeAssistant) -> DeskCalendar:
    """Add the test calendar."""
    return await async_add_desk_calendar(hass)


def _stay(
    uid: str, summary: str, day: int, nights: int = 2, location: str | None = None
) -> CalendarEvent:
    """Return a timed event from 14:00 on day ``day`` after today, to 12:00."""
    arrival = dt_util.start_of_local_day() + timedelta(days=day, hours=14)
    return CalendarEvent(
        start=arrival,
        end=arrival + timedelta(days=nights, hours=-2),
        summary=summary,
        location=location,
        uid=uid,
    )


async def _start(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    book: FakeBook,
    subentry_calendar: str = DESK,
    rooms: tuple[str, ...] = (),
) -> str:
    """Add a booking source and start the entry's sources; return its ID."""
    source_id = add_source(hass, entry, source_subentry(subentry_calendar, rooms))
    await async_setup_booking_sources(hass, entry, entry.runtime_data.coordinator, book)
    await hass.async_block_till_done(wait_background_tasks=True)
    return source_id


def _issue(hass: HomeAssistant, issue: str, source_id: str) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{issue}_{source_id}")


def _warnings(caplog: pytest.LogCaptureFixture, text: str) -> int:
    return sum(
        text in record.getMessage() and record.levelno == logging.WARNING
        for record in caplog.records
    )


async def test_pms_feed_finds_rooms_in_the_text(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    remote: str,
    rooms: dict[str, str],
) -> None:
    """The PMS feed: rooms from LOCATION, guests from SUMMARY, TZID instants.

    The cancelled booking is not among them (calendars leave it out).
    """
    book = FakeBook()
    source_id = await _start(hass, init_integration, book, remote)
    assert [source for source, _ in book.syncs] == [source_id]
    assert book.last() == {
        PMS_WANG: Booking(
            uid=PMS_WANG,
            guest="王先生",
            room_ids=(rooms["1-101"],),
            arrival=datetime(2027, 3, 3, 14, tzinfo=SHANGHAI),
            departure=datetime(2027, 3, 5, 12, tzinfo=SHANGHAI),
        ),
        PMS_SMITH: Booking(
            uid=PMS_SMITH,
            guest="Smith family",
            room_ids=(rooms["2号楼-201"], rooms["2号楼-202"]),
            arrival=datetime(2027, 3, 4, 15, tzinfo=SHANGHAI),
            departure=datetime(2027, 3, 7, 11, tzinfo=SHANGHAI),
        ),
    }


@pytest.mark.parametrize(
    ("options", "check_in", "check_out"),
    [
        ({}, (14, 0), (12, 0)),
        (
            {CONF_CHECK_IN_TIME: "15:30:00", CONF_CHECK_OUT_TIME: "11:00:00"},
            (15, 30),
            (11, 0),
        ),
    ],
)
async def test_airbnb_listing_for_fixed_rooms(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    remote: str,
    feed_server: FeedServer,
    rooms: dict[str, str],
    *,
    options: dict[str, str],
    check_in: tuple[int, int],
    check_out: tuple[int, int],
) -> None:
    """Airbnb's export: all-day bookings at the check-in and check-out times.

    The host's "Airbnb (Not available)" block is no stay; a bare "Reserved"
    keeps the reservation code; the times are in Home Assistant's zone.
    """
    hass.config_entries.async_update_entry(init_integration, options=options)
    feed_server.ics = feed(AIRBNB, FIRST_DAY)
    book = FakeBook()
    await _start(hass, init_integration, book, remote, (rooms["1-102"],))
    zone = dt_util.get_default_time_zone()

    def at(day: int, hour_minute: tuple[int, int]) -> datetime:
        return datetime(2027, 3, day, *hour_minute, tzinfo=zone)

    assert [
        (b.guest, b.room_ids, b.arrival, b.departure) for b in book.syncs[-1][1]
    ] == [
        ("Reserved HMQ7XK2A9P", (rooms["1-102"],), at(3, check_in), at(6, check_out)),
        ("Reserved HMZ3PL8W1C", (rooms["1-102"],), at(6, check_in), at(9, check_out)),
    ]


async def test_remote_calendar_fetched_at_every_read(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    remote: str,
    feed_server: FeedServer,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A Remote calendar is refreshed before each read, so changes show in minutes."""
    book = FakeBook()
    fetched = feed_server.requests
    await _start(hass, init_integration, book, remote)
    assert feed_server.requests == fetched + 1
    feed_server.ics = feed_server.ics.replace("王先生", "王先生 (2 guests)")
    await async_next_read(hass, freezer)
    assert feed_server.requests == fetched + 2
    assert book.last()[PMS_WANG].guest == "王先生 (2 guests)"


async def test_remote_calendar_read_when_its_refresh_fails(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    remote: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Without its coordinator at hand, a Remote calendar is refreshed by the action.

    A refresh that raises then is no failed read while the calendar is
    available.
    """

    async def refuse(call: ServiceCall) -> None:
        raise HomeAssistantError("no refresh now")

    hass.services.async_register("homeassistant", "update_entity", refuse)
    (remote_entry,) = hass.config_entries.async_entries("remote_calendar")
    coordinator = remote_entry.runtime_data
    remote_entry.runtime_data = None
    try:
        book = FakeBook()
        await _start(hass, init_integration, book, remote)
    finally:
        remote_entry.runtime_data = coordinator
    assert set(book.last()) == {PMS_WANG, PMS_SMITH}
    assert "Refreshing calendar.pms_bookings failed: no refresh now" in caplog.text


async def test_remote_feed_that_fails_counts_nothing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    remote: str,
    feed_server: FeedServer,
    freezer: FrozenDateTimeFactory,
    *,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A feed answering HTTP 500 makes the calendar unavailable: a failed read."""
    book = FakeBook()
    source_id = await _start(hass, init_integration, book, remote)
    feed_server.status = 500
    await async_next_read(hass, freezer, 3)
    assert len(book.syncs) == 1
    assert (
        _warnings(caplog, "cannot be read (calendar.pms_bookings is unavailable)") == 1
    )
    issue = _issue(hass, "booking_source_unreadable", source_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "source": "Front desk",
        "calendar": remote,
    }
    # The feed is back without Mr Wang's booking: the failed reads counted
    # nothing, so it is missing from one read only.
    feed_server.status = 200
    feed_server.ics = feed_server.ics.replace(PMS_WANG, "res-other@pms.example")
    await async_next_read(hass, freezer)
    assert PMS_WANG in book.last()
    assert _issue(hass, "booking_source_unreadable", source_id) is None


async def test_booking_dropped_after_three_reads_without_it(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A booking gone from the calendar is handed on until 3 reads missed it."""
    desk.events = [_stay("a", "Ms. Li - 1-101", 2), _stay("b", "Mr. Wu - 1-102", 3)]
    book = FakeBook()
    await _start(hass, init_integration, book)
    kept = book.last()["a"]
    desk.events = desk.events[1:]
    await async_next_read(hass, freezer, 2)
    assert [
        set(bookings)
        for _, bookings in [(s, {b.uid for b in bs}) for s, bs in book.syncs]
    ] == [
        {"a", "b"},
        {"a", "b"},
        {"a", "b"},
    ]
    assert book.last()["a"] == kept
    await async_next_read(hass, freezer)
    assert set(book.last()) == {"b"}
    # Gone for good: later reads do not bring it back.
    await async_next_read(hass, freezer)
    assert set(book.last()) == {"b"}


async def test_booking_back_before_the_third_read_counts_again(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A booking read again before it is dropped starts counting from zero."""
    first, second = _stay("a", "Ms. Li - 1-101", 2), _stay("b", "Mr. Wu - 1-102", 3)
    desk.events = [first, second]
    book = FakeBook()
    await _start(hass, init_integration, book)
    desk.events = [second]
    await async_next_read(hass, freezer, 2)
    desk.events = [first, second]
    await async_next_read(hass, freezer)
    desk.events = [second]
    await async_next_read(hass, freezer, 2)
    assert set(book.last()) == {"a", "b"}
    await async_next_read(hass, freezer)
    assert set(book.last()) == {"b"}


async def test_changed_bookings_reach_the_book(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
    rooms: dict[str, str],
) -> None:
    """Moved, shortened, extended and re-roomed bookings reach the book at once."""
    desk.events = [
        _stay("moved", "A - 1-101", 2),
        _stay("shortened", "B - 1-102", 2, nights=4),
        _stay("extended", "C - 1-103", 2),
        _stay("rooms", "D - 1-104", 2),
    ]
    book = FakeBook()
    await _start(hass, init_integration, book)
    before = book.last()
    desk.events = [
        _stay("moved", "A - 1-101", 3),
        _stay("shortened", "B - 1-102", 2, nights=2),
        _stay("extended", "C - 1-103", 2, nights=5),
        _stay("rooms", "D - 1-104, 1-105", 2),
    ]
    await async_next_read(hass, freezer)
    after = book.last()
    day = timedelta(days=1)
    assert after["moved"].arrival == before["moved"].arrival + day
    assert after["moved"].departure == before["moved"].departure + day
    assert after["shortened"].departure == before["shortened"].departure - 2 * day
    assert after["extended"].departure == before["extended"].departure + 3 * day
    assert after["rooms"].room_ids == (rooms["1-104"], rooms["1-105"])
    assert after["shortened"].arrival == before["shortened"].arrival


async def test_read_without_bookings_is_a_glitch(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No events at all while the source held bookings: nothing counted, one warning.

    The repair issue names the source and goes once a read has bookings.
    """
    stays = [_stay("a", "Ms. Li - 1-101", 2), _stay("b", "Mr. Wu - 1-102", 3)]
    desk.events = stays
    book = FakeBook()
    source_id = await _start(hass, init_integration, book)
    desk.events = []
    await async_next_read(hass, freezer, 5)
    assert len(book.syncs) == 1
    assert _warnings(caplog, "returned no bookings while it holds 2") == 1
    issue = _issue(hass, "booking_source_empty", source_id)
    assert issue is not None
    assert issue.translation_key == "booking_source_empty"
    assert issue.translation_placeholders == {"source": "Front desk", "bookings": "2"}
    # Back with one of the two: the other is missing from one read only.
    desk.events = stays[1:]
    await async_next_read(hass, freezer)
    assert set(book.last()) == {"a", "b"}
    assert _issue(hass, "booking_source_empty", source_id) is None
    await async_next_read(hass, freezer, 2)
    assert set(book.last()) == {"b"}


async def test_first_read_without_bookings_is_taken(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
) -> None:
    """A new source with no bookings yet is no glitch: the book hears of it."""
    book = FakeBook()
    source_id = await _start(hass, init_integration, book)
    assert book.syncs == [(source_id, [])]
    assert _issue(hass, "booking_source_empty", source_id) is None


@pytest.mark.parametrize(
    "error",
    [HomeAssistantError("calendar broken"), ValueError("bad event"), None],
)
async def test_failed_reads_count_nothing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    *,
    error: Exception | None,
) -> None:
    """A calendar that raises or is unavailable: no sync, one warning, an issue at 3."""
    desk.events = [_stay("a", "Ms. Li - 1-101", 2), _stay("b", "Mr. Wu - 1-102", 3)]
    book = FakeBook()
    source_id = await _start(hass, init_integration, book)
    desk.events = desk.events[1:]
    desk.error = error
    if error is None:
        desk._attr_available = False
    await async_next_read(hass, freezer, 2)
    assert _issue(hass, "booking_source_unreadable", source_id) is None
    await async_next_read(hass, freezer, 2)
    assert len(book.syncs) == 1
    assert _warnings(caplog, "Booking source Front desk cannot be read") == 1
    assert _issue(hass, "booking_source_unreadable", source_id) is not None
    desk.error = None
    desk._attr_available = True
    await async_next_read(hass, freezer, 2)
    assert "a" in book.last()
    assert _issue(hass, "booking_source_unreadable", source_id) is None
    assert "Booking source Front desk can be read again" in caplog.text


async def test_missing_calendar_is_a_failed_read(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A calendar entity that does not exist (or no calendar at all) fails reads."""
    book = FakeBook()
    source_id = await _start(hass, init_integration, book, "calendar.gone")
    await async_next_read(hass, freezer, 2)
    assert book.syncs == []
    assert "cannot be read (calendar.gone does not exist)" in caplog.text
    issue = _issue(hass, "booking_source_unreadable", source_id)
    assert issue is not None
    assert issue.translation_placeholders["calendar"] == "calendar.gone"


async def test_read_that_hangs_is_a_failed_read(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A read that takes too long is given up and counts nothing.

    The interval passing during the read (here 1 minute) starts no second one.
    """
    hass.config_entries.async_update_entry(
        init_integration, options={CONF_BOOKING_READ_INTERVAL: 1}
    )
    desk.hang = True
    book = FakeBook()
    add_source(hass, init_integration, source_subentry(DESK))
    await async_setup_booking_sources(
        hass, init_integration, init_integration.runtime_data.coordinator, book
    )
    await hass.async_block_till_done()
    freezer.tick(READ_TIMEOUT - 1)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert desk.reads == 1
    assert "cannot be read" not in caplog.text
    freezer.tick(2)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert book.syncs == []
    assert "Booking source Front desk cannot be read (TimeoutError)" in caplog.text


async def test_bookings_that_ended(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Over when first read: never handed on. Out of the read window: forgotten.

    A source whose last booking left the window is no glitch.
    """
    desk.events = [
        _stay("over", "Ms. Li - 1-101", -2, nights=2),
        _stay("a", "Mr. Wu - 1-102", 1),
    ]
    book = FakeBook()
    source_id = await _start(hass, init_integration, book)
    assert set(book.last()) == {"a"}
    freezer.tick(timedelta(days=2, hours=22))
    await async_next_read(hass, freezer)
    # Departed yesterday evening: still in the window, still handed on.
    assert set(book.last()) == {"a"}
    freezer.tick(timedelta(days=1))
    desk.events = []
    await async_next_read(hass, freezer)
    assert book.last() == {}
    assert _issue(hass, "booking_source_empty", source_id) is None


async def test_recurring_booking_instances(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    remote: str,
    feed_server: FeedServer,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each instance of a recurring event is a booking of its own (UID + recurrence ID)."""
    feed_server.ics = vcalendar(
        "UID:weekly-chen@pms.example\n"
        "DTSTART;TZID=Asia/Shanghai:20270305T180000\n"
        "DTEND;TZID=Asia/Shanghai:20270307T120000\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\n"
        "SUMMARY:Mr Chen - 1-104\n"
        "LOCATION:1-104"
    )
    book = FakeBook()
    await _start(hass, init_integration, book, remote)
    first = datetime(2027, 3, 5, 18, tzinfo=SHANGHAI)
    arrivals = [first + timedelta(weeks=week) for week in range(3)]
    assert {
        uid: (booking.guest, booking.arrival) for uid, booking in book.last().items()
    } == {
        f"weekly-chen@pms.example#{arrival:%Y%m%dT%H%M%S}": ("Mr Chen", arrival)
        for arrival in arrivals
    }


async def test_room_names_follow_the_room_list(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A room added on the platform is found from the next poll on."""
    desk.events = [_stay("a", "Ms. Li - Garden villa", 2)]
    book = FakeBook()
    await _start(hass, init_integration, book)
    assert book.last() == {}
    villa = platform.add_room("Garden villa")
    freezer.tick(timedelta(seconds=60))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_next_read(hass, freezer)
    assert book.last()["a"].room_ids == (villa.rm_id,)
    assert book.last()["a"].guest == "Ms. Li"


async def test_other_calendars_are_not_refreshed(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
) -> None:
    """Only a Remote calendar is asked to refresh; others are read as they are."""
    refreshes = async_mock_service(hass, "homeassistant", "update_entity")
    desk.events = [_stay("a", "Ms. Li - 1-101", 2)]
    book = FakeBook()
    await _start(hass, init_integration, book)
    assert set(book.last()) == {"a"}
    assert refreshes == []
