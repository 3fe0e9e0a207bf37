"""A PMS booking feed on 127.0.0.1 through core's Remote calendar, as a booking source.

The feed is the PMS fixture with its dates moved to start tomorrow, served by
a small HTTP server of the test. It is added through Remote calendar's config
flow over the REST API (a 127.0.0.1 URL is accepted), and the calendar shows
its bookings (the cancelled one left out). The calendar then becomes a booking
source of the integration through the subentry flow's REST API.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading
import time
from typing import Any
from urllib.parse import quote

import pytest

from tests.booking_feeds import PMS, feed

from .conftest import Stack
from .harness import HOST, config_entries

pytestmark = pytest.mark.e2e

CALENDAR = "calendar.pms_bookings"


class _Feed(BaseHTTPRequestHandler):
    """Serve the server's feed at /bookings.ics."""

    server: _FeedServer

    def do_GET(self) -> None:
        """Answer the feed, or 404."""
        if self.path != "/bookings.ics":
            self.send_error(404)
            return
        body = self.server.ics.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Log nothing."""


class _FeedServer(ThreadingHTTPServer):
    ics = ""


@pytest.fixture
def feed_url(socket_enabled: None) -> Iterator[str]:
    """Serve the PMS feed, first stay tomorrow, on 127.0.0.1."""
    server = _FeedServer((HOST, 0), _Feed)
    server.ics = feed(PMS, datetime.now(UTC).date() + timedelta(days=1))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/bookings.ics"
    finally:
        server.shutdown()
        server.server_close()


def _events(stack: Stack) -> list[dict[str, Any]]:
    start = datetime.now(UTC)
    window = f"start={quote(start.isoformat())}&end={quote((start + timedelta(days=30)).isoformat())}"
    events: list[dict[str, Any]] = stack.api.get(f"/api/calendars/{CALENDAR}?{window}")
    return events


def test_remote_calendar_shows_the_pms_feed(e2e_stack: Stack, feed_url: str) -> None:
    """Remote calendar takes the local feed; its bookings show; it becomes a source."""
    stack = e2e_stack
    flow = stack.api.post(
        "/api/config/config_entries/flow", {"handler": "remote_calendar"}
    )
    result = stack.api.post(
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {"calendar_name": "PMS bookings", "url": feed_url, "verify_ssl": True},
    )
    assert result["type"] == "create_entry", result
    remote_entry = result["result"]["entry_id"]
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if stack.api.get(f"/api/states/{CALENDAR}", expect=(200, 404)):
                break
            time.sleep(0.3)
        events = sorted(_events(stack), key=lambda event: event["start"]["dateTime"])
        assert [
            (event["summary"], event["location"], event["uid"]) for event in events
        ] == [
            ("王先生 - 1-101", "1-101", "res-20261202-000481@pms.example"),
            (
                "Smith family - 2号楼-201, 2号楼-202",
                "2号楼-201, 2号楼-202",
                "res-20261203-000502@pms.example",
            ),
        ]
        tomorrow = datetime.now(UTC).date() + timedelta(days=1)
        assert datetime.fromisoformat(events[0]["start"]["dateTime"]) == datetime(
            tomorrow.year, tomorrow.month, tomorrow.day, 6, tzinfo=UTC
        )

        (entry,) = config_entries(stack.api)
        flow = stack.api.post(
            "/api/config/config_entries/subentries/flow",
            {"handler": [entry["entry_id"], "booking_source"]},
        )
        assert flow["type"] == "form", flow
        result = stack.api.post(
            f"/api/config/config_entries/subentries/flow/{flow['flow_id']}",
            {"calendar_entity_id": CALENDAR, "match": "text"},
        )
        assert result["type"] == "create_entry", result
        assert result["title"] == "PMS bookings"
        (source,) = stack.api.ws(
            {"type": "config_entries/subentries/list", "entry_id": entry["entry_id"]}
        )[0]
        assert (source["subentry_type"], source["title"]) == (
            "booking_source",
            "PMS bookings",
        )
        stack.api.ws(
            {
                "type": "config_entries/subentries/delete",
                "entry_id": entry["entry_id"],
                "subentry_id": source["subentry_id"],
            }
        )
    finally:
        stack.api.request("DELETE", f"/api/config/config_entries/entry/{remote_entry}")
