"""The stay book following a booking source: a whole read at once.

``StayBook`` (``stays``) derives from ``StayBookSyncing``. A read of a
source is its whole set of bookings, so the stays follow it as a set:

1. bookings no longer there cancel their stays first (their rooms are free
   for the others of the same read);
2. bookings that say what their stay holds are left alone, and so are the
   stays whose codes are gone (a booking may change its stay until then,
   after its departure too: extended at 12:30 for a 12:00 departure); one
   ended at the source checks its stay out;
3. the new and changed bookings are checked against the stays of other
   sources and the desk, and against the read's other bookings as they will
   be (a booking refused keeps its stay as it was, which the others are
   checked against in turn), so that two bookings swapping rooms, or one
   taking the room of a booking cancelled in the same read, are followed;
   nothing is refused that would not overlap after the read;
4. the changes are applied, the stays of the rooms concerned get their
   windows again (``stay_windows``: capped at the next arrival), then it is
   all saved once and carried out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from homeassistant.exceptions import HomeAssistantError

from .booking_events import Booking
from .stay_changes import StayRequest
from .stay_core import StayBookCore
from .stay_model import Stay, StaySource, SyncResult
from .stay_rules import check_guest, check_room_list, check_times
from .stay_work import now


@dataclass(slots=True)
class _SyncPass:
    """What one read of a booking source changed."""

    source_id: str
    at: datetime
    touched: list[Stay] = field(default_factory=list)
    rooms: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Plan:
    """A new or changed booking of a read: the stay it is to make or change.

    ``planned`` is the stay as it would be (a sketch, for the checks);
    ``error`` why it was refused.
    """

    booking: Booking
    stay: Stay | None
    planned: Stay
    error: HomeAssistantError | None = None


class StayBookSyncing(StayBookCore):
    """Make the stays of a booking source follow its bookings."""

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
        sync = _SyncPass(source_id, now())
        current = {
            s.uid: s
            for s in self._stays.values()
            if s.source_id == source_id and s.uid is not None
        }
        counts = dict.fromkeys(SyncResult().counts, 0)
        wanted = {booking.uid for booking in bookings}
        for uid, stay in current.items():
            if uid not in wanted and self._live(stay, sync.at):
                async with self._lock(stay.stay_id):
                    self.changes.close(stay, sync.at, cancelled=True)
                sync.touched.append(stay)
                counts["cancelled"] += 1
        plans: list[_Plan] = []
        refusals: dict[str, HomeAssistantError] = {}
        for booking in bookings:
            try:
                outcome = await self._async_sort(
                    sync, booking, current.get(booking.uid), plans
                )
            except HomeAssistantError as err:
                refusals[booking.uid] = err
                continue
            if outcome is not None:
                counts[outcome] += 1
        self._settle(plans, sync.at)
        for plan in plans:
            if plan.error is None:
                try:
                    counts[await self._async_apply(sync, plan, plans)] += 1
                except HomeAssistantError as err:
                    plan.error = err
            if plan.error is not None:
                refusals[plan.booking.uid] = plan.error
        if sync.touched:
            rooms = sync.rooms.union(*(stay.room_ids for stay in sync.touched))
            known = {id(stay) for stay in sync.touched}
            sync.touched.extend(
                stay
                for stay in await self._async_fit_rooms(rooms)
                if id(stay) not in known
            )
            await self._async_save()
            if any(await self._async_work_all(sync.touched, None)):
                await self._async_save()
            self._async_changed(
                sync.rooms.union(*(stay.room_ids for stay in sync.touched))
            )
        return SyncResult(**counts, refusals=refusals)

    async def _async_sort(
        self, sync: _SyncPass, booking: Booking, stay: Stay | None, plans: list[_Plan]
    ) -> str | None:
        """Leave a booking alone, end its stay, or plan it (None: planned)."""
        at = sync.at
        if stay is None:
            if booking.departure <= at:  # over before it was seen
                return "unchanged"
            plans.append(_Plan(booking, None, self._sketch(sync, booking, None)))
            return None
        if not self._changeable(stay) or self._same(stay, booking):
            return "unchanged"
        if booking.departure <= at and booking.arrival <= at:
            if at >= stay.departure:  # over here too: its codes end at the margin
                return "unchanged"
            # Ended at the source (an early check-out there): ended here too.
            async with self._lock(stay.stay_id):
                self.changes.close(stay, at, cancelled=False)
            sync.touched.append(stay)
            return "checked_out"
        plans.append(_Plan(booking, stay, self._sketch(sync, booking, stay)))
        return None

    def _sketch(self, sync: _SyncPass, booking: Booking, stay: Stay | None) -> Stay:
        """Return the stay a booking would make (or make of ``stay``), checked alone."""
        guest = check_guest(booking.guest)
        rooms = check_room_list(booking.room_ids)
        arrival, departure = check_times(booking.arrival, booking.departure, sync.at)
        expires = self.options.expires(departure)
        if stay is not None:
            return replace(
                stay,
                guest=guest,
                room_ids=rooms,
                arrival=arrival,
                departure=departure,
                expires=expires,
            )
        return Stay(
            stay_id="",
            guest=guest,
            room_ids=rooms,
            arrival=arrival,
            departure=departure,
            expires=expires,
            kinds=self.options.kinds,
            pin_length=self.options.pin_length,
            created=sync.at,
            source=StaySource.BOOKING,
            source_id=sync.source_id,
            uid=booking.uid,
        )

    def _others(
        self, plan: _Plan, plans: Sequence[_Plan], *, settled: bool = False
    ) -> list[Stay]:
        """Return the stays a plan is checked against: as after the read.

        The stays of no plan as they are, the plans before it as planned
        (of two bookings that clash, the first in the read is taken, as
        when they come one read after the other), and the stays of the
        refused plans as they are. ``settled``: every plan taken counts as
        planned, wherever it stands in the read.
        """
        planned_ids = {p.stay.stay_id for p in plans if p.stay is not None}
        others = [s for s in self._stays.values() if s.stay_id not in planned_ids]
        before = True
        for other in plans:
            if other is plan:
                before = False
            elif other.error is None:
                if before or settled:
                    others.append(other.planned)
            elif other.stay is not None:
                others.append(other.stay)
        return others

    def _check(self, plan: _Plan, others: list[Stay], at: datetime) -> None:
        self.changes.check_plan(self.options, others, plan.planned, plan.stay, now=at)

    def _settle(self, plans: Iterable[_Plan], at: datetime) -> None:
        """Refuse the plans that clash with the others, until none does.

        A plan refused keeps its stay as it is, which may clash with a plan
        checked before: the checks go round again until nothing more is
        refused (at most once per plan). Then a plan refused only because
        of one refused after it (a booking claiming a room whose holder
        changes too) is taken again if it fits what the read settled on,
        until none more fits: nothing is refused that fits after the read.
        """
        pending = list(plans)
        refused = True
        while refused:
            refused = False
            for plan in pending:
                if plan.error is not None:
                    continue
                try:
                    self._check(plan, self._others(plan, pending), at)
                except HomeAssistantError as err:
                    plan.error = err
                    refused = True
        taken = True
        while taken:
            taken = False
            for plan in pending:
                if plan.error is None:
                    continue
                try:
                    self._check(plan, self._others(plan, pending, settled=True), at)
                except HomeAssistantError:
                    continue
                plan.error = None
                taken = True

    async def _async_apply(
        self, sync: _SyncPass, plan: _Plan, plans: Sequence[_Plan]
    ) -> str:
        """Make or change the stay of a plan; return what became of it."""
        booking, at = plan.booking, sync.at
        request = StayRequest(
            booking.guest, booking.room_ids, booking.arrival, booking.departure
        )
        if plan.stay is None:
            stay = self.changes.new_stay(
                self.options,
                self._others(plan, plans),
                request,
                now=at,
                source=StaySource.BOOKING,
                source_id=sync.source_id,
                uid=booking.uid,
            )
            self._stays[stay.stay_id] = stay
            self._due[stay.stay_id] = None
            plan.stay = stay  # from now on one of the stays as they are
            sync.touched.append(stay)
            return "created"
        stay = plan.stay
        async with self._lock(stay.stay_id):
            sync.rooms.update(stay.room_ids)  # the rooms it leaves hear of it too
            self.changes.change_stay(
                self.options, self._others(plan, plans), stay, request, now=at
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
        """Return whether a stay is still to come or under way."""
        return not stay.closed and not stay.wiped and at < stay.departure

    @staticmethod
    def _changeable(stay: Stay) -> bool:
        """Return whether a booking may still change its stay: until it is wiped.

        After its departure, until its codes are removed (departure + margin,
        or a check-out), a stay may still be extended, as at the desk.
        """
        return not stay.closed and not stay.wiped
