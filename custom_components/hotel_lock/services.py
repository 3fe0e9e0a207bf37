"""The actions: thin adapters over each entry's credential desk (and stay book).

Each action is ``schema → target room (or config entry) → one desk call →
response``. The schemas and their translated errors are in
``service_schemas``, the target resolution and permission checks in
``service_targets``; the credential logic is the desk's
(``credentials.CredentialDesk``), which other callers use directly. The
stay actions are in ``stay_services``; this module registers them too.
These are the only modules that see a ``ServiceCall``.

The actions are domain actions (registered in ``async_setup``, looking up
the config entry at call time), not entity actions: see ``service_targets``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Final

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.util.json import JsonValueType
import probatio as vol

from .const import DEFAULT_PIN_LENGTH, DOMAIN, LOGGER
from .credential_core import RoomRef, iso
from .credential_record import CredentialKind, CredentialRecord
from .errors import validation_error
from .service_schemas import (
    ATTR_AUTHORIZED_AT,
    ATTR_CARD_ID,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_FORCE,
    ATTR_NAME,
    ATTR_PASSWORD,
    ATTR_PIN,
    ATTR_PIN_LENGTH,
    ATTR_SLOT,
    ATTR_STAY_ID,
    ATTR_TEMPLATE,
    ATTR_VALID_FROM,
    ATTR_VALID_UNTIL,
    CLEAR_CARD_SCHEMA,
    GENERATE_OFFLINE_PASSWORD_SCHEMA,
    ISSUE_CARD_SCHEMA,
    LIST_CREDENTIALS_SCHEMA,
    READ_CARD_SCHEMA,
    REVOKE_OFFLINE_PASSWORD_SCHEMA,
    SET_FACE_SCHEMA,
    SET_FINGERPRINT_SCHEMA,
    SET_PIN_SCHEMA,
    apply_schema,
    clear_slot_schema,
)
from .service_targets import (
    async_check_permission,
    async_entry_desk,
    async_face_image,
    async_target_room,
    async_target_rooms,
    has_target,
)
from .stay_services import STAY_ACTIONS

MASK: Final = "******"

type Handler = Callable[[ServiceCall, dict[str, Any]], Awaitable[ServiceResponse]]


def room_response(room: RoomRef | None) -> dict[str, Any] | None:
    """Describe a room in response data (None when the platform named none)."""
    if room is None:
        return None
    return {
        "entity_id": room.lock_entity_id,
        "name": room.name,
        "room_id": room.room_id,
    }


async def _async_set_pin(call: ServiceCall, data: dict[str, Any]) -> ServiceResponse:
    """Push a PIN (given, or drawn and returned only in the response)."""
    pin: str | None = data.get(ATTR_PIN)
    if pin is not None and ATTR_PIN_LENGTH in data:
        raise validation_error("pin_with_pin_length")
    # A drawn PIN never passes through the event bus (the action data does):
    # only the response carries it, so it must be asked for.
    if pin is None and not call.return_response:
        raise validation_error("pin_response_required")
    target = await async_target_room(call, data)
    issued = await target.desk.async_set_pin(
        target.room_id,
        valid_until=data[ATTR_VALID_UNTIL],
        pin=pin,
        pin_length=data.get(ATTR_PIN_LENGTH, DEFAULT_PIN_LENGTH),
        slot=data.get(ATTR_SLOT),
        name=data.get(ATTR_NAME),
        context=call.context,
    )
    return {
        "pin": issued.secret,
        "slot": issued.record.slot,
        "valid_until": iso(issued.record.valid_until),
        "battery": issued.battery,
    }


async def _async_set_face(call: ServiceCall, data: dict[str, Any]) -> ServiceResponse:
    """Push a face photo (JPEG or PNG) into a slot."""
    target = await async_target_room(call, data)
    issued = await target.desk.async_set_face(
        target.room_id,
        image=await async_face_image(call, data),
        valid_from=data.get(ATTR_VALID_FROM),
        valid_until=data[ATTR_VALID_UNTIL],
        slot=data.get(ATTR_SLOT),
        name=data.get(ATTR_NAME),
        context=call.context,
    )
    return _biometric_response(issued.record, issued.battery)


async def _async_set_fingerprint(
    call: ServiceCall, data: dict[str, Any]
) -> ServiceResponse:
    """Push a fingerprint template into a slot."""
    target = await async_target_room(call, data)
    issued = await target.desk.async_set_fingerprint(
        target.room_id,
        template=data[ATTR_TEMPLATE],
        valid_from=data.get(ATTR_VALID_FROM),
        valid_until=data[ATTR_VALID_UNTIL],
        slot=data.get(ATTR_SLOT),
        name=data.get(ATTR_NAME),
        context=call.context,
    )
    return _biometric_response(issued.record, issued.battery)


def _biometric_response(
    record: CredentialRecord, battery: int | None
) -> ServiceResponse:
    return {
        "slot": record.slot,
        "valid_from": iso(record.valid_from),
        "valid_until": iso(record.valid_until),
        "battery": battery,
    }


def _clear_slot(kind: CredentialKind) -> Handler:
    """Return the handler of clear_pin, clear_face or clear_fingerprint."""

    async def clear(call: ServiceCall, data: dict[str, Any]) -> ServiceResponse:
        target = await async_target_room(call, data)
        revoked = await target.desk.async_clear_slot(
            target.room_id,
            kind,
            slot=data.get(ATTR_SLOT),
            name=data.get(ATTR_NAME),
            force=data[ATTR_FORCE],
            context=call.context,
        )
        return {"slot": revoked.slot, "battery": revoked.battery}

    return clear


async def _async_generate_offline_password(
    call: ServiceCall, data: dict[str, Any]
) -> ServiceResponse:
    """Generate an offline password for a room."""
    target = await async_target_room(call, data)
    issued = await target.desk.async_generate_offline_password(
        target.room_id,
        valid_until=data[ATTR_VALID_UNTIL],
        name=data.get(ATTR_NAME),
        context=call.context,
    )
    return {"password": issued.secret, "valid_until": iso(issued.record.valid_until)}


async def _async_revoke_offline_password(
    call: ServiceCall, data: dict[str, Any]
) -> ServiceResponse:
    """Revoke an offline password through the room's gateway."""
    target = await async_target_room(call, data)
    revoked = await target.desk.async_revoke_offline_password(
        target.room_id,
        password=data.get(ATTR_PASSWORD),
        name=data.get(ATTR_NAME),
        valid_until=data.get(ATTR_VALID_UNTIL),
        context=call.context,
    )
    return {"battery": revoked.battery}


async def _async_issue_card(call: ServiceCall, data: dict[str, Any]) -> ServiceResponse:
    """Write a key card for a room on the desk encoder (for a stay: its window)."""
    target = await async_target_room(call, data)
    authorized_at, valid_until = (
        data.get(ATTR_AUTHORIZED_AT),
        data.get(ATTR_VALID_UNTIL),
    )
    if (stay_id := data.get(ATTR_STAY_ID)) is not None:
        if authorized_at is not None or valid_until is not None:
            raise validation_error("stay_sets_card_window")
        issued = await target.entry.runtime_data.stays.async_issue_card(
            stay_id, target.room_id, name=data.get(ATTR_NAME), context=call.context
        )
    elif valid_until is None:
        raise validation_error("missing_field", field=ATTR_VALID_UNTIL)
    else:
        issued = await target.desk.async_issue_card(
            target.room_id,
            valid_until=valid_until,
            authorized_at=authorized_at,
            name=data.get(ATTR_NAME),
            context=call.context,
        )
    return {
        "card_id": issued.record.card_id,
        "authorized_at": iso(issued.record.valid_from),
        "valid_until": iso(issued.record.valid_until),
    }


async def _async_clear_card(call: ServiceCall, data: dict[str, Any]) -> ServiceResponse:
    """Clear the card on the desk encoder, by target room or by card ID."""
    card_id: str | None = data.get(ATTR_CARD_ID)
    targeted = has_target(data)
    if targeted == (card_id is not None):
        raise validation_error("room_or_card_id_required")
    if targeted:
        if ATTR_CONFIG_ENTRY_ID in data:
            raise validation_error("config_entry_with_target")
        target = await async_target_room(call, data)
        revoked = await target.desk.async_clear_card(
            room_id=target.room_id, context=call.context
        )
    else:
        desk = await async_entry_desk(call, data)
        revoked = await desk.async_clear_card(card_id=card_id, context=call.context)
    return {"card_id": revoked.card_id, "room": room_response(revoked.room)}


async def _async_read_card(call: ServiceCall, data: dict[str, Any]) -> ServiceResponse:
    """Read the card lying on the desk encoder."""
    card = await (await async_entry_desk(call, data)).async_read_card()
    return {
        "card_id": card.card_id,
        "room": room_response(card.room),
        "valid_from": iso(card.valid_from),
        "valid_until": iso(card.valid_until),
    }


async def _async_list_credentials(
    call: ServiceCall, data: dict[str, Any]
) -> ServiceResponse:
    """Return what the registries hold for the targeted rooms, secrets masked.

    PINs are never stored; offline passwords are (revoking one needs it) but
    never returned here, to keep them out of traces.
    """
    if has_target(data):
        rooms = [(t.desk, t.room) for t in await async_target_rooms(call, data)]
        if not rooms:
            raise validation_error("no_room_targeted")
    else:
        await async_check_permission(call)
        rooms = [
            (desk, desk.room_ref(room_id))
            for entry in call.hass.config_entries.async_loaded_entries(DOMAIN)
            for desk in (entry.runtime_data.desk,)
            for room_id in dict.fromkeys(r.room_id for r in desk.credentials())
        ]
    credentials: list[JsonValueType] = [
        _describe(room, record)
        for desk, room in rooms
        for record in desk.credentials(room.room_id)
    ]
    return {"credentials": credentials}


def _describe(room: RoomRef, record: CredentialRecord) -> dict[str, Any]:
    """Describe a record for list_credentials; secrets are masked."""
    item: dict[str, Any] = {
        "entity_id": room.lock_entity_id,
        "room_id": room.room_id,
        "room_name": room.name,
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


OPTIONAL = SupportsResponse.OPTIONAL
ACTIONS: Final[dict[str, tuple[vol.Schema, Handler, SupportsResponse]]] = {
    "set_pin": (SET_PIN_SCHEMA, _async_set_pin, OPTIONAL),
    "clear_pin": (
        clear_slot_schema(CredentialKind.PIN),
        _clear_slot(CredentialKind.PIN),
        OPTIONAL,
    ),
    "set_face": (SET_FACE_SCHEMA, _async_set_face, OPTIONAL),
    "clear_face": (
        clear_slot_schema(CredentialKind.FACE),
        _clear_slot(CredentialKind.FACE),
        OPTIONAL,
    ),
    "set_fingerprint": (SET_FINGERPRINT_SCHEMA, _async_set_fingerprint, OPTIONAL),
    "clear_fingerprint": (
        clear_slot_schema(CredentialKind.FINGERPRINT),
        _clear_slot(CredentialKind.FINGERPRINT),
        OPTIONAL,
    ),
    "generate_offline_password": (
        GENERATE_OFFLINE_PASSWORD_SCHEMA,
        _async_generate_offline_password,
        OPTIONAL,
    ),
    "revoke_offline_password": (
        REVOKE_OFFLINE_PASSWORD_SCHEMA,
        _async_revoke_offline_password,
        OPTIONAL,
    ),
    "issue_card": (ISSUE_CARD_SCHEMA, _async_issue_card, OPTIONAL),
    "clear_card": (CLEAR_CARD_SCHEMA, _async_clear_card, OPTIONAL),
    "read_card": (READ_CARD_SCHEMA, _async_read_card, SupportsResponse.ONLY),
    "list_credentials": (
        LIST_CREDENTIALS_SCHEMA,
        _async_list_credentials,
        SupportsResponse.ONLY,
    ),
}


def _adapter(
    schema: vol.Schema, handler: Handler
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    """Return an action handler that validates (translated) before it acts."""

    async def handle(call: ServiceCall) -> ServiceResponse:
        return await handler(call, apply_schema(schema, call.data))

    return handle


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the credential actions."""
    for service, (schema, handler, supports_response) in (
        ACTIONS | STAY_ACTIONS
    ).items():
        hass.services.async_register(
            DOMAIN,
            service,
            _adapter(schema, handler),
            # Validated by the adapter, so that every problem is reported
            # translated and the raw data (with secrets) is never logged.
            schema=None,
            supports_response=supports_response,
        )
    LOGGER.debug("Registered %s actions", len(ACTIONS) + len(STAY_ACTIONS))
