"""The offline password actions: generate one, revoke one through the gateway.

The platform computes an offline password (no gateway needed); revoking it
needs the password and its expiry, so the registry keeps both.
"""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import ServiceCall, ServiceResponse

from .changes import fire_changed, iso
from .registry import CredentialKind, CredentialRecord
from .schemas import GENERATE_OFFLINE_PASSWORD_SCHEMA, REVOKE_OFFLINE_PASSWORD_SCHEMA
from .slots import async_removing
from .targets import async_room_validity, async_single_room
from .validation import (
    ATTR_NAME,
    ATTR_PASSWORD,
    ATTR_VALID_UNTIL,
    apply_schema,
    validation_error,
)


async def async_generate_offline_password(call: ServiceCall) -> ServiceResponse:
    """Generate an offline password for a room and remember it."""
    data = apply_schema(GENERATE_OFFLINE_PASSWORD_SCHEMA, call.data)
    target = await async_room_validity(call, data)
    room, valid_until = target.room, target.valid_until
    name: str | None = data.get(ATTR_NAME)
    registry = room.entry.runtime_data.registry
    async with room.entry.runtime_data.desk.room_lock(room.room_id):
        if name is not None and registry.by_name(
            room.room_id, CredentialKind.OFFLINE_PASSWORD, name
        ):
            raise validation_error("name_in_use", name=name)
        password = await room.async_call(
            lambda client: client.make_offline(room.room_id, valid_until),
            gateway=False,
        )
        await registry.async_add(
            CredentialRecord(
                room_id=room.room_id,
                kind=CredentialKind.OFFLINE_PASSWORD,
                name=name,
                valid_from=target.valid_from,
                valid_until=valid_until,
                created=target.now,
                password=password,
            )
        )
    fire_changed(
        call,
        room,
        CredentialKind.OFFLINE_PASSWORD,
        name=name,
        valid_until=valid_until,
    )
    return {"password": password, "valid_until": iso(valid_until)}


async def async_revoke_offline_password(call: ServiceCall) -> ServiceResponse:
    """Revoke an offline password through the room's gateway."""
    data = apply_schema(REVOKE_OFFLINE_PASSWORD_SCHEMA, call.data)
    room = await async_single_room(call, data)
    password: str | None = data.get(ATTR_PASSWORD)
    name: str | None = data.get(ATTR_NAME)
    if password is None and name is None:
        raise validation_error("password_or_name_required")
    registry = room.entry.runtime_data.registry
    async with room.entry.runtime_data.desk.room_lock(room.room_id):
        record: CredentialRecord | None
        if name is not None:
            record = registry.by_name(
                room.room_id, CredentialKind.OFFLINE_PASSWORD, name
            )
            if record is None:
                raise validation_error("unknown_name", name=name)
            if password is not None and password != record.password:
                raise validation_error("password_name_mismatch", name=name)
        else:
            record = registry.by_password(room.room_id, password or "")
        valid_until: datetime | None = data.get(ATTR_VALID_UNTIL)
        secret = password if record is None else record.password
        if valid_until is None:
            if record is None:
                raise validation_error("unknown_offline_password")
            valid_until = record.valid_until
        if secret is None:  # pragma: no cover - a record always has its password
            raise validation_error("unknown_offline_password")
        expiry = valid_until
        result = await async_removing(
            registry,
            record,
            room.async_call(
                lambda client: client.gateway_stop_offline(
                    room.room_id, secret, expiry
                ),
            ),
        )
    fire_changed(
        call,
        room,
        CredentialKind.OFFLINE_PASSWORD,
        name=None if record is None else record.name,
        valid_until=valid_until,
    )
    return {"battery": None if result is None else result.battery}
