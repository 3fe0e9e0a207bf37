"""Booking feeds for the tests: the fixtures with their dates moved, served on 127.0.0.1.

`tests/fixtures/booking-feeds/` holds two feeds as hosts really get them
(their README says what each carries), with fixed dates; `feed()` moves every
date so that the first stay begins on a given day. `FeedServer` serves a feed
over HTTP on 127.0.0.1 and counts the requests, for core's Remote calendar
integration (it can also fail on purpose).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
import re

from aiohttp import web
from aiohttp.test_utils import TestServer

FEEDS = Path(__file__).parent / "fixtures" / "booking-feeds"
AIRBNB = "airbnb-listing.ics"
PMS = "pms-all-rooms.ics"

# A date of an event's start, end or recurrence: the first 8 digits after the
# property's parameters (DTSTART;VALUE=DATE:20261202, DTEND;TZID=...:20261204T...).
_EVENT_DATE = re.compile(
    r"^((?:DTSTART|DTEND|RECURRENCE-ID|EXDATE)[^:\n]*:)(\d{8})", re.M
)


def _day(digits: str) -> date:
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def move_dates(text: str, days: int) -> str:
    """Return a feed with every event date moved by ``days`` days."""
    return _EVENT_DATE.sub(
        lambda match: (
            match[1] + (_day(match[2]) + timedelta(days=days)).strftime("%Y%m%d")
        ),
        text,
    )


def feed(name: str, first_day: date) -> str:
    """Return a fixture feed whose first stay begins on ``first_day``."""
    text = (FEEDS / name).read_text(encoding="utf-8")
    starts = [
        _day(match[2])
        for match in _EVENT_DATE.finditer(text)
        if match[1].startswith("DTSTART")
    ]
    return move_dates(text, (first_day - min(starts)).days)


def vcalendar(*events: str) -> str:
    """Return a feed of the given VEVENT bodies."""
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//hotel_lock tests//EN\n"
        f"{body}END:VCALENDAR\n"
    )


class FeedServer:
    """An iCal feed on 127.0.0.1: what it serves can change between reads."""

    def __init__(self, ics: str = "") -> None:
        """Serve ``ics`` (until changed) at /bookings.ics."""
        self.ics = ics
        self.status = 200
        self.requests = 0
        self._server: TestServer | None = None

    async def _serve(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self.status != 200:
            return web.Response(status=self.status, text="unavailable")
        return web.Response(text=self.ics, content_type="text/calendar")

    async def start(self) -> None:
        """Start serving."""
        app = web.Application()
        app.router.add_get("/bookings.ics", self._serve)
        self._server = TestServer(app, host="127.0.0.1")
        # No access log: its time stamp breaks under a frozen clock.
        await self._server.start_server(access_log=None)

    @property
    def url(self) -> str:
        """Return the feed's URL."""
        assert self._server is not None
        return str(self._server.make_url("/bookings.ics"))

    async def close(self) -> None:
        """Stop serving."""
        if self._server is not None:
            await self._server.close()
            self._server = None
