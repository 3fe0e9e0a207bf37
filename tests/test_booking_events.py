"""Tests for mapping calendar events to bookings: rooms, guests, times, identity."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from homeassistant.components.calendar import CalendarEvent
import pytest

from custom_components.hotel_lock.booking_events import (
    Booking,
    RoomMatcher,
    SourceRules,
    map_events,
    reservation_code,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
PACIFIC = ZoneInfo("America/Los_Angeles")
ROOMS = {
    "r101": "1-101",
    "r10": "1-10",
    "r103": "1-103",
    "r201": "2号楼-201",
    "r202": "2号楼-202",
    "rbare": "101",
    "rsuite": "Suite Rose",
}
MATCHER = RoomMatcher(ROOMS)
FIND = SourceRules((), time(14), time(12), SHANGHAI)


def _event(summary: str, **fields: object) -> CalendarEvent:
    fields.setdefault("start", datetime(2026, 12, 2, 14, tzinfo=SHANGHAI))
    fields.setdefault("end", datetime(2026, 12, 4, 12, tzinfo=SHANGHAI))
    fields.setdefault("uid", "uid-1")
    return CalendarEvent(summary=summary, **fields)  # type: ignore[arg-type]


def _one(event: CalendarEvent, rules: SourceRules = FIND) -> Booking:
    mapped = map_events([event], MATCHER, rules)
    assert len(mapped.bookings) == 1, mapped
    return next(iter(mapped.bookings.values()))


@pytest.mark.parametrize(
    ("text", "rooms"),
    [
        ("2号楼-201, 2号楼-202", ("r201", "r202")),
        ("1-101", ("r101",)),
        # Longest names first, whole names only.
        ("1-10 and 1-101", ("r10", "r101")),
        ("1-1010", ()),
        ("Room1-101", ()),
        ("1-101-A", ()),
        ("2号楼-101", ()),
        ("101", ("rbare",)),
        # Full-width digits and dashes, other case, CJK around the name.
        ("\uff11\uff0d\uff11\uff10\uff11", ("r101",)),
        ("suite rose", ("rsuite",)),
        ("房间1-101。", ("r101",)),
        ("1-101/1-103; 1-101", ("r101", "r103")),
        ("", ()),
    ],
)
def test_room_names_found_whole(text: str, rooms: tuple[str, ...]) -> None:
    """Room names are found whole, longest first, each room once, in order."""
    assert MATCHER.find(text) == rooms


def test_no_rooms_find_nothing() -> None:
    """An empty room list finds nothing and strips nothing."""
    matcher = RoomMatcher({"r1": "  "})
    assert matcher.find("1-101") == ()
    assert matcher.without_names(" Mr  Wang ") == "Mr Wang"


def test_equal_names_map_to_the_lower_room_id() -> None:
    """Two rooms whose names compare equal are one name: the lower ID."""
    assert RoomMatcher({"b": "A-1", "a": "a-1"}).find("A-1") == ("a",)


def test_rooms_from_location_then_summary_then_description() -> None:
    """The first field that names a room gives all the rooms it names."""
    both = _event("王先生 - 1-101", location="1-103", description="2号楼-201")
    assert _one(both).room_ids == ("r103",)
    summary = _event("王先生 - 1-101", location="Main building", description="1-103")
    assert _one(summary).room_ids == ("r101",)
    description = _event("王先生", location=None, description="Room 1-103\nGuests 2")
    assert _one(description).room_ids == ("r103",)
    unmatched = map_events([_event("王先生", location="Parking 7")], MATCHER, FIND)
    assert unmatched.bookings == {}
    assert unmatched.without_room == ["uid-1"]


def test_fixed_rooms_take_every_booking() -> None:
    """A fixed-rooms source ignores the names in the text."""
    rules = SourceRules(("r202", "r201"), time(14), time(12), SHANGHAI)
    assert _one(_event("Reserved", location="1-101"), rules).room_ids == (
        "r202",
        "r201",
    )


@pytest.mark.parametrize(
    ("summary", "description", "guest"),
    [
        ("王先生 - 1-101", None, "王先生"),
        ("Smith family - 2号楼-201, 2号楼-202", None, "Smith family"),
        ("1-101 \u2013 Ms. Li", None, "Ms. Li"),
        ("\uff2d\uff52\u3000\uff37\uff41\uff4e\uff47 | 1-101", None, "Mr Wang"),
        (
            "Reserved",
            (
                "Reservation URL: https://www.airbnb.com/hosting/reservations/"
                "details/HMQ7XK2A9P\nPhone Number (Last 4 Digits): 5821"
            ),
            "Reserved HMQ7XK2A9P",
        ),
        ("Reserved", "Booking 000502\nChannel Booking\nGuests 4", "Reserved 000502"),
        ("已预订 - 1-101", "订单号：A-10023\n渠道 携程", "已预订 A-10023"),
        ("Reserved", "Channel Booking\nGuests 4", "Reserved"),
        ("Reserved", None, "Reserved"),
        ("1-101", "Confirmation #77812", "77812"),
        ("1-101", None, "1-101"),
        ("Mr Chen", "Reservation code: XY123", "Mr Chen"),
    ],
)
def test_guest_names(summary: str, description: str | None, guest: str) -> None:
    """The guest is the summary without the rooms; a bare "Reserved" gets its code."""
    event = _event(summary, description=description, location="1-101")
    assert _one(event).guest == guest


def test_reservation_codes() -> None:
    """A code has a digit; words are not codes."""
    assert reservation_code("Guests 4\nBooking Channel") is None
    assert reservation_code(None) is None
    assert reservation_code("Reservation: HX-4471") == "HX-4471"


@pytest.mark.parametrize(
    "summary",
    [
        "Airbnb (Not available)",
        "Not available",
        "CLOSED - Not available",
        "Blocked",
        "blocked - 1-101",
        "1-101 (Unavailable)",
        "Maintenance",
        "不可用",
        "关房 1-101",
        "維修",
    ],
)
def test_blocked_periods_are_not_stays(summary: str) -> None:
    """Markers of blocked periods are skipped, with or without room names."""
    mapped = map_events([_event(summary, location="1-101")], MATCHER, FIND)
    assert mapped.bookings == {}
    assert mapped.not_stays == 1


def test_names_that_only_contain_a_marker_are_stays() -> None:
    """Only a summary that is nothing but a marker is skipped."""
    assert _one(_event("Mr Blocked - 1-101")).guest == "Mr Blocked"


def test_all_day_times_in_the_zone_of_the_rules() -> None:
    """All-day: first day at check-in, exclusive end date at check-out."""
    rules = SourceRules((), time(15, 30), time(11), PACIFIC)
    booking = _one(
        _event(
            "Reserved", start=date(2026, 12, 2), end=date(2026, 12, 5), location="1-101"
        ),
        rules,
    )
    assert booking.arrival == datetime(2026, 12, 2, 15, 30, tzinfo=PACIFIC)
    assert booking.departure == datetime(2026, 12, 5, 11, tzinfo=PACIFIC)
    assert booking.arrival.tzinfo is PACIFIC


def test_timed_events_keep_their_instants() -> None:
    """A timed event in another zone keeps its instants, shown in the rules' zone."""
    rules = SourceRules((), time(14), time(12), PACIFIC)
    booking = _one(_event("王先生 - 1-101"), rules)
    assert booking.arrival == datetime(2026, 12, 2, 6, tzinfo=ZoneInfo("UTC"))
    assert booking.arrival.tzinfo is PACIFIC
    assert booking.departure == datetime(2026, 12, 4, 12, tzinfo=SHANGHAI)


def test_identity_of_events() -> None:
    """UID, plus the recurrence ID of an instance; a stable one without a UID."""
    weekly = [
        _event("Mr Chen - 1-101", uid="weekly", recurrence_id="20261205T140000"),
        _event("Mr Chen - 1-101", uid="weekly", recurrence_id="20261212T140000"),
    ]
    assert list(map_events(weekly, MATCHER, FIND).bookings) == [
        "weekly#20261205T140000",
        "weekly#20261212T140000",
    ]
    first = _one(_event("Walk-in - 1-101", uid=None)).uid
    assert first.startswith("no-uid-")
    assert _one(_event("Walk-in - 1-101", uid=None)).uid == first
    moved = datetime(2026, 12, 3, 14, tzinfo=SHANGHAI)
    assert _one(_event("Walk-in - 1-101", uid=None, start=moved)).uid != first


def test_many_bookings_over_many_rooms() -> None:
    """500 bookings over 200 rooms map one to one, each to its rooms."""
    rooms = {f"id{n}": f"{n // 20 + 1}-{n % 20 + 101}" for n in range(200)}
    matcher = RoomMatcher(rooms)
    events = [
        _event(
            f"Guest {n} - {rooms[f'id{n % 200}']}",
            uid=f"b{n}",
            location=rooms[f"id{n % 200}"],
        )
        for n in range(500)
    ]
    mapped = map_events(events, matcher, FIND)
    assert len(mapped.bookings) == 500
    assert mapped.bookings["b437"].room_ids == ("id37",)
    assert mapped.bookings["b437"].guest == "Guest 437"
