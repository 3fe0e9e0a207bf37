"""One credential as the registry holds it, and as it is written to storage.

``CredentialKind`` and the slot ranges of each kind, ``CredentialRecord`` (a
frozen dataclass, with its stable ``credential_id``) and its stored form,
and the rule of which records take each other's place at the lock. The
registry (``registry``) keeps these records; the desk decides about them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, TypedDict

from homeassistant.util import dt as dt_util
from homeassistant.util.ulid import ulid_now

# The platform documents no PIN slot range; locks of this kind hold about a
# hundred user codes, so automatic choice and validation stay within 1-100.
PIN_SLOT_MIN: Final = 1
PIN_SLOT_MAX: Final = 100
# Face and fingerprint slots are 1-49 (vendor document, sections 5.1 and 6.1).
BIOMETRIC_SLOT_MIN: Final = 1
BIOMETRIC_SLOT_MAX: Final = 49


class CredentialKind(StrEnum):
    """The kinds of credential the platform knows."""

    PIN = "pin"
    FACE = "face"
    FINGERPRINT = "fingerprint"
    OFFLINE_PASSWORD = "offline_password"  # noqa: S105 - a kind, not a secret
    CARD = "card"


SLOT_RANGES: Final[dict[CredentialKind, tuple[int, int]]] = {
    CredentialKind.PIN: (PIN_SLOT_MIN, PIN_SLOT_MAX),
    CredentialKind.FACE: (BIOMETRIC_SLOT_MIN, BIOMETRIC_SLOT_MAX),
    CredentialKind.FINGERPRINT: (BIOMETRIC_SLOT_MIN, BIOMETRIC_SLOT_MAX),
}


class StoredRecord(TypedDict):
    """One record as it is written to storage."""

    credential_id: str
    room_id: str
    kind: str
    slot: int | None
    name: str | None
    valid_from: str | None
    valid_until: str
    created: str
    password: str | None
    card_id: str | None
    confirmed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialRecord:
    """A credential issued through this integration.

    ``slot``: PINs, faces, fingerprints; ``password``: offline passwords
    (revoking needs it); ``card_id``: cards, once the platform named them.
    ``confirmed`` is False while the answer is outstanding or after it was
    lost: the credential may be at the lock, so its slot stays taken until
    cleared, overwritten or expired. ``credential_id`` is a stable handle (a
    ULID); records compare by what they say about the lock, not by it.
    """

    room_id: str
    kind: CredentialKind
    valid_until: datetime
    created: datetime
    slot: int | None = None
    name: str | None = None
    valid_from: datetime | None = None
    password: str | None = None
    card_id: str | None = None
    confirmed: bool = True
    credential_id: str = field(default_factory=ulid_now, compare=False)

    def as_stored(self) -> StoredRecord:
        """Return the record as written to storage."""
        return StoredRecord(
            credential_id=self.credential_id,
            room_id=self.room_id,
            kind=self.kind.value,
            slot=self.slot,
            name=self.name,
            valid_from=None if self.valid_from is None else self.valid_from.isoformat(),
            valid_until=self.valid_until.isoformat(),
            created=self.created.isoformat(),
            password=self.password,
            card_id=self.card_id,
            confirmed=self.confirmed,
        )

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> CredentialRecord:
        """Build a record from storage; raises ValueError/KeyError when broken."""
        valid_until = _parse_stored_datetime(data["valid_until"])
        valid_from = (
            None
            if data.get("valid_from") is None
            else _parse_stored_datetime(data["valid_from"])
        )
        created = (
            _parse_stored_datetime(data["created"])
            if data.get("created")
            else valid_from or valid_until
        )
        slot = data.get("slot")
        return cls(
            credential_id=str(data.get("credential_id") or ulid_now()),
            room_id=str(data["room_id"]),
            kind=CredentialKind(data["kind"]),
            slot=None if slot is None else int(slot),
            name=data.get("name"),
            valid_from=valid_from,
            valid_until=valid_until,
            created=created,
            password=data.get("password"),
            card_id=data.get("card_id"),
            confirmed=bool(data.get("confirmed", True)),
        )

    def is_expired(self, now: datetime) -> bool:
        """Return True once the lock no longer accepts the credential."""
        return self.valid_until <= now

    def takes_place_of(self, other: CredentialRecord) -> bool:
        """Return True when this record occupies the other's place at the lock.

        A slot pushed again holds the new credential only; so does a card
        written again, for any room. A card not known by ID is its own place.
        """
        if self.kind is not other.kind:
            return False
        if self.kind is CredentialKind.CARD:
            return (
                self.card_id is not None
                and other.card_id is not None
                and self.card_id.casefold() == other.card_id.casefold()
            )
        if self.room_id != other.room_id:
            return False
        if self.kind is CredentialKind.OFFLINE_PASSWORD:
            return self.password == other.password
        return self.slot == other.slot


def _parse_stored_datetime(value: str) -> datetime:
    """Parse an ISO date-time from storage into an aware datetime."""
    if (parsed := dt_util.parse_datetime(value)) is None:
        raise ValueError("Invalid date-time in storage")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt_util.get_default_time_zone())
    return parsed
