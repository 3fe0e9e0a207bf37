"""What a credential action leaves behind: its event, and its date-times.

Each successful change fires ``hotel_lock_credential_changed`` (which the
logbook describes) with the action, the room and the validity — never a PIN,
password, image or template. Date-times in events and responses are given in
Home Assistant's time zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import ServiceCall, callback
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .registry import CredentialKind
from .targets import TargetRoom

EVENT_CREDENTIAL_CHANGED: Final = f"{DOMAIN}_credential_changed"


def iso(value: datetime | None) -> str | None:
    """Return an ISO date-time (in HA's time zone) for responses and events."""
    return None if value is None else dt_util.as_local(value).isoformat()


@callback
def fire_changed(
    call: ServiceCall,
    room: TargetRoom,
    kind: CredentialKind,
    *,
    slot: int | None = None,
    name: str | None = None,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    card_id: str | None = None,
) -> None:
    """Fire the event that records the call's credential change (never a secret)."""
    data: dict[str, Any] = {
        "action": call.service,
        "kind": kind.value,
        "config_entry_id": room.entry.entry_id,
        "room_id": room.room_id,
        "room_name": room.room_name,
        ATTR_ENTITY_ID: room.entity_id,
        "slot": slot,
        "name": name,
        "valid_from": iso(valid_from),
        "valid_until": iso(valid_until),
        "card_id": card_id,
    }
    call.hass.bus.async_fire(
        EVENT_CREDENTIAL_CHANGED,
        {key: value for key, value in data.items() if value not in (None, "")},
        context=call.context,
    )
