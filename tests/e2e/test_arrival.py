"""Arrival: a stay made in the Stays calendar, its code sent by the stay-ready blueprint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import re
import shutil
import time

import pytest

from .conftest import Stack
from .harness import ROOT

pytestmark = pytest.mark.e2e

BLUEPRINT = ROOT / "blueprints" / "automation" / "hotel_lock" / "stay_ready.yaml"
ROOM = "1-109"


def _stays_calendar(stack: Stack) -> str:
    """Return the entity ID of the entry's Stays calendar."""
    (entity_id,) = [
        state["entity_id"]
        for state in stack.api.states()
        if state["entity_id"].startswith("calendar.")
        and state["entity_id"].endswith("_stays")
    ]
    return str(entity_id)


def _notifications(stack: Stack) -> list[dict]:
    return stack.api.ws({"type": "persistent_notification/get"})[0]


@pytest.mark.usefixtures("socket_enabled")
def test_stay_from_the_calendar_sends_a_pin_that_opens_the_door(
    e2e_stack: Stack,
) -> None:
    """calendar.create_event on the Stays calendar → PIN pushed → ready → sent → opens."""
    stack = e2e_stack
    target = stack.hass.config_dir / "blueprints" / "automation" / "hotel_lock"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BLUEPRINT, target / BLUEPRINT.name)
    stack.api.post(
        "/api/config/automation/config/stay_ready",
        {
            "alias": "Send guests their codes",
            "description": "",
            "use_blueprint": {
                "path": "hotel_lock/stay_ready.yaml",
                "input": {
                    "notify_actions": [
                        {
                            "action": "notify.persistent_notification",
                            "data": {
                                "title": "Welcome {{ guest }}",
                                "message": "{{ rooms }}: {{ codes }}",
                            },
                        }
                    ]
                },
            },
        },
    )
    since = len(stack.emulator.log())
    # Arriving in 10 minutes: inside the lead time (pushed at once) and the
    # margin (ready at once).
    arrival = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=10)
    stack.api.call(
        "calendar",
        "create_event",
        {
            "entity_id": _stays_calendar(stack),
            "summary": "Ms. Li",
            "location": ROOM,
            "start_date_time": arrival.isoformat(),
            "end_date_time": (arrival + timedelta(hours=2)).isoformat(),
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
    match = re.fullmatch(rf"{ROOM}: PIN (\d{{6}}) \({ROOM}\)", message)
    assert match, message
    pin = match.group(1)

    rm_id = stack.rooms[ROOM]
    uploads = [
        entry
        for entry in stack.emulator.log()[since:]
        if entry["call"] == "GatewayUploadOnline"
    ]
    assert [(e["fields"]["rm_id"], e["fields"]["pwd"], e["code"]) for e in uploads] == [
        (rm_id, pin, 1)
    ]
    door = stack.emulator.post(f"/_sim/door/{rm_id}/present", {"pin": pin})
    assert door["opens"] is True, door
    other = stack.emulator.post(
        f"/_sim/door/{stack.rooms['1-101']}/present", {"pin": pin}
    )
    assert other["opens"] is False, other
