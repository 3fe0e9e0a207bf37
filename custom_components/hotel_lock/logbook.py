"""Describe the credential and stay events for the logbook (never a secret).

The descriptions are in Home Assistant's language (see ``texts``); the logbook
calls the describer in its worker thread, which only reads cached strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .const import (
    DOMAIN,
    EVENT_CREDENTIAL_CHANGED,
    EVENT_STAY_CONFIRMED,
    EVENT_STAY_READY,
)
from .texts import async_texts, has_text, text


def _local(value: Any) -> str | None:
    """Return an event's ISO date-time as local time to the minute."""
    if value and (parsed := dt_util.parse_datetime(str(value))):
        return f"{dt_util.as_local(parsed):%Y-%m-%d %H:%M}"
    return None


def describe_change(texts: Mapping[str, str], data: Mapping[str, Any]) -> str:
    """Return the logbook message of a credential change, in the texts' language.

    The action's text (``logbook_<action>``) is completed, in this order, by
    the slot, the card ID, the name and the expiry, each with its own template
    (so that every language orders and punctuates them its own way).
    """
    action = str(data.get("action", ""))
    if has_text(texts, f"logbook_{action}"):
        message = text(texts, f"logbook_{action}")
    else:
        message = action.replace("_", " ")
    if (slot := data.get("slot")) is not None:
        message = text(texts, "logbook_in_slot", message=message, slot=slot)
    if card_id := data.get("card_id"):
        message = text(texts, "logbook_card", message=message, card_id=card_id)
    if name := data.get("name"):
        message = text(texts, "logbook_named", message=message, name=name)
    if valid_until := _local(data.get("valid_until")):
        message = text(
            texts, "logbook_valid_until", message=message, valid_until=valid_until
        )
    return message


def describe_stay_ready(texts: Mapping[str, str], data: Mapping[str, Any]) -> str:
    """Return the logbook message of a stay that became ready (no guest, no code)."""
    return text(
        texts,
        "logbook_stay_ready",
        arrival=_local(data.get("arrival")) or "?",
        departure=_local(data.get("departure")) or "?",
    )


def describe_stay_confirmed(texts: Mapping[str, str], data: Mapping[str, Any]) -> str:
    """Return the logbook message of a stay's credential confirmed at the lock."""
    key = f"logbook_stay_confirmed_{data.get('kind')}"
    message = text(texts, key) if has_text(texts, key) else str(data.get("kind"))
    if valid_until := _local(data.get("valid_until")):
        message = text(
            texts, "logbook_valid_until", message=message, valid_until=valid_until
        )
    return message


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[
        [str, str, Callable[[Event], dict[str, str | None]]], None
    ],
) -> None:
    """Describe the credential and stay events."""

    @callback
    def async_describe_credential_event(event: Event) -> dict[str, str | None]:
        """Describe one credential change."""
        data = event.data
        return {
            LOGBOOK_ENTRY_NAME: str(data.get("room_name") or data.get("room_id")),
            LOGBOOK_ENTRY_MESSAGE: describe_change(async_texts(hass), data),
            LOGBOOK_ENTRY_ENTITY_ID: data.get(ATTR_ENTITY_ID),
        }

    @callback
    def async_describe_stay_ready(event: Event) -> dict[str, str | None]:
        """Describe a stay that became ready: its rooms, arrival and departure."""
        data = event.data
        return {
            LOGBOOK_ENTRY_NAME: ", ".join(
                str(name) for name in data.get("room_names") or ()
            ),
            LOGBOOK_ENTRY_MESSAGE: describe_stay_ready(async_texts(hass), data),
        }

    @callback
    def async_describe_stay_confirmed(event: Event) -> dict[str, str | None]:
        """Describe a stay's credential confirmed at a room's lock."""
        data = event.data
        return {
            LOGBOOK_ENTRY_NAME: str(data.get("room_name") or data.get("room_id")),
            LOGBOOK_ENTRY_MESSAGE: describe_stay_confirmed(async_texts(hass), data),
            LOGBOOK_ENTRY_ENTITY_ID: data.get(ATTR_ENTITY_ID),
        }

    async_describe_event(
        DOMAIN, EVENT_CREDENTIAL_CHANGED, async_describe_credential_event
    )
    async_describe_event(DOMAIN, EVENT_STAY_READY, async_describe_stay_ready)
    async_describe_event(DOMAIN, EVENT_STAY_CONFIRMED, async_describe_stay_confirmed)
