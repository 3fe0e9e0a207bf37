"""Booking sources: calendar entities whose events become stays.

Each booking source is a config subentry of the entry (type
``booking_source``: a calendar entity, and either fixed rooms or "find room
names in the event text"). Each has a reader (``booking_reader``) that reads
its calendar once at start-up and then every few minutes (option), maps the
events to bookings (``booking_events``), applies the missing-reads rule
(``booking_memory``) and hands the whole desired state of the source to the
stay book with ``async_sync_source``; the book creates, changes and cancels
the stays.

"Read bookings now" (the platform device's button) reads every source at
once (``async_read_now``); the diagnostics show each source's last read.
Sources added, reconfigured or removed are followed at once, without a reload
of the entry. A removed source is no longer read; the book is not told, so the
stays it made stay as they are. What each source holds is kept in the store
``hotel_lock.<entry_id>.booking_sources``, so that missed reads count on
across restarts.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any, Final

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigSubentry,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.start import async_at_started
from homeassistant.helpers.storage import Store

from .booking_events import RoomMatcher, StayBookSync
from .booking_memory import SourceMemory
from .booking_reader import BookingSourceReader
from .booking_report import FAILED, NOT_FOLLOWED
from .const import (
    CONF_BOOKING_READ_INTERVAL,
    CONF_MATCH,
    CONF_ROOMS,
    DEFAULT_BOOKING_READ_INTERVAL,
    DOMAIN,
    SUBENTRY_BOOKING_SOURCE,
)
from .coordinator import HotelLockCoordinator

STORAGE_VERSION: Final = 1


class BookingSources:
    """The booking sources of one entry: their readers, memory and store."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        coordinator: HotelLockCoordinator,
        book: StayBookSync,
    ) -> None:
        """Prepare; nothing is read before ``async_start``."""
        self.hass = hass
        self.entry = entry
        self.coordinator = coordinator
        self.book = book
        self.readers: dict[str, BookingSourceReader] = {}
        self._memories: dict[str, SourceMemory] = {}
        self._store: Store[dict[str, Any]] = booking_store(hass, entry.entry_id)
        self._matcher: RoomMatcher | None = None
        self._matched_names: dict[str, str] | None = None
        self._unsubs: list[CALLBACK_TYPE] = []

    @property
    def interval(self) -> timedelta:
        """Return how often each source is read."""
        return timedelta(
            minutes=int(
                self.entry.options.get(
                    CONF_BOOKING_READ_INTERVAL, DEFAULT_BOOKING_READ_INTERVAL
                )
            )
        )

    def matcher(self) -> RoomMatcher:
        """Return the room-name matcher of the platform's current room list."""
        rooms = self.coordinator.data or {}
        names = {rm_id: room.name for rm_id, room in rooms.items()}
        if self._matcher is None or names != self._matched_names:
            self._matcher = RoomMatcher(names)
            self._matched_names = names
        return self._matcher

    def _subentries(self) -> dict[str, ConfigSubentry]:
        return {
            subentry_id: subentry
            for subentry_id, subentry in self.entry.subentries.items()
            if subentry.subentry_type == SUBENTRY_BOOKING_SOURCE
        }

    async def async_start(self) -> None:
        """Load what the sources hold, start their readers, follow subentries."""
        stored = await self._store.async_load() or {}
        subentries = self._subentries()
        self._memories = {
            source_id: SourceMemory.from_dict(data)
            for source_id, data in stored.get("sources", {}).items()
            if source_id in subentries
        }
        for subentry in subentries.values():
            self._async_add_reader(subentry, first_read=False)
        self._unsubs.append(
            async_dispatcher_connect(
                self.hass, SIGNAL_CONFIG_ENTRY_CHANGED, self._async_entry_changed
            )
        )
        self._unsubs.append(async_at_started(self.hass, self._async_first_reads))

    @callback
    def _async_first_reads(self, _hass: HomeAssistant) -> None:
        """Read every source once Home Assistant has started."""
        for reader in self.readers.values():
            reader.async_schedule_read()

    @callback
    def _async_add_reader(self, subentry: ConfigSubentry, *, first_read: bool) -> None:
        memory = self._memories.setdefault(subentry.subentry_id, SourceMemory())
        reader = BookingSourceReader(
            self.hass,
            self.entry,
            subentry,
            memory,
            self.interval,
            book=self.book,
            matcher=self.matcher,
            save=self.async_save,
        )
        self.readers[subentry.subentry_id] = reader
        if first_read:
            reader.async_schedule_read()

    @callback
    def _async_entry_changed(
        self, change: ConfigEntryChange, entry: ConfigEntry
    ) -> None:
        """Follow booking sources added, changed and removed without a reload."""
        if (
            entry.entry_id != self.entry.entry_id
            or change is not ConfigEntryChange.UPDATED
        ):
            return
        subentries = self._subentries()
        removed = self.readers.keys() - subentries.keys()
        for source_id in removed:
            reader = self.readers.pop(source_id)
            reader.async_stop()
            reader.async_delete_issues()
            self._memories.pop(source_id, None)
        for source_id, subentry in subentries.items():
            current = self.readers.get(source_id)
            if current is not None and current.data == subentry.data:
                continue
            if current is not None:
                current.async_stop()
                current.async_delete_issues()
            self._async_add_reader(subentry, first_read=True)
        if removed:
            self._store.async_delay_save(self._data_to_store)

    @callback
    def async_stop(self) -> None:
        """Stop every reader (the entry unloads)."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        for reader in self.readers.values():
            reader.async_stop()
            reader.async_delete_issues()
        self.readers.clear()

    async def async_read_now(self) -> list[BookingSourceReader]:
        """Read every source now, all at once; return those that failed.

        For "Read bookings now": returns once every source was read and its
        stays follow it (a read under way is waited for, then read again).
        """
        readers = list(self.readers.values())
        reports = await asyncio.gather(*(reader.async_read_now() for reader in readers))
        return [
            reader
            for reader, report in zip(readers, reports, strict=True)
            if report is None or report.outcome in (FAILED, NOT_FOLLOWED)
        ]

    def diagnostics(self) -> list[dict[str, Any]]:
        """Return each source's set-up, memory and last read (no guest names)."""
        return [
            {
                "source_id": source_id,
                "calendar": reader.calendar,
                "match": reader.data[CONF_MATCH],
                "rooms": len(reader.data[CONF_ROOMS]),
                "bookings": len(reader.memory.carried),
                "missing": dict(reader.memory.missed),
                "failed_reads": reader.failed_reads,
                "no_bookings": reader.glitch,
                "last_read": None if reader.report is None else reader.report.as_dict(),
            }
            for source_id, reader in self.readers.items()
        ]

    def _data_to_store(self) -> dict[str, Any]:
        return {
            "sources": {
                source_id: memory.as_dict()
                for source_id, memory in self._memories.items()
            }
        }

    async def async_save(self) -> None:
        """Write what the sources hold."""
        await self._store.async_save(self._data_to_store())


def booking_store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Return the store of an entry's booking sources."""
    return Store(
        hass,
        STORAGE_VERSION,
        f"{DOMAIN}.{entry_id}.booking_sources",
        private=True,
        atomic_writes=True,
    )


async def async_setup_booking_sources(
    hass: HomeAssistant,
    entry: ConfigEntry,
    coordinator: HotelLockCoordinator,
    book: StayBookSync,
) -> BookingSources:
    """Start reading the entry's booking sources into the stay book.

    Called by the entry's setup once the stay book is loaded; the readers
    stop when the entry unloads.
    """
    sources = BookingSources(hass, entry, coordinator, book)
    await sources.async_start()
    entry.async_on_unload(sources.async_stop)
    return sources


async def async_remove_booking_sources(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the store of a removed entry's booking sources."""
    await booking_store(hass, entry_id).async_remove()
