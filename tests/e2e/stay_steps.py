"""Steps the stay tests share: the guest-code automation, what the emulator saw.

The automation is made from the repository's stay-ready blueprint (copied
into the test configuration) and sends each stay's codes as a persistent
notification titled "Welcome <guest>", with the message "<rooms>: <codes>",
so that a test reads what the guest would get, and when.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
import shutil
import time
from typing import Any
from zoneinfo import ZoneInfo

from .conftest import Stack
from .harness import DOMAIN, ROOT

BLUEPRINT = ROOT / "blueprints" / "automation" / "hotel_lock" / "stay_ready.yaml"
GATEWAY_CALLS = (
    "GatewayUploadOnline",
    "GatewayStopOnline",
    "MakeOffline",
    "GatewayStopOffline",
)


def install_stay_ready_automation(stack: Stack) -> None:
    """Make the guest-code automation from the blueprint (again: the same one)."""
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


def notifications(stack: Stack, guest: str) -> list[dict[str, Any]]:
    """Return the codes sent to a guest so far, oldest first."""
    found = [
        notification
        for notification in stack.api.ws({"type": "persistent_notification/get"})[0]
        if notification["title"] == f"Welcome {guest}"
    ]
    return sorted(found, key=lambda notification: notification["created_at"])


def wait_until[T](check: Callable[[], T | None], what: str, timeout: float = 20) -> T:
    """Poll ``check`` until it returns something true; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        if result := check():
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.2)


def entity_of(stack: Stack, domain: str, unique_id_suffix: str) -> str:
    """Return the entity ID of one of the integration's entities by unique ID."""
    entities = stack.api.ws({"type": "config/entity_registry/list"})[0]
    (entity_id,) = [
        e["entity_id"]
        for e in entities
        if e["platform"] == DOMAIN
        and e["entity_id"].startswith(f"{domain}.")
        and e["unique_id"].endswith(unique_id_suffix)
    ]
    return str(entity_id)


def stays_calendar(stack: Stack) -> str:
    """Return the entity ID of the entry's Stays calendar."""
    return entity_of(stack, "calendar", "_stays")


def respond(stack: Stack, action: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Call a hotel_lock action through the REST API; return its response."""
    answer = stack.api.post(f"/api/services/{DOMAIN}/{action}?return_response", data)
    response: dict[str, Any] = answer["service_response"]
    return response


def gateway_calls(stack: Stack, since: int = 0) -> list[dict[str, Any]]:
    """Return the credential calls the emulator saw after log position ``since``."""
    return [
        entry
        for entry in stack.emulator.log()[since:]
        if entry["call"] in GATEWAY_CALLS
    ]


def platform_zone(stack: Stack) -> ZoneInfo:
    """Return the emulator's (and Home Assistant's) time zone."""
    return ZoneInfo(stack.emulator.get("/_sim/state")["tz"])


def platform_time(stack: Stack, value: datetime) -> str:
    """Return a moment as the platform writes it (local, to the second)."""
    return value.astimezone(platform_zone(stack)).strftime("%Y-%m-%d %H:%M:%S")


def opens(stack: Stack, room: str, *, at: datetime | None = None, **code: str) -> bool:
    """Present a code at a room's door, now or with the emulator's clock at ``at``."""
    if at is not None:
        stack.emulator.post(
            "/_sim/time", {"offset": (at - datetime.now(at.tzinfo)).total_seconds()}
        )
    try:
        answer = stack.emulator.post(f"/_sim/door/{stack.rooms[room]}/present", code)
    finally:
        if at is not None:
            stack.emulator.post("/_sim/time", {"offset": 0})
    return bool(answer["opens"])
