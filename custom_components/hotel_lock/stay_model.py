"""What a stay is, and how the stays of an entry are stored.

A stay is a guest (or booking) name, one or more rooms of one config entry,
an arrival and a departure (a booking source hands the book ``Booking``s,
defined with the sources in ``booking_events``). Its credentials (``StayCredential``) are what the
stay wants at each door: one PIN drawn per stay (the same code on every door,
each room its own slot) and/or an offline password per room. The stay book
(``stays.StayBook``) decides, the worker (``stay_work``) carries it out
through the credential desk; this module only holds the values and their
storage: a versioned private ``Store`` (``hotel_lock.<entry_id>.stays``,
written atomically) that keeps the drawn PIN and the offline passwords until
the stay is over (then they are wiped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER
from .credential_record import CredentialKind

STORAGE_VERSION: Final = 1
STORAGE_MINOR_VERSION: Final = 1

# The kinds a stay can hold: a PIN drawn for the stay, offline passwords.
STAY_KINDS: Final = (CredentialKind.PIN, CredentialKind.OFFLINE_PASSWORD)
# Ended stays stay on the calendar (and keep a booking source from making
# them again) this long after their departure, without codes.
HISTORY: Final = timedelta(days=30)


class StaySource(StrEnum):
    """Where a stay was made."""

    DESK = "desk"
    CALENDAR = "calendar"
    BOOKING = "booking"


class StayStatus(StrEnum):
    """Where a stay is in its life."""

    UPCOMING = "upcoming"
    READY = "ready"
    IN_PROGRESS = "in_progress"
    ENDED = "ended"
    CANCELLED = "cancelled"


class CredentialState(StrEnum):
    """What a stay's credential is waiting for."""

    PENDING = "pending"  # to be issued (or issued again: a new expiry)
    CONFIRMED = "confirmed"  # at the lock (or generated) with its expiry
    REVOKING = "revoking"  # to be revoked (check-out, room removed, replaced)


@dataclass(frozen=True, slots=True)
class StayCode:
    """A code of a stay, for the guest: never stored outside the stay."""

    room_id: str
    room_name: str
    kind: CredentialKind
    code: str
    valid_until: datetime
    confirmed: bool

    def as_dict(self) -> dict[str, Any]:
        """Return the code as the actions and the Front desk answer it."""
        return {
            "room_id": self.room_id,
            "room_name": self.room_name,
            "kind": self.kind.value,
            "code": self.code,
            "valid_until": dt_util.as_local(self.valid_until).isoformat(),
            "confirmed": self.confirmed,
        }


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What the book did with a source's bookings.

    ``refusals``: the bookings it did not take (guard rails), by UID, with
    the translated error.
    """

    created: int = 0
    updated: int = 0
    checked_out: int = 0
    cancelled: int = 0
    unchanged: int = 0
    refusals: Mapping[str, HomeAssistantError] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """Return how many stays were made, changed, ended, left as they were."""
        return {
            "created": self.created,
            "updated": self.updated,
            "checked_out": self.checked_out,
            "cancelled": self.cancelled,
            "unchanged": self.unchanged,
        }


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse(value: str | None) -> datetime | None:
    if value is None:
        return None
    if (parsed := dt_util.parse_datetime(value)) is None or parsed.tzinfo is None:
        raise ValueError("Invalid date-time in storage")
    return parsed


def _parse_required(value: str) -> datetime:
    if (parsed := _parse(value)) is None:
        raise ValueError("Missing date-time in storage")
    return parsed


@dataclass(slots=True, kw_only=True)
class StayCredential:
    """A credential a stay wants, or has, at one door.

    ``name`` is its name in the credential registry (the desk finds a PIN's
    slot by it, so a PIN pushed again lands in the same slot). ``secret`` is
    an offline password (a PIN's code is the stay's). ``issued_until`` is the
    expiry the lock has, once issued (an offline password is revoked with
    it). A failure keeps ``error`` (its translation key) and the time of the
    next attempt; ``fallback`` marks an offline password generated because
    the PIN had not reached the door in time. ``not_before``: a code the
    guest already knows waits for the stay before it in the room to end.
    """

    room_id: str
    kind: CredentialKind
    name: str
    valid_until: datetime
    state: CredentialState = CredentialState.PENDING
    secret: str | None = None
    slot: int | None = None
    credential_id: str | None = None
    issued_until: datetime | None = None
    fallback: bool = False
    attempts: int = 0
    retry_at: datetime | None = None
    error: str | None = None
    not_before: datetime | None = None

    @property
    def confirmed(self) -> bool:
        """Return whether the lock has it with the expiry it should have."""
        return self.state is CredentialState.CONFIRMED

    def as_stored(self) -> dict[str, Any]:
        """Return the credential as written to storage."""
        return {
            "room_id": self.room_id,
            "kind": self.kind.value,
            "name": self.name,
            "valid_until": self.valid_until.isoformat(),
            "state": self.state.value,
            "secret": self.secret,
            "slot": self.slot,
            "credential_id": self.credential_id,
            "issued_until": _time(self.issued_until),
            "fallback": self.fallback,
            "attempts": self.attempts,
            "retry_at": _time(self.retry_at),
            "error": self.error,
            "not_before": _time(self.not_before),
        }

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> StayCredential:
        """Build a credential from storage; raises on broken data."""
        slot = data.get("slot")
        return cls(
            room_id=str(data["room_id"]),
            kind=CredentialKind(data["kind"]),
            name=str(data["name"]),
            valid_until=_parse_required(data["valid_until"]),
            state=CredentialState(data.get("state", CredentialState.PENDING)),
            secret=data.get("secret"),
            slot=None if slot is None else int(slot),
            credential_id=data.get("credential_id"),
            issued_until=_parse(data.get("issued_until")),
            fallback=bool(data.get("fallback", False)),
            attempts=int(data.get("attempts", 0)),
            retry_at=_parse(data.get("retry_at")),
            error=data.get("error"),
            not_before=_parse(data.get("not_before")),
        )


@dataclass(slots=True, kw_only=True)
class Stay:
    """A guest's stay in one or more rooms.

    ``expires`` is the lock-side expiry of its credentials (departure +
    margin at its last change). ``checked_out`` is set by an early
    check-out; ``cancelled`` by a cancellation (the stay is forgotten once
    everything it issued is revoked); ``wiped`` once the stay is over and its
    codes are gone. ``announced`` holds the credential IDs the guest was
    told of (the ready event), ``alerted`` the rooms with a repair issue
    about a code that did not reach the door.
    """

    stay_id: str
    guest: str
    room_ids: tuple[str, ...]
    arrival: datetime
    departure: datetime
    expires: datetime
    kinds: tuple[CredentialKind, ...]
    pin_length: int
    created: datetime
    source: StaySource = StaySource.DESK
    source_id: str | None = None
    uid: str | None = None
    pin: str | None = None
    checked_out: datetime | None = None
    cancelled: bool = False
    wiped: bool = False
    card_authorized_at: datetime | None = None
    announced: tuple[str, ...] = ()
    alerted: tuple[str, ...] = ()
    offline_generation: int = 0
    credentials: list[StayCredential] = field(default_factory=list)

    @property
    def end(self) -> datetime:
        """Return when the stay ends: its departure, or the early check-out."""
        if self.checked_out is None:
            return self.departure
        return max(self.arrival, min(self.departure, self.checked_out))

    @property
    def closed(self) -> bool:
        """Return whether the stay was checked out or cancelled."""
        return self.cancelled or self.checked_out is not None

    @property
    def editable(self) -> bool:
        """Return whether the stay may be changed here (not at a source)."""
        return self.source is not StaySource.BOOKING

    def status(self, now: datetime, ready_at: datetime) -> StayStatus:
        """Return the stay's status at a moment."""
        if self.cancelled or (
            self.checked_out is not None and self.checked_out <= self.arrival
        ):
            return StayStatus.CANCELLED
        if self.checked_out is not None or self.wiped or now >= self.departure:
            return StayStatus.ENDED
        if now >= self.arrival:
            return StayStatus.IN_PROGRESS
        if now >= ready_at and self.announced:
            return StayStatus.READY
        return StayStatus.UPCOMING

    def occupies(self, room_id: str, arrival: datetime, departure: datetime) -> bool:
        """Return whether the stay holds a room for part of [arrival, departure)."""
        if self.cancelled or room_id not in self.room_ids:
            return False
        return self.arrival < departure and arrival < self.end

    def as_stored(self) -> dict[str, Any]:
        """Return the stay as written to storage."""
        return {
            "stay_id": self.stay_id,
            "guest": self.guest,
            "room_ids": list(self.room_ids),
            "arrival": self.arrival.isoformat(),
            "departure": self.departure.isoformat(),
            "expires": self.expires.isoformat(),
            "kinds": [kind.value for kind in self.kinds],
            "pin_length": self.pin_length,
            "created": self.created.isoformat(),
            "source": self.source.value,
            "source_id": self.source_id,
            "uid": self.uid,
            "pin": self.pin,
            "checked_out": _time(self.checked_out),
            "cancelled": self.cancelled,
            "wiped": self.wiped,
            "card_authorized_at": _time(self.card_authorized_at),
            "announced": list(self.announced),
            "alerted": list(self.alerted),
            "offline_generation": self.offline_generation,
            "credentials": [c.as_stored() for c in self.credentials],
        }

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> Stay:
        """Build a stay from storage; raises on broken data."""
        return cls(
            stay_id=str(data["stay_id"]),
            guest=str(data["guest"]),
            room_ids=tuple(str(room_id) for room_id in data["room_ids"]),
            arrival=_parse_required(data["arrival"]),
            departure=_parse_required(data["departure"]),
            expires=_parse_required(data["expires"]),
            kinds=tuple(CredentialKind(kind) for kind in data["kinds"]),
            pin_length=int(data["pin_length"]),
            created=_parse_required(data["created"]),
            source=StaySource(data.get("source", StaySource.DESK)),
            source_id=data.get("source_id"),
            uid=data.get("uid"),
            pin=data.get("pin"),
            checked_out=_parse(data.get("checked_out")),
            cancelled=bool(data.get("cancelled", False)),
            wiped=bool(data.get("wiped", False)),
            card_authorized_at=_parse(data.get("card_authorized_at")),
            announced=tuple(data.get("announced", ())),
            alerted=tuple(data.get("alerted", ())),
            offline_generation=int(data.get("offline_generation", 0)),
            credentials=[
                StayCredential.from_stored(c) for c in data.get("credentials", ())
            ],
        )


def stays_from_stored(raw: Iterable[Any]) -> list[Stay]:
    """Build stays, skipping (and logging) broken ones instead of failing."""
    stays: list[Stay] = []
    for item in raw:
        try:
            stays.append(Stay.from_stored(item))
        except KeyError, TypeError, ValueError:
            LOGGER.warning("Skipping an unreadable stay")
    return stays


class StayStore(Store[dict[str, Any]]):
    """The stays of an entry in storage (version 1.1)."""

    async def _async_migrate_func(
        self,
        old_major_version: int,
        old_minor_version: int,
        old_data: dict[str, Any],
    ) -> dict[str, Any]:
        """Read data of a newer minor version (after a downgrade) as far as known."""
        if old_major_version != STORAGE_VERSION:
            raise NotImplementedError
        stays = stays_from_stored(old_data.get("stays", []))
        return {"stays": [stay.as_stored() for stay in stays]}


def stay_store(hass: HomeAssistant, entry_id: str) -> StayStore:
    """Return the store of an entry's stays (private: it holds codes)."""
    return StayStore(
        hass,
        STORAGE_VERSION,
        stays_storage_key(entry_id),
        private=True,
        atomic_writes=True,
        minor_version=STORAGE_MINOR_VERSION,
    )


def stays_storage_key(entry_id: str) -> str:
    """Return the storage key of an entry's stays."""
    return f"{DOMAIN}.{entry_id}.stays"
