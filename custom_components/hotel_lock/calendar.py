"""The Stays calendar: one event per stay, a thin adapter over the stay book.

An event is a stay: its summary the guest (or booking) name, its location the
stay's rooms as the platform names them, separated by commas, its start and
end the arrival and departure (or early check-out), its UID the stay ID.
Creating an event (the calendar's dialog, ``calendar.create_event``) makes a
stay and issues its credentials; moving it moves the stay (same slots and
PIN, new window); deleting it cancels the stay (everything revoked); moving
its end to now or earlier checks the guest out. An all-day event is a stay
from its first day at the check-in time to its (exclusive) end date at the
check-out time, as booking channels write them. Stays that follow a booking
source change at the source only: here they can only be checked out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
import re
from typing import Any, Final, override
import unicodedata

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.components.calendar.const import (
    EVENT_END,
    EVENT_LOCATION,
    EVENT_RRULE,
    EVENT_START,
    EVENT_SUMMARY,
    CalendarEntityFeature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .entry_data import HotelLockConfigEntry
from .errors import validation_error
from .stay_model import Stay, StaySource
from .stays import StayBook

# The book does the work; the entity only reads it.
PARALLEL_UPDATES = 0

# Room names in an event's location: commas (also the Chinese ones) or
# semicolons between them.
ROOM_SEPARATORS: Final = re.compile(r"[,;、，；]")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HotelLockConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's Stays calendar."""
    async_add_entities([HotelLockStaysCalendar(entry, entry.runtime_data.stays)])


def _folded(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


class HotelLockStaysCalendar(CalendarEntity):
    """The stays of a lock platform as a calendar."""

    _attr_has_entity_name = True
    _attr_translation_key = "stays"
    _attr_supported_features = (
        CalendarEntityFeature.CREATE_EVENT
        | CalendarEntityFeature.DELETE_EVENT
        | CalendarEntityFeature.UPDATE_EVENT
    )

    def __init__(self, entry: HotelLockConfigEntry, book: StayBook) -> None:
        """Show the stays of an entry's book, on the platform's device."""
        self.book = book
        self._attr_unique_id = f"{entry.entry_id}_stays"
        self._attr_device_info = DeviceInfo(
            identifiers={entry.runtime_data.coordinator.hub_identifier}
        )

    @override
    async def async_added_to_hass(self) -> None:
        """Follow every change of the stays."""
        await super().async_added_to_hass()
        self.async_on_remove(self.book.async_add_listener(self._async_book_changed))

    @callback
    def _async_book_changed(self) -> None:
        self.async_write_ha_state()

    def _event(self, stay: Stay) -> CalendarEvent:
        return CalendarEvent(
            start=dt_util.as_local(stay.arrival),
            end=dt_util.as_local(stay.end),
            summary=stay.guest,
            location=", ".join(self.book.room_name(r) for r in stay.room_ids),
            uid=stay.stay_id,
        )

    @property
    @override
    def event(self) -> CalendarEvent | None:
        """Return the stay in progress, or else the next one."""
        stays = self.book.stays()
        return self._event(stays[0]) if stays else None

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the stays (ended ones too) within a time range."""
        return [
            self._event(stay)
            for stay in self.book.stays(include_ended=True)
            if stay.arrival < end_date and stay.end > start_date
        ]

    @override
    async def async_create_event(self, **kwargs: Any) -> None:
        """Make a stay from a new event: its credentials are issued."""
        guest, room_ids, arrival, departure = self._stay_of(kwargs)
        await self.book.async_create(
            guest=guest,
            room_ids=room_ids,
            arrival=arrival,
            departure=departure,
            source=StaySource.CALENDAR,
        )

    @override
    async def async_update_event(
        self,
        uid: str,
        event: dict[str, Any],
        recurrence_id: str | None = None,
        recurrence_range: str | None = None,
    ) -> None:
        """Change a stay; its end moved to now or earlier checks it out."""
        stay = self.book.get(uid)
        guest, room_ids, arrival, departure = self._stay_of(event)
        now = dt_util.utcnow()
        if departure <= now and stay.arrival <= now:
            await self.book.async_check_out(uid)
            return
        await self.book.async_update(
            uid,
            guest=guest,
            room_ids=room_ids,
            arrival=arrival,
            departure=departure,
        )

    @override
    async def async_delete_event(
        self,
        uid: str,
        recurrence_id: str | None = None,
        recurrence_range: str | None = None,
    ) -> None:
        """Cancel a stay: everything it issued is revoked."""
        await self.book.async_cancel(uid)

    def _stay_of(
        self, event: Mapping[str, Any]
    ) -> tuple[str, list[str], datetime, datetime]:
        """Read guest, rooms, arrival and departure from an event's fields."""
        if event.get(EVENT_RRULE):
            raise validation_error("stay_recurring")
        arrival = self._moment(event[EVENT_START], arrival=True)
        departure = self._moment(event[EVENT_END], arrival=False)
        return (
            str(event.get(EVENT_SUMMARY) or ""),
            self._rooms(str(event.get(EVENT_LOCATION) or "")),
            arrival,
            departure,
        )

    def _moment(self, value: date | datetime, *, arrival: bool) -> datetime:
        """Return an aware moment; a date gets the check-in or check-out time."""
        if isinstance(value, datetime):
            return dt_util.as_local(value)
        options = self.book.options
        return datetime.combine(
            value,
            options.check_in if arrival else options.check_out,
            tzinfo=dt_util.get_default_time_zone(),
        )

    def _rooms(self, location: str) -> list[str]:
        """Return the rooms named in a location; refuse a name not known."""
        by_name = {
            _folded(room.name): room_id
            for room_id, room in self.book.desk.coordinator.data.items()
        }
        room_ids: list[str] = []
        for part in ROOM_SEPARATORS.split(location):
            if not (name := part.strip()):
                continue
            if (room_id := by_name.get(_folded(name))) is None:
                raise validation_error("unknown_room_name", name=name)
            room_ids.append(room_id)
        return room_ids
