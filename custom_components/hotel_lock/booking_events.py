"""Calendar events as bookings: the rooms, the guest and the times of a stay.

A booking source is a calendar entity. Each of its events is mapped here:

- Events that are not stays are skipped: the summary, without room names, is
  a "not available" or "blocked" marker (Airbnb's "Airbnb (Not available)",
  "Blocked", "CLOSED - Not available", 不可用, 关房, ...).
- Rooms: a fixed-rooms source puts every booking in its rooms. Otherwise the
  platform's room names are looked for in the event's location, then its
  summary, then its description; the first of these that names a room gives
  all the rooms it names. Longer names are tried first and only whole names
  count ("1-10" is not found in "1-101", nor "101" in "2号楼-101").
  Text and names are compared after Unicode NFKC normalisation (full-width
  digits and dashes are the ASCII ones) and without regard to case.
- Guest: the summary without the room names and the separators around them
  ("王先生 - 1-101" → "王先生"). A bare "Reserved" (Airbnb gives no name) gets
  the reservation code of the description when it has one: "Reserved
  HMQ7XK2A9P". A summary that is only room names falls back to the code,
  then to the summary itself.
- Times: an all-day event arrives on its first day at the check-in time and
  departs on its (exclusive) end date at the check-out time, in Home
  Assistant's time zone; a timed event keeps its instants.
- Identity: the event's UID, with the recurrence ID of an instance of a
  recurring event ("uid#20261205T140000"); an event without a UID gets one
  made of its summary and start (a moved event is then a new booking).

The stay book takes a source's bookings through ``StayBookSync``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo
import hashlib
import re
from typing import Protocol
import unicodedata

from homeassistant.components.calendar import CalendarEvent
from homeassistant.exceptions import HomeAssistantError


@dataclass(frozen=True, slots=True)
class Booking:
    """One booking as a source read it."""

    uid: str
    guest: str
    room_ids: tuple[str, ...]
    arrival: datetime
    departure: datetime


class SyncOutcome(Protocol):
    """What the stay book answers to a source's bookings."""

    @property
    def refusals(self) -> Mapping[str, HomeAssistantError]:
        """Return the bookings it did not take: UID → the translated error."""

    @property
    def counts(self) -> Mapping[str, int]:
        """Return how many stays were made, changed, ended, left as they were."""


class StayBookSync(Protocol):
    """The part of the stay book the booking sources use."""

    async def async_sync_source(
        self, source_id: str, bookings: Sequence[Booking]
    ) -> SyncOutcome:
        """Make the stays of a source follow its bookings (the whole set)."""


@dataclass(frozen=True, slots=True)
class SourceRules:
    """How a source's events become bookings."""

    # The rooms of a fixed-rooms source; empty: find room names in the text.
    room_ids: tuple[str, ...]
    check_in: time
    check_out: time
    time_zone: tzinfo


@dataclass(slots=True)
class MappedEvents:
    """The bookings of one read, by UID, and what was left out."""

    bookings: dict[str, Booking] = field(default_factory=dict)
    not_stays: int = 0
    without_room: list[str] = field(default_factory=list)


# Characters that continue a room name: a name found next to one of them is
# part of a longer word, not the room ("1-10" in "1-101").
_NAME_CHARS = r"0-9A-Za-z_\-"
# What separates room names from each other and from the guest's name, after
# NFKC (full-width commas and colons are ASCII then): also en and em dashes.
_SEPARATORS = r"[\s\-\u2013\u2014,、/|:;+&]*"

_NOT_A_STAY = re.compile(
    r"^(?:airbnb|vrbo|booking\.com)?\W*"
    r"(?:not available|unavailable|blocked|closed(?:\W+not available)?|maintenance"
    r"|不可用|不可预订|不可預訂|关房|關房|维修|維修)\W*$",
    re.IGNORECASE,
)
_RESERVED = re.compile(
    r"^(?:reserved|reservation|booked|已预订|已預訂|已预定|已預定|预订|預訂)$",
    re.IGNORECASE,
)
# Reservation codes in a description, most specific first. A code has a digit.
_CODE = r"((?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,})"
_RESERVATION_CODES = (
    # Airbnb: "Reservation URL: https://www.airbnb.com/hosting/reservations/details/HMQ7XK2A9P"
    re.compile(r"/details/([A-Z0-9]{6,})\b"),
    re.compile(
        r"\b(?:reservation|booking|confirmation)\s*(?:code|number|no\.?|id)?"
        rf"\s*[:：#]?\s*{_CODE}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:订单号|訂單號|订单|訂單|预订号|預訂號|确认号|確認號)\s*[:：#]?\s*{_CODE}",
        re.IGNORECASE,
    ),
)


def _normalize(text: str) -> str:
    """Return text as it is compared: NFKC (full-width forms are ASCII)."""
    return unicodedata.normalize("NFKC", text)


class RoomMatcher:
    """Find the platform's room names in text; built once per room list."""

    def __init__(self, names: Mapping[str, str]) -> None:
        """Compile one pattern for all room names (room ID → name).

        Two rooms whose names compare equal are one name: the lower room ID
        wins, so that the choice does not depend on the listing order.
        """
        self._room_by_name: dict[str, str] = {}
        for rm_id, name in sorted(names.items()):
            key = _normalize(name).strip().lower()
            if key:
                self._room_by_name.setdefault(key, rm_id)
        alternatives = "|".join(
            re.escape(name)
            for name in sorted(self._room_by_name, key=len, reverse=True)
        )
        self._names: re.Pattern[str] | None = None
        self._names_and_separators: re.Pattern[str] | None = None
        if alternatives:
            whole = rf"(?<![{_NAME_CHARS}])(?:{alternatives})(?![{_NAME_CHARS}])"
            self._names = re.compile(whole, re.IGNORECASE)
            self._names_and_separators = re.compile(
                rf"{_SEPARATORS}{whole}{_SEPARATORS}", re.IGNORECASE
            )

    def find(self, text: str | None) -> tuple[str, ...]:
        """Return the rooms named in text, in order, each once."""
        if not text or self._names is None:
            return ()
        found = (
            self._room_by_name[match.group().lower()]
            for match in self._names.finditer(_normalize(text))
        )
        return tuple(dict.fromkeys(found))

    def without_names(self, text: str) -> str:
        """Return text without the room names and the separators around them."""
        text = _normalize(text)
        if self._names_and_separators is not None:
            text = self._names_and_separators.sub(" ", text)
        return " ".join(text.split())


def reservation_code(description: str | None) -> str | None:
    """Return the reservation code a description carries, if any."""
    if description:
        for pattern in _RESERVATION_CODES:
            if match := pattern.search(description):
                return match.group(1)
    return None


def guest_name(event: CalendarEvent, name: str, uid: str) -> str:
    """Return the guest (or booking) name of an event.

    ``name`` is the event's summary without its room names.
    """
    if (not name or _RESERVED.match(name)) and (
        code := reservation_code(event.description)
    ):
        name = f"{name} {code}".strip()
    return name or event.summary.strip() or uid


def is_stay(name: str) -> bool:
    """Return whether a summary without room names is a booking's.

    Not: a marker of a blocked period ("Airbnb (Not available)").
    """
    return not _NOT_A_STAY.match(name)


def booking_uid(event: CalendarEvent) -> str:
    """Return the identity of an event: its UID (+ its recurrence ID)."""
    uid = event.uid
    if not uid:
        made = f"{event.summary}|{event.start.isoformat()}".encode()
        uid = f"no-uid-{hashlib.sha256(made).hexdigest()[:20]}"
    if event.recurrence_id:
        return f"{uid}#{event.recurrence_id}"
    return uid


def stay_times(event: CalendarEvent, rules: SourceRules) -> tuple[datetime, datetime]:
    """Return the arrival and the departure of an event."""
    start, end = event.start, event.end
    if isinstance(start, datetime) and isinstance(end, datetime):
        return start.astimezone(rules.time_zone), end.astimezone(rules.time_zone)
    return (
        datetime.combine(start, rules.check_in, tzinfo=rules.time_zone),
        datetime.combine(end, rules.check_out, tzinfo=rules.time_zone),
    )


def event_rooms(
    event: CalendarEvent, matcher: RoomMatcher, rules: SourceRules
) -> tuple[str, ...]:
    """Return the rooms of an event: the fixed ones, or those its text names."""
    if rules.room_ids:
        return rules.room_ids
    for text in (event.location, event.summary, event.description):
        if rooms := matcher.find(text):
            return rooms
    return ()


def map_events(
    events: Iterable[CalendarEvent], matcher: RoomMatcher, rules: SourceRules
) -> MappedEvents:
    """Map a source's events to bookings, leaving out what is not a stay."""
    mapped = MappedEvents()
    for event in events:
        name = matcher.without_names(event.summary)
        if not is_stay(name):
            mapped.not_stays += 1
            continue
        uid = booking_uid(event)
        if not (room_ids := event_rooms(event, matcher, rules)):
            mapped.without_room.append(uid)
            continue
        arrival, departure = stay_times(event, rules)
        mapped.bookings[uid] = Booking(
            uid=uid,
            guest=guest_name(event, name, uid),
            room_ids=room_ids,
            arrival=arrival,
            departure=departure,
        )
    return mapped
