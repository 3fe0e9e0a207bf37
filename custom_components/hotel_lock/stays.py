"""The stay book: the stays of one config entry, and what they issue.

``StayBook`` (``entry.runtime_data.stays``) is what the Stays calendar, the
actions, the front desk and the booking sources use to make, change, check
out and cancel stays. It checks (``stay_changes``), stores (``stay_model``:
a versioned private store, saved before anything is sent, so that a restart
loses no stay and issues nothing twice), and has the worker (``stay_work``)
carry the stays out through the credential desk: it never calls an action.
One timer (``stay_schedule``) wakes it at the earliest moment some stay has
something due; a pass works the due stays only. Listeners hear of every
change at once (entities, the calendar, the front desk).

Its machinery (storage, locks, listeners, passes) is in ``stay_core``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir

from .booking_events import Booking
from .const import DOMAIN
from .credential_core import Issued
from .credential_record import CredentialKind
from .errors import validation_error
from .stay_changes import StayRequest
from .stay_core import StayBookCore
from .stay_model import (
    CredentialState,
    Stay,
    StayCode,
    StaySource,
    StayStatus,
    SyncResult,
    stay_store,
)
from .stay_rules import check_guest, check_room_list
from .stay_work import ISSUE_PREFIX, now


@dataclass(slots=True)
class _SyncPass:
    """What one read of a booking source changed."""

    source_id: str
    at: datetime
    touched: list[Stay] = field(default_factory=list)
    rooms: set[str] = field(default_factory=set)


class StayBook(StayBookCore):
    """The stays of one config entry."""

    # ------------------------------------------------------------- reading

    def stays(
        self, *, room_id: str | None = None, include_ended: bool = False
    ) -> list[Stay]:
        """Return the stays (of a room), by arrival; cancelled ones never.

        Without ``include_ended`` only the current and coming ones.
        """
        at = now()
        return sorted(
            (
                stay
                for stay in self._stays.values()
                if (room_id is None or room_id in stay.room_ids)
                and self.status(stay, at) is not StayStatus.CANCELLED
                and (include_ended or (not stay.closed and stay.departure > at))
            ),
            key=lambda stay: (stay.arrival, stay.stay_id),
        )

    def knows(self, stay_id: str) -> bool:
        """Return whether the book has a stay (not cancelled) of this ID."""
        stay = self._stays.get(stay_id)
        return stay is not None and not stay.cancelled

    def get(self, stay_id: str) -> Stay:
        """Return a stay; refuse an unknown (or cancelled) one."""
        stay = self._stays.get(stay_id)
        if stay is None or stay.cancelled:
            raise validation_error("unknown_stay", stay_id=stay_id)
        return stay

    def guest(self, stay_id: str) -> str | None:
        """Return the guest of a stay, if the book has it."""
        stay = self._stays.get(stay_id)
        return None if stay is None else stay.guest

    def status(self, stay: Stay, at: datetime | None = None) -> StayStatus:
        """Return where a stay is in its life."""
        return stay.status(at or now(), self.options.ready_at(stay))

    def room_name(self, room_id: str) -> str:
        """Return a room's name on the platform."""
        return self.worker.room_name(room_id)

    def codes(self, stay_id: str) -> list[StayCode]:
        """Return a stay's codes; refused once it is over (they are wiped)."""
        stay = self.get(stay_id)
        if stay.closed or stay.wiped:
            raise validation_error("stay_codes_gone")
        codes = []
        for room_id in stay.room_ids:
            for credential in stay.credentials:
                if (
                    credential.room_id != room_id
                    or credential.state is CredentialState.REVOKING
                ):
                    continue
                code = (
                    stay.pin
                    if credential.kind is CredentialKind.PIN
                    else credential.secret
                )
                if code is not None:  # an offline password not made yet has none
                    codes.append(
                        StayCode(
                            room_id=room_id,
                            room_name=self.room_name(room_id),
                            kind=credential.kind,
                            code=code,
                            valid_until=credential.valid_until,
                            confirmed=credential.confirmed,
                        )
                    )
        return codes

    # ------------------------------------------------------------ changing

    async def async_create(
        self,
        *,
        guest: str,
        room_ids: Sequence[str],
        arrival: datetime,
        departure: datetime,
        kinds: Sequence[str] | None = None,
        pin_length: int | None = None,
        source: StaySource = StaySource.DESK,
        context: Context | None = None,
    ) -> Stay:
        """Make a stay; its credentials go out now if their push time came."""
        stay = self.changes.new_stay(
            self.options,
            list(self._stays.values()),
            StayRequest(guest, room_ids, arrival, departure),
            now=now(),
            kinds=kinds,
            pin_length=pin_length,
            source=source,
        )
        async with self._lock(stay.stay_id):
            self._stays[stay.stay_id] = stay
            self._due[stay.stay_id] = None
            await self._async_save_and_work(stay, context)
        self._async_changed(stay.room_ids)
        return stay

    async def async_update(
        self,
        stay_id: str,
        *,
        guest: str | None = None,
        room_ids: Sequence[str] | None = None,
        arrival: datetime | None = None,
        departure: datetime | None = None,
        context: Context | None = None,
    ) -> Stay:
        """Change a stay: its guest, rooms or times (None: unchanged)."""
        stay = self._editable(stay_id)
        async with self._lock(stay_id):
            stay = self._editable(stay_id)
            before = stay.room_ids
            request = StayRequest(
                stay.guest if guest is None else guest,
                stay.room_ids if room_ids is None else room_ids,
                stay.arrival if arrival is None else arrival,
                stay.departure if departure is None else departure,
            )
            if not self.changes.change_stay(
                self.options, list(self._stays.values()), stay, request, now=now()
            ):
                return stay
            await self._async_save_and_work(stay, context)
        self._async_changed((*before, *stay.room_ids))
        return stay

    async def async_check_out(
        self, stay_id: str, *, context: Context | None = None
    ) -> Stay:
        """End a stay now: everything it issued is revoked at once."""
        async with self._lock(stay_id):
            stay = self._open(stay_id)
            self.changes.close(stay, now(), cancelled=False)
            await self._async_save_and_work(stay, context)
        self._async_changed(stay.room_ids)
        return stay

    async def async_cancel(
        self, stay_id: str, *, context: Context | None = None
    ) -> None:
        """Cancel a stay: everything it issued is revoked, the stay forgotten."""
        self._editable(stay_id)
        async with self._lock(stay_id):
            stay = self._editable(stay_id)
            self.changes.close(stay, now(), cancelled=True)
            await self._async_save_and_work(stay, context)
        self._async_changed(stay.room_ids)

    async def async_card_window(
        self, stay_id: str, room_id: str
    ) -> tuple[datetime, datetime]:
        """Return the authorization time and expiry of a card of a stay's room.

        Every card of a stay carries the stay's one authorization time, set
        (and stored) at its first card.
        """
        async with self._lock(stay_id):
            stay = self._open(stay_id)
            if room_id not in stay.room_ids:
                raise validation_error("room_not_in_stay", room=self.room_name(room_id))
            if stay.card_authorized_at is None:
                stay.card_authorized_at = now()
                await self._async_save()
        return stay.card_authorized_at, stay.expires

    async def async_issue_card(
        self,
        stay_id: str,
        room_id: str,
        *,
        name: str | None = None,
        context: Context | None = None,
    ) -> Issued:
        """Write a key card for a room of a stay, with the stay's card window."""
        authorized_at, valid_until = await self.async_card_window(stay_id, room_id)
        return await self.desk.async_issue_card(
            room_id,
            valid_until=valid_until,
            authorized_at=authorized_at,
            name=name,
            context=context,
        )

    async def async_sync_source(
        self, source_id: str, bookings: Sequence[Booking]
    ) -> SyncResult:
        """Make the stays of a booking source follow its bookings (all of them).

        By (source, UID): a new booking makes a stay, a changed one changes
        it, one whose departure was moved to the past checks it out, one no
        longer there cancels it. Bookings the guard rails refuse
        are reported in the result. Nothing changed: nothing is saved or
        sent; otherwise one save, then the credential work.
        """
        at = now()
        current = {
            s.uid: s
            for s in self._stays.values()
            if s.source_id == source_id and s.uid is not None
        }
        counts = dict.fromkeys(SyncResult().counts, 0)
        refusals: dict[str, HomeAssistantError] = {}
        sync = _SyncPass(source_id, at)
        for booking in bookings:
            try:
                outcome = await self._async_sync_booking(
                    sync, booking, current.get(booking.uid)
                )
            except HomeAssistantError as err:
                refusals[booking.uid] = err
                continue
            counts[outcome] += 1
        wanted = {booking.uid for booking in bookings}
        for uid, stay in current.items():
            if uid not in wanted and self._live(stay, at):
                async with self._lock(stay.stay_id):
                    self.changes.close(stay, at, cancelled=True)
                sync.touched.append(stay)
                counts["cancelled"] += 1
        if sync.touched:
            await self._async_save()
            if any(await self._async_work_all(sync.touched, None)):
                await self._async_save()
            self._async_changed(
                sync.rooms.union(*(stay.room_ids for stay in sync.touched))
            )
        return SyncResult(**counts, refusals=refusals)

    async def _async_sync_booking(
        self, sync: _SyncPass, booking: Booking, stay: Stay | None
    ) -> str:
        """Apply one booking of a source; return what became of it."""
        at = sync.at
        request = StayRequest(
            booking.guest, booking.room_ids, booking.arrival, booking.departure
        )
        if stay is None:
            if booking.departure <= at:  # over before it was seen
                return "unchanged"
            stay = self.changes.new_stay(
                self.options,
                list(self._stays.values()),
                request,
                now=at,
                source=StaySource.BOOKING,
                source_id=sync.source_id,
                uid=booking.uid,
            )
            self._stays[stay.stay_id] = stay
            self._due[stay.stay_id] = None
            sync.touched.append(stay)
            return "created"
        if not self._live(stay, at) or self._same(stay, booking):
            return "unchanged"
        if booking.departure <= at and booking.arrival <= at:
            # Ended at the source (an early check-out there): ended here too.
            async with self._lock(stay.stay_id):
                self.changes.close(stay, at, cancelled=False)
            sync.touched.append(stay)
            return "checked_out"
        async with self._lock(stay.stay_id):
            sync.rooms.update(stay.room_ids)  # the rooms it leaves hear of it too
            self.changes.change_stay(
                self.options, list(self._stays.values()), stay, request, now=at
            )
        sync.touched.append(stay)
        return "updated"

    @staticmethod
    def _same(stay: Stay, booking: Booking) -> bool:
        """Return whether a booking says what its stay holds (cheap check)."""
        try:
            guest = check_guest(booking.guest)
            rooms = check_room_list(booking.room_ids)
        except HomeAssistantError:
            return False
        return (
            guest == stay.guest
            and set(rooms) == set(stay.room_ids)
            and booking.arrival.replace(microsecond=0) == stay.arrival
            and booking.departure.replace(microsecond=0) == stay.departure
        )

    @staticmethod
    def _live(stay: Stay, at: datetime) -> bool:
        return not stay.closed and not stay.wiped and at < stay.departure

    def _open(self, stay_id: str) -> Stay:
        """Return a stay that is not over yet; refuse one that is."""
        stay = self.get(stay_id)
        if stay.closed or stay.wiped:
            raise validation_error("stay_ended")
        return stay

    def _editable(self, stay_id: str) -> Stay:
        """Return a stay that may be changed here; refuse a booking's."""
        stay = self._open(stay_id)
        if not stay.editable:
            raise validation_error("stay_follows_booking")
        return stay


async def async_remove_stays(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the stays of a removed entry, and their repair issues."""
    await stay_store(hass, entry_id).async_remove()
    prefix = f"{ISSUE_PREFIX}_{entry_id}_"
    for domain, issue_id in list(ir.async_get(hass).issues):
        if domain == DOMAIN and issue_id.startswith(prefix):
            ir.async_delete_issue(hass, DOMAIN, issue_id)
