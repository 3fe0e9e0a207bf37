"""Tests for the life of booking sources: added, changed, removed, restarted.

Plus the repair issue naming bookings the stay book refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import CalendarEvent
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.bookings import async_setup_booking_sources
from custom_components.hotel_lock.const import (
    CONF_MATCH,
    CONF_ROOMS,
    DOMAIN,
    MATCH_ROOMS,
)

from .bookings_common import (
    DESK,
    DeskCalendar,
    FakeBook,
    add_source,
    async_add_desk_calendar,
    async_next_read,
    source_subentry,
)
from .conftest import ENTRY_ID, FIRST_RM_ID

NOW = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
STORE_KEY = f"{DOMAIN}.{ENTRY_ID}.booking_sources"


@pytest.fixture(autouse=True)
def entry_sources_left_to_the_test() -> Iterator[None]:
    """Keep the entry from reading booking sources into its own stay book.

    Each test starts the sources of the entry with a fake book instead.
    """
    with patch("custom_components.hotel_lock.async_setup_booking_sources"):
        yield


@pytest.fixture(autouse=True)
def frozen(freezer: FrozenDateTimeFactory) -> None:
    """Freeze the clock at a fixed now."""
    freezer.move_to(NOW)


@pytest.fixture
async def desk(hass: HomeAssistant) -> DeskCalendar:
    """Add the test calendar, with two stays."""
    desk = await async_add_desk_calendar(hass)
    desk.events = [_stay("a", "Ms. Li - 1-101", 2), _stay("b", "Mr. Wu - 1-102", 3)]
    return desk


def _stay(uid: str, summary: str, day: int) -> CalendarEvent:
    arrival = dt_util.start_of_local_day() + timedelta(days=day, hours=14)
    return CalendarEvent(
        start=arrival,
        end=arrival + timedelta(days=2, hours=-2),
        summary=summary,
        uid=uid,
    )


def _issues(hass: HomeAssistant) -> dict[str, ir.IssueEntry]:
    return {
        issue_id: issue
        for (domain, issue_id), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN
    }


async def _start(hass: HomeAssistant, entry: MockConfigEntry, book: FakeBook) -> None:
    await async_setup_booking_sources(hass, entry, entry.runtime_data.coordinator, book)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.usefixtures("desk")
async def test_sources_added_changed_and_removed_live(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Subentries added, reconfigured and removed are followed without a reload."""
    book = FakeBook()
    desk_id = add_source(hass, init_integration, source_subentry(DESK))
    await _start(hass, init_integration, book)
    assert [source for source, _ in book.syncs] == [desk_id]

    # Added: read at once (a calendar that does not exist: failed reads).
    gone_id = add_source(
        hass, init_integration, source_subentry("calendar.gone", title="Gone")
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_next_read(hass, freezer, 2)
    assert f"booking_source_unreadable_{gone_id}" in _issues(hass)

    # Changed: fixed rooms from the next read on, which starts at once.
    syncs = len(book.syncs)
    subentry = init_integration.subentries[desk_id]
    hass.config_entries.async_update_subentry(
        init_integration,
        subentry,
        data={**subentry.data, CONF_MATCH: MATCH_ROOMS, CONF_ROOMS: [FIRST_RM_ID]},
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(book.syncs) == syncs + 1
    assert {b.room_ids for b in book.syncs[-1][1]} == {(FIRST_RM_ID,)}

    # A change of title only, or of another entry, restarts nothing.
    hass.config_entries.async_update_subentry(
        init_integration, subentry, title="Reception"
    )
    other = MockConfigEntry(domain="other")
    other.add_to_hass(hass)
    hass.config_entries.async_update_entry(other, title="Other")
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(book.syncs) == syncs + 1

    # Removed: no longer read, its issues gone; the book is not told.
    hass.config_entries.async_remove_subentry(init_integration, gone_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _issues(hass) == {}
    await async_next_read(hass, freezer)
    assert [source for source, _ in book.syncs[-1:]] == [desk_id]
    assert gone_id not in str(book.syncs)


async def test_missed_reads_count_on_across_restarts(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """What a source holds is stored: a restart neither forgets nor resets counts.

    After the reload the calendar first answers nothing (a glitch: the book is
    not called), then without booking "a" for the third time: dropped.
    """
    book = FakeBook()
    source_id = add_source(hass, init_integration, source_subentry(DESK))
    await _start(hass, init_integration, book)
    desk.events = desk.events[1:]
    await async_next_read(hass, freezer, 2)
    records = hass_storage[STORE_KEY]["data"]["sources"][source_id]["bookings"]
    assert [(record["uid"], record["missed"]) for record in records] == [
        ("a", 2),
        ("b", 0),
    ]

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    reads = desk.reads
    await async_next_read(hass, freezer)
    assert desk.reads == reads

    assert await hass.config_entries.async_setup(init_integration.entry_id)
    restarted = FakeBook()
    events, desk.events = desk.events, []
    await _start(hass, init_integration, restarted)
    assert restarted.syncs == []
    desk.events = events
    await async_next_read(hass, freezer)
    assert {b.uid for b in restarted.syncs[-1][1]} == {"b"}


async def test_stored_memory_of_removed_sources_and_bad_records_left_out(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """A stored source that is no subentry, and records that do not read, go."""
    desk.events = []
    source_id = add_source(hass, init_integration, source_subentry(DESK))
    good = {
        "uid": "kept",
        "guest": "Ms. Li",
        "room_ids": [FIRST_RM_ID],
        "arrival": (NOW + timedelta(days=2)).isoformat(),
        "departure": (NOW + timedelta(days=4)).isoformat(),
        "missed": 1,
    }
    hass_storage[STORE_KEY] = {
        "version": 1,
        "key": STORE_KEY,
        "data": {
            "sources": {
                source_id: {"bookings": [good, {**good, "uid": "bad", "arrival": "?"}]},
                "removed-source": {"bookings": [good]},
            }
        },
    }
    book = FakeBook()
    await _start(hass, init_integration, book)
    # An empty calendar while "kept" is held: a glitch, nothing handed on.
    assert book.syncs == []
    assert f"booking_source_empty_{source_id}" in _issues(hass)
    desk.events = [_stay("b", "Mr. Wu - 1-102", 3)]
    await async_next_read(hass, freezer)
    assert [(b.uid, b.guest) for b in book.syncs[-1][1]] == [
        ("kept", "Ms. Li"),
        ("b", "Mr. Wu"),
    ]
    stored = hass_storage[STORE_KEY]["data"]["sources"]
    assert list(stored) == [source_id]
    assert [(r["uid"], r["missed"]) for r in stored[source_id]["bookings"]] == [
        ("kept", 2),
        ("b", 0),
    ]


async def test_first_read_waits_for_home_assistant_to_start(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
) -> None:
    """At start-up the calendars are read once Home Assistant has started.

    A source removed before that is never read.
    """
    hass.set_state(CoreState.starting)
    book = FakeBook()
    add_source(hass, init_integration, source_subentry(DESK))
    gone = add_source(hass, init_integration, source_subentry("calendar.gone"))
    await _start(hass, init_integration, book)
    hass.config_entries.async_remove_subentry(init_integration, gone)
    assert desk.reads == 0
    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert desk.reads == 1
    assert [{b.uid for b in bookings} for _, bookings in book.syncs] == [{"a", "b"}]


def _overlap() -> ServiceValidationError:
    """Return the book's refusal of a booking that overlaps another stay."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="stay_overlaps",
        translation_placeholders={
            "room": "1-102",
            "arrival": "2026-12-01 14:00",
            "departure": "2026-12-03 12:00",
        },
    )


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        (
            "en",
            "1-102 is taken by another stay from 2026-12-01 14:00 to 2026-12-03 12:00",
        ),
        ("zh-Hans", "1-102 在 2026-12-01 14:00 至 2026-12-03 12:00 已有其他入住"),
        (
            "fr",
            "1-102 is taken by another stay from 2026-12-01 14:00 to 2026-12-03 12:00",
        ),
    ],
)
@pytest.mark.usefixtures("desk")
async def test_refused_bookings_named_in_a_repair_issue(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    language: str,
    reason: str,
) -> None:
    """Bookings the book refuses are listed, why in the server's language."""
    hass.config.language = language
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    book = FakeBook()
    book.refuse = {"b": _overlap()}
    source_id = add_source(hass, mock_config_entry, source_subentry(DESK))
    await _start(hass, mock_config_entry, book)
    issue = _issues(hass)[f"booking_source_refused_{source_id}"]
    arrival = dt_util.start_of_local_day() + timedelta(days=3, hours=14)
    departure = arrival + timedelta(days=2, hours=-2)
    assert issue.translation_key == "booking_source_refused"
    assert issue.translation_placeholders == {
        "source": "Front desk",
        "bookings": (
            f"- Mr. Wu, {arrival:%Y-%m-%d %H:%M} → {departure:%Y-%m-%d %H:%M}: {reason}"
        ),
    }
    book.refuse = {}
    await async_next_read(hass, freezer)
    assert _issues(hass) == {}


async def test_book_that_fails_is_asked_again(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A pass of the book that raises is logged; the next read hands the set on."""
    book = FakeBook()
    book.error = RuntimeError("store is busy")
    add_source(hass, init_integration, source_subentry(DESK))
    await _start(hass, init_integration, book)
    assert "The stays did not follow the bookings of booking source Front desk" in (
        caplog.text
    )
    book.error = None
    await async_next_read(hass, freezer)
    assert [{b.uid for b in bookings} for _, bookings in book.syncs] == [
        {"a", "b"},
        {"a", "b"},
    ]


async def test_unload_stops_the_readers(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    desk: DeskCalendar,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An unloaded entry reads nothing and leaves no issue behind."""
    desk.events = []
    book = FakeBook()
    add_source(hass, init_integration, source_subentry(DESK))
    add_source(hass, init_integration, source_subentry("calendar.gone", title="Gone"))
    await _start(hass, init_integration, book)
    await async_next_read(hass, freezer, 3)
    assert _issues(hass) != {}
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    assert _issues(hass) == {}
    reads = desk.reads
    await async_next_read(hass, freezer)
    assert desk.reads == reads


@pytest.mark.usefixtures("desk")
async def test_removed_entry_loses_its_store(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Removing the entry deletes what its sources held."""
    add_source(hass, init_integration, source_subentry(DESK))
    await _start(hass, init_integration, FakeBook())
    assert STORE_KEY in hass_storage
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert STORE_KEY not in hass_storage
