"""The work on one stay: its credentials through the desk, its events, its alerts.

``StayWorker.async_work`` does what is due for a stay (the moments of
``stay_schedule``), in this order: revoke what is to go (check-out,
cancellation, rooms removed, offline passwords replaced), wipe the codes of a
stay that is over, issue what is pending once the push time came, raise the
alert (and generate a fallback offline password) for a PIN not at the door
at the alert horizon, and announce the stay ready from arrival - margin.

Everything goes through the credential desk, by name: a stay's PIN has the
registry name ``Stay <stay_id>`` in each room, so the desk puts it back in
its slot when it is pushed again (a new expiry, or after a lost answer: the
desk keeps the unconfirmed record and its slot), and a restart in the middle
of a push finds that slot again. Failures never raise here: a credential
that failed keeps the error's translation key and is retried with backoff.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from .const import DOMAIN, EVENT_STAY_CONFIRMED, EVENT_STAY_READY, LOGGER
from .credential_core import iso
from .credential_record import CredentialKind, CredentialRecord
from .credentials import CredentialDesk
from .errors import PlatformAnswerLost
from .stay_model import CredentialState, Stay, StayCredential
from .stay_rules import StayOptions, local_text
from .stay_schedule import (
    alert_rooms,
    issue_at,
    ready_codes,
    retry_delay,
    revoke_at,
)

PIN = CredentialKind.PIN
OFFLINE = CredentialKind.OFFLINE_PASSWORD
ISSUE_PREFIX = "code_undelivered"


def credential_name(stay: Stay, kind: CredentialKind) -> str:
    """Return the registry name of a stay's next credential of a kind.

    A PIN keeps one name (and so its slot); each batch of offline passwords
    gets a name of its own (``offline_generation`` counts the batches), so
    that a new one can be made before the one it replaces is revoked.
    """
    if kind is OFFLINE and stay.offline_generation:
        return f"Stay {stay.stay_id} #{stay.offline_generation + 1}"
    return f"Stay {stay.stay_id}"


def now() -> datetime:
    """Return now in UTC, to the second."""
    return dt_util.utcnow().replace(microsecond=0)


class StayWorker:
    """Carry out what is due for the stays of one entry."""

    def __init__(
        self, hass: HomeAssistant, entry_id: str, desk: CredentialDesk
    ) -> None:
        """Work through the entry's desk."""
        self.hass = hass
        self.entry_id = entry_id
        self.desk = desk

    def room_name(self, room_id: str) -> str:
        """Return a room's name on the platform (its ID when unknown)."""
        if (room := self.desk.coordinator.data.get(room_id)) is not None:
            return room.name
        return self.desk.room_ref(room_id).name

    async def async_work(
        self, stay: Stay, options: StayOptions, context: Context | None
    ) -> bool:
        """Do what is due for a stay now; return whether it changed."""
        changed = await self._async_revoke_due(stay)
        at = now()
        if not stay.closed and not stay.wiped and at >= stay.expires:
            self.wipe(stay)
            return True
        if stay.closed or stay.wiped or at >= stay.departure:
            return changed
        changed |= await self._async_issue_due(stay, options, context)
        if rooms := alert_rooms(stay, options, now()):
            self._alert(stay, rooms)
            await self._async_issue_due(stay, options, context)
            changed = True
        if now() >= options.ready_at(stay) and (ids := ready_codes(stay)):
            stay.announced = ids
            self._fire_ready(stay, context)
            changed = True
        return changed

    # ------------------------------------------------------------ issuing

    async def _async_issue_due(
        self, stay: Stay, options: StayOptions, context: Context | None
    ) -> bool:
        """Issue the pending credentials whose time came (rooms concurrently)."""
        at = now()
        due = [
            c
            for c in stay.credentials
            if c.state is CredentialState.PENDING and issue_at(stay, c, options) <= at
        ]
        if due:
            await asyncio.gather(*(self._async_issue(stay, c, context) for c in due))
        return bool(due)

    async def _async_issue(
        self, stay: Stay, credential: StayCredential, context: Context | None
    ) -> None:
        """Issue one credential; on failure keep why and when to try again."""
        # Set first, so that even an unexpected error never makes it due now.
        credential.retry_at = now() + retry_delay(credential.attempts + 1)
        try:
            if credential.kind is PIN:
                issued = await self.desk.async_set_pin(
                    credential.room_id,
                    valid_until=credential.valid_until,
                    pin=stay.pin,
                    slot=self._kept_slot(credential),
                    name=credential.name,
                    context=context,
                )
                record, secret = issued.record, None
            else:
                record, secret = await self._async_generate(credential, context)
        except HomeAssistantError as err:
            self._failed(credential, err)
            return
        credential.state = CredentialState.CONFIRMED
        credential.slot = record.slot
        credential.credential_id = record.credential_id
        credential.issued_until = record.valid_until
        credential.secret = secret
        credential.attempts = 0
        credential.retry_at = None
        credential.error = None
        self._fire_confirmed(stay, credential, context)
        if credential.kind is PIN and credential.room_id in stay.alerted:
            stay.alerted = tuple(r for r in stay.alerted if r != credential.room_id)
            self.delete_issue(stay, credential.room_id)

    def _kept_slot(self, credential: StayCredential) -> int | None:
        """Return the slot a PIN stopped for later goes back to, if still free.

        None: the desk chooses (the slot of the PIN's name, or a free one).
        """
        registry = self.desk.registry
        room_id, slot = credential.room_id, credential.slot
        if (
            slot is None
            or registry.by_name(room_id, PIN, credential.name) is not None
            or registry.by_slot(room_id, PIN, slot) is not None
        ):
            return None
        return slot

    async def _async_generate(
        self, credential: StayCredential, context: Context | None
    ) -> tuple[CredentialRecord, str | None]:
        """Generate an offline password, or take the one generated before.

        A password recorded under the credential's name was generated, but
        the stay did not learn of it (a restart in between): that is the one.
        """
        record = self.desk.registry.by_name(
            credential.room_id, OFFLINE, credential.name
        )
        if record is not None:
            return record, record.password
        issued = await self.desk.async_generate_offline_password(
            credential.room_id,
            valid_until=credential.valid_until,
            name=credential.name,
            context=context,
        )
        return issued.record, issued.secret

    def _failed(self, credential: StayCredential, err: HomeAssistantError) -> None:
        """Keep a failure and the time of the next attempt."""
        credential.attempts += 1
        credential.error = err.translation_key or "invalid_response"
        credential.retry_at = now() + retry_delay(credential.attempts)
        if isinstance(err, PlatformAnswerLost) and (
            record := self.desk.registry.by_name(
                credential.room_id, credential.kind, credential.name
            )
        ):
            # Perhaps at the lock: its slot stays the credential's.
            credential.slot = record.slot
            credential.credential_id = record.credential_id
        LOGGER.debug(
            "Stay credential %s in room %s failed (%s), next attempt at %s",
            credential.kind,
            credential.room_id,
            credential.error,
            credential.retry_at,
        )

    # ----------------------------------------------------------- revoking

    async def _async_revoke_due(self, stay: Stay) -> bool:
        """Revoke the credentials that are to go and are due."""
        at = now()
        due = [
            c
            for c in stay.credentials
            if c.state is CredentialState.REVOKING and revoke_at(stay, c) <= at
        ]
        if not due:
            return False
        done = await asyncio.gather(*(self._async_revoke(c) for c in due))
        gone = {id(c) for c, ok in zip(due, done, strict=True) if ok}
        stay.credentials = [c for c in stay.credentials if id(c) not in gone]
        return True

    async def _async_revoke(self, credential: StayCredential) -> bool:
        """Revoke one credential; return True once the lock cannot have it."""
        credential.retry_at = now() + retry_delay(credential.attempts + 1)
        record = None
        if credential.credential_id is not None:
            record = self.desk.registry.get(credential.credential_id)
        if record is None:
            record = self.desk.registry.by_name(
                credential.room_id, credential.kind, credential.name
            )
        if record is None:  # never issued, expired, or revoked before
            return True
        try:
            await self.desk.async_revoke(record.credential_id)
        except HomeAssistantError as err:
            if err.translation_key == "unknown_credential":  # revoked meanwhile
                return True
            self._failed(credential, err)
            return False
        return True

    @staticmethod
    def retire(stay: Stay, credential: StayCredential) -> None:
        """Have a credential revoked, or dropped when the lock cannot have it."""
        if (
            credential.state is CredentialState.PENDING
            and credential.attempts == 0
            and credential.issued_until is None
        ):
            stay.credentials.remove(credential)
            return
        credential.state = CredentialState.REVOKING
        credential.secret = None
        credential.attempts = 0
        credential.retry_at = None
        credential.error = None

    def wipe(self, stay: Stay) -> None:
        """Forget a stay's codes: it is over (the locks' expiry ends them)."""
        stay.pin = None
        stay.wiped = True
        stay.credentials = [
            c for c in stay.credentials if c.state is CredentialState.REVOKING
        ]
        for c in stay.credentials:
            c.secret = None
        for room_id in stay.alerted:
            self.delete_issue(stay, room_id)
        stay.alerted = ()

    # ------------------------------------------------- alerts and events

    def _alert(self, stay: Stay, rooms: list[str]) -> None:
        """Report PINs not at the door; give those rooms an offline password."""
        for room_id in rooms:
            stay.alerted = (*stay.alerted, room_id)
            if not any(
                c.room_id == room_id
                and c.kind is OFFLINE
                and c.state is not CredentialState.REVOKING
                for c in stay.credentials
            ):
                expiry = next(
                    (
                        c.valid_until
                        for c in stay.credentials
                        if c.room_id == room_id and c.kind is PIN
                    ),
                    stay.expires,
                )
                stay.credentials.append(
                    StayCredential(
                        room_id=room_id,
                        kind=OFFLINE,
                        name=credential_name(stay, OFFLINE),
                        valid_until=expiry,  # the PIN's: capped as it is
                        fallback=True,
                    )
                )
                stay.offline_generation += 1
            self._raise_issue(stay, room_id)

    def _raise_issue(self, stay: Stay, room_id: str) -> None:
        """Raise (or raise again) the repair issue of a stay's room."""
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            self.issue_id(stay, room_id),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_PREFIX,
            translation_placeholders={
                "room": self.room_name(room_id),
                "guest": stay.guest,
                "arrival": local_text(stay.arrival),
            },
        )

    def issue_id(self, stay: Stay, room_id: str) -> str:
        """Return the repair issue ID of a stay's room."""
        return f"{ISSUE_PREFIX}_{self.entry_id}_{stay.stay_id}_{room_id}"

    def delete_issue(self, stay: Stay, room_id: str) -> None:
        """Delete the repair issue of a stay's room."""
        ir.async_delete_issue(self.hass, DOMAIN, self.issue_id(stay, room_id))

    def delete_issues(self, stay: Stay) -> None:
        """Delete the repair issues of a stay."""
        for room_id in stay.alerted:
            self.delete_issue(stay, room_id)

    def restore_issues(self, stays: list[Stay]) -> None:
        """Raise the repair issues of the stays' alerted rooms again; drop others.

        The issues are not persistent: Home Assistant restores them inactive
        after a restart, while the PIN may still not be at the door.
        """
        for stay in stays:
            for room_id in stay.alerted:
                self._raise_issue(stay, room_id)
        wanted = {self.issue_id(s, r) for s in stays for r in s.alerted}
        prefix = f"{ISSUE_PREFIX}_{self.entry_id}_"
        for domain, issue_id in list(ir.async_get(self.hass).issues):
            if (
                domain == DOMAIN
                and issue_id.startswith(prefix)
                and issue_id not in wanted
            ):
                ir.async_delete_issue(self.hass, DOMAIN, issue_id)

    def _fire_confirmed(
        self, stay: Stay, credential: StayCredential, context: Context | None
    ) -> None:
        self.hass.bus.async_fire(
            EVENT_STAY_CONFIRMED,
            {
                "config_entry_id": self.entry_id,
                "stay_id": stay.stay_id,
                "room_id": credential.room_id,
                "room_name": self.room_name(credential.room_id),
                ATTR_ENTITY_ID: self.desk.room_ref(credential.room_id).lock_entity_id,
                "kind": credential.kind.value,
                "valid_until": iso(credential.valid_until),
            },
            context=context,
        )

    def _fire_ready(self, stay: Stay, context: Context | None) -> None:
        self.hass.bus.async_fire(
            EVENT_STAY_READY, self.ready_data(stay), context=context
        )

    def ready_data(self, stay: Stay) -> dict[str, Any]:
        """Return the ready event's data: no guest name, no code."""
        return {
            "config_entry_id": self.entry_id,
            "stay_id": stay.stay_id,
            "room_ids": list(stay.room_ids),
            "room_names": [self.room_name(r) for r in stay.room_ids],
            "arrival": iso(stay.arrival),
            "departure": iso(stay.departure),
        }
