"""A PMS booking feed, through core's Remote calendar, followed by stays at the doors.

The feed is the PMS fixture (``tests/fixtures/booking-feeds/pms-all-rooms.ics``)
with its rooms renamed to the emulator's and its dates moved to now, served
by the test on 127.0.0.1 and added through Remote calendar's config flow; it
becomes a booking source of the integration through the subentry flow, all
over the REST API. Three bookings, with the default Stays options (lead
time 24 h, margin 60 min, alert horizon 12 h):

- 王先生 in 1-101, arriving in an hour and a few seconds: handed out a few
  seconds from now (arrival - margin), not before;
- the Smith family in 1-102 and 1-103, arriving in a few seconds, 1-103's
  gateway offline: the PIN fails there, an offline password and a repair
  issue follow; an unlock of 1-103 once the gateway is back brings the PIN
  at once and ends the repair;
- 李女士 in 1-104, all-day from yesterday to tomorrow (in progress, so
  checked now rather than at a 14:00 check-in).

Then, each followed at once with the "Read bookings now" button: 王先生's
booking extended by a day (same slot and PIN, new expiry), 李女士's moved by
a day (its push time past: same slot and PIN, the new window at once; a
booking moved so that its push time is still to come is stopped until then),
then cancelled (gone after three reads, as the feed-glitch rule wants), and the Smith
family checked out early. The emulator's door model, its clock moved where
needed, tells which codes open when. The guests' codes come from the
stay-ready blueprint as persistent notifications.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import re
import threading
import time
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest

from tests.booking_feeds import FEEDS, PMS

from .conftest import Stack
from .harness import HOST, config_entries
from .stay_steps import (
    entity_of,
    gateway_calls,
    install_stay_ready_automation,
    notifications,
    opens,
    platform_time,
    platform_zone,
    respond,
    wait_until,
)

pytestmark = pytest.mark.e2e

CALENDAR = "calendar.pms_bookings"
SHANGHAI = ZoneInfo("Asia/Shanghai")
MARGIN = timedelta(minutes=60)  # the default Stays option
WANG = "res-20261202-000481@pms.example"
SMITH = "res-20261203-000502@pms.example"
LI = "res-20261205-000517@pms.example"
# The fixture's rooms, and the emulator's rooms the test puts in their place.
ROOMS = {
    WANG: ("1-101", "1-101"),
    SMITH: ("2号楼-201, 2号楼-202", "1-102, 1-103"),
    LI: ("1-103", "1-104"),
}
type Times = Mapping[str, tuple[datetime, datetime] | tuple[date, date]]


def _ics(name: str, value: datetime | date) -> str:
    if isinstance(value, datetime):
        return f"{name};TZID=Asia/Shanghai:{value.astimezone(SHANGHAI):%Y%m%dT%H%M%S}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def pms_feed(times: Times, cancelled: Collection[str] = ()) -> str:
    """Return the PMS fixture with the emulator's rooms and the given times."""
    head, *events = (FEEDS / PMS).read_text(encoding="utf-8").split("BEGIN:VEVENT\n")
    moved = []
    for event in events:
        match = re.search(r"^UID:(.+)$", event, re.M)
        assert match is not None
        uid = match[1].strip()
        old_rooms, rooms = ROOMS[uid]
        start, end = times[uid]
        status = "CANCELLED" if uid in cancelled else "CONFIRMED"
        text = event.replace(old_rooms, rooms)
        text = re.sub(r"^DTSTART[^\n]*$", _ics("DTSTART", start), text, flags=re.M)
        text = re.sub(r"^DTEND[^\n]*$", _ics("DTEND", end), text, flags=re.M)
        moved.append(re.sub(r"^STATUS:.*$", f"STATUS:{status}", text, flags=re.M))
    return "BEGIN:VEVENT\n".join([head, *moved])


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

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/bookings.ics"


@pytest.fixture
def feed(socket_enabled: None) -> Iterator[_FeedServer]:
    """Serve a feed (set by the test) on 127.0.0.1."""
    server = _FeedServer((HOST, 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _events(stack: Stack) -> list[dict[str, Any]]:
    start = datetime.now(UTC) - timedelta(days=2)
    window = f"start={quote(start.isoformat())}&end={quote((start + timedelta(days=30)).isoformat())}"
    events: list[dict[str, Any]] = stack.api.get(f"/api/calendars/{CALENDAR}?{window}")
    return sorted(events, key=lambda event: event["uid"])


def _add_remote_calendar(stack: Stack, url: str) -> str:
    flow = stack.api.post(
        "/api/config/config_entries/flow", {"handler": "remote_calendar"}
    )
    result = stack.api.post(
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {"calendar_name": "PMS bookings", "url": url, "verify_ssl": True},
    )
    assert result["type"] == "create_entry", result
    wait_until(
        lambda: stack.api.get(f"/api/states/{CALENDAR}", expect=(200, 404)),
        "the Remote calendar's entity",
    )
    return str(result["result"]["entry_id"])


def _add_source(stack: Stack, entry_id: str) -> str:
    flow = stack.api.post(
        "/api/config/config_entries/subentries/flow",
        {"handler": [entry_id, "booking_source"]},
    )
    assert flow["type"] == "form", flow
    result = stack.api.post(
        f"/api/config/config_entries/subentries/flow/{flow['flow_id']}",
        {"calendar_entity_id": CALENDAR, "match": "text"},
    )
    assert (result["type"], result["title"]) == ("create_entry", "PMS bookings")
    (source,) = stack.api.ws(
        {"type": "config_entries/subentries/list", "entry_id": entry_id}
    )[0]
    assert source["subentry_type"] == "booking_source"
    return str(source["subentry_id"])


def _calls(stack: Stack, since: int) -> dict[str, list[tuple[Any, ...]]]:
    """Return the credential calls since a log position, by room name."""
    names = {rm_id: name for name, rm_id in stack.rooms.items()}
    calls: dict[str, list[tuple[Any, ...]]] = {}
    for entry in gateway_calls(stack, since):
        fields = entry["fields"]
        calls.setdefault(names[fields["rm_id"]], []).append(
            (entry["call"], entry["code"], fields.get("m1"), fields.get("unValid"))
        )
    return calls


def _pins(stack: Stack, since: int) -> dict[str, tuple[str, str]]:
    """Return the PINs the locks took since a log position: room → (slot, PIN)."""
    names = {rm_id: name for name, rm_id in stack.rooms.items()}
    return {
        names[entry["fields"]["rm_id"]]: (entry["fields"]["m1"], entry["fields"]["pwd"])
        for entry in gateway_calls(stack, since)
        if entry["call"] == "GatewayUploadOnline" and entry["code"] == 1
    }


def _codes(message: str) -> dict[str, str]:
    """Return the codes of a guest's message by "kind room": "PIN 1-101" → code."""
    _, codes = message.split(": ", 1)
    found = {}
    for kind, code, rooms in re.findall(
        r"(PIN|offline password) (\d+) \(([^)]*)\)", codes
    ):
        for room in rooms.split(", "):
            found[f"{kind} {room}"] = code
    return found


def _repairs(stack: Stack) -> list[dict[str, Any]]:
    return [
        issue
        for issue in stack.api.ws({"type": "repairs/list_issues"})[0]["issues"]
        if issue["domain"] == "hotel_lock"
        and issue["issue_id"].startswith("code_undelivered_")
    ]


def _sent_at(notification: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(notification["created_at"])


def test_bookings_of_a_pms_feed_follow_at_the_doors(
    e2e_stack: Stack, feed: _FeedServer
) -> None:
    """Pushed with their expiry, handed out on time, moved, cancelled, checked out."""
    stack = e2e_stack
    zone = platform_zone(stack)
    (entry,) = config_entries(stack.api)
    button = entity_of(stack, "button", "_read_bookings")
    install_stay_ready_automation(stack)
    offline_room = stack.rooms["1-103"]
    stack.emulator.post(f"/_sim/rooms/{offline_room}/gateway", {"online": False})

    start = datetime.now(UTC).replace(microsecond=0)
    wang = (start + MARGIN + timedelta(seconds=3), start + timedelta(hours=3))
    smith = (start + timedelta(seconds=3), start + timedelta(days=1))
    today = datetime.now(zone).date()
    li = (today - timedelta(days=1), today + timedelta(days=1))
    li_departure = datetime.combine(li[1], datetime.min.time(), zone) + timedelta(
        hours=12
    )
    times: dict[str, Any] = {WANG: wang, SMITH: smith, LI: li}
    feed.ics = pms_feed(times)
    since = len(stack.emulator.log())
    remote_entry = _add_remote_calendar(stack, feed.url)
    source_id = None
    try:
        assert [(e["summary"], e["location"], e["uid"]) for e in _events(stack)] == [
            ("王先生 - 1-101", "1-101", WANG),
            ("Smith family - 1-102, 1-103", "1-102, 1-103", SMITH),
            ("李女士 - 1-104", "1-104", LI),
        ]
        source_id = _add_source(stack, entry["entry_id"])

        # Every room gets the stay's PIN with the expiry departure + margin;
        # 1-103's gateway is offline: an offline password and a repair.
        def pushed() -> dict[str, list[tuple[Any, ...]]] | None:
            calls = _calls(stack, since)
            rooms = {"1-101", "1-102", "1-104"}
            return (
                calls
                if rooms <= calls.keys() and len(calls.get("1-103", ())) > 1
                else None
            )

        calls = wait_until(pushed, "the pushes")
        pins = _pins(stack, since)
        assert set(pins) == {"1-101", "1-102", "1-104"}
        expiry = {
            "1-101": platform_time(stack, wang[1] + MARGIN),
            "1-102": platform_time(stack, smith[1] + MARGIN),
            "1-103": platform_time(stack, smith[1] + MARGIN),
            "1-104": platform_time(stack, li_departure + MARGIN),
        }
        for room in ("1-101", "1-102", "1-104"):
            assert calls[room] == [
                ("GatewayUploadOnline", 1, pins[room][0], expiry[room])
            ]
        failed_slot = calls["1-103"][0][2]
        assert calls["1-103"] == [
            ("GatewayUploadOnline", 0, failed_slot, expiry["1-103"]),
            ("MakeOffline", 1, None, expiry["1-103"]),
        ]
        (repair,) = _repairs(stack)
        assert repair["translation_placeholders"]["room"] == "1-103"
        assert repair["translation_placeholders"]["guest"] == "Smith family"

        # The guests get their codes, and not before arrival - margin.
        li_sent = wait_until(lambda: notifications(stack, "李女士"), "李女士's codes")
        assert li_sent[0]["message"] == f"1-104: PIN {pins['1-104'][1]} (1-104)"
        smith_sent = wait_until(
            lambda: notifications(stack, "Smith family"), "the Smiths' codes"
        )
        smith_codes = _codes(smith_sent[0]["message"])
        assert set(smith_codes) == {"PIN 1-102", "offline password 1-103"}
        assert smith_codes["PIN 1-102"] == pins["1-102"][1]
        if datetime.now(UTC) < wang[0] - MARGIN:
            assert notifications(stack, "王先生") == []
        wang_sent = wait_until(lambda: notifications(stack, "王先生"), "王先生's codes")
        assert _sent_at(wang_sent[0]) >= wang[0] - MARGIN
        assert wang_sent[0]["message"] == f"1-101: PIN {pins['1-101'][1]} (1-101)"

        # The doors: the PIN opens during the stay, and not after its expiry.
        wang_pin = {"pin": pins["1-101"][1]}
        assert opens(stack, "1-101", at=wang[0] + timedelta(minutes=1), **wang_pin)
        assert opens(
            stack, "1-101", at=wang[1] + MARGIN - timedelta(seconds=2), **wang_pin
        )
        assert not opens(
            stack, "1-101", at=wang[1] + MARGIN + timedelta(seconds=2), **wang_pin
        )
        assert opens(
            stack, "1-103", offline_password=smith_codes["offline password 1-103"]
        )

        # 1-103's gateway is back: its unlock brings the PIN at once.
        since = len(stack.emulator.log())
        stack.emulator.post(f"/_sim/rooms/{offline_room}/gateway", {"online": True})
        stack.api.call("lock", "unlock", {"entity_id": "lock.1_103"})
        wait_until(lambda: _pins(stack, since).get("1-103"), "the PIN of 1-103")
        assert _pins(stack, since)["1-103"][1] == pins["1-102"][1]
        assert _calls(stack, since)["1-103"] == [
            ("GatewayUploadOnline", 1, failed_slot, expiry["1-103"])
        ]
        wait_until(lambda: not _repairs(stack), "the repair going")
        assert opens(stack, "1-103", pin=pins["1-102"][1])

        # 王先生's booking extended by a day: the same slot and PIN, a new expiry.
        times[WANG] = (wang[0], wang[1] + timedelta(days=1))
        feed.ics = pms_feed(times)
        since = len(stack.emulator.log())
        stack.api.call("button", "press", {"entity_id": button})
        assert _calls(stack, since) == {
            "1-101": [
                (
                    "GatewayUploadOnline",
                    1,
                    pins["1-101"][0],
                    platform_time(stack, wang[1] + timedelta(days=1) + MARGIN),
                )
            ]
        }
        assert _pins(stack, since)["1-101"] == pins["1-101"]
        assert opens(
            stack, "1-101", at=wang[1] + MARGIN + timedelta(hours=1), **wang_pin
        )

        # 李女士's booking moved by a day (its push time long past): the same
        # slot and PIN, the new window at once.
        times[LI] = (li[0] + timedelta(days=1), li[1] + timedelta(days=1))
        feed.ics = pms_feed(times)
        since = len(stack.emulator.log())
        stack.api.call("button", "press", {"entity_id": button})
        li_moved = li_departure + timedelta(days=1) + MARGIN
        assert _calls(stack, since) == {
            "1-104": [
                (
                    "GatewayUploadOnline",
                    1,
                    pins["1-104"][0],
                    platform_time(stack, li_moved),
                )
            ]
        }
        assert _pins(stack, since)["1-104"] == pins["1-104"]
        assert opens(
            stack,
            "1-104",
            at=li_departure + MARGIN + timedelta(hours=1),
            pin=pins["1-104"][1],
        )

        # 李女士 cancelled: kept through two reads without it, gone at the third.
        feed.ics = pms_feed(times, cancelled={LI})
        since = len(stack.emulator.log())
        stack.api.call("button", "press", {"entity_id": button})
        stack.api.call("button", "press", {"entity_id": button})
        assert _calls(stack, since) == {}
        assert opens(stack, "1-104", pin=pins["1-104"][1])
        stack.api.call("button", "press", {"entity_id": button})
        assert _calls(stack, since) == {
            "1-104": [("GatewayStopOnline", 1, pins["1-104"][0], None)]
        }
        assert not opens(stack, "1-104", pin=pins["1-104"][1])

        # The Smiths leave early: everything revoked at once.
        time.sleep(max(0.0, (smith[0] - datetime.now(UTC)).total_seconds()))
        since = len(stack.emulator.log())
        stack.api.call("hotel_lock", "check_out", {"entity_id": "lock.1_102"})
        calls = _calls(stack, since)
        assert calls["1-102"] == [("GatewayStopOnline", 1, pins["1-102"][0], None)]
        assert sorted(call for call, *_ in calls["1-103"]) == [
            "GatewayStopOffline",
            "GatewayStopOnline",
        ]
        assert not opens(stack, "1-102", pin=pins["1-102"][1])
        assert not opens(stack, "1-103", pin=pins["1-102"][1])
        assert not opens(
            stack, "1-103", offline_password=smith_codes["offline password 1-103"]
        )
    finally:
        stack.emulator.post(f"/_sim/rooms/{offline_room}/gateway", {"online": True})
        stack.emulator.post("/_sim/time", {"offset": 0})
        if source_id is not None:
            stack.api.ws(
                {
                    "type": "config_entries/subentries/delete",
                    "entry_id": entry["entry_id"],
                    "subentry_id": source_id,
                }
            )
        stack.api.request("DELETE", f"/api/config/config_entries/entry/{remote_entry}")
    # The stay left over (a booking source's stays stay when it goes).
    stay = respond(stack, "get_stay_codes", {"entity_id": "lock.1_101"})
    stack.api.call("hotel_lock", "check_out", {"stay_id": stay["stay_id"]})
