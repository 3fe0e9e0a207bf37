"""Every fault the emulator can inject, crossed with every operation.

Faults: the emulator stopped (connection refused), a delay beyond the
client's timeout, HTTP 500, an HTML body, malformed JSON, a JSON answer
missing its fields, code ≠ 1 with a message, and the room's gateway offline.
Operations: the poll, unlock, and every credential action that reaches the
platform. For each cell:

- nothing raises but a translated ``HomeAssistantError`` of this integration;
- the poll's outage makes the entities unavailable, and they come back after
  it without a reload;
- the lock is never left unlocked, open or unlocking after a failed unlock;
- the platform's state and the registry are exactly as before a refused
  action, and the credential a refused clear was meant to remove still works;
- once the fault is gone, the same operation succeeds.

A fault that does not concern an operation (a gateway offline for calls the
platform answers itself) must leave it working.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import itertools
import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.components.lock import DOMAIN as LOCK_DOMAIN, LockState
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_UNLOCK, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.hotel_lock.const import DOMAIN
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.emulator_fixtures import EmulatorServer
from tests.services_common import JPEG_B64, TEMPLATE, act, tomorrow

from .conftest import async_setup_entry, entry_for

POLL = timedelta(seconds=60)
# The client's timeouts in these tests, and a delay well beyond them.
CLIENT_TIMEOUT = 0.5
DELAY = 2.0
INJECTED_MESSAGE = "系统繁忙 (injected: platform busy)"
PIN = "24681357"

EXCEPTIONS = json.loads(
    (
        Path(__file__).parents[2]
        / "custom_components"
        / "hotel_lock"
        / "translations"
        / "en.json"
    ).read_text(encoding="utf-8")
)["exceptions"]


@dataclass
class Cell:
    """What one test case works with."""

    hass: HomeAssistant
    platform: Platform
    server: EmulatorServer
    entry: MockConfigEntry
    clock: datetime = field(default_factory=dt_util.utcnow)
    prepared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    """An operation of the integration that reaches the platform."""

    name: str
    call: str
    gateway: bool
    run: Callable[[Cell], Awaitable[Any]]
    prepare: Callable[[Cell], Awaitable[None]] | None = None
    # Whether the operation's effect shows at the door (None: nothing to see).
    landed: Callable[[Cell], bool] | None = None


def _opens(cell: Cell, kind: str, value: str | int) -> bool:
    return cell.platform.present(FIRST_RM_ID, kind, value).opens


async def _poll(cell: Cell) -> None:
    cell.clock += POLL
    async_fire_time_changed(cell.hass, cell.clock)
    await cell.hass.async_block_till_done(wait_background_tasks=True)


async def _unlock(cell: Cell) -> None:
    await cell.hass.services.async_call(
        LOCK_DOMAIN, SERVICE_UNLOCK, {ATTR_ENTITY_ID: FIRST_LOCK}, blocking=True
    )


def _action(
    service: str, **data: Any
) -> Callable[[Cell], Awaitable[dict[str, Any] | None]]:
    async def run(cell: Cell) -> dict[str, Any] | None:
        response: dict[str, Any] | None = await act(
            cell.hass, service, {ATTR_ENTITY_ID: FIRST_LOCK, **data}
        )
        cell.prepared[f"{service}_response"] = response
        return response

    return run


def _later(service: str, **data: Any) -> Callable[[Cell], Awaitable[Any]]:
    """Return an action whose date-times are computed when it runs."""

    async def run(cell: Cell) -> Any:
        return await _action(service, valid_until=tomorrow(), **data)(cell)

    return run


async def _read_card(cell: Cell) -> Any:
    return await act(cell.hass, "read_card", {})


async def _prepare_pin(cell: Cell) -> None:
    await _later("set_pin", pin=PIN, name="Ann")(cell)


async def _prepare_face(cell: Cell) -> None:
    await _later("set_face", image=JPEG_B64, name="Ann")(cell)


async def _prepare_fingerprint(cell: Cell) -> None:
    await _later("set_fingerprint", template=TEMPLATE, name="Ann")(cell)


async def _prepare_password(cell: Cell) -> None:
    response = await _later("generate_offline_password", name="Ann")(cell)
    cell.prepared["password"] = response["password"]


async def _prepare_card(cell: Cell) -> None:
    response = await _later("issue_card")(cell)
    cell.prepared["card_id"] = response["card_id"]


def _new_password_opens(cell: Cell) -> bool:
    response = cell.prepared.get("generate_offline_password_response")
    return response is not None and _opens(
        cell, "offline_password", response["password"]
    )


def _new_card_opens(cell: Cell) -> bool:
    response = cell.prepared.get("issue_card_response")
    return response is not None and _opens(cell, "card_id", response["card_id"])


def _openings(cell: Cell) -> int:
    return len(cell.platform.room(FIRST_RM_ID).openings)


OPERATIONS: tuple[Operation, ...] = (
    Operation("poll", "GetRoomList", gateway=False, run=_poll),
    Operation(
        "unlock",
        "GatewayOpen",
        gateway=True,
        run=_unlock,
        landed=lambda cell: _openings(cell) > 0,
    ),
    Operation(
        "set_pin",
        "GatewayUploadOnline",
        gateway=True,
        run=_later("set_pin", pin=PIN),
        landed=lambda cell: _opens(cell, "pin", PIN),
    ),
    Operation(
        "clear_pin",
        "GatewayStopOnline",
        gateway=True,
        prepare=_prepare_pin,
        run=_action("clear_pin", name="Ann"),
        landed=lambda cell: not _opens(cell, "pin", PIN),
    ),
    Operation(
        "set_face",
        "GatewayUploadFace",
        gateway=True,
        run=_later("set_face", image=JPEG_B64, slot=7),
        landed=lambda cell: _opens(cell, "face_slot", 7),
    ),
    Operation(
        "clear_face",
        "GatewayStopFace",
        gateway=True,
        prepare=_prepare_face,
        run=_action("clear_face", name="Ann"),
        landed=lambda cell: not _opens(cell, "face_slot", 1),
    ),
    Operation(
        "set_fingerprint",
        "GatewayUploadFinger",
        gateway=True,
        run=_later("set_fingerprint", template=TEMPLATE, slot=9),
        landed=lambda cell: _opens(cell, "fingerprint_slot", 9),
    ),
    Operation(
        "clear_fingerprint",
        "GatewayStopFinger",
        gateway=True,
        prepare=_prepare_fingerprint,
        run=_action("clear_fingerprint", name="Ann"),
        landed=lambda cell: not _opens(cell, "fingerprint_slot", 1),
    ),
    Operation(
        "generate_offline_password",
        "MakeOffline",
        gateway=False,
        run=_later("generate_offline_password"),
        landed=_new_password_opens,
    ),
    Operation(
        "revoke_offline_password",
        "GatewayStopOffline",
        gateway=True,
        prepare=_prepare_password,
        run=_action("revoke_offline_password", name="Ann"),
        landed=lambda cell: (
            not _opens(cell, "offline_password", cell.prepared["password"])
        ),
    ),
    Operation(
        "issue_card",
        "MarkRoomCard",
        gateway=False,
        run=_later("issue_card"),
        landed=_new_card_opens,
    ),
    Operation(
        "clear_card",
        "ClearRoomCard",
        gateway=False,
        prepare=_prepare_card,
        run=_action("clear_card"),
        landed=lambda cell: not _opens(cell, "card_id", cell.prepared["card_id"]),
    ),
    Operation("read_card", "ReadCard", gateway=False, run=_read_card),
)

FAULTS: tuple[str, ...] = (
    "refused",
    "timeout",
    "http500",
    "html",
    "malformed_json",
    "missing_fields",
    "error",
    "gateway_offline",
)

# The error key each fault must produce for an action.
EXPECTED_KEY = {
    "refused": "cannot_connect",
    "timeout": "cannot_connect",
    "http500": "invalid_response",
    "html": "invalid_response",
    "malformed_json": "invalid_response",
    "missing_fields": "invalid_response",
    "error": "platform_error",
    "gateway_offline": "platform_error",
}

# Faults after which the platform may or may not have carried the call out:
# a set_* keeps an unconfirmed record so that its slot is not handed out again,
# and so does issue_card, so that the room's card written perhaps is not lost.
AMBIGUOUS = frozenset(
    {"timeout", "http500", "html", "malformed_json", "missing_fields"}
)
UNCONFIRMED_SETS = frozenset({"set_pin", "set_face", "set_fingerprint", "issue_card"})
# ... and a clear or revoke keeps its record, no longer confirmed.
DOUBTED_CLEARS = frozenset(
    {
        "clear_pin",
        "clear_face",
        "clear_fingerprint",
        "revoke_offline_password",
        "clear_card",
    }
)

MATRIX = list(itertools.product(FAULTS, OPERATIONS))
# Asserted so that the matrix cannot silently shrink; the README quotes it.
MATRIX_SIZE = 104


def test_matrix_size() -> None:
    """Count the cells: eight faults by thirteen operations, each a test case."""
    print(
        f"fault matrix: {len(FAULTS)} faults x {len(OPERATIONS)} operations"
        f" = {len(MATRIX)} cases"
    )
    assert len(MATRIX) == MATRIX_SIZE
    assert {op.call for op in OPERATIONS} >= {
        "GetRoomList",
        "GatewayOpen",
        "GatewayUploadOnline",
        "GatewayStopOnline",
        "GatewayUploadFace",
        "GatewayStopFace",
        "GatewayUploadFinger",
        "GatewayStopFinger",
        "MakeOffline",
        "GatewayStopOffline",
        "MarkRoomCard",
        "ClearRoomCard",
        "ReadCard",
    }


@pytest.fixture
def short_timeouts(fault: str) -> Iterator[None]:
    """Make the client give up quickly, so that a delay fault is a timeout.

    Only in the timeout cases: elsewhere the usual timeouts keep a loaded
    machine from turning a slow answer into a spurious failure.
    """
    if fault != "timeout":
        yield
        return
    with (
        patch("custom_components.hotel_lock.REQUEST_TIMEOUT", CLIENT_TIMEOUT),
        patch("custom_components.hotel_lock.GATEWAY_TIMEOUT", CLIENT_TIMEOUT),
    ):
        yield


async def _inject(cell: Cell, fault: str, call: str) -> None:
    match fault:
        case "refused":
            await cell.server.stop()
            # Let the client see its kept-alive connection closed, as it has
            # long done when a stopped platform is next called in real life.
            await asyncio.sleep(0.1)
        case "timeout":
            cell.platform.add_fault(call, "delay", seconds=DELAY, times=1)
        case "error":
            cell.platform.add_fault(call, "error", msg=INJECTED_MESSAGE, times=1)
        case "gateway_offline":
            cell.platform.set_gateway_online(FIRST_RM_ID, False)
        case _:
            cell.platform.add_fault(call, fault, times=1)


async def _heal(cell: Cell) -> None:
    if not cell.server.running:
        await cell.server.start()
    cell.platform.clear_faults()
    cell.platform.set_gateway_online(FIRST_RM_ID, True)


def _platform_state(platform: Platform) -> dict[str, Any]:
    """Return the platform's credentials and openings (not batteries)."""
    state = platform.state()
    rooms = {
        rm_id: {
            key: room[key]
            for key in ("pins", "faces", "fingerprints", "offline_passwords")
        }
        | {"openings": len(room["openings"])}
        for rm_id, room in state["rooms"].items()
    }
    return {"rooms": rooms, "cards": state["cards"]}


async def _registry_state(cell: Cell) -> list[Any]:
    registry = cell.entry.runtime_data.registry
    return [record.as_stored() for record in registry.records()]


def _lock_state(cell: Cell) -> str:
    state = cell.hass.states.get(FIRST_LOCK)
    assert state is not None
    return state.state


def _check_translated(err: HomeAssistantError, fault: str) -> None:
    key = EXPECTED_KEY[fault]
    assert not isinstance(err, ServiceValidationError)
    assert err.translation_domain == DOMAIN
    assert err.translation_key == key
    template: str = EXCEPTIONS[key]["message"]
    placeholders = err.translation_placeholders or {}
    # Home Assistant drops the message's final full stop.
    assert str(err) == template.format(**placeholders).rstrip(".")
    if fault == "error":
        assert placeholders == {"message": INJECTED_MESSAGE}
    elif fault == "gateway_offline":
        assert "offline" in placeholders["message"]


async def _poll_cell(cell: Cell, fault: str) -> None:
    """Check the poll's outage: entities unavailable, then back."""
    coordinator = cell.entry.runtime_data.coordinator
    await _inject(cell, fault, "GetRoomList")
    await _poll(cell)
    if fault == "gateway_offline":
        # The room list does not travel through a gateway.
        assert _lock_state(cell) == LockState.LOCKED
    else:
        assert _lock_state(cell) == STATE_UNAVAILABLE
        assert cell.hass.states.get("sensor.1_101_battery").state == STATE_UNAVAILABLE
    # A single refused GetRoomList is an outage too: reauth starts only if the
    # next poll is refused as well (README, known limitations).
    assert cell.hass.config_entries.flow.async_progress() == []
    await _heal(cell)
    await _poll(cell)
    assert cell.entry.runtime_data.coordinator is coordinator  # no reload
    assert cell.hass.config_entries.flow.async_progress() == []
    assert _lock_state(cell) == LockState.LOCKED
    assert cell.hass.states.get("sensor.1_101_battery").state != STATE_UNAVAILABLE
    assert cell.entry.state is ConfigEntryState.LOADED


async def _action_cell(cell: Cell, fault: str, operation: Operation) -> None:
    """Check a refused action: translated error, nothing changed, then it works."""
    if operation.prepare is not None:
        await operation.prepare(cell)
    registry_before = await _registry_state(cell)
    platform_before = _platform_state(cell.platform)
    await _inject(cell, fault, operation.call)

    fault_applies = fault != "gateway_offline" or operation.gateway
    if fault_applies:
        with pytest.raises(HomeAssistantError) as caught:
            await operation.run(cell)
        _check_translated(caught.value, fault)
        assert _lock_state(cell) == LockState.LOCKED
        registry_after = await _registry_state(cell)
        if fault in AMBIGUOUS and operation.name in UNCONFIRMED_SETS:
            added = [r for r in registry_after if r not in registry_before]
            assert len(added) == 1
            assert added[0]["confirmed"] is False
            assert [r for r in registry_after if r in registry_before] == (
                registry_before
            )
        elif fault in AMBIGUOUS and operation.name in DOUBTED_CLEARS:
            assert registry_after == [
                record | {"confirmed": False} for record in registry_before
            ]
        else:
            assert registry_after == registry_before
        assert _platform_state(cell.platform) == platform_before
        if operation.landed is not None:
            assert not operation.landed(cell)
        await _heal(cell)

    # Without the fault (or untouched by it) the same operation works, and
    # shows at the door.
    await operation.run(cell)
    if operation.landed is not None:
        assert operation.landed(cell)
    if operation.name == "unlock":
        assert _lock_state(cell) == LockState.UNLOCKED
    else:
        assert _lock_state(cell) == LockState.LOCKED
    if operation.name in ("unlock", "read_card"):
        assert await _registry_state(cell) == registry_before
    else:
        assert await _registry_state(cell) != registry_before
    assert cell.entry.state is ConfigEntryState.LOADED


@pytest.mark.usefixtures("short_timeouts")
@pytest.mark.parametrize(
    ("fault", "operation"),
    MATRIX,
    ids=[f"{fault}-{operation.name}" for fault, operation in MATRIX],
)
async def test_fault_matrix(
    hass: HomeAssistant,
    platform: Platform,
    server: EmulatorServer,
    fault: str,
    operation: Operation,
) -> None:
    """One fault, one operation: handled, translated, nothing lost or claimed."""
    entry = entry_for(server.url)
    await async_setup_entry(hass, entry)
    cell = Cell(hass, platform, server, entry)
    assert _lock_state(cell) == LockState.LOCKED

    if operation.name == "poll":
        await _poll_cell(cell, fault)
    else:
        await _action_cell(cell, fault, operation)
