"""Rooms coming and going on the platform, and room lists not to be trusted.

A room the platform stops listing keeps its device and entities (unavailable,
since the platform does not list it) until it has been missing from
``MISSING_POLLS_BEFORE_REMOVAL`` successful polls in a row; a room listed
again before that starts counting from zero. After a (re)start the first poll
counts too, for the room devices the platform does not list.

A successful answer with no rooms at all while room devices exist is taken as
a platform fault (its database briefly empty or busy), not as every room
deleted: nothing is counted as missing, the last good room list is kept, one
warning is logged and a repair issue shows until the platform lists rooms
again. If the rooms really were all deleted on the platform, deleting their
devices by hand ends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, issue_registry as ir

from .const import DOMAIN, LOGGER, MISSING_POLLS_BEFORE_REMOVAL
from .platform_answers import Room

EMPTY_ROOM_LIST_ISSUE = "empty_room_list"


@dataclass(slots=True)
class RoomChanges:
    """What a poll changed: rooms to add entities for, rooms removed."""

    new: list[Room] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class RoomTracker:
    """Follow the room list of one platform and its room devices."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Start with nothing known; the device registry is read when needed."""
        self._hass = hass
        self._entry = entry
        # Rooms that have a device (or are about to), with their name as last
        # listed: read from the device registry at first use.
        self._names: dict[str, str] | None = None
        # Rooms whose entities were added (the listed ones when the platforms
        # were set up, then the new ones).
        self._with_entities: set[str] = set()
        self.started = False
        # Rooms not listed, with how many successful polls in a row missed them.
        self.missing: dict[str, int] = {}
        # Whether the platform answers an empty list while rooms are known.
        self.empty_list_suspect = False

    @property
    def issue_id(self) -> str:
        """Return the ID of the entry's repair issue about an empty room list."""
        return f"{EMPTY_ROOM_LIST_ISSUE}_{self._entry.entry_id}"

    @callback
    def _async_room_devices(self) -> dict[str, str]:
        """Return the rooms that have a device in the registry, by name."""
        hub = self._entry.entry_id
        return {
            identifier: device.name or identifier
            for device in dr.async_entries_for_config_entry(
                dr.async_get(self._hass), self._entry.entry_id
            )
            for domain, identifier in device.identifiers
            if domain == DOMAIN and identifier != hub
        }

    @callback
    def _async_names(self) -> dict[str, str]:
        """Return the known rooms, read once from the device registry."""
        if self._names is None:
            self._names = self._async_room_devices()
        return self._names

    @callback
    def async_trust(self, rooms: list[Room]) -> bool:
        """Return whether to take a successful room list as it is.

        An empty list is not trusted while room devices exist: the first one
        starts an episode (warning, repair issue), the next trusted list ends
        it. The devices are counted afresh at each empty list, so deleting
        them by hand makes an empty list trusted.
        """
        devices = {} if rooms else self._async_room_devices()
        if self._names is None and not rooms:
            self._names = devices
        if rooms or not devices:
            if self.empty_list_suspect:
                LOGGER.info(
                    "The lock platform %s lists rooms again"
                    if rooms
                    else "The lock platform %s lists no rooms and none has a device",
                    self._entry.title,
                )
                self.async_end_episode()
            return True
        if not self.empty_list_suspect:
            self.empty_list_suspect = True
            LOGGER.warning(
                "The lock platform %s answered an empty room list while room "
                "devices exist (%d); they are kept until it lists rooms again",
                self._entry.title,
                len(devices),
            )
            ir.async_create_issue(
                self._hass,
                DOMAIN,
                self.issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=EMPTY_ROOM_LIST_ISSUE,
                translation_placeholders={
                    "name": self._entry.title,
                    "rooms": str(len(devices)),
                },
            )
        return False

    @callback
    def async_end_episode(self) -> None:
        """Forget an empty-list episode and its repair issue."""
        self.empty_list_suspect = False
        ir.async_delete_issue(self._hass, DOMAIN, self.issue_id)

    @callback
    def async_start(self, listed: dict[str, Room]) -> None:
        """Note the rooms the platforms add entities for when they are set up."""
        self._with_entities = set(listed)
        self.started = True

    @callback
    def async_sync(self, listed: dict[str, Room]) -> RoomChanges:
        """Compare a trusted room list with what is known and act on it.

        Counts the rooms not listed and removes the devices of those missing
        long enough, renames devices, and returns the rooms that need entities.
        The device registry is only consulted for rooms that were renamed,
        removed, or listed again after missing polls.
        """
        names = self._async_names()
        device_registry = dr.async_get(self._hass)
        entry_id = self._entry.entry_id
        changes = RoomChanges()

        for rm_id in listed.keys() & self.missing.keys():
            LOGGER.debug("Room %s is listed again", rm_id)
            del self.missing[rm_id]
            # Its device deleted by hand meanwhile: it gets a new one.
            if not device_registry.async_get_device_by_identifier(
                (DOMAIN, rm_id), entry_id
            ):
                self._with_entities.discard(rm_id)

        for rm_id in (names.keys() | self._with_entities) - listed.keys():
            missed = self.missing.get(rm_id, 0) + 1
            if missed < MISSING_POLLS_BEFORE_REMOVAL:
                LOGGER.debug(
                    "Room %s is not listed (%d of %d polls before removal)",
                    rm_id,
                    missed,
                    MISSING_POLLS_BEFORE_REMOVAL,
                )
                self.missing[rm_id] = missed
                continue
            LOGGER.debug("Room %s is gone from the platform", rm_id)
            self.missing.pop(rm_id, None)
            names.pop(rm_id, None)
            self._with_entities.discard(rm_id)
            changes.removed.append(rm_id)
            if device := device_registry.async_get_device_by_identifier(
                (DOMAIN, rm_id), entry_id
            ):
                device_registry.async_remove_device(device.id)

        for rm_id, room in listed.items():
            if names.get(rm_id, room.name) != room.name and (
                device := device_registry.async_get_device_by_identifier(
                    (DOMAIN, rm_id), entry_id
                )
            ):
                device_registry.async_update_device(device.id, name=room.name)
            names[rm_id] = room.name

        changes.new = [
            room for rm_id, room in listed.items() if rm_id not in self._with_entities
        ]
        self._with_entities.update(room.rm_id for room in changes.new)
        return changes
