"""The lock-side window of a stay's credentials, room by room.

A PIN or an offline password has only an end: it works from the moment it
is pushed (or made) until its expiry. So:

- its expiry in a room is the stay's (departure + margin), capped at the
  arrival of the next stay in that room: the departing guest's code never
  opens the door during the next guest's stay (``room_expiry``). When the
  stays of a room change, every stay there gets its window again
  (``fit_windows``): a PIN the lock has is pushed again into its slot with
  the new expiry, an offline password made for the old window is replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .credential_record import CredentialKind
from .stay_model import CredentialState, Stay, StayCredential
from .stay_work import StayWorker, credential_name

OFFLINE = CredentialKind.OFFLINE_PASSWORD


def room_expiry(stay: Stay, room_id: str, stays: Iterable[Stay]) -> datetime:
    """Return a stay's lock-side expiry in a room: capped at the next arrival."""
    expiry = stay.expires
    for other in stays:
        if (
            other is not stay
            and other.stay_id != stay.stay_id
            and not other.closed
            and not other.wiped
            and room_id in other.room_ids
            and stay.departure <= other.arrival < expiry
        ):
            expiry = other.arrival
    return expiry


def fit_windows(stay: Stay, stays: Iterable[Stay], now: datetime) -> bool:
    """Give a stay's credentials their window in each room; return if any changed.

    A window already over (the next guest is in the room) stops the
    credential at once.
    """
    if stay.closed or stay.wiped:
        return False
    others = list(stays)
    expiries = {
        room_id: room_expiry(stay, room_id, others) for room_id in stay.room_ids
    }
    changed = replaced = False
    name = credential_name(stay, OFFLINE)
    for credential in list(stay.credentials):
        expiry = expiries.get(credential.room_id)
        if (
            expiry is None
            or credential.state is CredentialState.REVOKING
            or credential.valid_until == expiry
        ):
            continue
        changed = True
        if expiry <= now:
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
