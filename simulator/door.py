"""The door model: whether the lock opens now for a credential."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .model import BioSlot, Opening, Room, fmt

if TYPE_CHECKING:
    from .platform import Platform

CREDENTIAL_KINDS = (
    "pin",
    "offline_password",
    "card_id",
    "face_slot",
    "fingerprint_slot",
)


@dataclass(frozen=True)
class DoorResult:
    """Whether the door opened, and why (not)."""

    opens: bool
    reason: str


def _window(now: datetime, start: datetime | None, end: datetime | None) -> str | None:
    """Return why `now` is outside [start, end], or None when inside."""
    if start is not None and now < start:
        return f"not valid before {fmt(start)}"
    if end is not None and now > end:
        return f"expired at {fmt(end)}"
    return None


def _pin(room: Room, now: datetime, value: str) -> DoorResult:
    matches = [(m1, s) for m1, s in sorted(room.pins.items()) if s.pwd == value]
    if not matches:
        return DoorResult(False, "no such PIN in any slot")
    refusal = ""
    for m1, slot in matches:
        why = _window(now, slot.valid_from, slot.valid_until)
        if why is None:
            return DoorResult(True, f"PIN of slot {m1}")
        refusal = f"PIN of slot {m1} {why}"
    return DoorResult(False, refusal)


def _offline(room: Room, now: datetime, value: str) -> DoorResult:
    matches = [p for p in room.offline_passwords if p.muid == value]
    if not matches:
        return DoorResult(False, "not an offline password of this room")
    refusal = ""
    for password in matches:
        if password.revoked:
            refusal = "offline password revoked"
            continue
        why = _window(now, password.issued_at, password.valid_until)
        if why is None:
            return DoorResult(True, "offline password")
        refusal = f"offline password {why}"
    return DoorResult(False, refusal)


def _card(platform: Platform, room: Room, now: datetime, value: str) -> DoorResult:
    card = platform.cards.get(value.upper())
    if card is None:
        return DoorResult(False, "unknown card")
    if card.rm_id is None:
        return DoorResult(False, "blank card")
    if card.rm_id != room.rm_id:
        return DoorResult(False, f"card is for room {card.rm_id}")
    why = _window(now, card.valid_from, card.valid_until)
    if why is not None:
        return DoorResult(False, f"card {why}")
    if (
        room.lock_abkp is not None
        and card.valid_from is not None
        and card.valid_from < room.lock_abkp
    ):
        return DoorResult(
            False,
            f"card superseded: the lock has seen a card authorized at {fmt(room.lock_abkp)}",
        )
    if card.valid_from is not None:
        room.lock_abkp = card.valid_from
    return DoorResult(True, "card")


def _bio(slots: dict[int, BioSlot], now: datetime, kind: str, value: int) -> DoorResult:
    slot = slots.get(value)
    if slot is None:
        return DoorResult(False, f"no {kind} in slot {value}")
    why = _window(now, slot.valid_from, slot.valid_until)
    if why is not None:
        return DoorResult(False, f"{kind} of slot {value} {why}")
    return DoorResult(True, f"{kind} of slot {value}")


def present(platform: Platform, room: Room, kind: str, value: str | int) -> DoorResult:
    """Present one credential at the door of `room`; record an opening."""
    now = platform.now()
    match kind:
        case "pin":
            result = _pin(room, now, str(value))
        case "offline_password":
            result = _offline(room, now, str(value))
        case "card_id":
            result = _card(platform, room, now, str(value))
        case "face_slot":
            result = _bio(room.faces, now, "face", int(value))
        case "fingerprint_slot":
            result = _bio(room.fingerprints, now, "fingerprint", int(value))
        case _:
            msg = f"unknown credential kind {kind!r}"
            raise ValueError(msg)
    if result.opens:
        room.openings.append(Opening(now, kind, result.reason))
    return result
