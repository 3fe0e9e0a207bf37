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

Its machinery (storage, locks, listeners, passes) is in ``stay_core``, the
following of a booking source in ``stay_sync``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN
from .credential_core import Issued
from .credential_record import CredentialKind
from .errors import validation_error
from .stay_changes import StayRequest
from .stay_model import (
    CredentialState,
    Stay,
    StayCode,
    StaySource,
    StayStatus,
    stay_store,
)
from .stay_sync import StayBookSyncing
from .stay_work import ISSUE_PREFIX, now


class StayBook(StayBookSyncing):
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
        await self._async_fit_and_work(stay, stay.room_ids, context)
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
        await self._async_fit_and_work(stay, (*before, *stay.room_ids), context)
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
        await self._async_fit_and_work(stay, stay.room_ids, context)
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
        await self._async_fit_and_work(stay, stay.room_ids, context)
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
