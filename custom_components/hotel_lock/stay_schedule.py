"""When a stay has something to do, and the one timer of the stay book.

For each stay the book keeps its next due moment: a credential to push (at
arrival - lead time, or at its retry), one to revoke, the alert about a PIN
not at the door (arrival - alert horizon), the ready event (arrival -
margin), its arrival and departure (the entities change), the wipe of its
codes (the lock-side expiry), and at last its removal from the history. One
``async_track_point_in_utc_time`` for the whole book is armed at the
earliest of these; a pass works only the stays that are due.

The predicates here are shared with the worker (``stay_work``), so that a
moment found due is a moment at which the worker does something: a due stay
always moves on, and the timer never spins.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time

from .credential_record import CredentialKind
from .stay_model import HISTORY, CredentialState, Stay, StayCredential
from .stay_rules import StayOptions

# Retries of a credential that failed: 1, 2, 4, ... minutes, at most 30.
RETRY_FIRST: Final = timedelta(minutes=1)
RETRY_MAX: Final = timedelta(minutes=30)


def retry_delay(attempts: int) -> timedelta:
    """Return the wait before the next attempt, after ``attempts`` failures."""
    delay: timedelta = RETRY_FIRST * 2 ** max(attempts - 1, 0)
    return min(delay, RETRY_MAX)


def issue_at(stay: Stay, credential: StayCredential, options: StayOptions) -> datetime:
    """Return when a pending credential is to be issued.

    One the lock had (a new expiry) goes at once; a new one at the push
    time (a code the guest already knows not before the stay before it in
    the room has ended: ``stay_windows``); after a failure, not before its
    retry. A credential that takes
    the place of one of the same name being revoked waits until that one is
    gone: a PIN stopped to be pushed again later (``stay_windows.park``) is
    in the same slot, and an offline password made for a new window is
    recorded under the name of the one it replaces.
    """
    start = stay.created if credential.issued_until else options.push_at(stay)
    moments = [start]
    if credential.not_before is not None and credential.issued_until is None:
        moments.append(credential.not_before)
    if credential.retry_at is not None:
        moments.append(credential.retry_at)
    moments.extend(
        revoke_at(stay, c)
        for c in stay.credentials
        if c.state is CredentialState.REVOKING
        and c.name == credential.name
        and c.kind is credential.kind
        and c.room_id == credential.room_id
    )
    return max(moments)


def revoke_at(stay: Stay, credential: StayCredential) -> datetime:
    """Return when a credential is to be revoked (at once, or at its retry)."""
    return credential.retry_at or stay.created


def alert_rooms(stay: Stay, options: StayOptions, now: datetime) -> list[str]:
    """Return the rooms whose PIN is to be reported as not at the door.

    From the alert horizon until departure, a PIN tried at least once and
    not confirmed, in a room not reported yet.
    """
    if now < options.alert_at(stay) or now >= stay.departure or stay.closed:
        return []
    return [
        c.room_id
        for c in stay.credentials
        if c.kind is CredentialKind.PIN
        and c.state is CredentialState.PENDING
        and c.attempts > 0
        and c.room_id not in stay.alerted
    ]


def ready_codes(stay: Stay) -> tuple[str, ...] | None:
    """Return the credentials to announce, or None when there is nothing new.

    Ready needs a confirmed credential in every room; it is announced again
    when a credential the guest was not told of is confirmed (a new offline
    password, a room added, the PIN after a fallback). Only for a stay that
    is not over (its callers see to that).
    """
    confirmed = {c.room_id: c for c in stay.credentials if c.confirmed}
    if any(room_id not in confirmed for room_id in stay.room_ids):
        return None
    ids = tuple(
        c.credential_id
        for c in stay.credentials
        if c.confirmed and c.credential_id is not None
    )
    if set(ids) <= set(stay.announced):
        return None
    return ids


def due_moment(stay: Stay, options: StayOptions, now: datetime) -> datetime | None:
    """Return the stay's next due moment (in the past: due now), or None."""
    moments = [
        revoke_at(stay, c)
        for c in stay.credentials
        if c.state is CredentialState.REVOKING
    ]
    if stay.closed:
        if not moments:
            # Cancelled: forgotten now; checked out: kept for the history.
            moments.append(stay.created if stay.cancelled else stay.end + HISTORY)
        return min(moments)
    if stay.wiped:
        moments.append(stay.departure + HISTORY)
        return min(moments)
    moments.append(stay.expires)
    if now < stay.departure:
        moments.extend(
            issue_at(stay, c, options)
            for c in stay.credentials
            if c.state is CredentialState.PENDING
        )
        if any(
            c.kind is CredentialKind.PIN
            and c.state is CredentialState.PENDING
            and c.attempts > 0
            and c.room_id not in stay.alerted
            for c in stay.credentials
        ):
            moments.append(options.alert_at(stay))
        if ready_codes(stay) is not None:
            moments.append(options.ready_at(stay))
    # The stay's entities change at its arrival and departure.
    moments.extend(moment for moment in (stay.arrival, stay.departure) if moment > now)
    return min(moments)


class StayTimer:
    """One timer for a whole stay book, armed at its earliest due moment."""

    def __init__(self, hass: HomeAssistant, action: Callable[[], None]) -> None:
        """Prepare the timer; ``action`` runs when it goes off."""
        self.hass = hass
        self._action = action
        self._unsub: CALLBACK_TYPE | None = None
        self.when: datetime | None = None

    @callback
    def async_arm(self, when: datetime | None) -> None:
        """Go off at ``when`` (and not at the moment armed before)."""
        if when == self.when and self._unsub is not None:
            return
        self.async_cancel()
        if when is not None:
            self.when = when
            self._unsub = async_track_point_in_utc_time(self.hass, self._fired, when)

    @callback
    def async_cancel(self) -> None:
        """Stop the timer."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None
        self.when = None

    @callback
    def _fired(self, _now: datetime) -> None:
        self._unsub = None
        self.when = None
        self._action()
