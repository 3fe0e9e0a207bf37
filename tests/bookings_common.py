"""What the booking-source tests share: a fake stay book and a test calendar."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.components.calendar.const import DATA_COMPONENT
from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    setup_test_component_platform,
)

from custom_components.hotel_lock.booking_events import Booking
from custom_components.hotel_lock.const import (
    CONF_CALENDAR_ENTITY_ID,
    CONF_MATCH,
    CONF_ROOMS,
    DEFAULT_BOOKING_READ_INTERVAL,
    MATCH_ROOMS,
    MATCH_TEXT,
    SUBENTRY_BOOKING_SOURCE,
)

READ_INTERVAL = timedelta(minutes=DEFAULT_BOOKING_READ_INTERVAL)
DESK = "calendar.front_desk"
REMOTE = "calendar.pms_bookings"


@dataclass
class Outcome:
    """The book's answer: the bookings it refused, UID → the error."""

    refusals: dict[str, HomeAssistantError] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """Return what became of the stays: all unchanged, for the fake."""
        return {"unchanged": 0}


class FakeBook:
    """A stay book that records what each source handed it."""

    def __init__(self) -> None:
        """Record nothing yet; refuse nothing."""
        self.syncs: list[tuple[str, list[Booking]]] = []
        self.refuse: dict[str, HomeAssistantError] = {}
        self.error: Exception | None = None

    async def async_sync_source(
        self, source_id: str, bookings: Sequence[Booking]
    ) -> Outcome:
        """Record the bookings; refuse those in ``refuse`` (or raise ``error``)."""
        self.syncs.append((source_id, list(bookings)))
        if self.error is not None:
            raise self.error
        return Outcome(
            {b.uid: self.refuse[b.uid] for b in bookings if b.uid in self.refuse}
        )

    def last(self) -> dict[str, Booking]:
        """Return the bookings of the last sync, by UID."""
        return {booking.uid: booking for booking in self.syncs[-1][1]}


class DeskCalendar(CalendarEntity):
    """A calendar entity whose events, availability and errors a test sets."""

    _attr_name = "Front desk"
    _attr_unique_id = "front_desk"

    def __init__(self) -> None:
        """Start with no events."""
        self.events: list[CalendarEvent] = []
        self.error: Exception | None = None
        self.hang = False
        self.reads = 0

    @property
    def event(self) -> CalendarEvent | None:
        """Return no current event (the state does not matter here)."""
        return None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the events overlapping the range, or raise the set error."""
        self.reads += 1
        if self.hang:
            await asyncio.Event().wait()
        if self.error is not None:
            raise self.error
        return [
            event
            for event in self.events
            if event.end_datetime_local > start_date
            and event.start_datetime_local < end_date
        ]


def booking_event(
    uid: str, guest: str, room: str, arrival: datetime, departure: datetime
) -> CalendarEvent:
    """Return a timed booking: the guest in the summary, one room in the location."""
    return CalendarEvent(
        start=arrival, end=departure, summary=guest, location=room, uid=uid
    )


async def async_add_desk_calendar(hass: HomeAssistant) -> DeskCalendar:
    """Add the test calendar as ``calendar.front_desk``.

    The calendar component may be set up already (an entry's Stays calendar):
    the test calendar then joins it.
    """
    desk = DeskCalendar()
    if DATA_COMPONENT in hass.data:
        await hass.data[DATA_COMPONENT].async_add_entities([desk])
    else:
        setup_test_component_platform(hass, "calendar", [desk])
        assert await async_setup_component(
            hass, "calendar", {"calendar": {"platform": "test"}}
        )
    await hass.async_block_till_done()
    return desk


async def async_add_remote_calendar(hass: HomeAssistant, url: str) -> str:
    """Add a feed through core's Remote calendar ("PMS bookings"); return its entity."""
    assert await async_setup_component(hass, "homeassistant", {})
    entry = MockConfigEntry(
        domain="remote_calendar",
        data={"calendar_name": "PMS bookings", "url": url, "verify_ssl": True},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(REMOTE) is not None
    return REMOTE


def source_subentry(
    calendar: str, rooms: Sequence[str] = (), title: str = "Front desk"
) -> ConfigSubentry:
    """Return a booking source: fixed rooms when given, else names in the text."""
    return ConfigSubentry(
        data={
            CONF_CALENDAR_ENTITY_ID: calendar,
            CONF_MATCH: MATCH_ROOMS if rooms else MATCH_TEXT,
            CONF_ROOMS: list(rooms),
        },
        subentry_type=SUBENTRY_BOOKING_SOURCE,
        title=title,
        unique_id=None,
    )


def add_source(
    hass: HomeAssistant, entry: ConfigEntry, subentry: ConfigSubentry
) -> str:
    """Add a booking source to an entry; return its ID."""
    hass.config_entries.async_add_subentry(entry, subentry)
    return subentry.subentry_id


async def async_next_read(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, reads: int = 1
) -> None:
    """Let the read interval pass ``reads`` times, each read finished."""
    for _ in range(reads):
        freezer.tick(READ_INTERVAL)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
