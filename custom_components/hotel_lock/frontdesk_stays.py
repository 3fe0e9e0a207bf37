"""What the Front desk shows of stays: summaries, a room's stays, codes.

Built from the entry's stay book (``runtime_data.stays``) for the live feed
(a room's stay in progress, its next arrival, arrivals and departures today
in Home Assistant's time zone, a code that did not reach its door) and for
the stay commands. Guests' names go to administrators only (every command is
theirs); codes only through ``stay/create`` and ``stay/codes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
import re
from typing import Any

from homeassistant.util import dt as dt_util

from .credential_core import iso
from .credential_record import CredentialKind, CredentialRecord
from .platform_answers import Room
from .stay_model import Stay, StaySource, StayStatus
from .stays import StayBook

# The registry name of a stay's credentials (stay_work.credential_name).
STAY_NAME = re.compile(r"Stay (?P<stay_id>\S+)(?: #\d+)?")


def stay_summary(book: StayBook, stay: Stay, at: datetime) -> dict[str, Any]:
    """Return a stay as the room tiles show it."""
    return {
        "stay_id": stay.stay_id,
        "entry_id": book.entry.entry_id,
        "guest": stay.guest,
        "arrival": iso(stay.arrival),
        "departure": iso(stay.end),
        "room_ids": list(stay.room_ids),
        "room_names": [book.room_name(room_id) for room_id in stay.room_ids],
        "status": book.status(stay, at).value,
    }


def stay_payload(book: StayBook, stay: Stay, at: datetime) -> dict[str, Any]:
    """Return a stay with its credentials, as a room's card shows it."""
    source_name = None
    if stay.source is StaySource.BOOKING and stay.source_id:
        subentry = book.entry.subentries.get(stay.source_id)
        source_name = None if subentry is None else subentry.title
    return {
        **stay_summary(book, stay, at),
        "source": stay.source.value,
        "source_name": source_name,
        "kinds": [kind.value for kind in stay.kinds],
        "codes_available": not (stay.closed or stay.wiped),
        "editable": stay.editable and not (stay.closed or stay.wiped),
        "card_authorized_at": iso(stay.card_authorized_at),
        "credentials": [
            {
                "room_id": credential.room_id,
                "room_name": book.room_name(credential.room_id),
                "kind": credential.kind.value,
                "confirmed": credential.confirmed,
                "valid_until": iso(credential.valid_until),
                "error": credential.error,
            }
            for credential in stay.credentials
        ],
    }


def room_stay_list(book: StayBook, room: Room, at: datetime) -> list[Stay]:
    """Return a room's current and coming stays, and those ended today, newest first."""
    today = dt_util.as_local(at).date()
    return sorted(
        (
            stay
            for stay in book.stays(room_id=room.rm_id, include_ended=True)
            if book.status(stay, at) is not StayStatus.ENDED
            or dt_util.as_local(stay.end).date() == today
        ),
        key=lambda stay: stay.arrival,
        reverse=True,
    )


def card_stay(
    book: StayBook,
    room_id: str,
    valid_from: datetime | None,
    valid_until: datetime | None,
) -> Stay | None:
    """Return the stay a card of a room was written for (its window says it)."""
    if valid_from is None or valid_until is None:
        return None
    return next(
        (
            stay
            for stay in book.stays(room_id=room_id, include_ended=True)
            if stay.card_authorized_at == valid_from and stay.expires == valid_until
        ),
        None,
    )


def shown_name(book: StayBook, name: str | None) -> str | None:
    """Return a credential's name as the staff know it: a stay's is its guest."""
    if name and (match := STAY_NAME.fullmatch(name)):
        return book.guest(match["stay_id"]) or name
    return name


def stay_of_record(book: StayBook, record: CredentialRecord) -> str | None:
    """Return the ID of the stay a credential was issued for, if any."""
    for stay in book.stays(room_id=record.room_id, include_ended=True):
        if record.kind is CredentialKind.CARD:
            if (stay.card_authorized_at, stay.expires) == (
                record.valid_from,
                record.valid_until,
            ):
                return stay.stay_id
        elif any(c.credential_id == record.credential_id for c in stay.credentials):
            return stay.stay_id
    return None


@dataclass(slots=True)
class RoomStays:
    """What the stays say of one room."""

    stay: dict[str, Any] | None = None
    next_stay: dict[str, Any] | None = None
    arrival_today: bool = False
    departure_today: bool = False
    problems: list[dict[str, Any]] = field(default_factory=list)


def room_stays(book: StayBook, at: datetime) -> dict[str, RoomStays]:
    """Return, per room ID, its stay in progress, next arrival, today and problems."""
    today = dt_util.as_local(at).date()
    rooms: dict[str, RoomStays] = {}
    for stay in book.stays(include_ended=True):
        status = book.status(stay, at)
        arrives_today = dt_util.as_local(stay.arrival).date() == today
        leaves_today = dt_util.as_local(stay.end).date() == today
        if status is StayStatus.ENDED and not leaves_today:
            continue
        for room_id in stay.room_ids:
            room = rooms.setdefault(room_id, RoomStays())
            room.arrival_today |= arrives_today
            room.departure_today |= leaves_today
            if status is StayStatus.IN_PROGRESS and room.stay is None:
                room.stay = stay_summary(book, stay, at)
            elif stay.arrival > at and room.next_stay is None:
                room.next_stay = stay_summary(book, stay, at)
            if status is not StayStatus.ENDED and any(
                c.room_id == room_id and c.error and not c.confirmed
                for c in stay.credentials
            ):
                room.problems.append(
                    {"key": "code_undelivered", "placeholders": {"guest": stay.guest}}
                )
    return rooms


def next_change(book: StayBook, at: datetime) -> datetime | None:
    """Return when the rooms' stays next change by time alone.

    An arrival, an end, the moment a stay's codes may be handed out, or
    midnight (what is "today" moves on) while there are stays.
    """
    stays = book.stays(include_ended=True)
    if not stays:
        return None
    local = dt_util.as_local(at)
    midnight = dt_util.start_of_local_day(local.date() + timedelta(days=1))
    return min(
        [
            moment
            for stay in stays
            for moment in (stay.arrival, stay.end, book.options.ready_at(stay))
            if moment > at
        ],
        default=midnight,
    )
