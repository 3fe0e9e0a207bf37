"""Making and changing stays: checked first, then applied to the stay.

Each function checks everything before it changes anything (the guard rails
of ``stay_rules``), so a refused change leaves the stay as it was. They only
change stays in memory; the book saves and the worker carries the changes
out at the locks:

- moved (new departure, so a new lock-side expiry): a PIN is pushed again in
  its slot, with the same code (at once if the lock has it, else at its push
  time); an offline password the platform made is replaced: a new one for
  the new window, and the old one revoked with its original expiry;
- moved so that its push time is still to come: what the lock has is
  stopped now and issued again at the new push time (``stay_windows``);
- a stay's expiry in a room is capped at the next stay's arrival there
  (``stay_windows``; the book fits the other stays of the rooms changed);
- rooms added get the stay's credentials, rooms removed lose them;
- check-out and cancellation revoke everything the stay issued, at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from homeassistant.util.ulid import ulid_now

from .credential_checks import check_pin_length, generate_pin
from .credential_record import CredentialKind
from .credentials import CredentialDesk
from .stay_model import CredentialState, Stay, StayCredential, StaySource
from .stay_rules import (
    StayOptions,
    check_free_slot,
    check_guest,
    check_kinds,
    check_overlap,
    check_room_list,
    check_times,
)
from .stay_windows import fit_windows, park
from .stay_work import StayWorker, credential_name

PIN = CredentialKind.PIN
OFFLINE = CredentialKind.OFFLINE_PASSWORD


@dataclass(frozen=True, slots=True)
class StayRequest:
    """A stay as asked for (not checked yet)."""

    guest: str
    room_ids: Sequence[str]
    arrival: datetime
    departure: datetime


class StayChanges:
    """The guard rails and changes of one entry's stays."""

    def __init__(self, desk: CredentialDesk, worker: StayWorker) -> None:
        """Check rooms and slots with the entry's desk."""
        self.desk = desk
        self.worker = worker

    def _check_rooms(
        self,
        options: StayOptions,
        others: Sequence[Stay],
        rooms: Sequence[str],
        window: tuple[datetime, datetime],
        *,
        now: datetime,
        pin: bool,
    ) -> None:
        """Refuse unknown rooms, a room taken, a room without a free PIN slot."""
        arrival, departure = window
        for room_id in rooms:
            self.desk.room(room_id)  # a room the platform lists
        records = self.desk.registry.records(kind=PIN)
        for room_id in rooms:
            name = self.worker.room_name(room_id)
            check_overlap(others, room_id, name, arrival, departure)
            if pin:
                push = max(arrival - options.lead, now)
                check_free_slot(
                    options,
                    records,
                    others,
                    room_id,
                    room_name=name,
                    window=(push, options.expires(departure)),
                )

    def check_plan(
        self,
        options: StayOptions,
        others: Sequence[Stay],
        planned: Stay,
        current: Stay | None,
        *,
        now: datetime,
    ) -> None:
        """Refuse a stay as planned (new, or ``current`` changed) among others.

        A new stay needs its rooms free and a free PIN slot in each; a
        changed one its rooms free, and a free PIN slot in the rooms added.
        """
        window = (planned.arrival, planned.departure)
        if current is None:
            pin = PIN in planned.kinds
            self._check_rooms(
                options, others, planned.room_ids, window, now=now, pin=pin
            )
            return
        added = [r for r in planned.room_ids if r not in current.room_ids]
        self._check_rooms(options, others, planned.room_ids, window, now=now, pin=False)
        if PIN in current.kinds and added:
            self._check_rooms(options, others, added, window, now=now, pin=True)

    def new_stay(
        self,
        options: StayOptions,
        stays: Sequence[Stay],
        request: StayRequest,
        *,
        now: datetime,
        kinds: Sequence[str] | None = None,
        pin_length: int | None = None,
        source: StaySource = StaySource.DESK,
        source_id: str | None = None,
        uid: str | None = None,
    ) -> Stay:
        """Return a new stay, checked (its credentials pending)."""
        guest = check_guest(request.guest)
        rooms = check_room_list(request.room_ids)
        arrival, departure = check_times(request.arrival, request.departure, now)
        chosen = check_kinds(options.kinds if kinds is None else kinds)
        length = check_pin_length(
            options.pin_length if pin_length is None else pin_length
        )
        self._check_rooms(
            options, stays, rooms, (arrival, departure), now=now, pin=PIN in chosen
        )
        stay = Stay(
            stay_id=ulid_now(),
            guest=guest,
            room_ids=rooms,
            arrival=arrival,
            departure=departure,
            expires=options.expires(departure),
            kinds=chosen,
            pin_length=length,
            created=now,
            source=source,
            source_id=source_id,
            uid=uid,
            pin=generate_pin(length) if PIN in chosen else None,
        )
        for room_id in rooms:
            self._add_room(stay, room_id)
        if OFFLINE in chosen:
            stay.offline_generation += 1
        fit_windows(stay, stays, now)  # capped where another stay follows
        return stay

    @staticmethod
    def _add_room(stay: Stay, room_id: str) -> None:
        """Give a room the stay's credentials (a PIN being revoked comes back)."""
        for kind in stay.kinds:
            name = credential_name(stay, kind)
            revived = next(
                (
                    c
                    for c in stay.credentials
                    if c.room_id == room_id and c.kind is kind and c.name == name
                ),
                None,
            )
            if revived is not None:
                revived.state = CredentialState.PENDING
                revived.valid_until = stay.expires
                revived.attempts = 0
                revived.retry_at = None
                revived.error = None
                continue
            stay.credentials.append(
                StayCredential(
                    room_id=room_id, kind=kind, name=name, valid_until=stay.expires
                )
            )

    def change_stay(
        self,
        options: StayOptions,
        stays: Sequence[Stay],
        stay: Stay,
        request: StayRequest,
        *,
        now: datetime,
    ) -> bool:
        """Change a stay as asked; return whether anything changed."""
        guest = check_guest(request.guest)
        rooms = check_room_list(request.room_ids)
        arrival, departure = check_times(request.arrival, request.departure, now)
        if (guest, set(rooms), arrival, departure) == (
            stay.guest,
            set(stay.room_ids),
            stay.arrival,
            stay.departure,
        ):
            return False
        others = [other for other in stays if other is not stay]
        added = [room_id for room_id in rooms if room_id not in stay.room_ids]
        planned = replace(stay, room_ids=rooms, arrival=arrival, departure=departure)
        self.check_plan(options, others, planned, stay, now=now)
        removed = [room_id for room_id in stay.room_ids if room_id not in rooms]
        for credential in [c for c in stay.credentials if c.room_id in removed]:
            if credential.state is not CredentialState.REVOKING:
                StayWorker.retire(stay, credential)
        for room_id in removed:
            if room_id in stay.alerted:
                self.worker.delete_issue(stay, room_id)
        stay.alerted = tuple(r for r in stay.alerted if r not in removed)
        stay.guest, stay.arrival, stay.departure = guest, arrival, departure
        stay.room_ids = rooms
        stay.expires = options.expires(departure)
        if options.push_at(stay) > now:
            # Its push time is still to come: nothing may work until then.
            for room_id in park(stay):
                self.worker.delete_issue(stay, room_id)
        for room_id in added:
            self._add_room(stay, room_id)
        fit_windows(stay, others, now)
        return True

    def close(self, stay: Stay, at: datetime, *, cancelled: bool) -> None:
        """Check a stay out (or cancel it): everything it issued is revoked."""
        if cancelled:
            stay.cancelled = True
        else:
            stay.checked_out = at
        for credential in list(stay.credentials):
            if credential.state is not CredentialState.REVOKING:
                StayWorker.retire(stay, credential)
        self.worker.delete_issues(stay)
        stay.alerted = ()
        stay.pin = None
        stay.wiped = True
