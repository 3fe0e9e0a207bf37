"""The credential desk's offline passwords: generate them, and revoke them.

Part of the desk (``credentials.CredentialDesk`` derives from
``OfflineDesk``), kept apart because offline passwords follow their own
rules: the platform computes one without a gateway and tells it only in its
answer (a lost answer leaves nothing to record or to revoke), it has no slot,
and revoking it goes through the room's gateway with the password and the
expiry it was generated with, both kept in the registry.
"""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import Context

from .credential_checks import check_name, check_window
from .credential_core import DeskCore, Issued, Revoked, RoomRef, doubted
from .credential_record import CredentialKind, CredentialRecord
from .errors import validation_error


class OfflineDesk(DeskCore):
    """The offline password operations of the desk."""

    async def async_generate_offline_password(
        self,
        room_id: str,
        *,
        valid_until: datetime,
        name: str | None = None,
        context: Context | None = None,
    ) -> Issued:
        """Have the platform compute an offline password for a room; keep it.

        The platform computes it without a gateway, and tells it only in its
        answer: a lost answer leaves nothing to record (or to revoke).
        """
        room = self.room(room_id)
        check_name(name)
        start, valid_until = check_window(None, valid_until)
        kind = CredentialKind.OFFLINE_PASSWORD
        async with self.room_lock(room_id):
            if name is not None and self.registry.by_name(room_id, kind, name):
                raise validation_error("name_in_use", name=name)
            with self.reported(
                "generate_offline_password", room, kind, context, name=name
            ):
                password = await self.coordinator.async_call(
                    self.coordinator.client.make_offline, room_id, valid_until
                )
            record = CredentialRecord(
                room_id=room_id,
                kind=kind,
                name=name,
                valid_from=start,
                valid_until=valid_until,
                created=start,
                password=password,
            )
            await self.registry.async_update(put=[record])
        self.fire_changed(
            "generate_offline_password",
            room,
            kind,
            context,
            name=name,
            valid_until=valid_until,
        )
        return Issued(room=room, record=record, secret=password)

    async def async_revoke_offline_password(
        self,
        room_id: str,
        *,
        password: str | None = None,
        name: str | None = None,
        valid_until: datetime | None = None,
        context: Context | None = None,
    ) -> Revoked:
        """Revoke an offline password through the room's gateway.

        By ``name`` or ``password``; the platform needs the expiry it was
        generated with, taken from the registry when ``valid_until`` is None.
        """
        room = self.room(room_id)
        if password is None and name is None:
            raise validation_error("password_or_name_required")
        async with self.room_lock(room_id):
            record: CredentialRecord | None
            if name is not None:
                record = self.registry.by_name(
                    room_id, CredentialKind.OFFLINE_PASSWORD, name
                )
                if record is None:
                    raise validation_error("unknown_name", name=name)
                if password is not None and password != record.password:
                    raise validation_error("password_name_mismatch", name=name)
            else:
                record = self.registry.by_password(room_id, password or "")
            return await self._async_stop_offline(
                room, record, password, valid_until, context
            )

    async def _async_stop_offline(
        self,
        room: RoomRef,
        record: CredentialRecord | None,
        password: str | None,
        valid_until: datetime | None,
        context: Context | None,
    ) -> Revoked:
        """Revoke an offline password, forget its record (under the room's lock)."""
        secret = password if record is None else record.password
        if valid_until is None:
            if record is None:
                raise validation_error("unknown_offline_password")
            valid_until = record.valid_until
        if secret is None:  # pragma: no cover - a record always has its password
            raise validation_error("unknown_offline_password")
        with self.reported(
            "revoke_offline_password",
            room,
            CredentialKind.OFFLINE_PASSWORD,
            context,
            name=None if record is None else record.name,
        ):
            result, _ = await self.async_written_ahead(
                doubted([record]),
                self.coordinator.client.gateway_stop_offline,
                room.room_id,
                secret,
                valid_until,
                rm_id=room.room_id,
            )
        if record is not None:
            await self.registry.async_update(remove=[record])
        self.fire_changed(
            "revoke_offline_password",
            room,
            CredentialKind.OFFLINE_PASSWORD,
            context,
            name=None if record is None else record.name,
            valid_until=valid_until,
        )
        battery = None if result is None else result.battery
        return Revoked(room=room, record=record, battery=battery)
