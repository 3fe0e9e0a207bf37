"""The reader of one booking source.

The events are read from the calendar entity itself (its ``async_get_events``
through the calendar component, over [now - 1 day, now + 60 days]): the
``calendar.get_events`` action leaves out the UID and recurrence ID that a
booking is followed by. A Remote calendar is made to fetch its feed first,
since that integration fetches it only once a day by itself.

A read fails when the entity does not exist, is unavailable (a Remote
calendar whose feed could not be fetched), raises or takes too long: nothing
is counted, one warning is logged, and a repair issue shows after
``FAILED_READS_BEFORE_ISSUE`` failed reads in a row, until a read succeeds. A
read with no events at all while the source holds bookings is a glitch
(``booking_memory``): one warning, and a repair issue naming the source until
a normal read. Bookings the book refuses (its guard rails) are named in a
repair issue of the source until it takes them or they are gone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from time import monotonic
from typing import Final

from homeassistant.components.calendar import CalendarEvent
from homeassistant.components.calendar.const import DATA_COMPONENT
from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import (
    CALLBACK_TYPE,
    DOMAIN as HOMEASSISTANT_DOMAIN,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .booking_events import RoomMatcher, SourceRules, StayBookSync, map_events
from .booking_memory import SourceMemory
from .booking_report import GLITCH, NOT_FOLLOWED, READ, ReadReport
from .const import (
    CONF_CALENDAR_ENTITY_ID,
    CONF_MATCH,
    CONF_ROOMS,
    DOMAIN,
    FAILED_READS_BEFORE_ISSUE,
    LOGGER,
    MATCH_ROOMS,
)
from .stay_rules import StayOptions
from .texts import async_error_text

READ_BEFORE: Final = timedelta(days=1)
READ_AHEAD: Final = timedelta(days=60)
# A Remote calendar's fetch times out after 40 s; a read never hangs longer.
READ_TIMEOUT: Final = 120
REMOTE_CALENDAR: Final = "remote_calendar"

EMPTY_SOURCE_ISSUE: Final = "booking_source_empty"
UNREADABLE_SOURCE_ISSUE: Final = "booking_source_unreadable"
REFUSED_BOOKINGS_ISSUE: Final = "booking_source_refused"
SOURCE_ISSUES: Final = (
    EMPTY_SOURCE_ISSUE,
    UNREADABLE_SOURCE_ISSUE,
    REFUSED_BOOKINGS_ISSUE,
)


class SourceUnreadableError(Exception):
    """The calendar of a source cannot be read now."""


def source_issue_id(issue: str, source_id: str) -> str:
    """Return the ID of a source's repair issue."""
    return f"{issue}_{source_id}"


class BookingSourceReader:
    """Read one booking source and hand its bookings to the stay book."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        subentry: ConfigSubentry,
        memory: SourceMemory,
        interval: timedelta,
        *,
        book: StayBookSync,
        matcher: Callable[[], RoomMatcher],
        save: Callable[[], Awaitable[None]],
    ) -> None:
        """Read a subentry's calendar every ``interval`` from now on.

        ``memory`` is what the source is known to hold, ``save`` writes it;
        ``matcher`` finds the platform's room names in an event. The first
        read is asked for apart (``async_schedule_read``).
        """
        self._hass = hass
        self._entry = entry
        self._book = book
        self._matcher = matcher
        self._save = save
        self.subentry = subentry
        # The subentry's data as this reader follows it (a reconfiguration
        # replaces the subentry's mapping, and the reader with it).
        self.data = subentry.data
        self.memory = memory
        self.failed_reads = 0
        self.glitch = False
        self._refused: dict[str, str] = {}
        self.report: ReadReport | None = None
        self._task: asyncio.Task[None] | None = None
        self._unsub_timer: CALLBACK_TYPE = async_track_time_interval(
            self._hass,
            self._async_timer,
            interval,
            name=f"{DOMAIN} booking source {subentry.title}",
            cancel_on_shutdown=True,
        )

    @property
    def source_id(self) -> str:
        """Return the source's ID: its subentry's."""
        return self.subentry.subentry_id

    @property
    def calendar(self) -> str:
        """Return the calendar entity the source reads."""
        return str(self.data[CONF_CALENDAR_ENTITY_ID])

    def rules(self) -> SourceRules:
        """Return how the source's events become bookings."""
        data, options = self.data, StayOptions.from_options(self._entry.options)
        return SourceRules(
            room_ids=tuple(data[CONF_ROOMS]) if data[CONF_MATCH] == MATCH_ROOMS else (),
            check_in=options.check_in,
            check_out=options.check_out,
            time_zone=dt_util.get_default_time_zone(),
        )

    @callback
    def _async_timer(self, _now: datetime) -> None:
        self.async_schedule_read()

    @callback
    def async_stop(self) -> None:
        """Stop reading; a read under way is cancelled."""
        self._unsub_timer()
        if self._task is not None:
            self._task.cancel()

    @callback
    def async_schedule_read(self) -> asyncio.Task[None]:
        """Start a read, unless one is under way; return the read's task."""
        if self._task is None or self._task.done():
            self._task = self._entry.async_create_background_task(
                self._hass,
                self.async_read(),
                f"{DOMAIN} read booking source {self.subentry.title}",
            )
        return self._task

    async def async_read_now(self) -> ReadReport | None:
        """Read now and return the report once done.

        A read under way may have fetched the calendar before the change
        that asked for this one: it is waited for, then a new read starts.
        """
        if self._task is not None and not self._task.done():
            await asyncio.wait((self._task,))
        await asyncio.wait((self.async_schedule_read(),))
        return self.report

    async def async_read(self) -> None:
        """Read the calendar once and hand the bookings on."""
        started = monotonic()
        report = ReadReport(at=dt_util.utcnow())
        try:
            await self._async_read(report)
        finally:
            report.seconds = round(monotonic() - started, 4)
            self.report = report

    async def _async_read(self, report: ReadReport) -> None:
        now = dt_util.now()
        window_start = now - READ_BEFORE
        try:
            async with asyncio.timeout(READ_TIMEOUT):
                events = await self._async_events(window_start, now + READ_AHEAD)
        except (SourceUnreadableError, HomeAssistantError, TimeoutError) as err:
            report.error = str(err) or type(err).__name__
            self._async_failed(report.error)
            return
        except Exception as err:  # noqa: BLE001 - a faulty calendar must not stop the reads
            LOGGER.debug("Reading %s failed", self.calendar, exc_info=True)
            report.error = repr(err)
            self._async_failed(report.error)
            return
        self._async_readable()
        mapped = map_events(events, self._matcher(), self.rules())
        report.events = len(events)
        LOGGER.debug(
            "Booking source %s: %d events, %d bookings, %d not stays, %d naming no room",
            self.subentry.title,
            len(events),
            len(mapped.bookings),
            mapped.not_stays,
            len(mapped.without_room),
        )
        changed = self.memory.take(
            mapped.bookings, now, window_start, feed_empty=not events
        )
        if changed is None:
            report.outcome = GLITCH
            self._async_glitch()
            return
        self._async_end_glitch()
        if changed:
            # Saved before the book acts on it, so that a restart right after
            # never hands on less than the book was given.
            await self._save()
        bookings = self.memory.bookings()
        report.bookings = len(bookings)
        reconcile_started = monotonic()
        try:
            outcome = await self._book.async_sync_source(self.source_id, bookings)
        except Exception:  # noqa: BLE001 - the next read hands the same set on again
            LOGGER.exception(
                "The stays did not follow the bookings of booking source %s",
                self.subentry.title,
            )
            report.outcome = NOT_FOLLOWED
            return
        report.reconcile_seconds = round(monotonic() - reconcile_started, 4)
        report.outcome = READ
        report.stays = dict(outcome.counts)
        report.refused = len(outcome.refusals)
        self._async_refused(
            {
                uid: async_error_text(self._hass, err)
                for uid, err in outcome.refusals.items()
            }
        )

    async def _async_events(
        self, start: datetime, end: datetime
    ) -> list[CalendarEvent]:
        """Return the calendar's events, a Remote calendar refreshed first."""
        registered = er.async_get(self._hass).async_get(self.calendar)
        if registered is not None and registered.platform == REMOTE_CALENDAR:
            await self._async_refresh_remote(registered)
        component = self._hass.data.get(DATA_COMPONENT)
        entity = component.get_entity(self.calendar) if component else None
        if entity is None:
            raise SourceUnreadableError(f"{self.calendar} does not exist")
        if not entity.available:
            raise SourceUnreadableError(f"{self.calendar} is unavailable")
        return await entity.async_get_events(self._hass, start, end)

    async def _async_refresh_remote(self, registered: er.RegistryEntry) -> None:
        """Have a Remote calendar fetch its feed now.

        Its coordinator is refreshed itself when it can be found:
        ``homeassistant.update_entity`` goes through the coordinator's
        debouncer, which leaves out a fetch asked for within 10 s of the last
        one, so that "Read bookings now" right after a read would read the
        old feed. Otherwise the action asks for the refresh. Whether the feed
        was fetched shows in the entity's availability.
        """
        remote_entry = (
            self._hass.config_entries.async_get_entry(registered.config_entry_id)
            if registered.config_entry_id
            else None
        )
        coordinator = getattr(remote_entry, "runtime_data", None)
        if isinstance(coordinator, DataUpdateCoordinator):
            await coordinator.async_refresh()
            return
        try:
            await self._hass.services.async_call(
                HOMEASSISTANT_DOMAIN,
                "update_entity",
                {ATTR_ENTITY_ID: self.calendar},
                blocking=True,
            )
        except HomeAssistantError as err:
            # The entity's availability tells whether the feed was fetched.
            LOGGER.debug("Refreshing %s failed: %s", self.calendar, err)

    @callback
    def _async_failed(self, reason: str) -> None:
        """Count a failed read: nothing else is counted."""
        self.failed_reads += 1
        if self.failed_reads == 1:
            LOGGER.warning(
                "Booking source %s cannot be read (%s); its stays stay as they "
                "are until it can",
                self.subentry.title,
                reason,
            )
        else:
            LOGGER.debug(
                "Booking source %s cannot be read: %s", self.subentry.title, reason
            )
        if self.failed_reads == FAILED_READS_BEFORE_ISSUE:
            self._async_issue(UNREADABLE_SOURCE_ISSUE, {"calendar": self.calendar})

    @callback
    def _async_readable(self) -> None:
        """End a run of failed reads."""
        if self.failed_reads:
            LOGGER.info("Booking source %s can be read again", self.subentry.title)
            self.failed_reads = 0
            self._async_delete_issue(UNREADABLE_SOURCE_ISSUE)

    @callback
    def _async_glitch(self) -> None:
        """Keep everything after a read with no events at all: warn once."""
        if self.glitch:
            return
        self.glitch = True
        LOGGER.warning(
            "Booking source %s returned no bookings while it holds %d; they are "
            "kept until it returns bookings again",
            self.subentry.title,
            len(self.memory.carried),
        )
        self._async_issue(
            EMPTY_SOURCE_ISSUE, {"bookings": str(len(self.memory.carried))}
        )

    @callback
    def _async_end_glitch(self) -> None:
        if self.glitch:
            LOGGER.info("Booking source %s returns bookings again", self.subentry.title)
            self.glitch = False
            self._async_delete_issue(EMPTY_SOURCE_ISSUE)

    @callback
    def _async_refused(self, refused: Mapping[str, str]) -> None:
        """Name the bookings the book did not take in a repair issue."""
        if refused == self._refused:
            return
        self._refused = dict(refused)
        if not refused:
            self._async_delete_issue(REFUSED_BOOKINGS_ISSUE)
            return
        time_zone = dt_util.get_default_time_zone()
        lines = []
        for booking in self.memory.bookings():
            if (reason := refused.get(booking.uid)) is not None:
                arrival = booking.arrival.astimezone(time_zone)
                departure = booking.departure.astimezone(time_zone)
                lines.append(
                    f"- {booking.guest}, {arrival:%Y-%m-%d %H:%M} → "
                    f"{departure:%Y-%m-%d %H:%M}: {reason}"
                )
        self._async_issue(REFUSED_BOOKINGS_ISSUE, {"bookings": "\n".join(lines)})

    @callback
    def _async_issue(self, issue: str, placeholders: dict[str, str]) -> None:
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            source_issue_id(issue, self.source_id),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=issue,
            translation_placeholders={"source": self.subentry.title, **placeholders},
        )

    @callback
    def _async_delete_issue(self, issue: str) -> None:
        ir.async_delete_issue(
            self._hass, DOMAIN, source_issue_id(issue, self.source_id)
        )

    @callback
    def async_delete_issues(self) -> None:
        """Delete every repair issue of the source."""
        for issue in SOURCE_ISSUES:
            self._async_delete_issue(issue)
