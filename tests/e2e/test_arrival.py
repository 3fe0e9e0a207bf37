"""Arrival: the repository's blueprint sends a new guest's PIN, which opens the door."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import re
import shutil
import time

import pytest

from .conftest import Stack
from .harness import ROOT

pytestmark = pytest.mark.e2e

BLUEPRINT = ROOT / "blueprints" / "automation" / "hotel_lock" / "guest_arrival.yaml"
ROOM = "1-109"
LOCK = "lock.1_109"


def _add_calendar(stack: Stack) -> str:
    """Add a Local Calendar through its config flow; return its entity ID."""
    flow = stack.api.post(
        "/api/config/config_entries/flow", {"handler": "local_calendar"}
    )
    result = stack.api.post(
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {"calendar_name": "Bookings 1-109"},
    )
    assert result["type"] == "create_entry", result
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for state in stack.api.states():
            if state["entity_id"].startswith("calendar.bookings_1_109"):
                return str(state["entity_id"])
        time.sleep(0.3)
    raise AssertionError("the local calendar entity did not appear")


def _notifications(stack: Stack) -> list[dict]:
    return stack.api.ws({"type": "persistent_notification/get"})[0]


@pytest.mark.usefixtures("socket_enabled")
def test_arrival_pushes_pin_that_opens_the_door(e2e_stack: Stack) -> None:
    """A booking starting now → set_pin for its room → notification → door opens."""
    stack = e2e_stack
    target = stack.hass.config_dir / "blueprints" / "automation" / "hotel_lock"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BLUEPRINT, target / BLUEPRINT.name)
    calendar = _add_calendar(stack)

    # The booking starts a few seconds from now (the calendar trigger only
    # sees events that have not started yet) and lasts two hours.
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
    stack.api.call(
        "calendar",
        "create_event",
        {
            "entity_id": calendar,
            "summary": "Ms. Li",
            "description": "Booking 4711",
            "start_date_time": start.isoformat(),
            "end_date_time": (start + timedelta(hours=2)).isoformat(),
        },
    )
    since = len(stack.emulator.log())
    stack.api.post(
        "/api/config/automation/config/guest_arrival_1_109",
        {
            "alias": "Guest arrival 1-109",
            "description": "",
            "use_blueprint": {
                "path": "hotel_lock/guest_arrival.yaml",
                "input": {
                    "booking_calendar": calendar,
                    "room_lock": LOCK,
                    "credential": "pin",
                    "notify_actions": [
                        {
                            "action": "notify.persistent_notification",
                            "data": {
                                "title": "Welcome {{ guest }}",
                                "message": (
                                    "Room {{ room }}: your door code is {{ code }}, "
                                    "valid until {{ valid_until }}."
                                ),
                            },
                        }
                    ],
                },
            },
        },
    )

    message = None
    deadline = time.monotonic() + 45
    while message is None and time.monotonic() < deadline:
        for notification in _notifications(stack):
            if notification["title"] == "Welcome Ms. Li":
                message = notification["message"]
        time.sleep(0.5)
    assert message is not None, (
        "no notification within 45 s; automation traces: "
        f"{stack.api.ws({'type': 'trace/list', 'domain': 'automation'})[0]}"
    )
    match = re.fullmatch(
        r"Room 1-109: your door code is (\d{6}), valid until (.+)\.", message
    )
    assert match, message
    pin = match.group(1)

    rm_id = stack.rooms[ROOM]
    uploads = [
        entry
        for entry in stack.emulator.log()[since:]
        if entry["call"] == "GatewayUploadOnline"
    ]
    assert [(e["fields"]["rm_id"], e["code"]) for e in uploads] == [(rm_id, 1)]
    assert uploads[0]["fields"]["pwd"] == pin

    door = stack.emulator.post(f"/_sim/door/{rm_id}/present", {"pin": pin})
    assert door["opens"] is True, door
    # ...and only at that room's door.
    other = stack.emulator.post(
        f"/_sim/door/{stack.rooms['1-101']}/present", {"pin": pin}
    )
    assert other["opens"] is False, other
