"""The lock-side window of a stay's credentials, room by room.

A PIN or an offline password has only an end: it works from the moment it
is pushed (or made) until its expiry. So:

- its expiry in a room is the stay's (departure + margin), capped at the
  arrival of the next stay in that room: the departing guest's code never
  opens the door during the next guest's stay (``room_expiry``). When the
  stays of a room change, every stay there gets its window again
  (``fit_windows``): a PIN the lock has is pushed again into its slot with
  the new expiry, an offline password made for the old window is replaced;
- a stay whose push time (arrival - lead time) moves into the future has
  its credentials stopped at the lock now and issued again at the new push
  time (``park``), so that a code the guest may have does not work through
  the gap; the PIN keeps its slot for then;
- a code the guest already knows (the stay was announced) is not issued
  before the stay before it in the room has departed (``room_hold``): moved
  later, it does not open the door during another guest's stay.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from .credential_record import CredentialKind
from .stay_model import CredentialState, Stay, StayCredential
from .stay_work import StayWorker, credential_name

PIN = CredentialKind.PIN
OFFLINE = CredentialKind.OFFLINE_PASSWORD


def _neighbours(stay: Stay, room_id: str, stays: Iterable[Stay]) -> Iterator[Stay]:
    """Yield the other stays of a room that still hold it (not ended early)."""
    for other in stays:
        if (
            other is not stay
            and other.stay_id != stay.stay_id
            and not other.closed
            and not other.wiped
            and room_id in other.room_ids
        ):
            yield other


def room_expiry(stay: Stay, room_id: str, stays: Iterable[Stay]) -> datetime:
    """Return a stay's lock-side expiry in a room: capped at the next arrival."""
    expiry = stay.expires
    for other in _neighbours(stay, room_id, stays):
        if stay.departure <= other.arrival < expiry:
            expiry = other.arrival
    return expiry


def room_hold(stay: Stay, room_id: str, stays: Iterable[Stay]) -> datetime | None:
    """Return until when an announced stay's code waits in a room, if at all.

    The latest departure of the other stays in the room that leave by this
    one's arrival; None for a stay whose guest was told no code yet (its
    code is known to no one before then).
    """
    if not stay.announced:
        return None
    return max(
        (
            other.departure
            for other in _neighbours(stay, room_id, stays)
            if other.departure <= stay.arrival
        ),
        default=None,
    )


def _may_be_at_lock(credential: StayCredential) -> bool:
    """Return whether the lock may have a credential (tried or issued once)."""
    return bool(
        credential.state is not CredentialState.PENDING
        or credential.attempts
        or credential.issued_until is not None
    )


def fit_windows(stay: Stay, stays: Iterable[Stay], now: datetime) -> bool:
    """Give a stay's credentials their window in each room; return if any changed.

    A window already over (the next guest is in the room), or shortened
    once the stay has departed, stops the credential at once.
    """
    if stay.closed or stay.wiped:
        return False
    others = list(stays)
    expiries = {
        room_id: room_expiry(stay, room_id, others) for room_id in stay.room_ids
    }
    holds = {room_id: room_hold(stay, room_id, others) for room_id in stay.room_ids}
    changed = replaced = False
    name = credential_name(stay, OFFLINE)
    for credential in list(stay.credentials):
        if (
            credential.state is CredentialState.PENDING
            and credential.issued_until is None
            and credential.not_before != holds.get(credential.room_id)
        ):
            credential.not_before = holds.get(credential.room_id)
            changed = True
        expiry = expiries.get(credential.room_id)
        if (
            expiry is None
            or credential.state is CredentialState.REVOKING
            or credential.valid_until == expiry
        ):
            continue
        changed = True
        at_lock = credential.issued_until or credential.valid_until
        if expiry <= now or (now >= stay.departure and expiry < at_lock):
            # Over, or shortened after the departure (a stay made within the
            # margin): nothing is issued after a departure, so it is stopped.
            StayWorker.retire(stay, credential)
        elif credential.kind is OFFLINE and credential.issued_until is not None:
            # Made for the old window: a new one, and the old one revoked.
            StayWorker.retire(stay, credential)
            stay.credentials.append(
                StayCredential(
                    room_id=credential.room_id,
                    kind=OFFLINE,
                    name=name,
                    valid_until=expiry,
                    fallback=credential.fallback,
                )
            )
            replaced = True
        else:
            credential.valid_until = expiry
            if credential.state is CredentialState.CONFIRMED:
                credential.state = CredentialState.PENDING
                credential.attempts = 0
                credential.retry_at = None
    if replaced:
        stay.offline_generation += 1
    return changed


def park(stay: Stay) -> list[str]:
    """Stop what the lock may have of a stay, to be issued again later.

    Each such credential is revoked now; a PIN comes back as a new one of
    the same name that keeps the old slot (pushed at the push time, into
    that slot), an offline password as a new one (made then); a fallback
    password is not made again unless the PIN fails again. Return the rooms
    whose alerts are over (nothing was tried for the new window yet).
    """
    replaced = False
    name = credential_name(stay, OFFLINE)
    for credential in list(stay.credentials):
        if credential.state is CredentialState.REVOKING or not _may_be_at_lock(
            credential
        ):
            continue
        StayWorker.retire(stay, credential)
        if credential.kind is PIN:
            stay.credentials.append(
                StayCredential(
                    room_id=credential.room_id,
                    kind=PIN,
                    name=credential.name,
                    valid_until=credential.valid_until,
                    slot=credential.slot,
                )
            )
        elif not credential.fallback:
            stay.credentials.append(
                StayCredential(
                    room_id=credential.room_id,
                    kind=OFFLINE,
                    name=name,
                    valid_until=credential.valid_until,
                )
            )
            replaced = True
    if replaced:
        stay.offline_generation += 1
    alerted, stay.alerted = list(stay.alerted), ()
    return alerted
