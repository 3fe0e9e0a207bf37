"""The stay book at the size of a hotel: 500 bookings in 200 rooms.

A booking source read that changes nothing, and a pass of the timer with
nothing due, send no request and take a few milliseconds (measured here; the
bound is generous, for a shared CI machine). The clock is frozen for the
book; the time taken is read from the real one.
"""

from __future__ import annotations

from freezegun import api as freezegun_api
from homeassistant.core import HomeAssistant
import pytest

from custom_components.hotel_lock.booking_events import Booking
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform
from tests.emulator_fixtures import _ha_time_zone
from tests.stays_common import day


@pytest.fixture
def platform() -> Platform:
    """Return a property of 200 rooms."""
    return Platform(200, latency=0.0, tz=_ha_time_zone)


async def test_500_bookings_in_200_rooms(
    hass: HomeAssistant, platform: Platform, book: StayBook
) -> None:
    """Nothing changed: a read of 500 bookings and a pass send nothing, fast."""
    rooms = sorted(book.desk.coordinator.data)
    assert len(rooms) == 200
    bookings = [
        Booking(
            f"b{n}",
            f"Guest {n}",
            (rooms[n % 200],),
            day(3 + 4 * (n // 200), 14),
            day(5 + 4 * (n // 200), 12),
        )
        for n in range(500)
    ]
    started = freezegun_api.real_perf_counter()
    result = await book.async_sync_source("src", bookings)
    created = freezegun_api.real_perf_counter() - started
    assert result.created == 500
    since = len(platform.log_dicts())
    started = freezegun_api.real_perf_counter()
    result = await book.async_sync_source("src", bookings)
    read = freezegun_api.real_perf_counter() - started
    assert result.unchanged == 500
    started = freezegun_api.real_perf_counter()
    await book.async_run_pass()
    idle_pass = freezegun_api.real_perf_counter() - started
    assert len(platform.log_dicts()) == since
    print(
        f"500 bookings / 200 rooms: made in {created:.3f} s, "
        f"unchanged read {read * 1000:.1f} ms, idle pass {idle_pass * 1000:.2f} ms"
    )
    assert read < 0.5
    assert idle_pass < 0.5
