"""The Stays calendar: events are stays; creating, moving and deleting them acts.

Driven the ways a user does: ``calendar.create_event`` and the calendar
dialog's WebSocket commands (create, update, delete), and read back with
``calendar.get_events``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.hotel_lock.booking_events import Booking
from custom_components.hotel_lock.stay_model import StaySource
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform as EmulatedPlatform
from tests.stays_common import (
    FIRST_RM_ID,
    SECOND_RM_ID,
    day,
    gateway_calls,
    move,
    opens,
    platform_time,
)

CALENDAR = "calendar.hotel_lock_stays"


@pytest.fixture(autouse=True)
def only_the_calendar() -> Iterator[None]:
    """Set up the calendar platform alone."""
    with patch("custom_components.hotel_lock.PLATFORMS", [Platform.CALENDAR]):
        yield


async def _create(hass: HomeAssistant, **fields: Any) -> None:
    await hass.services.async_call(
        "calendar",
        "create_event",
        {"entity_id": CALENDAR, **fields},
        blocking=True,
    )


async def _events(hass: HomeAssistant, days: int = 10) -> list[dict[str, Any]]:
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": CALENDAR,
            "start_date_time": day(-1, 0).isoformat(),
            "duration": {"days": days},
        },
        blocking=True,
        return_response=True,
    )
    events: list[dict[str, Any]] = response[CALENDAR]["events"]  # type: ignore[index,assignment]
    return events


async def _ws(client: Any, command: dict[str, Any]) -> dict[str, Any]:
    await client.send_json_auto_id({"entity_id": CALENDAR, **command})
    result: dict[str, Any] = await client.receive_json()
    return result


async def test_create_event_makes_a_stay(
    hass: HomeAssistant, platform: EmulatedPlatform, book: StayBook
) -> None:
    """calendar.create_event: a stay in the rooms named, its PIN pushed."""
    await _create(
        hass,
        summary="Ms. Li",
        location="1-101、1-102",
        start_date_time=day(0, 14).isoformat(),
        end_date_time=day(2, 12).isoformat(),
    )
    (stay,) = book.stays()
    assert (stay.guest, stay.room_ids, stay.source) == (
        "Ms. Li",
        (FIRST_RM_ID, SECOND_RM_ID),
        StaySource.CALENDAR,
    )
    assert (stay.arrival, stay.departure) == (day(0, 14), day(2, 12))
    assert opens(platform, SECOND_RM_ID, "pin", stay.pin or "")
    (event,) = await _events(hass)
    assert event == {
        "start": day(0, 14).isoformat(),
        "end": day(2, 12).isoformat(),
        "summary": "Ms. Li",
        "location": "1-101, 1-102",
    }


@pytest.mark.parametrize(
    "location", ["1-101，1-102", "1-101; 1-102", " 1-101 , 1-102 "]
)
async def test_room_separators(
    hass: HomeAssistant, book: StayBook, location: str
) -> None:
    """Room names separated by Chinese commas or semicolons are read too."""
    await _create(
        hass,
        summary="A",
        location=location,
        start_date_time=day(3, 14).isoformat(),
        end_date_time=day(4, 12).isoformat(),
    )
    (stay,) = book.stays()
    assert stay.room_ids == (FIRST_RM_ID, SECOND_RM_ID)


async def test_all_day_event(hass: HomeAssistant, book: StayBook) -> None:
    """All-day: from the first day at check-in to the end date at check-out."""
    await _create(
        hass,
        summary="A",
        location="1-101",
        start_date=day(3, 0).date().isoformat(),
        end_date=day(5, 0).date().isoformat(),
    )
    (stay,) = book.stays()
    assert (stay.arrival, stay.departure) == (day(3, 14), day(5, 12))


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"location": "1-101, 9-999"}, "unknown_room_name"),
        ({"location": ""}, "stay_without_room"),
        ({"summary": " "}, "invalid_guest"),
    ],
)
async def test_create_refused(
    hass: HomeAssistant,
    platform: EmulatedPlatform,
    book: StayBook,
    fields: dict[str, Any],
    key: str,
) -> None:
    """A wrong event is refused with a translated error; nothing is sent."""
    with pytest.raises(ServiceValidationError) as err:
        await _create(
            hass,
            **{
                "summary": "A",
                "location": "1-101",
                "start_date_time": day(0, 14).isoformat(),
                "end_date_time": day(1, 12).isoformat(),
            }
            | fields,
        )
    assert err.value.translation_key == key
    assert book.stays() == []
    assert gateway_calls(platform) == []


async def test_dialog_create_move_delete(
    hass: HomeAssistant,
    platform: EmulatedPlatform,
    book: StayBook,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The calendar dialog: create, move (same slot, new window), delete (revoked)."""
    client = await hass_ws_client(hass)
    result = await _ws(
        client,
        {
            "type": "calendar/event/create",
            "event": {
                "summary": "Mr. Wang",
                "location": "1-101",
                "dtstart": day(0, 15).isoformat(),
                "dtend": day(1, 11).isoformat(),
            },
        },
    )
    assert result["success"], result
    (stay,) = book.stays()
    pin = stay.pin or ""
    since = len(platform.log_dicts())
    result = await _ws(
        client,
        {
            "type": "calendar/event/update",
            "uid": stay.stay_id,
            "event": {
                "summary": "Mr. Wang",
                "location": "1-101",
                "dtstart": day(0, 15).isoformat(),
                "dtend": day(2, 11).isoformat(),
            },
        },
    )
    assert result["success"], result
    ((call, fields),) = gateway_calls(platform, since)
    assert (call, fields["m1"], fields["pwd"], fields["unValid"]) == (
        "GatewayUploadOnline",
        "1",
        pin,
        platform_time(day(2, 12)),
    )
    result = await _ws(client, {"type": "calendar/event/delete", "uid": stay.stay_id})
    assert result["success"], result
    assert book.stays() == []
    assert not opens(platform, FIRST_RM_ID, "pin", pin)
    # A recurring event is not a stay.
    result = await _ws(
        client,
        {
            "type": "calendar/event/create",
            "event": {
                "summary": "Weekly",
                "location": "1-101",
                "dtstart": day(0, 15).isoformat(),
                "dtend": day(1, 11).isoformat(),
                "rrule": "FREQ=WEEKLY",
            },
        },
    )
    assert not result["success"]
    assert "cannot repeat" in result["error"]["message"]


async def test_end_moved_to_now_checks_out(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: EmulatedPlatform,
    book: StayBook,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The end of a stay in progress moved to now: checked out, PIN stopped."""
    client = await hass_ws_client(hass)  # signed in before the clock moves
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 7), departure=day(2, 12)
    )
    pin = stay.pin or ""
    assert hass.states.get(CALENDAR).state == STATE_ON
    await move(hass, freezer, day(1, 9))
    result = await _ws(
        client,
        {
            "type": "calendar/event/update",
            "uid": stay.stay_id,
            "event": {
                "summary": "A",
                "location": "1-101",
                "dtstart": day(0, 7).isoformat(),
                "dtend": day(1, 9).isoformat(),
            },
        },
    )
    assert result["success"], result
    assert stay.checked_out == day(1, 9)
    assert not opens(platform, FIRST_RM_ID, "pin", pin)
    assert hass.states.get(CALENDAR).state == STATE_OFF
    (event,) = await _events(hass)
    assert event["end"] == day(1, 9).isoformat()


async def test_booking_stays_change_at_the_source(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    book: StayBook,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A booking's stay: not moved or deleted here, but it can be checked out."""
    await book.async_sync_source(
        "source",
        [Booking("b1", "Ms. Li", (FIRST_RM_ID,), day(0, 7), day(2, 12))],
    )
    (stay,) = book.stays()
    client = await hass_ws_client(hass)
    event = {
        "summary": "Ms. Li",
        "location": "1-101",
        "dtstart": day(0, 7).isoformat(),
        "dtend": day(3, 12).isoformat(),
    }
    result = await _ws(
        client, {"type": "calendar/event/update", "uid": stay.stay_id, "event": event}
    )
    assert not result["success"]
    assert "booking source" in result["error"]["message"]
    result = await _ws(client, {"type": "calendar/event/delete", "uid": stay.stay_id})
    assert not result["success"]
    assert stay.departure == day(2, 12)
    await move(hass, freezer, day(1, 10))
    result = await _ws(
        client,
        {
            "type": "calendar/event/update",
            "uid": stay.stay_id,
            "event": event | {"dtend": day(1, 10).isoformat()},
        },
    )
    assert result["success"], result
    assert stay.checked_out == day(1, 10)


async def test_state_and_snapshot(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    book: StayBook,
    stays_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """On during a stay; the attributes show the current or next stay."""
    await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(1, 14), departure=day(2, 12)
    )
    await hass.async_block_till_done()
    await snapshot_platform(hass, er.async_get(hass), snapshot, stays_entry.entry_id)
    await move(hass, freezer, day(1, 14))
    assert hass.states.get(CALENDAR).state == STATE_ON
    await move(hass, freezer, day(2, 12) + timedelta(seconds=1))
    assert hass.states.get(CALENDAR).state == STATE_OFF
