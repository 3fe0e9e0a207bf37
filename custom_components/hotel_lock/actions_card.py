"""The key card actions, on the desk encoder: issue, clear and read a card.

The platform names a card only in its answers. When the answer to writing a
card is lost, the card may be written: it is recorded for its room,
unconfirmed and without an ID, until ``read_card`` finds it (the card then
gets its ID and is confirmed) or a clear of a card of that room that the
registry did not know removes it. When the answer to a clear is lost, the
cards it may have cleared stay, unconfirmed, until read or cleared again.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import replace
from typing import Any

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import HomeAssistantError

from .changes import fire_changed, iso
from .platform_answers import CardInfo
from .registry import (
    CredentialKind,
    CredentialRecord,
    CredentialRegistry,
)
from .schemas import CLEAR_CARD_SCHEMA, ISSUE_CARD_SCHEMA, READ_CARD_SCHEMA
from .slots import async_doubt, outcome_unknown
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
    registry = room.entry.runtime_data.registry
    written = CredentialRecord(
        room_id=room.room_id,
        kind=CredentialKind.CARD,
        name=name,
        valid_from=authorized_at,
        valid_until=valid_until,
        created=target.now,
        confirmed=False,
    )
    async with room.entry.runtime_data.desk.room_lock(room.room_id):
        try:
            card_id = await room.async_call(
                lambda client: client.mark_room_card(
                    room.room_id, authorized_at, valid_until
                ),
                gateway=False,
            )
        except HomeAssistantError as err:
            if outcome_unknown(err):
                # Perhaps written: the room may have a card out.
                await registry.async_add(written)
            raise
        await registry.async_add(replace(written, card_id=card_id, confirmed=True))
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


async def _async_doubt_cards(registry: CredentialRegistry, room_id: str) -> None:
    """Keep the cards of a room unconfirmed: one of them may have been cleared."""
    for record in registry.records(room_id, CredentialKind.CARD):
        if record.confirmed:
            await registry.async_add(replace(record, confirmed=False))


async def _async_card_cleared(
    registry: CredentialRegistry, card_id: str, room_id: str | None
) -> None:
    """Forget the card the platform cleared.

    A card the registry did not know by ID is taken to be the room's card
    whose writing lost its answer: the room's records without an ID go.
    """
    if registry.by_card(card_id) is None and room_id is not None:
        for record in registry.records(room_id, CredentialKind.CARD):
            if record.card_id is None:
                await registry.async_remove_record(record)
    await registry.async_remove_cards(card_id=card_id)


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
    else:
        entry = await async_entry_of_call(call, data)
    rm_id = None if room is None else room.room_id
    registry = entry.runtime_data.registry
    # The room's lock: by room, or the room the registry knows the card of.
    known = None if card_id is None else registry.by_card(card_id)
    locked_room = rm_id or (None if known is None else known.room_id)
    room_lock: AbstractAsyncContextManager[Any] = (
        nullcontext()
        if locked_room is None
        else entry.runtime_data.desk.room_lock(locked_room)
    )
    async with room_lock:
        try:
            coordinator = entry.runtime_data.coordinator
            cleared = await coordinator.async_call(
                lambda client: client.clear_room_card(rm_id=rm_id, card_id=card_id),
                coordinator.client,
            )
        except HomeAssistantError as err:
            if card_id is not None:
                await async_doubt(registry, registry.by_card(card_id), err)
            elif rm_id is not None and outcome_unknown(err):
                # Cleared by room, the card is named only in the lost answer.
                await _async_doubt_cards(registry, rm_id)
            raise
        cleared_id = cleared.card_id or None
        if cleared_id is not None:
            await _async_card_cleared(registry, cleared_id, cleared.rm_id or rm_id)
        elif rm_id is not None:
            # Cleared by room, the answer names no card: which one is unknown.
            await _async_doubt_cards(registry, rm_id)
    cleared_room = room or room_by_id(call.hass, entry, cleared.rm_id)
    fire_changed(
        call,
        cleared_room
        or TargetRoom(entry=entry, room_id="", room_name=entry.title, entity_id=None),
        CredentialKind.CARD,
        card_id=cleared_id,
    )
    return {"card_id": cleared_id, "room": room_response(cleared_room)}


async def _async_card_read(registry: CredentialRegistry, card: CardInfo) -> None:
    """Settle what the registry holds of a card read on the encoder.

    A blank card opens nothing: its records go. A card written for a room
    confirms its own record of that room and validity, or gives its ID to
    the unconfirmed record without one of that room and validity (its
    writing lost its answer).
    """
    if card.rm_id is None:
        if registry.by_card(card.card_id) is not None:
            await registry.async_remove_cards(card_id=card.card_id)
        return

    def written_so(record: CredentialRecord) -> bool:
        return (record.valid_from, record.valid_until) == (
            card.valid_from,
            card.valid_until,
        )

    records = registry.records(card.rm_id, CredentialKind.CARD)
    folded = card.card_id.casefold()
    if own := next(
        (
            r
            for r in records
            if r.card_id is not None
            and r.card_id.casefold() == folded
            and written_so(r)
        ),
        None,
    ):
        if not own.confirmed:
            await registry.async_add(replace(own, confirmed=True))
        return
    if pending := next(
        (r for r in records if r.card_id is None and written_so(r)), None
    ):
        await registry.async_remove_record(pending)
        # Written for this room, the card holds this record only.
        await registry.async_add(replace(pending, card_id=card.card_id, confirmed=True))


async def async_read_card(call: ServiceCall) -> ServiceResponse:
    """Read the card lying on the desk encoder, settling the registry's doubts."""
    data = apply_schema(READ_CARD_SCHEMA, call.data)
    entry = await async_entry_of_call(call, data)
    coordinator = entry.runtime_data.coordinator
    card = await coordinator.async_call(coordinator.client.read_card)
    registry = entry.runtime_data.registry
    if card.rm_id is None:
        await _async_card_read(registry, card)
    else:
        async with entry.runtime_data.desk.room_lock(card.rm_id):
            await _async_card_read(registry, card)
    return {
        "card_id": card.card_id,
        "room": room_response(room_by_id(call.hass, entry, card.rm_id)),
        "valid_from": iso(card.valid_from),
        "valid_until": iso(card.valid_until),
    }
