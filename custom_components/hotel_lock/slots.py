"""Slotted credentials — PINs, faces, fingerprints: choosing, pushing, clearing.

The platform hands out numbered slots but keeps no list of them; the
registry does. Each push or clear runs under the room's registry lock, so
automatic slot choice never hands one slot out twice. A record is written
only after the platform accepted, or kept unconfirmed when its answer was
lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, Final

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import HomeAssistantError

from .api import HotelLockClient
from .changes import fire_changed
from .errors import PlatformAnswerLost
from .platform_answers import GatewayResult
from .registry import (
    CredentialKind,
    CredentialRecord,
    CredentialRegistry,
)
from .schemas import CLEAR_FACE_SCHEMA, CLEAR_FINGERPRINT_SCHEMA, CLEAR_PIN_SCHEMA
from .targets import TargetRoom, async_single_room
from .validation import (
    ATTR_FORCE,
    ATTR_NAME,
    ATTR_SLOT,
    apply_schema,
    now,
    validation_error,
)

type Upload = Callable[[int], Callable[[HotelLockClient], Awaitable[GatewayResult]]]


def choose_slot(
    registry: CredentialRegistry,
    room: TargetRoom,
    kind: CredentialKind,
    slot: int | None,
    name: str | None,
) -> int:
    """Pick the slot a credential goes to (called under the room lock).

    An explicit slot is used as given (the lock overwrites it). Without one, a
    name already in use keeps its slot (the credential is replaced), else the
    lowest free slot is chosen.
    """
    named = None if name is None else registry.by_name(room.room_id, kind, name)
    if slot is not None:
        if named is not None and named.slot != slot:
            raise validation_error("name_in_use", name=name or "")
        return slot
    if named is not None and named.slot is not None:
        return named.slot
    if (free := registry.free_slot(room.room_id, kind)) is None:
        raise validation_error("no_free_slot", kind=kind.value)
    return free


def slot_to_clear(
    registry: CredentialRegistry,
    room: TargetRoom,
    kind: CredentialKind,
    data: Mapping[str, Any],
) -> tuple[int, CredentialRecord | None]:
    """Find the slot a clear_* action means (called under the room lock)."""
    slot: int | None = data.get(ATTR_SLOT)
    name: str | None = data.get(ATTR_NAME)
    if name is not None:
        record = registry.by_name(room.room_id, kind, name)
        if record is None or record.slot is None:
            raise validation_error("unknown_name", name=name)
        if slot is not None and slot != record.slot:
            raise validation_error("slot_name_mismatch", name=name, slot=str(slot))
        return record.slot, record
    if slot is None:
        raise validation_error("slot_or_name_required")
    record = registry.by_slot(room.room_id, kind, slot)
    if record is None and not data[ATTR_FORCE]:
        raise validation_error("unknown_slot", slot=str(slot))
    return slot, record


def outcome_unknown(err: HomeAssistantError) -> bool:
    """Return True when a failed call may still have reached the lock."""
    return isinstance(err, PlatformAnswerLost)


async def async_doubt(
    registry: CredentialRegistry,
    record: CredentialRecord | None,
    err: HomeAssistantError,
) -> None:
    """Keep a credential unconfirmed when a call to remove it lost its answer.

    The platform may have cleared or revoked it, or not: the record stays (so
    that it can be cleared again) but no longer claims to be at the lock.
    """
    if record is not None and record.confirmed and outcome_unknown(err):
        await registry.async_add(replace(record, confirmed=False))


async def async_removing[T](
    registry: CredentialRegistry,
    record: CredentialRecord | None,
    removal: Awaitable[T],
) -> T:
    """Await the platform call that removes a credential, then forget its record.

    When the answer is lost, the record stays, unconfirmed (``async_doubt``).
    """
    try:
        result = await removal
    except HomeAssistantError as err:
        await async_doubt(registry, record, err)
        raise
    if record is not None:
        await registry.async_remove_record(record)
    return result


async def async_push_slotted(
    call: ServiceCall,
    room: TargetRoom,
    kind: CredentialKind,
    data: Mapping[str, Any],
    *,
    valid_from: datetime,
    valid_until: datetime,
    upload: Upload,
    created: datetime | None = None,
) -> tuple[int, GatewayResult]:
    """Push a PIN, face or fingerprint into its slot and record it.

    Under the room lock: the slot is chosen (``slot`` and ``name`` of the
    action data), the credential uploaded, the record written. When the
    answer is lost, the credential may be at the lock: it is kept
    unconfirmed, so that its slot is not handed out again and it can be
    cleared by name or slot.
    """
    name: str | None = data.get(ATTR_NAME)
    registry = room.entry.runtime_data.registry
    async with room.entry.runtime_data.desk.room_lock(room.room_id):
        slot = choose_slot(registry, room, kind, data.get(ATTR_SLOT), name)
        record = CredentialRecord(
            room_id=room.room_id,
            kind=kind,
            slot=slot,
            name=name,
            valid_from=valid_from,
            valid_until=valid_until,
            created=now() if created is None else created,
        )
        try:
            result = await room.async_call(upload(slot))
        except HomeAssistantError as err:
            if outcome_unknown(err):
                await registry.async_add(replace(record, confirmed=False))
            raise
        await registry.async_add(record)
    return slot, result


_STOP_CALLS: Final[
    dict[
        CredentialKind,
        Callable[[HotelLockClient, str, int], Awaitable[GatewayResult]],
    ]
] = {
    CredentialKind.PIN: HotelLockClient.gateway_stop_online,
    CredentialKind.FACE: HotelLockClient.gateway_stop_face,
    CredentialKind.FINGERPRINT: HotelLockClient.gateway_stop_finger,
}
_CLEAR_SCHEMAS: Final = {
    CredentialKind.PIN: CLEAR_PIN_SCHEMA,
    CredentialKind.FACE: CLEAR_FACE_SCHEMA,
    CredentialKind.FINGERPRINT: CLEAR_FINGERPRINT_SCHEMA,
}


async def async_clear_slot(kind: CredentialKind, call: ServiceCall) -> ServiceResponse:
    """Disable the PIN, face or fingerprint in a slot of a room's lock."""
    data = apply_schema(_CLEAR_SCHEMAS[kind], call.data)
    room = await async_single_room(call, data)
    stop = _STOP_CALLS[kind]
    registry = room.entry.runtime_data.registry
    async with room.entry.runtime_data.desk.room_lock(room.room_id):
        slot, record = slot_to_clear(registry, room, kind, data)
        result = await async_removing(
            registry,
            record,
            room.async_call(lambda client: stop(client, room.room_id, slot)),
        )
    fire_changed(
        call,
        room,
        kind,
        slot=slot,
        name=None if record is None else record.name,
    )
    return {"slot": slot, "battery": result.battery}
