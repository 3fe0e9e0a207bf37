"""The credential events in the logbook: described, never with a secret."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.changes import EVENT_CREDENTIAL_CHANGED
from custom_components.hotel_lock.const import DOMAIN
from custom_components.hotel_lock.logbook import async_describe_events, describe_change
from tests.conftest import FIRST_LOCK
from tests.services_common import act, at, text


async def test_event_described(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A set_pin leaves an event the logbook shows on the room's lock."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    until = at(days=1)
    await act(
        hass,
        "set_pin",
        {
            "entity_id": FIRST_LOCK,
            "pin": "246802",
            "valid_until": text(until),
            "name": "Ann",
        },
    )
    described: dict[tuple[str, str], Callable[[Event], dict[str, Any]]] = {}

    def describe(domain: str, event_type: str, func: Callable[[Event], Any]) -> None:
        described[(domain, event_type)] = func

    async_describe_events(hass, describe)
    entry = described[(DOMAIN, EVENT_CREDENTIAL_CHANGED)](events[0])
    assert entry == {
        LOGBOOK_ENTRY_NAME: "1-101",
        LOGBOOK_ENTRY_MESSAGE: (
            f"PIN set in slot 1 (Ann), valid until {until:%Y-%m-%d %H:%M}"
        ),
        LOGBOOK_ENTRY_ENTITY_ID: FIRST_LOCK,
    }
    assert "246802" not in repr(entry)


async def test_logbook_platform_loads(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The logbook integration picks up the description."""
    hass.config.components.add("recorder")
    assert await async_setup_component(hass, "logbook", {})
    await hass.async_block_till_done()
    external = hass.data["logbook"].external_events
    assert EVENT_CREDENTIAL_CHANGED in external


def test_messages() -> None:
    """Every kind of change reads well."""
    assert (
        describe_change({"action": "clear_pin", "slot": 3}) == "PIN cleared in slot 3"
    )
    assert (
        describe_change({"action": "issue_card", "card_id": "03F56240", "name": "Bo"})
        == "key card issued 03F56240 (Bo)"
    )
    assert (
        describe_change({"action": "revoke_offline_password"})
        == "offline password revoked"
    )
    assert describe_change({"action": "something_else"}) == "something else"
    assert (
        describe_change({"action": "set_face", "slot": 1, "valid_until": "bad"})
        == "face set in slot 1"
    )
