"""The Front desk panel's live view: a snapshot, then what changed.

One feed per subscription. It follows every config entry of the integration
(loaded or not), and of each loaded entry the room list and reachability
(polls), the gateway answers (battery, last contact, a failed call), the
credential registry, the stay book (and the moments its stays move on in
time: arrivals, ends, midnight), the entity registry (entity IDs) and the integration's
repair issues (a room list not trusted). A change marks the entry or the room;
marked things are rebuilt at most once per ``COALESCE_SECONDS`` and only
objects that differ from what was last sent go out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util.dt import utcnow

from .const import DOMAIN
from .coordinator import RoomStatus
from .entry_data import HotelLockConfigEntry
from .frontdesk import FEATURES, entry_payload, room_key, room_payloads
from .frontdesk_stays import next_change

COALESCE_SECONDS: Final = 0.1


class FrontDeskFeed:
    """Send the panel a snapshot of every entry and room, then the changes."""

    def __init__(
        self, hass: HomeAssistant, send: Callable[[dict[str, Any]], None]
    ) -> None:
        """Prepare a feed that sends its events through ``send``."""
        self.hass = hass
        self._send = send
        self._entity_registry = er.async_get(hass)
        self._entries: dict[str, dict[str, Any]] = {}
        self._rooms: dict[str, dict[str, Any]] = {}
        self._rooms_of: dict[str, set[str]] = {}
        self._entry_unsubs: dict[str, list[CALLBACK_TYPE]] = {}
        self._expiry_unsubs: dict[str, CALLBACK_TYPE] = {}
        self._unsubs: list[CALLBACK_TYPE] = []
        self._dirty_entries: set[str] = set()
        self._dirty_rooms: dict[str, set[str]] = {}
        self._flush_handle: asyncio.Handle | None = None
        self._last_flush = float("-inf")
        self._stopped = False

    @callback
    def async_start(self) -> None:
        """Follow everything, then send the snapshot."""
        for entry in self.hass.config_entries.async_loaded_entries(DOMAIN):
            self._attach(entry)
        self._unsubs.append(
            async_dispatcher_connect(
                self.hass, SIGNAL_CONFIG_ENTRY_CHANGED, self._async_entry_changed
            )
        )
        self._unsubs.append(
            self.hass.bus.async_listen(
                ir.EVENT_REPAIRS_ISSUE_REGISTRY_UPDATED,
                self._async_mark_followed,
                event_filter=_issues_of_this_domain,
            )
        )
        self._unsubs.append(
            self.hass.bus.async_listen(
                er.EVENT_ENTITY_REGISTRY_UPDATED,
                self._async_mark_followed,
                event_filter=_renames_or_creates,
            )
        )
        for entry in self.hass.config_entries.async_entries(
            DOMAIN, include_ignore=False
        ):
            self._entries[entry.entry_id] = entry_payload(entry)
            if entry.entry_id in self._entry_unsubs:
                self._rooms.update(self._build_rooms(entry))
        self._send(
            {
                "kind": "snapshot",
                "features": list(FEATURES),
                "entries": list(self._entries.values()),
                "rooms": list(self._rooms.values()),
            }
        )

    @callback
    def async_stop(self) -> None:
        """Stop following (the subscription ended)."""
        self._stopped = True
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        for entry_id in list(self._entry_unsubs):
            self._detach(entry_id)
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None

    @callback
    def _attach(self, entry: HotelLockConfigEntry) -> None:
        """Follow a loaded entry's polls, gateway answers, credentials and stays."""
        entry_id = entry.entry_id
        coordinator = entry.runtime_data.coordinator

        @callback
        def room_changed(rm_id: str, _status: RoomStatus) -> None:
            self._dirty_rooms.setdefault(entry_id, set()).add(rm_id)
            self._schedule_flush()

        self._entry_unsubs[entry_id] = [
            coordinator.async_add_listener(lambda: self._mark_entry(entry_id)),
            coordinator.async_add_status_listener(room_changed),
            entry.runtime_data.registry.async_add_listener(
                lambda: self._mark_entry(entry_id)
            ),
            entry.runtime_data.stays.async_add_listener(
                lambda: self._mark_entry(entry_id)
            ),
        ]

    @callback
    def _detach(self, entry_id: str) -> None:
        """Stop following an entry."""
        for unsub in self._entry_unsubs.pop(entry_id, []):
            unsub()
        if (unsub_expiry := self._expiry_unsubs.pop(entry_id, None)) is not None:
            unsub_expiry()

    @callback
    def _mark_entry(self, entry_id: str) -> None:
        """Rebuild an entry and all its rooms at the next flush."""
        self._dirty_entries.add(entry_id)
        self._schedule_flush()

    @callback
    def _async_entry_changed(
        self, change: ConfigEntryChange, entry: ConfigEntry
    ) -> None:
        """Follow entries that are added, loaded, unloaded or removed."""
        if entry.domain != DOMAIN:
            return
        if (
            entry.state is ConfigEntryState.LOADED
            and entry.entry_id not in self._entry_unsubs
        ):
            self._attach(entry)
        elif entry.state is not ConfigEntryState.LOADED:
            self._detach(entry.entry_id)
        self._mark_entry(entry.entry_id)

    @callback
    def _async_mark_followed(self, _event: Event[Any]) -> None:
        """Rebuild every followed entry.

        An entity ID of a room may have changed, or a repair issue came or
        went (the room list not trusted).
        """
        for entry_id in self._entry_unsubs:
            self._mark_entry(entry_id)

    @callback
    def _schedule_flush(self) -> None:
        """Flush now, or when the last flush is ``COALESCE_SECONDS`` old."""
        if self._flush_handle is not None or self._stopped:
            return
        delay = self._last_flush + COALESCE_SECONDS - self.hass.loop.time()
        if delay <= 0:
            self._flush_handle = self.hass.loop.call_soon(self._flush)
        else:
            self._flush_handle = self.hass.loop.call_later(delay, self._flush)

    @callback
    def _build_rooms(self, entry: HotelLockConfigEntry) -> dict[str, dict[str, Any]]:
        """Build every room of a followed entry, and wake up at the next expiry."""
        records = entry.runtime_data.registry.records()
        rooms = room_payloads(entry, self._entity_registry, records)
        self._rooms_of[entry.entry_id] = set(rooms)
        moments = [r.valid_until for r in records]
        if (
            stays_change := next_change(entry.runtime_data.stays, utcnow())
        ) is not None:
            moments.append(stays_change)
        self._wake_at(entry.entry_id, min(moments, default=None))
        return rooms

    @callback
    def _wake_at(self, entry_id: str, when: datetime | None) -> None:
        """Rebuild an entry when a credential expires or its stays move on in time."""
        if (unsub := self._expiry_unsubs.pop(entry_id, None)) is not None:
            unsub()
        if when is None:
            return

        @callback
        def expired(_now: datetime) -> None:
            self._mark_entry(entry_id)

        self._expiry_unsubs[entry_id] = async_track_point_in_utc_time(
            self.hass, expired, when
        )

    @callback
    def _flush(self) -> None:
        """Send what changed among the marked entries and rooms."""
        self._flush_handle = None
        self._last_flush = self.hass.loop.time()
        entries: list[dict[str, Any]] = []
        rooms: dict[str, dict[str, Any]] = {}
        removed: list[str] = []
        removed_entries: list[str] = []
        config_entries = self.hass.config_entries

        for entry_id in self._dirty_entries:
            old_keys = self._rooms_of.pop(entry_id, set())
            entry = config_entries.async_get_entry(entry_id)
            if entry is None or entry.domain != DOMAIN:
                if self._entries.pop(entry_id, None) is not None:
                    removed_entries.append(entry_id)
                built: Mapping[str, dict[str, Any]] = {}
            else:
                payload = entry_payload(entry)
                if self._entries.get(entry_id) != payload:
                    self._entries[entry_id] = payload
                    entries.append(payload)
                followed = entry_id in self._entry_unsubs
                built = self._build_rooms(entry) if followed else {}
            removed.extend(sorted(old_keys - built.keys()))
            rooms.update(built)
        self._dirty_entries.clear()

        for entry_id, rm_ids in self._dirty_rooms.items():
            entry = config_entries.async_get_entry(entry_id)
            if entry is None or entry_id not in self._entry_unsubs:
                continue
            wanted = [
                rm_id for rm_id in rm_ids if room_key(entry_id, rm_id) not in rooms
            ]
            rooms.update(
                room_payloads(
                    entry,
                    self._entity_registry,
                    entry.runtime_data.registry.records(),
                    wanted,
                )
            )
        self._dirty_rooms.clear()

        for key in removed:
            self._rooms.pop(key, None)
        changed = [room for key, room in rooms.items() if self._rooms.get(key) != room]
        for room in changed:
            self._rooms[room["key"]] = room
        if not (entries or changed or removed or removed_entries):
            return
        self._send(
            {
                "kind": "update",
                "entries": entries,
                "rooms": changed,
                "removed": removed,
                "removed_entries": removed_entries,
            }
        )


@callback
def _renames_or_creates(event_data: er.EventEntityRegistryUpdatedData) -> bool:
    """Return whether a registry change may change an entity ID."""
    return event_data["action"] != "update" or "entity_id" in event_data["changes"]


@callback
def _issues_of_this_domain(event_data: ir.EventIssueRegistryUpdatedData) -> bool:
    """Return whether a repair issue change is this integration's."""
    return event_data["domain"] == DOMAIN
