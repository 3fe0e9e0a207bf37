"""The key card actions, on the desk encoder: issue, clear and read a card."""

from __future__ import annotations

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import HomeAssistantError

from .changes import fire_changed, iso
from .registry import CredentialKind, CredentialRecord, async_get_registry
from .schemas import CLEAR_CARD_SCHEMA, ISSUE_CARD_SCHEMA, READ_CARD_SCHEMA
from .slots import async_doubt
from .targets import (
    TargetRoom,
    async_entry_of_call,
    async_room_validity,
    async_single_room,
    room_by_id,
    room_response,
)
from .validation import (
    ATTR_AUTHORIZED_AT,
    ATTR_CARD_ID,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_NAME,
    apply_schema,
    has_target,
    validation_error,
)


async def async_issue_card(call: ServiceCall) -> ServiceResponse:
    """Write a key card for a room on the desk encoder."""
    data = apply_schema(ISSUE_CARD_SCHEMA, call.data)
    target = await async_room_validity(call, data, start=ATTR_AUTHORIZED_AT)
    room, authorized_at = target.room, target.valid_from
    valid_until = target.valid_until
    name: str | None = data.get(ATTR_NAME)
    registry = await async_get_registry(call.hass, room.entry.entry_id)
    async with registry.room_lock(room.room_id):
        card_id = await room.async_call(
            lambda client: client.mark_room_card(
                room.room_id, authorized_at, valid_until
            ),
            gateway=False,
        )
        await registry.async_add(
            CredentialRecord(
                room_id=room.room_id,
                kind=CredentialKind.CARD,
                name=name,
                valid_from=authorized_at,
                valid_until=valid_until,
                created=target.now,
                card_id=card_id,
            )
        )
    fire_changed(
        call,
        room,
        CredentialKind.CARD,
        name=name,
        valid_from=authorized_at,
        valid_until=valid_until,
        card_id=card_id,
    )
    return {
        "card_id": card_id,
        "authorized_at": iso(authorized_at),
        "valid_until": iso(valid_until),
    }


async def async_clear_card(call: ServiceCall) -> ServiceResponse:
    """Clear the card on the desk encoder, by target room or by card ID."""
    data = apply_schema(CLEAR_CARD_SCHEMA, call.data)
    card_id: str | None = data.get(ATTR_CARD_ID)
    targeted = has_target(data)
    if targeted == (card_id is not None):
        raise validation_error("room_or_card_id_required")
    room: TargetRoom | None = None
    if targeted:
        if ATTR_CONFIG_ENTRY_ID in data:
            raise validation_error("config_entry_with_target")
        room = await async_single_room(call, data)
        entry = room.entry
        rm_id = room.room_id
    else:
        entry = await async_entry_of_call(call, data)
        rm_id = None
    registry = await async_get_registry(call.hass, entry.entry_id)
    try:
        cleared = await entry.runtime_data.coordinator.async_call(
            lambda client: client.clear_room_card(rm_id=rm_id, card_id=card_id)
        )
    except HomeAssistantError as err:
        # Cleared by room, the card on the encoder is not known beforehand.
        await async_doubt(
            registry, None if card_id is None else registry.by_card(card_id), err
        )
        raise
    await registry.async_remove_cards(card_id=cleared.card_id or card_id)
    cleared_room = room or room_by_id(call.hass, entry, cleared.rm_id)
    fire_changed(
        call,
        cleared_room
        or TargetRoom(entry=entry, room_id="", room_name=entry.title, entity_id=None),
        CredentialKind.CARD,
        card_id=cleared.card_id,
    )
    return {"card_id": cleared.card_id, "room": room_response(cleared_room)}


async def async_read_card(call: ServiceCall) -> ServiceResponse:
    """Read the card lying on the desk encoder."""
    data = apply_schema(READ_CARD_SCHEMA, call.data)
    entry = await async_entry_of_call(call, data)
    card = await entry.runtime_data.coordinator.async_call(
        lambda client: client.read_card()
    )
    return {
        "card_id": card.card_id,
        "room": room_response(room_by_id(call.hass, entry, card.rm_id)),
        "valid_from": iso(card.valid_from),
        "valid_until": iso(card.valid_until),
    }
