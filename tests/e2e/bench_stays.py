"""Benchmark of booking sources (part of ``scripts/bench``): 500 bookings, 200 rooms.

A PMS feed of 500 bookings over the 200 rooms of an emulator is served on
127.0.0.1, added through core's Remote calendar and made a booking source of
a 200-room entry, all through Home Assistant's REST API as a user would. The
first 200 bookings arrive within the lead time (their PINs are pushed at
once), the other 300 later. Each read is asked for with the "Read bookings
now" button (the press returns when the stays follow), and measured:

- requests: the emulator's operation log around the read (room-list polls
  left out): none when nothing changed, one per changed credential
  otherwise (a PIN at a lock moved, or stopped until its new push time; one
  not pushed yet costs nothing; a cancelled one stopped);
- time: the entry's diagnostics, which show each source's last read: the
  stay book's reconciliation (``reconcile_seconds``: every booking compared,
  the stays made, changed and cancelled, the requests this sent) and the
  whole read (the Remote calendar's fetch and parse included).
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
import sys
import threading
import time
from typing import Any

from .harness import (
    HOST,
    Emulator,
    Hass,
    HassApi,
    add_integration,
    free_port,
    onboard,
    running,
    write_config,
)

ROOMS = 200
BOOKINGS = 500
PUSHED = 200  # the first 200 arrive within the lead time (24 h)
MOVED = 20  # half of them pushed already
CANCELLED = 5  # all pushed already
CALENDAR = "calendar.bench_bookings"
TARGET_SECONDS = 0.5


@dataclass
class Read:
    """One read of the source: requests sent, and its times from the diagnostics."""

    requests: int
    reconcile_s: float
    read_s: float
    stays: dict[str, int] = field(default_factory=dict)


@dataclass
class StaysResult:
    """The reads measured."""

    first: Read
    unchanged: Read
    moved: Read
    cancelled: list[Read]


def emulator(workdir: Path) -> Emulator:
    """Return the 200-room emulator of this benchmark (not started)."""
    return Emulator(
        free_port(),
        workdir / f"emulator-{ROOMS}.log",
        rooms=ROOMS,
        seed=ROOMS,
        appid=f"bench{ROOMS:04d}appid",
    )


def _ics_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def feed(rooms: list[str], start: datetime, moved: set[int], gone: set[int]) -> str:
    """Return the PMS feed: booking n in room n % 200, the first 200 soonest."""
    events = []
    for n in range(BOOKINGS):
        if n in gone:
            continue
        room = rooms[n % ROOMS]
        wave = n // ROOMS
        arrival = start + timedelta(hours=2) + timedelta(days=5 * wave)
        if n in moved:
            arrival += timedelta(days=1)
        events.append(
            "BEGIN:VEVENT\n"
            f"UID:bench-{n}@pms.example\nDTSTAMP:20260101T000000Z\n"
            f"DTSTART:{_ics_time(arrival)}\n"
            f"DTEND:{_ics_time(arrival + timedelta(days=2))}\n"
            f"SUMMARY:Guest {n} - {room}\nLOCATION:{room}\nSTATUS:CONFIRMED\n"
            "END:VEVENT\n"
        )
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//hotel_lock bench//EN\n"
        + "".join(events)
        + "END:VCALENDAR\n"
    )


class _Feed(BaseHTTPRequestHandler):
    server: _FeedServer

    def do_GET(self) -> None:
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


@contextlib.contextmanager
def _serving(ics: str) -> Iterator[_FeedServer]:
    server = _FeedServer((HOST, 0), _Feed)
    server.ics = ics
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _requests(emulator: Emulator, since: int) -> int:
    return sum(1 for entry in emulator.log()[since:] if entry["call"] != "GetRoomList")


def _last_read(api: HassApi, entry_id: str) -> dict[str, Any] | None:
    diagnostics = api.get(f"/api/diagnostics/config_entry/{entry_id}")["data"]
    (source,) = diagnostics["booking_sources"]
    last_read: dict[str, Any] | None = source["last_read"]
    return last_read


def _read(api: HassApi, emulator: Emulator, entry_id: str, button: str) -> Read:
    """Press "Read bookings now"; return what the read sent and took."""
    since = len(emulator.log())
    api.call("button", "press", {"entity_id": button})
    report = _last_read(api, entry_id)
    if report is None or report["outcome"] != "read":
        raise AssertionError(f"the read failed: {report}")
    return Read(
        _requests(emulator, since),
        report["reconcile_seconds"],
        report["seconds"],
        report["stays"],
    )


def measure(api: HassApi, emulator: Emulator) -> StaysResult:
    """Add the 200-room entry and its 500-booking source; measure its reads."""
    print(f"[bench] stays: {BOOKINGS} bookings over {ROOMS} rooms", file=sys.stderr)
    entry_id = add_integration(
        api, emulator.url, *emulator.credentials(), force_new=True
    )
    # The entry's entities (the whole registry is too large for one message).
    related = api.ws(
        {"type": "search/related", "item_type": "config_entry", "item_id": entry_id}
    )[0]
    (button,) = [e for e in related["entity"] if e.startswith("button.")]
    rooms = sorted(emulator.rooms_by_name())
    start = datetime.now(UTC).replace(microsecond=0)
    with _serving(feed(rooms, start, set(), set())) as server:
        flow = api.post(
            "/api/config/config_entries/flow", {"handler": "remote_calendar"}
        )
        url = f"http://{HOST}:{server.server_address[1]}/bookings.ics"
        result = api.post(
            f"/api/config/config_entries/flow/{flow['flow_id']}",
            {"calendar_name": "Bench bookings", "url": url, "verify_ssl": True},
        )
        if result.get("type") != "create_entry":
            raise AssertionError(f"Remote calendar refused the feed: {result}")
        while not api.get(f"/api/states/{CALENDAR}", expect=(200, 404)):
            time.sleep(0.2)

        # The first read: the source is read as soon as it is added.
        since = len(emulator.log())
        flow = api.post(
            "/api/config/config_entries/subentries/flow",
            {"handler": [entry_id, "booking_source"]},
        )
        api.post(
            f"/api/config/config_entries/subentries/flow/{flow['flow_id']}",
            {"calendar_entity_id": CALENDAR, "match": "text"},
        )
        deadline = time.monotonic() + 120
        while (report := _last_read(api, entry_id)) is None:
            if time.monotonic() > deadline:
                raise AssertionError("the first read did not end within 120 s")
            time.sleep(0.2)
        first = Read(
            _requests(emulator, since),
            report["reconcile_seconds"],
            report["seconds"],
            report["stays"],
        )
        unchanged = _read(api, emulator, entry_id, button)
        # Moved by a day: 10 pushed already (first wave), 10 not yet (second).
        moved_ids = set(range(MOVED // 2)) | set(range(ROOMS, ROOMS + MOVED // 2))
        server.ics = feed(rooms, start, moved_ids, set())
        moved = _read(api, emulator, entry_id, button)
        # Cancelled: gone from three reads in a row.
        gone = set(range(MOVED, MOVED + CANCELLED))
        server.ics = feed(rooms, start, moved_ids, gone)
        cancelled = [_read(api, emulator, entry_id, button) for _ in range(3)]
    return StaysResult(first, unchanged, moved, cancelled)


def _row(name: str, value: str, target: str = "", verdict: str = "") -> str:
    return f"| {name} | {value} | {target} | {verdict} |"


def _ok(passed: bool) -> str:
    return "met" if passed else "**missed**"


def rows(result: StaysResult) -> list[str]:
    """Return the table's rows of this benchmark."""
    first, unchanged, moved = result.first, result.unchanged, result.moved
    cancel_requests = [read.requests for read in result.cancelled]
    return [
        _row(
            f"booking source, {BOOKINGS} bookings / {ROOMS} rooms: first read "
            f"({PUSHED} within the lead time): requests; reconciliation (whole read)",
            f"{first.requests}; {first.reconcile_s:.2f} s ({first.read_s:.2f} s)",
            f"{PUSHED} (one per PIN)",
            _ok(first.requests == PUSHED and first.stays.get("created") == BOOKINGS),
        ),
        _row(
            f"booking source, {BOOKINGS} bookings: read with nothing changed: "
            "requests; reconciliation (whole read)",
            f"{unchanged.requests}; {unchanged.reconcile_s * 1000:.0f} ms "
            f"({unchanged.read_s:.2f} s)",
            f"0; ≤ {TARGET_SECONDS} s",
            _ok(unchanged.requests == 0 and unchanged.reconcile_s <= TARGET_SECONDS),
        ),
        _row(
            f"booking source: {MOVED} bookings moved by a day ({MOVED // 2} PINs "
            "at the locks): requests; reconciliation (whole read)",
            f"{moved.requests}; {moved.reconcile_s * 1000:.0f} ms ({moved.read_s:.2f} s)",
            f"{MOVED // 2}; ≤ {TARGET_SECONDS} s",
            _ok(
                moved.requests == MOVED // 2
                and moved.stays.get("updated") == MOVED
                and moved.reconcile_s <= TARGET_SECONDS
            ),
        ),
        _row(
            f"booking source: {CANCELLED} bookings cancelled (gone from 3 reads in "
            "a row): requests per read",
            ", ".join(map(str, cancel_requests)),
            f"0, 0, {CANCELLED}",
            _ok(cancel_requests == [0, 0, CANCELLED]),
        ),
    ]


def run_alone(workdir: Path) -> list[str]:
    """Run this benchmark alone in its own Home Assistant (``--stays-only``)."""
    stays_emulator = emulator(workdir)
    hass_port = free_port()
    config_dir = workdir / "config"
    appid, appsecret = stays_emulator.credentials()
    write_config(
        config_dir,
        port=hass_port,
        emulator_url=stays_emulator.url,
        appid=appid,
        appsecret=appsecret,
    )
    hass = Hass(config_dir, hass_port, workdir / "hass-stdout.log")
    with running(stays_emulator, hass):
        api = onboard(
            hass.url, name="Bench", username="bench", password="bench-password-1"
        )
        result = measure(api, stays_emulator)
    return [
        "| measurement | result | target | |",
        "|---|---|---|---|",
        *rows(result),
    ]
