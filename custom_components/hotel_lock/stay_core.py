"""The stay book's machinery: storage, locks, listeners and passes.

``StayBook`` (``stays``) derives from ``StayBookCore``; the split keeps each
module a sitting's read. Here: loading and saving the stays (one private
store, saved whole), the lock of each stay (a change and a pass never work
one stay at once; different stays go on concurrently), the listeners, and
the passes: the one timer (``stay_schedule.StayTimer``) starts a pass at the
earliest due moment, a pass works the stays that are due (the worker,
``stay_work``) and saves once if anything changed, then the timer is armed
again.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .coordinator import RoomStatus
from .credential_record import CredentialKind
from .credentials import CredentialDesk
from .stay_changes import StayChanges
from .stay_model import (
    HISTORY,
    CredentialState,
    Stay,
    stay_store,
    stays_from_stored,
)
from .stay_rules import StayOptions
from .stay_schedule import StayTimer, due_moment
from .stay_windows import fit_windows
from .stay_work import StayWorker, now


class StayBookCore:
    """Storage, locks, listeners and passes of a stay book."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, desk: CredentialDesk
    ) -> None:
        """Prepare the book of a loaded entry (load it before use)."""
        self.hass = hass
        self.entry = entry
        self.desk = desk
        self.options = StayOptions.from_options(entry.options)
        self.worker = StayWorker(hass, entry.entry_id, desk)
        self.changes = StayChanges(desk, self.worker)
        self._store = stay_store(hass, entry.entry_id)
        self._stays: dict[str, Stay] = {}
        self._due: dict[str, datetime | None] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._listeners: dict[CALLBACK_TYPE, str | None] = {}
        self._timer = StayTimer(hass, self._async_schedule_pass)
        desk.reserved_slots = self._reserved_slots
        self._pass_running = False
        self._pass_again = False
        self._stopped = False

    async def async_load(self) -> None:
        """Load the stays from storage, and their repair issues.

        The issues of rooms still alerted are raised again (a restart leaves
        them inactive); those of gone stays are dropped.
        """
        data = await self._store.async_load()
        stays = stays_from_stored([] if data is None else data.get("stays", []))
        self._stays = {stay.stay_id: stay for stay in stays}
        self.worker.restore_issues(stays)
        at = now()
        self._due = {s.stay_id: due_moment(s, self.options, at) for s in stays}

    def _reserved_slots(self, room_id: str, kind: CredentialKind) -> set[int]:
        """Return the PIN slots of a room the stays keep for their PINs.

        A PIN stopped until its push time (a stay moved later) goes back to
        its slot then: no other PIN takes it meanwhile.
        """
        if kind is not CredentialKind.PIN:
            return set()
        return {
            c.slot
            for stay in self._stays.values()
            if not stay.closed and not stay.wiped
            for c in stay.credentials
            if c.room_id == room_id
            and c.kind is kind
            and c.state is CredentialState.PENDING
            and c.slot is not None
        }

    @callback
    def async_start(self) -> None:
        """Start working: what is due now at once, the rest on time.

        A gateway call that succeeds for a room (an unlock, any credential)
        shows that its gateway and lock answer again: what failed there is
        tried again at once instead of at its next retry.
        """
        self.entry.async_on_unload(self.async_stop)
        self.entry.async_on_unload(
            self.desk.coordinator.async_add_status_listener(self._async_room_answered)
        )
        self._async_schedule_pass()

    @callback
    def _async_room_answered(self, room_id: str, status: RoomStatus) -> None:
        """Bring the retries of a room's failed credentials forward to now.

        Only when the room's last gateway call succeeded: the coordinator also
        tells of a call that failed there.
        """
        if status.failure is not None:
            return
        at = now()
        woken = False
        for stay in self._stays.values():
            for credential in stay.credentials:
                if (
                    credential.room_id == room_id
                    and credential.attempts
                    and credential.state is not CredentialState.CONFIRMED
                    and credential.retry_at is not None
                    and credential.retry_at > at
                ):
                    credential.retry_at = at
                    self._due[stay.stay_id] = at
                    woken = True
        if woken:
            self._async_schedule_pass()

    @callback
    def async_stop(self) -> None:
        """Stop the timer (the entry unloads)."""
        self._stopped = True
        self._timer.async_cancel()

    @callback
    def async_add_listener(
        self, update_callback: CALLBACK_TYPE, *, room_id: str | None = None
    ) -> CALLBACK_TYPE:
        """Call back on every change (of a room's stays only, with ``room_id``)."""
        self._listeners[update_callback] = room_id

        @callback
        def remove_listener() -> None:
            self._listeners.pop(update_callback, None)

        return remove_listener

    def summary(self) -> dict[str, Any]:
        """Return counts of the stays and their credentials (for diagnostics).

        Never a guest's name or a code: by status and source, credentials
        by kind and state, those that failed, and the next due moment.
        """
        at = now()
        stays = list(self._stays.values())
        credentials = [c for stay in stays for c in stay.credentials]
        return {
            "stays": len(stays),
            "by_status": dict(
                Counter(str(s.status(at, self.options.ready_at(s))) for s in stays)
            ),
            "by_source": dict(Counter(str(s.source) for s in stays)),
            "credentials": dict(Counter(f"{c.kind}/{c.state}" for c in credentials)),
            "failed_credentials": sum(
                1 for c in credentials if c.attempts and not c.confirmed
            ),
            "rooms_alerted": sum(len(s.alerted) for s in stays),
            "next_due": (
                None
                if self._timer.when is None
                else dt_util.as_utc(self._timer.when).isoformat()
            ),
        }

    # -------------------------------------------------------------- passes

    def _lock(self, stay_id: str) -> asyncio.Lock:
        return self._locks.setdefault(stay_id, asyncio.Lock())

    @callback
    def _async_schedule_pass(self) -> None:
        if not self._stopped:
            # A background task: the entry's unload cancels it (the records
            # written ahead settle what it left), and neither a reload nor
            # Home Assistant's start waits for a gateway that does not answer.
            self.entry.async_create_background_task(
                self.hass, self.async_run_pass(), "hotel_lock stays pass"
            )

    async def async_run_pass(self) -> None:
        """Work every stay that is due now (another pass follows if asked)."""
        if self._pass_running:
            self._pass_again = True
            return
        self._pass_running = True
        try:
            self._pass_again = True
            while self._pass_again and not self._stopped:
                self._pass_again = False
                at = now()
                due = [
                    self._stays[stay_id]
                    for stay_id, when in self._due.items()
                    if when is not None and when <= at
                ]
                if due:
                    if any(await self._async_work_all(due, None)):
                        await self._async_save()
                    self._async_changed(r for stay in due for r in stay.room_ids)
        finally:
            self._pass_running = False
        self._async_arm()

    async def _async_work_all(
        self, stays: Iterable[Stay], context: Context | None
    ) -> list[bool]:
        async def work(stay: Stay) -> bool:
            async with self._lock(stay.stay_id):
                return await self._async_work(stay, context)

        return list(await asyncio.gather(*(work(stay) for stay in stays)))

    async def _async_work(self, stay: Stay, context: Context | None) -> bool:
        """Work one stay (under its lock); forget it once it is gone for good."""
        if self._stays.get(stay.stay_id) is not stay:
            return False
        changed = await self.worker.async_work(stay, self.options, context)
        at = now()
        revoking = any(c.state is CredentialState.REVOKING for c in stay.credentials)
        if not revoking and (
            stay.cancelled or ((stay.closed or stay.wiped) and at >= stay.end + HISTORY)
        ):
            del self._stays[stay.stay_id]
            self._due.pop(stay.stay_id, None)
            self._locks.pop(stay.stay_id, None)
            return True
        self._due[stay.stay_id] = due_moment(stay, self.options, at)
        return changed

    async def _async_fit_rooms(
        self, rooms: Iterable[str], skip: Iterable[Stay] = ()
    ) -> list[Stay]:
        """Give the stays of these rooms their windows again; return those changed.

        A stay's expiry in a room is capped at the next stay's arrival there
        (``stay_windows``): a stay made, moved or ended in a room changes
        the window of the stay before it.
        """
        wanted = set(rooms)
        skipped = {stay.stay_id for stay in skip}
        fitted = []
        for stay in list(self._stays.values()):
            if (
                stay.stay_id in skipped
                or stay.closed
                or stay.wiped
                or wanted.isdisjoint(stay.room_ids)
            ):
                continue
            async with self._lock(stay.stay_id):
                if fit_windows(stay, self._stays.values(), now()):
                    fitted.append(stay)
        return fitted

    async def _async_fit_and_work(
        self, stay: Stay, rooms: Iterable[str], context: Context | None
    ) -> None:
        """Fit the other stays of a changed stay's rooms; save and work them."""
        if fitted := await self._async_fit_rooms(rooms, skip=(stay,)):
            await self._async_save()
            if any(await self._async_work_all(fitted, context)):
                await self._async_save()

    async def _async_save_and_work(self, stay: Stay, context: Context | None) -> None:
        """Save a change (before anything is sent), carry it out, save again."""
        await self._async_save()
        if await self._async_work(stay, context):
            await self._async_save()

    async def _async_save(self) -> None:
        await self._store.async_save(
            {"stays": [stay.as_stored() for stay in self._stays.values()]}
        )

    @callback
    def _async_arm(self) -> None:
        moments = [when for when in self._due.values() if when is not None]
        if not self._stopped:
            self._timer.async_arm(min(moments) if moments else None)

    @callback
    def _async_changed(self, room_ids: Iterable[str]) -> None:
        """Tell the listeners (of these rooms), and re-arm the timer."""
        rooms = set(room_ids)
        for update_callback, room_id in list(self._listeners.items()):
            if room_id is None or room_id in rooms:
                update_callback()
        if not self._pass_running:
            self._async_arm()
