"""What a credential action acts on: its rooms or config entry, who may, and images.

Room-bound actions target this integration's lock entities (by entity,
device, area, floor or label). The targets are resolved with Home Assistant's
own ``async_extract_referenced_entity_ids`` (areas, floors, labels and
devices expanded as for any entity action); each lock found names one loaded
config entry and one room, whose desk then acts. Permissions follow Home
Assistant's rule for entity actions: a user who is not an administrator needs
the control permission on every lock targeted; actions without a room (the
desk encoder, all rooms) need an administrator, as admin actions do.

Home Assistant's entity-action registration (``async_register_platform_
entity_service``, used by core ``matter`` for its credential actions) would
do this resolution too, but it answers per entity (``{entity_id: response}``),
which would change the documented response of every action; so the actions
stay domain actions and use the same helpers directly.

A face photo comes from the action data, a file Home Assistant may read
(``allowlist_external_dirs``) or a camera snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import ServiceCall
from homeassistant.exceptions import HomeAssistantError, Unauthorized, UnknownUser
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    service as service_helper,
)
from homeassistant.helpers.target import (
    TargetSelection,
    async_extract_referenced_entity_ids,
)

from .const import DOMAIN, IMAGE_MAX_BYTES
from .credential_core import RoomRef
from .credentials import CredentialDesk
from .entry_data import HotelLockConfigEntry
from .errors import validation_error
from .service_schemas import (
    ATTR_CAMERA,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_IMAGE,
    ATTR_IMAGE_PATH,
)

CAMERA_TIMEOUT: Final = 10
TARGET_FIELDS = (ATTR_ENTITY_ID, "device_id", "area_id", "floor_id", "label_id")


@dataclass(frozen=True, slots=True)
class TargetRoom:
    """A room an action targets, and its loaded config entry."""

    entry: HotelLockConfigEntry
    room: RoomRef

    @property
    def desk(self) -> CredentialDesk:
        """Return the credential desk of the room's entry."""
        return self.entry.runtime_data.desk

    @property
    def room_id(self) -> str:
        """Return the room's ID on the platform."""
        return self.room.room_id


def has_target(data: Mapping[str, Any]) -> bool:
    """Return True when the call names any target (entity, device, area...)."""
    return any(data.get(key) not in (None, [], "none") for key in TARGET_FIELDS)


async def async_check_permission(
    call: ServiceCall, entity_ids: list[str] | None = None
) -> None:
    """Refuse a user who may not control the targeted locks.

    Without ``entity_ids`` (an action on the encoder or on all rooms), only
    an administrator may.
    """
    if not call.context.user_id:
        return
    user = await call.hass.auth.async_get_user(call.context.user_id)
    if user is None:
        raise UnknownUser(context=call.context, permission=POLICY_CONTROL)
    if user.is_admin:
        return
    if entity_ids is None:
        raise Unauthorized(context=call.context, permission=POLICY_CONTROL)
    for entity_id in entity_ids:
        if not user.permissions.check_entity(entity_id, POLICY_CONTROL):
            raise Unauthorized(
                context=call.context, entity_id=entity_id, permission=POLICY_CONTROL
            )


async def async_entry_desk(
    call: ServiceCall, data: Mapping[str, Any]
) -> CredentialDesk:
    """Return the desk of the loaded config entry an action without a room uses.

    Only an administrator may; with one entry the field may stay empty
    (else Home Assistant's translated refusal).
    """
    await async_check_permission(call)
    entry: HotelLockConfigEntry = service_helper.async_get_config_entry(
        call.hass, DOMAIN, data.get(ATTR_CONFIG_ENTRY_ID)
    )
    return entry.runtime_data.desk


def _room_id_of_device(device: dr.AnyDeviceEntry | None) -> str | None:
    """Return the room ID a room device is identified by."""
    if device is None:
        return None
    return next(
        (value for domain, value in device.identifiers if domain == DOMAIN), None
    )


async def async_target_rooms(
    call: ServiceCall, data: Mapping[str, Any]
) -> list[TargetRoom]:
    """Resolve the call's targets to rooms of loaded entries of this domain.

    An entity named directly that is not a room lock is refused; one reached
    through an area, floor, label or device is passed over.
    """
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
        entry: HotelLockConfigEntry | None = hass.config_entries.async_get_entry(
            entity.config_entry_id
        )
        if entry is None or entry.state is not ConfigEntryState.LOADED:
            raise validation_error("entry_not_loaded", entity_id=entity_id)
        device = (
            None if entity.device_id is None else dev_reg.async_get(entity.device_id)
        )
        if (room_id := _room_id_of_device(device)) is None:
            raise validation_error("unknown_room", entity_id=entity_id)
        room = entry.runtime_data.desk.room(room_id)
        rooms[(entry.entry_id, room_id)] = TargetRoom(entry, room)
    await async_check_permission(
        call, [room.room.lock_entity_id or "" for room in rooms.values()]
    )
    return list(rooms.values())


async def async_target_room(call: ServiceCall, data: Mapping[str, Any]) -> TargetRoom:
    """Resolve the call's targets to exactly one room."""
    rooms = await async_target_rooms(call, data) if has_target(data) else []
    if not rooms:
        raise validation_error("no_room_targeted")
    if len(rooms) > 1:
        raise validation_error("multiple_rooms", count=str(len(rooms)))
    return rooms[0]


async def _async_read_image_file(call: ServiceCall, path: str) -> bytes:
    """Read an image file Home Assistant is allowed to read."""
    if not call.hass.config.is_allowed_path(path):
        raise validation_error("image_path_not_allowed", path=path)

    def _read() -> bytes | None:
        file = Path(path)
        if not file.is_file():
            return None
        try:
            with file.open("rb") as handle:
                return handle.read(IMAGE_MAX_BYTES + 1)
        except OSError:  # not permitted, or the disk or share failed
            return None

    if (content := await call.hass.async_add_executor_job(_read)) is None:
        raise validation_error("image_path_unreadable", path=path)
    return content


async def async_face_image(call: ServiceCall, data: Mapping[str, Any]) -> bytes:
    """Return the face photo from exactly one of image, image_path, camera."""
    if sum(key in data for key in (ATTR_IMAGE, ATTR_IMAGE_PATH, ATTR_CAMERA)) != 1:
        raise validation_error("one_image_source")
    if ATTR_IMAGE in data:
        image: bytes = data[ATTR_IMAGE]
        return image
    if ATTR_IMAGE_PATH in data:
        return await _async_read_image_file(call, data[ATTR_IMAGE_PATH])
    # Imported here: the camera component is large and only this path needs it.
    from homeassistant.components.camera import async_get_image  # noqa: PLC0415

    entity_id: str = data[ATTR_CAMERA]
    try:
        snapshot = await async_get_image(call.hass, entity_id, timeout=CAMERA_TIMEOUT)
    except HomeAssistantError as err:
        raise validation_error("camera_unavailable", entity_id=entity_id) from err
    return snapshot.content
