"""The credential actions: PINs, faces, fingerprints, offline passwords, cards.

Room-bound actions target this integration's lock entities (by entity, device,
area, floor or label); each resolves to one config entry and one room ID.
Everything is validated before a request leaves; the platform call runs under
the room's registry lock (so automatic slot choice never double-books) and
through the coordinator (which limits gateway concurrency and translates
platform errors). A record is written only after the platform accepted.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
import secrets
import string
from typing import Any, Final

import aiohttp
from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, Unauthorized
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    service as service_helper,
)
from homeassistant.helpers.target import (
    TargetSelection,
    async_extract_referenced_entity_ids,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.json import JsonValueType

from .api import GatewayResult, HotelLockClient
from .const import DOMAIN, LOGGER
from .coordinator import HotelLockConfigEntry
from .registry import (
    CredentialKind,
    CredentialRecord,
    CredentialRegistry,
    async_get_registry,
)
from .validation import (
    ATTR_AUTHORIZED_AT,
    ATTR_CAMERA,
    ATTR_CARD_ID,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_FORCE,
    ATTR_IMAGE,
    ATTR_IMAGE_PATH,
    ATTR_NAME,
    ATTR_PASSWORD,
    ATTR_PIN,
    ATTR_PIN_LENGTH,
    ATTR_SLOT,
    ATTR_TEMPLATE,
    ATTR_VALID_FROM,
    ATTR_VALID_UNTIL,
    CLEAR_CARD_SCHEMA,
    CLEAR_FACE_SCHEMA,
    CLEAR_FINGERPRINT_SCHEMA,
    CLEAR_PIN_SCHEMA,
    DEFAULT_PIN_LENGTH,
    GENERATE_OFFLINE_PASSWORD_SCHEMA,
    IMAGE_MAX_BYTES,
    ISSUE_CARD_SCHEMA,
    LIST_CREDENTIALS_SCHEMA,
    READ_CARD_SCHEMA,
    REVOKE_OFFLINE_PASSWORD_SCHEMA,
    SET_FACE_SCHEMA,
    SET_FINGERPRINT_SCHEMA,
    SET_PIN_SCHEMA,
    FieldInvalid,
    apply_schema,
    check_image,
    check_validity,
    has_target,
    validation_error,
)

SERVICE_SET_PIN: Final = "set_pin"
SERVICE_CLEAR_PIN: Final = "clear_pin"
SERVICE_SET_FACE: Final = "set_face"
SERVICE_CLEAR_FACE: Final = "clear_face"
SERVICE_SET_FINGERPRINT: Final = "set_fingerprint"
SERVICE_CLEAR_FINGERPRINT: Final = "clear_fingerprint"
SERVICE_GENERATE_OFFLINE_PASSWORD: Final = "generate_offline_password"  # noqa: S105
SERVICE_REVOKE_OFFLINE_PASSWORD: Final = "revoke_offline_password"  # noqa: S105
SERVICE_ISSUE_CARD: Final = "issue_card"
SERVICE_CLEAR_CARD: Final = "clear_card"
SERVICE_READ_CARD: Final = "read_card"
SERVICE_LIST_CREDENTIALS: Final = "list_credentials"

EVENT_CREDENTIAL_CHANGED: Final = f"{DOMAIN}_credential_changed"
MASK: Final = "******"
CAMERA_TIMEOUT: Final = 10


@dataclass(frozen=True, slots=True)
class TargetRoom:
    """A room an action targets, with what it takes to act on it."""

    entry: HotelLockConfigEntry
    room_id: str
    room_name: str
    entity_id: str | None


# --- Target resolution ---------------------------------------------------


def _loaded_entry(hass: HomeAssistant, entry_id: str | None) -> HotelLockConfigEntry:
    """Return a loaded config entry of this domain (or refuse, translated)."""
    entry: HotelLockConfigEntry = service_helper.async_get_config_entry(
        hass, DOMAIN, entry_id
    )
    return entry


def _room_id_of_device(device: dr.AnyDeviceEntry) -> str | None:
    """Return the room ID a room device is identified by."""
    return next(
        (value for domain, value in device.identifiers if domain == DOMAIN),
        None,
    )


async def _async_check_control(
    call: ServiceCall, entity_ids: list[str] | None = None
) -> None:
    """Refuse users who may not control the targeted locks.

    Actions without room targets (the desk encoder, all rooms) need an
    administrator.
    """
    if not call.context.user_id:
        return
    user = await call.hass.auth.async_get_user(call.context.user_id)
    if user is None:
        raise Unauthorized(context=call.context, permission=POLICY_CONTROL)
    if entity_ids is None:
        if not user.is_admin:
            raise Unauthorized(context=call.context, permission=POLICY_CONTROL)
        return
    for entity_id in entity_ids:
        if not user.permissions.check_entity(entity_id, POLICY_CONTROL):
            raise Unauthorized(
                context=call.context, entity_id=entity_id, permission=POLICY_CONTROL
            )


async def _async_resolve_rooms(
    call: ServiceCall, data: Mapping[str, Any]
) -> list[TargetRoom]:
    """Resolve the call's targets to rooms of loaded entries of this domain."""
    hass = call.hass
    selected = async_extract_referenced_entity_ids(hass, TargetSelection(dict(data)))
    ent_reg = er.async_get(hass)
    dev_reg = dr.async_get(hass)
    rooms: dict[tuple[str, str], TargetRoom] = {}
    for entity_id in sorted(selected.referenced | selected.indirectly_referenced):
        entity = ent_reg.async_get(entity_id)
        if (
            entity is None
            or entity.platform != DOMAIN
            or entity.domain != Platform.LOCK
            or entity.config_entry_id is None
        ):
            if entity_id in selected.referenced:
                raise validation_error("not_a_room_lock", entity_id=entity_id)
            continue
        entry = hass.config_entries.async_get_entry(entity.config_entry_id)
        if entry is None or entry.state is not ConfigEntryState.LOADED:
            raise validation_error("entry_not_loaded", entity_id=entity_id)
        device = (
            None if entity.device_id is None else dev_reg.async_get(entity.device_id)
        )
        room_id = None if device is None else _room_id_of_device(device)
        if device is None or room_id is None or not _room_known(entry, room_id):
            raise validation_error("unknown_room", entity_id=entity_id)
        rooms[(entry.entry_id, room_id)] = TargetRoom(
            entry=entry,
            room_id=room_id,
            room_name=device.name_by_user or device.name or room_id,
            entity_id=entity_id,
        )
    await _async_check_control(call, [room.entity_id or "" for room in rooms.values()])
    return list(rooms.values())


async def _async_single_room(call: ServiceCall, data: Mapping[str, Any]) -> TargetRoom:
    """Resolve the call's targets to exactly one room."""
    if not has_target(data):
        raise validation_error("no_room_targeted")
    rooms = await _async_resolve_rooms(call, data)
    if not rooms:
        raise validation_error("no_room_targeted")
    if len(rooms) > 1:
        raise validation_error("multiple_rooms", count=str(len(rooms)))
    return rooms[0]


def _room_known(entry: HotelLockConfigEntry, room_id: str) -> bool:
    """Return True when the platform still lists the room."""
    return room_id in entry.runtime_data.coordinator.data


def _room_by_id(
    hass: HomeAssistant, entry: HotelLockConfigEntry, room_id: str | None
) -> TargetRoom | None:
    """Return the room (with its lock entity) of a room ID reported by the platform."""
    if room_id is None:
        return None
    dev_reg = dr.async_get(hass)
    device = dev_reg.async_get_device_by_identifier((DOMAIN, room_id), entry.entry_id)
    entity_id: str | None = None
    name = room_id
    if device is not None:
        name = device.name_by_user or device.name or room_id
        entity_id = next(
            (
                entity.entity_id
                for entity in er.async_entries_for_device(er.async_get(hass), device.id)
                if entity.domain == Platform.LOCK and entity.platform == DOMAIN
            ),
            None,
        )
    return TargetRoom(entry=entry, room_id=room_id, room_name=name, entity_id=entity_id)


def _room_response(room: TargetRoom | None) -> dict[str, Any] | None:
    """Describe a room in response data."""
    if room is None:
        return None
    return {
        "entity_id": room.entity_id,
        "name": room.room_name,
        "room_id": room.room_id,
    }


# --- Platform calls, events -----------------------------------------------


async def _async_platform[T](
    room: TargetRoom,
    call: Callable[[HotelLockClient], Awaitable[T]],
    *,
    gateway: bool = True,
) -> T:
    """Run a platform call through the entry's coordinator."""
    coordinator = room.entry.runtime_data.coordinator
    if gateway:
        return await coordinator.async_call(call, rm_id=room.room_id)
    return await coordinator.async_call(call)


def _now() -> datetime:
    """Return now in HA's time zone, to the second (as the platform keeps it)."""
    return dt_util.now().replace(microsecond=0)


def _iso(value: datetime | None) -> str | None:
    """Return an ISO date-time (in HA's time zone) for responses and events."""
    return None if value is None else dt_util.as_local(value).isoformat()


@callback
def _fire_changed(
    call: ServiceCall,
    action: str,
    room: TargetRoom,
    kind: CredentialKind,
    *,
    slot: int | None = None,
    name: str | None = None,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    card_id: str | None = None,
) -> None:
    """Fire the event that records a credential change (never a secret)."""
    data: dict[str, Any] = {
        "action": action,
        "kind": kind.value,
        "config_entry_id": room.entry.entry_id,
        "room_id": room.room_id,
        "room_name": room.room_name,
        ATTR_ENTITY_ID: room.entity_id,
        "slot": slot,
        "name": name,
        "valid_from": _iso(valid_from),
        "valid_until": _iso(valid_until),
        "card_id": card_id,
    }
    call.hass.bus.async_fire(
        EVENT_CREDENTIAL_CHANGED,
        {key: value for key, value in data.items() if value not in (None, "")},
        context=call.context,
    )


def _outcome_unknown(err: HomeAssistantError) -> bool:
    """Return True when a failed call may still have reached the lock.

    A timeout or a garbled answer says nothing about what the platform did;
    a refused connection, a refusal with a message or refused credentials
    mean the call was not carried out.
    """
    if err.translation_key == "invalid_response":
        return True
    if err.translation_key != "cannot_connect":
        return False
    cause = err.__cause__
    while cause is not None:
        if isinstance(cause, aiohttp.ClientConnectorError):
            return False
        cause = cause.__cause__
    return True


async def _async_push(
    registry: CredentialRegistry,
    room: TargetRoom,
    record: CredentialRecord,
    call: Callable[[HotelLockClient], Awaitable[GatewayResult]],
) -> GatewayResult:
    """Push a slotted credential and record it (called under the room lock).

    When the answer is lost, the credential may be at the lock: it is kept
    unconfirmed, so that its slot is not handed out again and it can be
    cleared by name or slot.
    """
    try:
        result = await _async_platform(room, call)
    except HomeAssistantError as err:
        if _outcome_unknown(err):
            await registry.async_add(replace(record, confirmed=False))
        raise
    await registry.async_add(record)
    return result


def _battery(result: GatewayResult | None) -> int | None:
    """Return the battery level a gateway answer reported."""
    return None if result is None else result.battery


# --- Slots -----------------------------------------------------------------


def _choose_slot(
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


def _slot_to_clear(
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


# --- Handlers ----------------------------------------------------------------


def generate_pin(length: int) -> str:
    """Draw a PIN of random digits from the operating system's secure source."""
    return "".join(secrets.choice(string.digits) for _ in range(length))


def _pin_to_set(call: ServiceCall, data: Mapping[str, Any]) -> str:
    """Return the PIN given, or draw one when none was given.

    A drawn PIN never passes through Home Assistant's event bus: the action
    data, which Home Assistant fires and records as a ``call_service`` event,
    does not carry it; only the response does, so it must be asked for.
    """
    if ATTR_PIN in data:
        if ATTR_PIN_LENGTH in data:
            raise validation_error("pin_with_pin_length")
        pin: str = data[ATTR_PIN]
        return pin
    if not call.return_response:
        raise validation_error("pin_response_required")
    return generate_pin(data.get(ATTR_PIN_LENGTH, DEFAULT_PIN_LENGTH))


async def _async_set_pin(call: ServiceCall) -> ServiceResponse:
    """Push a PIN (given or drawn) into a slot of a room's lock."""
    data = apply_schema(SET_PIN_SCHEMA, call.data)
    pin = _pin_to_set(call, data)
    room = await _async_single_room(call, data)
    now = _now()
    valid_until: datetime = data[ATTR_VALID_UNTIL]
    check_validity(None, valid_until, now)
    name: str | None = data.get(ATTR_NAME)
    registry = await async_get_registry(call.hass, room.entry.entry_id)
    async with registry.room_lock(room.room_id):
        slot = _choose_slot(
            registry, room, CredentialKind.PIN, data.get(ATTR_SLOT), name
        )
        result = await _async_push(
            registry,
            room,
            CredentialRecord(
                room_id=room.room_id,
                kind=CredentialKind.PIN,
                slot=slot,
                name=name,
                valid_from=now,
                valid_until=valid_until,
                created=now,
            ),
            lambda client: client.gateway_upload_online(
                room.room_id, slot, pin, valid_until
            ),
        )
    _fire_changed(
        call,
        SERVICE_SET_PIN,
        room,
        CredentialKind.PIN,
        slot=slot,
        name=name,
        valid_until=valid_until,
    )
    return {
        "pin": pin,
        "slot": slot,
        "valid_until": _iso(valid_until),
        "battery": result.battery,
    }


async def _async_read_image_file(call: ServiceCall, path: str) -> bytes:
    """Read an image file Home Assistant is allowed to read."""
    hass = call.hass
    if not hass.config.is_allowed_path(path):
        raise validation_error("image_path_not_allowed", path=path)

    def _read() -> bytes | None:
        file = Path(path)
        if not file.is_file():
            return None
        with file.open("rb") as handle:
            return handle.read(IMAGE_MAX_BYTES + 1)

    content = await hass.async_add_executor_job(_read)
    if content is None:
        raise validation_error("image_path_unreadable", path=path)
    return content


async def _async_camera_image(call: ServiceCall, entity_id: str) -> bytes:
    """Take a snapshot from a camera entity."""
    # Imported here: the camera component is large and only this path needs it.
    from homeassistant.components.camera import async_get_image  # noqa: PLC0415

    try:
        image = await async_get_image(call.hass, entity_id, timeout=CAMERA_TIMEOUT)
    except HomeAssistantError as err:
        raise validation_error("camera_unavailable", entity_id=entity_id) from err
    return image.content


async def _async_face_image(call: ServiceCall, data: Mapping[str, Any]) -> bytes:
    """Return the face image bytes from exactly one of the three sources."""
    sources = [key for key in (ATTR_IMAGE, ATTR_IMAGE_PATH, ATTR_CAMERA) if key in data]
    if len(sources) != 1:
        raise validation_error("one_image_source")
    if ATTR_IMAGE in data:
        image: bytes = data[ATTR_IMAGE]
        return image
    if ATTR_IMAGE_PATH in data:
        content = await _async_read_image_file(call, data[ATTR_IMAGE_PATH])
    else:
        content = await _async_camera_image(call, data[ATTR_CAMERA])
    try:
        check_image(content)
    except FieldInvalid as err:
        raise validation_error(
            err.key, field=sources[0], **err.field_placeholders
        ) from None
    return content


async def _async_set_face(call: ServiceCall) -> ServiceResponse:
    """Push a face image into a slot of a room's lock."""
    data = apply_schema(SET_FACE_SCHEMA, call.data)
    room = await _async_single_room(call, data)
    now = _now()
    valid_from: datetime = data.get(ATTR_VALID_FROM, now)
    valid_until: datetime = data[ATTR_VALID_UNTIL]
    check_validity(valid_from, valid_until, now)
    image = await _async_face_image(call, data)
    encoded = base64.b64encode(image).decode("ascii")
    return await _async_set_biometric(
        call,
        room,
        CredentialKind.FACE,
        data,
        valid_from=valid_from,
        valid_until=valid_until,
        upload=lambda slot: (
            lambda client: client.gateway_upload_face(
                room.room_id, slot, encoded, valid_from, valid_until
            )
        ),
    )


async def _async_set_fingerprint(call: ServiceCall) -> ServiceResponse:
    """Push a fingerprint template into a slot of a room's lock."""
    data = apply_schema(SET_FINGERPRINT_SCHEMA, call.data)
    room = await _async_single_room(call, data)
    now = _now()
    valid_from: datetime = data.get(ATTR_VALID_FROM, now)
    valid_until: datetime = data[ATTR_VALID_UNTIL]
    check_validity(valid_from, valid_until, now)
    template: str = data[ATTR_TEMPLATE]
    return await _async_set_biometric(
        call,
        room,
        CredentialKind.FINGERPRINT,
        data,
        valid_from=valid_from,
        valid_until=valid_until,
        upload=lambda slot: (
            lambda client: client.gateway_upload_finger(
                room.room_id, slot, template, valid_from, valid_until
            )
        ),
    )


async def _async_set_biometric(
    call: ServiceCall,
    room: TargetRoom,
    kind: CredentialKind,
    data: Mapping[str, Any],
    *,
    valid_from: datetime,
    valid_until: datetime,
    upload: Callable[[int], Callable[[HotelLockClient], Awaitable[GatewayResult]]],
) -> ServiceResponse:
    """Push a face or fingerprint and record it."""
    name: str | None = data.get(ATTR_NAME)
    registry = await async_get_registry(call.hass, room.entry.entry_id)
    async with registry.room_lock(room.room_id):
        slot = _choose_slot(registry, room, kind, data.get(ATTR_SLOT), name)
        result = await _async_push(
            registry,
            room,
            CredentialRecord(
                room_id=room.room_id,
                kind=kind,
                slot=slot,
                name=name,
                valid_from=valid_from,
                valid_until=valid_until,
                created=_now(),
            ),
            upload(slot),
        )
    action = (
        SERVICE_SET_FACE if kind is CredentialKind.FACE else SERVICE_SET_FINGERPRINT
    )
    _fire_changed(
        call,
        action,
        room,
        kind,
        slot=slot,
        name=name,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    return {
        "slot": slot,
        "valid_from": _iso(valid_from),
        "valid_until": _iso(valid_until),
        "battery": result.battery,
    }


_STOP_CALLS: Final[
    dict[
        CredentialKind,
        tuple[str, Callable[[HotelLockClient, str, int], Awaitable[GatewayResult]]],
    ]
] = {
    CredentialKind.PIN: (SERVICE_CLEAR_PIN, HotelLockClient.gateway_stop_online),
    CredentialKind.FACE: (SERVICE_CLEAR_FACE, HotelLockClient.gateway_stop_face),
    CredentialKind.FINGERPRINT: (
        SERVICE_CLEAR_FINGERPRINT,
        HotelLockClient.gateway_stop_finger,
    ),
}
_CLEAR_SCHEMAS: Final = {
    CredentialKind.PIN: CLEAR_PIN_SCHEMA,
    CredentialKind.FACE: CLEAR_FACE_SCHEMA,
    CredentialKind.FINGERPRINT: CLEAR_FINGERPRINT_SCHEMA,
}


async def _async_clear_slot(kind: CredentialKind, call: ServiceCall) -> ServiceResponse:
    """Disable the PIN, face or fingerprint in a slot of a room's lock."""
    data = apply_schema(_CLEAR_SCHEMAS[kind], call.data)
    room = await _async_single_room(call, data)
    action, stop = _STOP_CALLS[kind]
    registry = await async_get_registry(call.hass, room.entry.entry_id)
    async with registry.room_lock(room.room_id):
        slot, record = _slot_to_clear(registry, room, kind, data)
        result = await _async_platform(
            room, lambda client: stop(client, room.room_id, slot)
        )
        if record is not None:
            await registry.async_remove_record(record)
    _fire_changed(
        call,
        action,
        room,
        kind,
        slot=slot,
        name=None if record is None else record.name,
    )
    return {"slot": slot, "battery": result.battery}


async def _async_generate_offline_password(call: ServiceCall) -> ServiceResponse:
    """Generate an offline password for a room and remember it."""
    data = apply_schema(GENERATE_OFFLINE_PASSWORD_SCHEMA, call.data)
    room = await _async_single_room(call, data)
    now = _now()
    valid_until: datetime = data[ATTR_VALID_UNTIL]
    check_validity(None, valid_until, now)
    name: str | None = data.get(ATTR_NAME)
    registry = await async_get_registry(call.hass, room.entry.entry_id)
    async with registry.room_lock(room.room_id):
        if name is not None and registry.by_name(
            room.room_id, CredentialKind.OFFLINE_PASSWORD, name
        ):
            raise validation_error("name_in_use", name=name)
        password = await _async_platform(
            room,
            lambda client: client.make_offline(room.room_id, valid_until),
            gateway=False,
        )
        await registry.async_add(
            CredentialRecord(
                room_id=room.room_id,
                kind=CredentialKind.OFFLINE_PASSWORD,
                name=name,
                valid_from=now,
                valid_until=valid_until,
                created=now,
                password=password,
            )
        )
    _fire_changed(
        call,
        SERVICE_GENERATE_OFFLINE_PASSWORD,
        room,
        CredentialKind.OFFLINE_PASSWORD,
        name=name,
        valid_until=valid_until,
    )
    return {"password": password, "valid_until": _iso(valid_until)}


async def _async_revoke_offline_password(call: ServiceCall) -> ServiceResponse:
    """Revoke an offline password through the room's gateway."""
    data = apply_schema(REVOKE_OFFLINE_PASSWORD_SCHEMA, call.data)
    room = await _async_single_room(call, data)
    password: str | None = data.get(ATTR_PASSWORD)
    name: str | None = data.get(ATTR_NAME)
    if password is None and name is None:
        raise validation_error("password_or_name_required")
    registry = await async_get_registry(call.hass, room.entry.entry_id)
    async with registry.room_lock(room.room_id):
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
        result = await _async_platform(
            room,
            lambda client: client.gateway_stop_offline(room.room_id, secret, expiry),
        )
        if record is not None:
            await registry.async_remove_record(record)
    _fire_changed(
        call,
        SERVICE_REVOKE_OFFLINE_PASSWORD,
        room,
        CredentialKind.OFFLINE_PASSWORD,
        name=None if record is None else record.name,
        valid_until=valid_until,
    )
    return {"battery": _battery(result)}


async def _async_issue_card(call: ServiceCall) -> ServiceResponse:
    """Write a key card for a room on the desk encoder."""
    data = apply_schema(ISSUE_CARD_SCHEMA, call.data)
    room = await _async_single_room(call, data)
    now = _now()
    authorized_at: datetime = data.get(ATTR_AUTHORIZED_AT, now)
    valid_until: datetime = data[ATTR_VALID_UNTIL]
    check_validity(authorized_at, valid_until, now)
    name: str | None = data.get(ATTR_NAME)
    registry = await async_get_registry(call.hass, room.entry.entry_id)
    async with registry.room_lock(room.room_id):
        card_id = await _async_platform(
            room,
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
                created=now,
                card_id=card_id,
            )
        )
    _fire_changed(
        call,
        SERVICE_ISSUE_CARD,
        room,
        CredentialKind.CARD,
        name=name,
        valid_from=authorized_at,
        valid_until=valid_until,
        card_id=card_id,
    )
    return {
        "card_id": card_id,
        "authorized_at": _iso(authorized_at),
        "valid_until": _iso(valid_until),
    }


async def _async_clear_card(call: ServiceCall) -> ServiceResponse:
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
        room = await _async_single_room(call, data)
        entry = room.entry
        rm_id = room.room_id
    else:
        await _async_check_control(call)
        entry = _loaded_entry(call.hass, data.get(ATTR_CONFIG_ENTRY_ID))
        rm_id = None
    registry = await async_get_registry(call.hass, entry.entry_id)
    cleared = await entry.runtime_data.coordinator.async_call(
        lambda client: client.clear_room_card(rm_id=rm_id, card_id=card_id)
    )
    await registry.async_remove_cards(card_id=cleared.card_id or card_id)
    cleared_room = room or _room_by_id(call.hass, entry, cleared.rm_id)
    _fire_changed(
        call,
        SERVICE_CLEAR_CARD,
        cleared_room
        or TargetRoom(entry=entry, room_id="", room_name=entry.title, entity_id=None),
        CredentialKind.CARD,
        card_id=cleared.card_id,
    )
    return {"card_id": cleared.card_id, "room": _room_response(cleared_room)}


async def _async_read_card(call: ServiceCall) -> ServiceResponse:
    """Read the card lying on the desk encoder."""
    data = apply_schema(READ_CARD_SCHEMA, call.data)
    await _async_check_control(call)
    entry = _loaded_entry(call.hass, data.get(ATTR_CONFIG_ENTRY_ID))
    card = await entry.runtime_data.coordinator.async_call(
        lambda client: client.read_card()
    )
    return {
        "card_id": card.card_id,
        "room": _room_response(_room_by_id(call.hass, entry, card.rm_id)),
        "valid_from": _iso(_platform_time(card.valid_from)),
        "valid_until": _iso(_platform_time(card.valid_until)),
    }


def _platform_time(value: datetime | None) -> datetime | None:
    """Take a naive platform date-time as HA's time zone."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt_util.get_default_time_zone())


async def _async_list_credentials(call: ServiceCall) -> ServiceResponse:
    """Return what the registry holds for the targeted rooms (secrets masked)."""
    data = apply_schema(LIST_CREDENTIALS_SCHEMA, call.data)
    if has_target(data):
        rooms = await _async_resolve_rooms(call, data)
        if not rooms:
            raise validation_error("no_room_targeted")
    else:
        await _async_check_control(call)
        rooms = []
        for entry in call.hass.config_entries.async_loaded_entries(DOMAIN):
            registry = await async_get_registry(call.hass, entry.entry_id)
            room_ids = dict.fromkeys(record.room_id for record in registry.records())
            rooms.extend(
                room
                for room_id in room_ids
                if (room := _room_by_id(call.hass, entry, room_id)) is not None
            )
    credentials: list[JsonValueType] = []
    for room in rooms:
        registry = await async_get_registry(call.hass, room.entry.entry_id)
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
        "valid_from": _iso(record.valid_from),
        "valid_until": _iso(record.valid_until),
        "created": _iso(record.created),
        "confirmed": record.confirmed,
    }
    if record.kind in (CredentialKind.PIN, CredentialKind.OFFLINE_PASSWORD):
        item["secret"] = MASK
    if record.card_id is not None:
        item["card_id"] = record.card_id
    return item


# --- Registration --------------------------------------------------------------


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the credential actions."""
    optional = SupportsResponse.OPTIONAL
    handlers: dict[
        str,
        tuple[
            Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]],
            SupportsResponse,
        ],
    ] = {
        SERVICE_SET_PIN: (_async_set_pin, optional),
        SERVICE_CLEAR_PIN: (partial(_async_clear_slot, CredentialKind.PIN), optional),
        SERVICE_SET_FACE: (_async_set_face, optional),
        SERVICE_CLEAR_FACE: (
            partial(_async_clear_slot, CredentialKind.FACE),
            optional,
        ),
        SERVICE_SET_FINGERPRINT: (_async_set_fingerprint, optional),
        SERVICE_CLEAR_FINGERPRINT: (
            partial(_async_clear_slot, CredentialKind.FINGERPRINT),
            optional,
        ),
        SERVICE_GENERATE_OFFLINE_PASSWORD: (_async_generate_offline_password, optional),
        SERVICE_REVOKE_OFFLINE_PASSWORD: (_async_revoke_offline_password, optional),
        SERVICE_ISSUE_CARD: (_async_issue_card, optional),
        SERVICE_CLEAR_CARD: (_async_clear_card, optional),
        SERVICE_READ_CARD: (_async_read_card, SupportsResponse.ONLY),
        SERVICE_LIST_CREDENTIALS: (_async_list_credentials, SupportsResponse.ONLY),
    }
    for service, (handler, supports_response) in handlers.items():
        hass.services.async_register(
            DOMAIN,
            service,
            handler,
            # Validated inside the handlers, so that every problem is reported
            # translated and the raw data (with secrets) is never logged.
            schema=None,
            supports_response=supports_response,
        )
    LOGGER.debug("Registered %s credential actions", len(handlers))
