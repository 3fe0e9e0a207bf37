"""The list_credentials action: what the registry holds, secrets masked."""

from __future__ import annotations

from typing import Any, Final

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.util.json import JsonValueType

from .changes import iso
from .const import DOMAIN
from .registry import CredentialKind, CredentialRecord
from .schemas import LIST_CREDENTIALS_SCHEMA
from .targets import TargetRoom, async_check_control, async_resolve_rooms, room_by_id
from .validation import apply_schema, has_target, validation_error

MASK: Final = "******"


async def async_list_credentials(call: ServiceCall) -> ServiceResponse:
    """Return what the registry holds for the targeted rooms (secrets masked)."""
    data = apply_schema(LIST_CREDENTIALS_SCHEMA, call.data)
    if has_target(data):
        rooms = await async_resolve_rooms(call, data)
        if not rooms:
            raise validation_error("no_room_targeted")
    else:
        await async_check_control(call)
        rooms = []
        for entry in call.hass.config_entries.async_loaded_entries(DOMAIN):
            registry = entry.runtime_data.registry
            room_ids = dict.fromkeys(record.room_id for record in registry.records())
            rooms.extend(
                room
                for room_id in room_ids
                if (room := room_by_id(call.hass, entry, room_id)) is not None
            )
    credentials: list[JsonValueType] = []
    for room in rooms:
        registry = room.entry.runtime_data.registry
        await registry.async_prune()
        credentials.extend(
            _describe(room, record)
            for record in sorted(
                registry.records(room.room_id),
                key=lambda r: (r.kind.value, r.slot or 0, r.created),
            )
        )
    return {"credentials": credentials}


def _describe(room: TargetRoom, record: CredentialRecord) -> dict[str, Any]:
    """Describe a record for list_credentials; secrets are masked.

    PINs are never stored at all; offline passwords are stored (revoking one
    needs it) but never returned here, to keep them out of traces.
    """
    item: dict[str, Any] = {
        "entity_id": room.entity_id,
        "room_id": room.room_id,
        "room_name": room.room_name,
        "kind": record.kind.value,
        "slot": record.slot,
        "name": record.name,
        "valid_from": iso(record.valid_from),
        "valid_until": iso(record.valid_until),
        "created": iso(record.created),
        "confirmed": record.confirmed,
    }
    if record.kind in (CredentialKind.PIN, CredentialKind.OFFLINE_PASSWORD):
        item["secret"] = MASK
    if record.kind is CredentialKind.CARD:
        # None for a card whose writing lost its answer (not confirmed yet).
        item["card_id"] = record.card_id
    return item
