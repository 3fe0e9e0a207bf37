"""The credential desk: every credential operation of one config entry.

``CredentialDesk`` (``entry.runtime_data.desk``) is what actions, and any
other caller, use to issue, revoke and list PINs, faces, fingerprints,
offline passwords and key cards. It takes rooms, validity windows (aware
date-times), names and slots as plain values, returns frozen dataclasses of
plain values (``Issued``, ``Revoked``, ``CardRead``) and never sees an action
call. It owns slot choice and the refusal of clobbering, the validity
checks, the per-room order, write-ahead (the unconfirmed record when an
outcome is unknown) and the change events; see ``credential_core`` for the
shared parts, ``credential_cards`` for key cards and ``credential_offline``
for offline passwords.

Errors a caller tells apart by type: ``ServiceValidationError`` (refused,
nothing sent), ``PlatformNotCarriedOut`` (safe to repeat) and
``PlatformAnswerLost`` (perhaps carried out; held unconfirmed: push a PIN
again into the same slot). One class, its code in four modules.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from homeassistant.core import Context

from .const import DEFAULT_PIN_LENGTH
from .credential_cards import CardDesk
from .credential_checks import (
    check_image,
    check_name,
    check_pin,
    check_slot,
    check_template,
    check_window,
    now,
)
from .credential_core import (
    CLEAR_ACTIONS,
    SET_ACTIONS,
    Issued,
    Revoked,
    RoomRef,
    doubted,
)
from .credential_offline import OfflineDesk
from .credential_record import CredentialKind, CredentialRecord
from .errors import validation_error
from .platform_answers import GatewayResult


class CredentialDesk(CardDesk, OfflineDesk):
    """Issue, revoke and list the credentials of one config entry."""

    async def async_revoke(
        self, credential_id: str, *, context: Context | None = None
    ) -> Revoked:
        """Revoke one credential by its ID, whatever its kind.

        A slot is stopped, an offline password revoked with its expiry, a card
        cleared by its ID (by its room when its ID is not known yet).
        """
        record = self.credential(credential_id)
        if record.kind is CredentialKind.CARD:
            if record.card_id is None:
                return await self.async_clear_card(
                    room_id=record.room_id, context=context
                )
            return await self.async_clear_card(card_id=record.card_id, context=context)
        room = self.room(record.room_id)
        async with self.room_lock(record.room_id):
            record = self.credential(credential_id)  # as it is now, in order
            if record.kind is CredentialKind.OFFLINE_PASSWORD:
                return await self._async_stop_offline(room, record, None, None, context)
            slot = record.slot or 0  # a slotted kind's record has its slot
            return await self._async_stop_slot(room, record.kind, slot, record, context)

    # ------------------------------------------- PINs, faces, fingerprints

    async def async_set_pin(
        self,
        room_id: str,
        *,
        valid_until: datetime,
        pin: str | None = None,
        pin_length: int = DEFAULT_PIN_LENGTH,
        slot: int | None = None,
        name: str | None = None,
        context: Context | None = None,
    ) -> Issued:
        """Push a PIN into a slot of a room's lock; without one, draw one.

        Without ``slot``, a PIN of the same ``name`` is replaced in its slot
        (keeping its credential ID), else the lowest free slot is taken. The
        PIN (given or drawn) is returned as ``secret``; it is never stored.
        """
        pin = check_pin(pin, pin_length)
        return await self._async_push(
            room_id, CredentialKind.PIN, pin, None, valid_until, slot, name, context
        )

    async def async_set_face(
        self,
        room_id: str,
        *,
        image: bytes,
        valid_until: datetime,
        valid_from: datetime | None = None,
        slot: int | None = None,
        name: str | None = None,
        context: Context | None = None,
    ) -> Issued:
        """Push a face photo (JPEG or PNG bytes) into a slot of a room's lock."""
        check_image(image)
        encoded = base64.b64encode(image).decode("ascii")
        return await self._async_push(
            room_id,
            CredentialKind.FACE,
            encoded,
            valid_from,
            valid_until,
            slot,
            name,
            context,
        )

    async def async_set_fingerprint(
        self,
        room_id: str,
        *,
        template: str,
        valid_until: datetime,
        valid_from: datetime | None = None,
        slot: int | None = None,
        name: str | None = None,
        context: Context | None = None,
    ) -> Issued:
        """Push a fingerprint template (dash-joined lower-case hex) into a slot."""
        check_template(template)
        return await self._async_push(
            room_id,
            CredentialKind.FINGERPRINT,
            template,
            valid_from,
            valid_until,
            slot,
            name,
            context,
        )

    async def _async_push(  # noqa: PLR0917 - one private entry for three
        self,
        room_id: str,
        kind: CredentialKind,
        value: str,
        valid_from: datetime | None,
        valid_until: datetime,
        slot: int | None,
        name: str | None,
        context: Context | None,
    ) -> Issued:
        """Choose the slot, write ahead, upload, confirm (under the room's lock)."""
        room = self.room(room_id)
        check_slot(kind, slot)
        check_name(name)
        start, valid_until = check_window(valid_from, valid_until)
        async with self.room_lock(room_id):
            chosen, replaced = self.choose_slot(room_id, kind, slot, name)
            pending = CredentialRecord(
                room_id=room_id,
                kind=kind,
                slot=chosen,
                name=name,
                valid_from=start,
                valid_until=valid_until,
                created=now(),
                confirmed=False,
            )
            if replaced is not None:  # the same credential, pushed again
                pending = replace(pending, credential_id=replaced.credential_id)
            client = self.coordinator.client
            with self.reported(
                SET_ACTIONS[kind], room, kind, context, slot=chosen, name=name
            ):
                if kind is CredentialKind.PIN:
                    result, _ = await self.async_written_ahead(
                        [pending],
                        client.gateway_upload_online,
                        room_id,
                        chosen,
                        value,
                        valid_until,
                        rm_id=room_id,
                    )
                else:
                    result, _ = await self.async_written_ahead(
                        [pending],
                        client.gateway_upload_face
                        if kind is CredentialKind.FACE
                        else client.gateway_upload_finger,
                        room_id,
                        chosen,
                        value,
                        start,
                        valid_until,
                        rm_id=room_id,
                    )
            record = replace(pending, confirmed=True)
            await self.registry.async_update(put=[record])
        self.fire_changed(
            SET_ACTIONS[kind],
            room,
            kind,
            context,
            slot=chosen,
            name=name,
            valid_from=None if kind is CredentialKind.PIN else start,
            valid_until=valid_until,
        )
        return Issued(
            room=room,
            record=record,
            secret=value if kind is CredentialKind.PIN else None,
            battery=result.battery,
        )

    async def async_clear_slot(
        self,
        room_id: str,
        kind: CredentialKind,
        *,
        slot: int | None = None,
        name: str | None = None,
        force: bool = False,
        context: Context | None = None,
    ) -> Revoked:
        """Disable the PIN, face or fingerprint in a slot, by slot or name.

        A slot the registry does not know is refused unless ``force``: stopping
        a wrong slot silently disables another guest's credential.
        """
        room = self.room(room_id)
        check_slot(kind, slot)
        async with self.room_lock(room_id):
            if name is not None:
                record = self.registry.by_name(room_id, kind, name)
                if record is None or record.slot is None:
                    raise validation_error("unknown_name", name=name)
                if slot is not None and slot != record.slot:
                    raise validation_error(
                        "slot_name_mismatch", name=name, slot=str(slot)
                    )
                slot = record.slot
            elif slot is None:
                raise validation_error("slot_or_name_required")
            else:
                record = self.registry.by_slot(room_id, kind, slot)
                if record is None and not force:
                    raise validation_error("unknown_slot", slot=str(slot))
            return await self._async_stop_slot(room, kind, slot, record, context)

    async def _async_stop_slot(
        self,
        room: RoomRef,
        kind: CredentialKind,
        slot: int,
        record: CredentialRecord | None,
        context: Context | None,
    ) -> Revoked:
        """Stop a slot and forget its record (under the room's lock)."""
        client = self.coordinator.client
        stop: Callable[[str, int], Awaitable[GatewayResult]] = {
            CredentialKind.PIN: client.gateway_stop_online,
            CredentialKind.FACE: client.gateway_stop_face,
            CredentialKind.FINGERPRINT: client.gateway_stop_finger,
        }[kind]
        name = None if record is None else record.name
        with self.reported(
            CLEAR_ACTIONS[kind], room, kind, context, slot=slot, name=name
        ):
            result, _ = await self.async_written_ahead(
                doubted([record]), stop, room.room_id, slot, rm_id=room.room_id
            )
        if record is not None:
            await self.registry.async_update(remove=[record])
        self.fire_changed(
            CLEAR_ACTIONS[kind], room, kind, context, slot=slot, name=name
        )
        return Revoked(room=room, record=record, slot=slot, battery=result.battery)
