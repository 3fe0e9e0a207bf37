"""What a credential action acts on: rooms, config entries, and who may.

Room-bound actions target this integration's lock entities (by entity,
device, area, floor or label); each target resolves to one loaded config
entry and one room ID. Actions without a room (the desk encoder, all rooms)
take a config entry and need an administrator. A credential given to a room
has a validity window, checked together with the room.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import Unauthorized
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    service as service_helper,
)
from homeassistant.helpers.target import (
    TargetSelection,
    async_extract_referenced_entity_ids,
)

from .api import HotelLockClient
from .const import DOMAIN
from .coordinator import HotelLockConfigEntry
from .validation import (
    ATTR_CONFIG_ENTRY_ID,
    ATTR_VALID_UNTIL,
    check_validity,
    has_target,
    now,
    validation_error,
)


@dataclass(frozen=True, slots=True)
class TargetRoom:
    """A room an action targets, with what it takes to act on it."""

    entry: HotelLockConfigEntry
    room_id: str
    room_name: str
    entity_id: str | None

    async def async_call[T](
        self,
        call: Callable[[HotelLockClient], Awaitable[T]],
        *,
        gateway: bool = True,
    ) -> T:
        """Run a platform call through the entry's coordinator.

        A gateway call runs under the gateway concurrency limit and reports
        the room's battery; an encoder or algorithm call does not.
        """
        coordinator = self.entry.runtime_data.coordinator
        if gateway:
            return await coordinator.async_call(
                call, coordinator.client, rm_id=self.room_id
            )
        return await coordinator.async_call(call, coordinator.client)


async def async_check_control(
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


async def async_entry_of_call(
    call: ServiceCall, data: Mapping[str, Any]
) -> HotelLockConfigEntry:
    """Return the loaded config entry an action without a room acts on.

    Only an administrator may; with one entry the field may stay empty
    (else a translated refusal).
    """
    await async_check_control(call)
    entry: HotelLockConfigEntry = service_helper.async_get_config_entry(
        call.hass, DOMAIN, data.get(ATTR_CONFIG_ENTRY_ID)
    )
    return entry


def _room_id_of_device(device: dr.AnyDeviceEntry) -> str | None:
    """Return the room ID a room device is identified by."""
    return next(
        (value for domain, value in device.identifiers if domain == DOMAIN),
        None,
    )


def _room_known(entry: HotelLockConfigEntry, room_id: str) -> bool:
    """Return True when the platform still lists the room."""
    return room_id in entry.runtime_data.coordinator.data


async def async_resolve_rooms(
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
    await async_check_control(call, [room.entity_id or "" for room in rooms.values()])
    return list(rooms.values())


async def async_single_room(call: ServiceCall, data: Mapping[str, Any]) -> TargetRoom:
    """Resolve the call's targets to exactly one room."""
    if not has_target(data):
        raise validation_error("no_room_targeted")
    rooms = await async_resolve_rooms(call, data)
    if not rooms:
        raise validation_error("no_room_targeted")
    if len(rooms) > 1:
        raise validation_error("multiple_rooms", count=str(len(rooms)))
    return rooms[0]


@dataclass(frozen=True, slots=True)
class RoomValidity:
    """The one room a call targets and the validity window it asks for."""

    room: TargetRoom
    now: datetime
    valid_from: datetime
    valid_until: datetime


async def async_room_validity(
    call: ServiceCall, data: Mapping[str, Any], *, start: str | None = None
) -> RoomValidity:
    """Resolve the call's one room, then check the expiry it asks for.

    ``start`` names the field holding the window's start (now when empty),
    which the expiry must follow; without it the window starts now and only
    the expiry is checked against now.
    """
    room = await async_single_room(call, data)
    started = now()
    valid_from: datetime | None = None if start is None else data.get(start, started)
    valid_until: datetime = data[ATTR_VALID_UNTIL]
    check_validity(valid_from, valid_until, started)
    return RoomValidity(
        room=room,
        now=started,
        valid_from=started if valid_from is None else valid_from,
        valid_until=valid_until,
    )


def room_by_id(
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


def room_response(room: TargetRoom | None) -> dict[str, Any] | None:
    """Describe a room in response data (None when the platform named none)."""
    if room is None:
        return None
    return {
        "entity_id": room.entity_id,
        "name": room.room_name,
        "room_id": room.room_id,
    }
