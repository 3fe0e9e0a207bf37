"""What the Front desk panel shows: config entries and rooms as plain data.

The panel and the WebSocket commands share a contract (entries, rooms,
credentials as JSON objects); this module builds those objects from the
coordinator, the entity registry and the credential registry, and holds the
rule that finds a room's building and floor in its name:

1. The name is split at its last hyphen (``-``, or the full-width U+FF0D): what
   comes before is the building (``2号楼-201`` → ``2号楼``), what follows is
   the room.
2. When the room is a room number (three or more digits, optionally followed
   by one letter: ``201``, ``1203``, ``101A``), its floor is the number
   without its last two digits, leading zeros dropped (``201`` → ``2``,
   ``1203`` → ``12``, ``0305`` → ``3``). A name that is only a room number
   (``305``) has a floor and no building.
3. Anything else has no floor, and a name without a hyphen that is not a room
   number (``Suite Rose``) has neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import re
from typing import Any, Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import StateMachine
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.util import dt as dt_util

from .activity import Activity
from .const import (
    CONF_STAY_CREDENTIALS,
    CONF_UNLOCK_CODE,
    DEFAULT_STAY_CREDENTIALS,
    DOMAIN,
)
from .coordinator import RoomStatus
from .credential_core import iso
from .credential_record import CredentialRecord
from .entry_data import HotelLockConfigEntry
from .errors import PlatformRefused
from .frontdesk_stays import RoomStays, room_stays
from .platform_answers import Room

# A hyphen, or the full-width hyphen-minus of Chinese input methods.
_HYPHENS: Final = "-\uff0d"
_BUILDING_AND_ROOM: Final = re.compile(
    rf"(?P<building>.*?\S)\s*[{_HYPHENS}]\s*(?P<room>[^{_HYPHENS}]+)"
)
_ROOM_NUMBER: Final = re.compile(r"(?P<digits>[0-9]{3,})[A-Za-z]?")

# Features the backend offers; the panel shows the controls of these only.
FEATURES: Final = ("unlock", "stays", "revoke", "cards", "activity")


def building_and_floor(name: str) -> tuple[str | None, str | None]:
    """Return the building and floor a room's name reveals (rule above)."""
    name = name.strip()
    building: str | None = None
    room = name
    if match := _BUILDING_AND_ROOM.fullmatch(name):
        building = match["building"]
        room = match["room"].strip()
    if number := _ROOM_NUMBER.fullmatch(room):
        return building, number["digits"][:-2].lstrip("0") or "0"
    return building, None


def room_key(entry_id: str, room_id: str) -> str:
    """Return the key of a room across entries."""
    return f"{entry_id}:{room_id}"


@dataclass(slots=True)
class CredentialCounts:
    """How many credentials are out for a room, and how many unconfirmed."""

    out: int = 0
    unconfirmed: int = 0


def credential_counts(
    records: Iterable[CredentialRecord],
) -> dict[str, CredentialCounts]:
    """Count unexpired credentials per room ID."""
    counts: dict[str, CredentialCounts] = {}
    for record in records:
        room_counts = counts.setdefault(record.room_id, CredentialCounts())
        room_counts.out += 1
        if not record.confirmed:
            room_counts.unconfirmed += 1
    return counts


def credential_payload(
    record: CredentialRecord, stay_id: str | None = None
) -> dict[str, Any]:
    """Return a credential as the panel shows it (never a PIN or password)."""
    return {
        # The registry's own handle, which the desk revokes by (a slot would
        # name whichever credential holds it when the revocation comes).
        "credential_id": record.credential_id,
        "kind": record.kind.value,
        "name": record.name,
        "slot": record.slot,
        "card_id": record.card_id,
        "valid_from": iso(record.valid_from),
        "valid_until": iso(record.valid_until),
        "confirmed": record.confirmed,
        "stay_id": stay_id,
    }


def problem(key: str, **placeholders: str) -> dict[str, Any]:
    """Return a problem as the panel shows it (its text is the panel's)."""
    return {"key": key, "placeholders": placeholders}


def entry_problems(entry: HotelLockConfigEntry) -> list[dict[str, Any]]:
    """Return what is wrong with a whole entry (its platform)."""
    if entry.state is not ConfigEntryState.LOADED:
        return []
    coordinator = entry.runtime_data.coordinator
    problems: list[dict[str, Any]] = []
    if coordinator.room_tracker.empty_list_suspect:
        problems.append(problem("room_list_suspect"))
    if coordinator.last_update_success:
        return problems
    error = coordinator.last_exception
    if isinstance(error, ConfigEntryAuthFailed):
        problems.append(problem("reauth_required"))
    elif (
        isinstance(error, UpdateFailed)
        and error.translation_key == "credentials_refused"
    ):
        problems.append(
            problem("credentials_refused", **(error.translation_placeholders or {}))
        )
    else:
        problems.append(problem("platform_unreachable"))
    return problems


def room_problems(status: RoomStatus, counts: CredentialCounts) -> list[dict[str, Any]]:
    """Return what is wrong with one room."""
    problems: list[dict[str, Any]] = []
    if counts.unconfirmed:
        problems.append(problem("unconfirmed", count=str(counts.unconfirmed)))
    if (failure := status.failure) is not None:
        if isinstance(failure, PlatformRefused):
            message = (failure.translation_placeholders or {}).get("message", "")
            problems.append(problem("gateway_failed", message=message))
        else:
            problems.append(problem("gateway_no_answer"))
    return problems


def entry_payload(entry: HotelLockConfigEntry) -> dict[str, Any]:
    """Return a config entry as the panel shows it."""
    return {
        "entry_id": entry.entry_id,
        "title": entry.title,
        "loaded": entry.state is ConfigEntryState.LOADED,
        "code_required": bool(entry.options.get(CONF_UNLOCK_CODE)),
        # What a new stay gives by default (the options' "Stays" step).
        "stay_credentials": list(
            entry.options.get(CONF_STAY_CREDENTIALS, DEFAULT_STAY_CREDENTIALS)
        ),
        "problems": entry_problems(entry),
    }


def _restored_battery(
    states: StateMachine,
    entity_registry: er.EntityRegistry,
    rm_id: str,
    battery_id: str | None,
) -> tuple[int | None, str | None]:
    """Return the battery and its time as the sensors restored them.

    The coordinator knows a lock's battery only from gateway answers since
    the entry was loaded; after a restart the sensors hold the last ones.
    """
    contact_id = entity_registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, f"{rm_id}_last_gateway_contact"
    )
    battery_state = states.get(battery_id) if battery_id else None
    contact_state = states.get(contact_id) if contact_id else None
    try:
        battery = None if battery_state is None else round(float(battery_state.state))
    except ValueError:
        battery = None
    contact = (
        None if contact_state is None else dt_util.parse_datetime(contact_state.state)
    )
    return battery, iso(contact) if battery is not None else None


def room_payload(
    entry: HotelLockConfigEntry,
    room: Room,
    *,
    status: RoomStatus,
    entity_registry: er.EntityRegistry,
    counts: CredentialCounts | None,
    stays: RoomStays | None,
) -> dict[str, Any]:
    """Return a room as the panel shows it."""
    building, floor = building_and_floor(room.name)
    battery_id = entity_registry.async_get_entity_id(
        Platform.SENSOR, DOMAIN, f"{room.rm_id}_battery"
    )
    battery, battery_at = status.battery, iso(status.last_contact)
    if battery is None:
        battery, battery_at = _restored_battery(
            entry.runtime_data.coordinator.hass.states,
            entity_registry,
            room.rm_id,
            battery_id,
        )
    counts = counts or CredentialCounts()
    stays = stays or RoomStays()
    return {
        "key": room_key(entry.entry_id, room.rm_id),
        "entry_id": entry.entry_id,
        "room_id": room.rm_id,
        "name": room.name,
        "building": building,
        "floor": floor,
        "lock_entity_id": entity_registry.async_get_entity_id(
            Platform.LOCK, DOMAIN, room.rm_id
        ),
        "battery_entity_id": battery_id,
        "battery": battery,
        "battery_at": battery_at,
        "available": entry.runtime_data.coordinator.last_update_success,
        "stay": stays.stay,
        "next_stay": stays.next_stay,
        "arrival_today": stays.arrival_today,
        "departure_today": stays.departure_today,
        "credentials": counts.out,
        "unconfirmed": counts.unconfirmed,
        "problems": room_problems(status, counts) + stays.problems,
    }


def room_payloads(
    entry: HotelLockConfigEntry,
    entity_registry: er.EntityRegistry,
    records: Iterable[CredentialRecord],
    rm_ids: Iterable[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Return the rooms of a loaded entry (all, or those of ``rm_ids``) by key."""
    coordinator = entry.runtime_data.coordinator
    counts: Mapping[str, CredentialCounts] = credential_counts(records)
    stays = room_stays(entry.runtime_data.stays, dt_util.utcnow())
    return {
        room_key(entry.entry_id, rm_id): room_payload(
            entry,
            room,
            status=coordinator.status(rm_id),
            entity_registry=entity_registry,
            counts=counts.get(rm_id),
            stays=stays.get(rm_id),
        )
        for rm_id in (coordinator.data if rm_ids is None else rm_ids)
        if (room := coordinator.data.get(rm_id)) is not None
    }


def activity_payload(
    activity: Activity, users: Mapping[str, str | None]
) -> dict[str, Any]:
    """Return an activity entry as the panel shows it (the user by name)."""
    return {
        "when": iso(activity.when),
        "action": activity.action,
        "ok": activity.ok,
        "user": None if activity.user_id is None else users.get(activity.user_id),
        "kind": activity.kind,
        "name": activity.name,
        "slot": activity.slot,
        "card_id": activity.card_id,
        "error": activity.error,
    }
