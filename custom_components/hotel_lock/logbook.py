"""Describe the credential events for the logbook (never a secret)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .changes import EVENT_CREDENTIAL_CHANGED
from .const import DOMAIN

_ACTIONS: Final = {
    "set_pin": "PIN set",
    "clear_pin": "PIN cleared",
    "set_face": "face set",
    "clear_face": "face cleared",
    "set_fingerprint": "fingerprint set",
    "clear_fingerprint": "fingerprint cleared",
    "generate_offline_password": "offline password generated",
    "revoke_offline_password": "offline password revoked",
    "issue_card": "key card issued",
    "clear_card": "key card cleared",
}


def describe_change(data: dict[str, Any]) -> str:
    """Return the logbook message of a credential change."""
    action = str(data.get("action", ""))
    parts = [_ACTIONS.get(action, action.replace("_", " "))]
    if (slot := data.get("slot")) is not None:
        parts.append(f"in slot {slot}")
    if card_id := data.get("card_id"):
        parts.append(str(card_id))
    if name := data.get("name"):
        parts.append(f"({name})")
    message = " ".join(parts)
    if (valid_until := data.get("valid_until")) and (
        parsed := dt_util.parse_datetime(str(valid_until))
    ):
        message += f", valid until {dt_util.as_local(parsed):%Y-%m-%d %H:%M}"
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
        data = dict(event.data)
        return {
            LOGBOOK_ENTRY_NAME: str(data.get("room_name") or data.get("room_id")),
            LOGBOOK_ENTRY_MESSAGE: describe_change(data),
            LOGBOOK_ENTRY_ENTITY_ID: data.get(ATTR_ENTITY_ID),
        }

    async_describe_event(
        DOMAIN, EVENT_CREDENTIAL_CHANGED, async_describe_credential_event
    )
