"""Describe the credential events for the logbook (never a secret).

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

from .const import DOMAIN, EVENT_CREDENTIAL_CHANGED
from .texts import async_texts, has_text, text


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
    if (valid_until := data.get("valid_until")) and (
        parsed := dt_util.parse_datetime(str(valid_until))
    ):
        message = text(
            texts,
            "logbook_valid_until",
            message=message,
            valid_until=f"{dt_util.as_local(parsed):%Y-%m-%d %H:%M}",
        )
    return message


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[
        [str, str, Callable[[Event], dict[str, str | None]]], None
    ],
) -> None:
    """Describe the credential events."""

    @callback
    def async_describe_credential_event(event: Event) -> dict[str, str | None]:
        """Describe one credential change."""
        data = event.data
        return {
            LOGBOOK_ENTRY_NAME: str(data.get("room_name") or data.get("room_id")),
            LOGBOOK_ENTRY_MESSAGE: describe_change(async_texts(hass), data),
            LOGBOOK_ENTRY_ENTITY_ID: data.get(ATTR_ENTITY_ID),
        }

    async_describe_event(
        DOMAIN, EVENT_CREDENTIAL_CHANGED, async_describe_credential_event
    )
