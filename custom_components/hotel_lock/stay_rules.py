"""The rules of stays: the options' times, and the guard rails.

Every stay is checked before anything is stored or sent, whoever makes it
(the desk, the Stays calendar, an action, a booking source): a translated
``ServiceValidationError`` names what is wrong, and nothing happens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from homeassistant.util import dt as dt_util

from .const import (
    CONF_CHECK_IN_TIME,
    CONF_CHECK_OUT_TIME,
    CONF_STAY_ALERT_HOURS,
    CONF_STAY_CREDENTIALS,
    CONF_STAY_LEAD_HOURS,
    CONF_STAY_MARGIN_MINUTES,
    CONF_STAY_PIN_LENGTH,
    DEFAULT_CHECK_IN_TIME,
    DEFAULT_CHECK_OUT_TIME,
    DEFAULT_PIN_LENGTH,
    DEFAULT_STAY_ALERT_HOURS,
    DEFAULT_STAY_CREDENTIALS,
    DEFAULT_STAY_LEAD_HOURS,
    DEFAULT_STAY_MARGIN_MINUTES,
    GUEST_MAX_LENGTH,
)
from .credential_checks import to_the_second
from .credential_record import PIN_SLOT_MAX, CredentialKind, CredentialRecord
from .errors import validation_error
from .stay_model import STAY_KINDS, CredentialState, Stay


@dataclass(frozen=True, slots=True)
class StayOptions:
    """The entry's stay options, with their defaults."""

    kinds: tuple[CredentialKind, ...]
    pin_length: int
    lead: timedelta
    margin: timedelta
    alert: timedelta
    check_in: time
    check_out: time

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> StayOptions:
        """Read the options of a config entry."""
        chosen = set(options.get(CONF_STAY_CREDENTIALS, DEFAULT_STAY_CREDENTIALS))
        return cls(
            kinds=tuple(kind for kind in STAY_KINDS if kind.value in chosen),
            pin_length=int(options.get(CONF_STAY_PIN_LENGTH, DEFAULT_PIN_LENGTH)),
            lead=timedelta(
                hours=options.get(CONF_STAY_LEAD_HOURS, DEFAULT_STAY_LEAD_HOURS)
            ),
            margin=timedelta(
                minutes=options.get(
                    CONF_STAY_MARGIN_MINUTES, DEFAULT_STAY_MARGIN_MINUTES
                )
            ),
            alert=timedelta(
                hours=options.get(CONF_STAY_ALERT_HOURS, DEFAULT_STAY_ALERT_HOURS)
            ),
            check_in=_time_of_day(
                options.get(CONF_CHECK_IN_TIME), DEFAULT_CHECK_IN_TIME
            ),
            check_out=_time_of_day(
                options.get(CONF_CHECK_OUT_TIME), DEFAULT_CHECK_OUT_TIME
            ),
        )

    def push_at(self, stay: Stay) -> datetime:
        """Return when a stay's credentials are pushed (arrival - lead time)."""
        return stay.arrival - self.lead

    def ready_at(self, stay: Stay) -> datetime:
        """Return when a stay's codes may be handed out (arrival - margin)."""
        return stay.arrival - self.margin

    def alert_at(self, stay: Stay) -> datetime:
        """Return when a PIN not at the door is reported (arrival - horizon)."""
        return stay.arrival - self.alert

    def expires(self, departure: datetime) -> datetime:
        """Return the lock-side expiry of a stay's credentials."""
        return departure + self.margin


def _time_of_day(value: Any, default: str) -> time:
    parsed = dt_util.parse_time(str(value or default))
    return parsed or time.fromisoformat(default)


def local_text(value: datetime) -> str:
    """Return a date-time for a message, in HA's time zone, to the minute."""
    return dt_util.as_local(value).strftime("%Y-%m-%d %H:%M")


def check_guest(guest: str) -> str:
    """Return the guest's name trimmed; refuse an empty or overlong one."""
    guest = guest.strip()
    if not 0 < len(guest) <= GUEST_MAX_LENGTH:
        raise validation_error("invalid_guest", max=str(GUEST_MAX_LENGTH))
    return guest


def check_kinds(kinds: Iterable[str]) -> tuple[CredentialKind, ...]:
    """Return the credential kinds of a stay (PIN first); refuse others."""
    chosen = set()
    for kind in kinds:
        try:
            chosen.add(CredentialKind(kind))
        except ValueError:
            raise validation_error("invalid_stay_credentials") from None
    if not chosen or not chosen <= set(STAY_KINDS):
        raise validation_error("invalid_stay_credentials")
    return tuple(kind for kind in STAY_KINDS if kind in chosen)


def check_times(
    arrival: datetime, departure: datetime, now: datetime
) -> tuple[datetime, datetime]:
    """Return arrival and departure to the second; refuse a wrong window.

    The arrival may lie in the past (a guest already in the room); the
    departure must come after it and after now.
    """
    arrival, departure = to_the_second(arrival), to_the_second(departure)
    if departure <= arrival:
        raise validation_error("departure_not_after_arrival")
    if departure <= now:
        raise validation_error("departure_in_past")
    return arrival, departure


def check_room_list(room_ids: Sequence[str]) -> tuple[str, ...]:
    """Return the rooms without repeats, in order; refuse none."""
    rooms = tuple(dict.fromkeys(room_ids))
    if not rooms:
        raise validation_error("stay_without_room")
    return rooms


def check_overlap(
    stays: Iterable[Stay],
    room_id: str,
    room_name: str,
    arrival: datetime,
    departure: datetime,
) -> None:
    """Refuse a stay in a room that another stay holds at that time."""
    for other in stays:
        if other.occupies(room_id, arrival, departure):
            raise validation_error(
                "stay_overlaps",
                room=room_name,
                arrival=local_text(other.arrival),
                departure=local_text(other.end),
            )


def check_free_slot(
    options: StayOptions,
    records: Iterable[CredentialRecord],
    stays: Sequence[Stay],
    room_id: str,
    *,
    room_name: str,
    window: tuple[datetime, datetime],
) -> None:
    """Refuse a stay's PIN in a room whose slots are all taken in its window.

    ``window`` runs from the push to the lock-side expiry. Taken: the PINs
    of the registry not issued for a stay that are still valid when the
    window starts, and one slot for each other stay of the room whose window
    meets this one or that keeps a slot for its PIN (stopped until its push
    time).
    """
    start, end = window
    names = {
        (room_id, c.name)
        for stay in stays
        for c in stay.credentials
        if c.kind is CredentialKind.PIN
    }
    taken = sum(
        1
        for record in records
        if record.room_id == room_id
        and record.kind is CredentialKind.PIN
        and (room_id, record.name) not in names
        and record.valid_until > start
    )
    taken += sum(
        1
        for stay in stays
        if not stay.closed
        and not stay.wiped
        and room_id in stay.room_ids
        and CredentialKind.PIN in stay.kinds
        and (
            (options.push_at(stay) < end and start < stay.expires)
            or _keeps_slot(stay, room_id)
        )
    )
    if taken >= PIN_SLOT_MAX:
        raise validation_error("no_free_slot_for_stay", room=room_name)


def _keeps_slot(stay: Stay, room_id: str) -> bool:
    """Return whether a stay keeps a PIN slot of a room for later."""
    return any(
        c.room_id == room_id
        and c.kind is CredentialKind.PIN
        and c.state is CredentialState.PENDING
        and c.slot is not None
        for c in stay.credentials
    )
