"""The "Read bookings now" button: every booking source read at once.

The stays follow by the time the press returns, without waiting for the
read interval; a Remote calendar fetches its feed at every press, even right
after the last fetch; a source that cannot be read makes the press fail,
naming it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from unittest.mock import patch

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.calendar import CalendarEvent
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform as EmulatedPlatform
from tests.booking_feeds import FeedServer, vcalendar
from tests.bookings_common import (
    DESK,
    DeskCalendar,
    add_source,
    async_add_desk_calendar,
    async_add_remote_calendar,
    booking_event,
    source_subentry,
)
from tests.stays_common import FIRST_RM_ID, SECOND_RM_ID, day, gateway_calls

BUTTON = "button.hotel_lock_read_bookings_now"


@pytest.fixture(autouse=True)
def only_the_button() -> Iterator[None]:
    """Set up the button platform alone."""
    with patch("custom_components.hotel_lock.PLATFORMS", [Platform.BUTTON]):
        yield


def _ics_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _feed(
    uid: str, guest: str, room: str, arrival: datetime, departure: datetime
) -> str:
    return vcalendar(
        f"UID:{uid}\nDTSTAMP:20260501T000000Z\nDTSTART:{_ics_time(arrival)}\n"
        f"DTEND:{_ics_time(departure)}\nSUMMARY:{guest} - {room}\nLOCATION:{room}"
    )


@pytest.fixture
async def feed_server(socket_enabled: None) -> AsyncIterator[FeedServer]:
    """Serve a PMS feed with no booking yet."""
    server = FeedServer(vcalendar())
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def remote(hass: HomeAssistant, feed_server: FeedServer) -> str:
    """Add the feed through core's Remote calendar; return its entity ID."""
    return await async_add_remote_calendar(hass, feed_server.url)


async def _press(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: BUTTON}, blocking=True
    )


async def test_button_on_the_platform_device(
    hass: HomeAssistant,
    stays_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """One button, on the platform's device."""
    await snapshot_platform(hass, entity_registry, snapshot, stays_entry.entry_id)


async def test_press_without_sources_is_refused(
    hass: HomeAssistant, stays_entry: MockConfigEntry
) -> None:
    """No booking source: a translated refusal."""
    with pytest.raises(ServiceValidationError) as refused:
        await _press(hass)
    assert refused.value.translation_key == "no_booking_sources"


async def test_press_reads_every_source_now(
    hass: HomeAssistant,
    platform: EmulatedPlatform,
    book: StayBook,
    stays_entry: MockConfigEntry,
    *,
    remote: str,
    feed_server: FeedServer,
) -> None:
    """Both sources read at the press, without the interval; the feed fetched each time."""
    desk: DeskCalendar = await async_add_desk_calendar(hass)
    add_source(hass, stays_entry, source_subentry(DESK))
    add_source(hass, stays_entry, source_subentry(remote, title="PMS bookings"))
    await hass.async_block_till_done(wait_background_tasks=True)
    fetched = feed_server.requests
    assert book.stays() == []

    # Booked in both systems just now: the press makes the stays at once.
    desk.events = [booking_event("desk-1", "Ms. Li", "1-101", day(0, 14), day(2, 12))]
    feed_server.ics = _feed("pms-1", "Mr. Wang", "1-102", day(0, 15), day(1, 11))
    await _press(hass)
    assert sorted((s.guest, s.room_ids) for s in book.stays()) == [
        ("Mr. Wang", (SECOND_RM_ID,)),
        ("Ms. Li", (FIRST_RM_ID,)),
    ]
    assert feed_server.requests == fetched + 1
    assert sorted(fields["rm_id"] for _, fields in gateway_calls(platform)) == [
        FIRST_RM_ID,
        SECOND_RM_ID,
    ]

    # Moved at once in the PMS, read again at once: the feed is fetched anew.
    feed_server.ics = _feed("pms-1", "Mr. Wang", "1-102", day(1, 15), day(2, 11))
    await _press(hass)
    assert feed_server.requests == fetched + 2
    (wang,) = [s for s in book.stays() if s.guest == "Mr. Wang"]
    assert (wang.arrival, wang.departure) == (day(1, 15), day(2, 11))


async def test_press_names_sources_that_cannot_be_read(
    hass: HomeAssistant, stays_entry: MockConfigEntry, book: StayBook
) -> None:
    """A calendar that fails: the press fails naming its source; nothing changes."""
    desk = await async_add_desk_calendar(hass)
    desk.events = [booking_event("desk-1", "Ms. Li", "1-101", day(0, 14), day(2, 12))]
    add_source(hass, stays_entry, source_subentry(DESK))
    await hass.async_block_till_done(wait_background_tasks=True)
    (stay,) = book.stays()
    desk.error = HomeAssistantError("calendar down")
    desk.events = []
    with pytest.raises(HomeAssistantError) as failed:
        await _press(hass)
    assert failed.value.translation_key == "booking_sources_not_read"
    assert failed.value.translation_placeholders == {"sources": "Front desk"}
    assert book.stays() == [stay]


async def test_press_during_a_read_reads_again_after_it(
    hass: HomeAssistant, stays_entry: MockConfigEntry, book: StayBook
) -> None:
    """A read under way may predate the change: the press waits for it, then reads."""
    desk = await async_add_desk_calendar(hass)
    add_source(hass, stays_entry, source_subentry(DESK))
    await hass.async_block_till_done(wait_background_tasks=True)
    gate = asyncio.Event()
    read = desk.async_get_events

    async def slow_read(*args: Any) -> list[CalendarEvent]:
        events = await read(*args)  # what the calendar held when the read began
        await gate.wait()
        return events

    sources = stays_entry.runtime_data.bookings
    assert sources is not None
    with patch.object(desk, "async_get_events", slow_read):
        (reader,) = sources.readers.values()
        reader.async_schedule_read()
        await asyncio.sleep(0)
        desk.events = [
            booking_event("desk-1", "Ms. Li", "1-101", day(0, 14), day(2, 12))
        ]
        press = hass.async_create_task(_press(hass))
        await asyncio.sleep(0)
        assert not press.done()
        gate.set()
        await press
    assert [stay.guest for stay in book.stays()] == ["Ms. Li"]
    assert desk.reads == 3  # the first, the one under way, the press's
