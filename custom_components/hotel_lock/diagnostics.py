"""Diagnostics of the Hotel Lock integration.

The rooms and the last gateway answers; the stays counted (by status, source,
credential state; never a guest or a code); each booking source's set-up and
last read: when, how long (and how long the stays took to follow it), how
many events and bookings, what became of the stays, refused bookings.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import CONF_APPID, CONF_APPSECRET, CONF_UNLOCK_CODE
from .entry_data import HotelLockConfigEntry

TO_REDACT = {CONF_APPID, CONF_APPSECRET, CONF_UNLOCK_CODE, "unique_id", "title"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: HotelLockConfigEntry
) -> dict[str, Any]:
    """Return what helps to understand a problem, without secrets."""
    coordinator = entry.runtime_data.coordinator
    bookings = entry.runtime_data.bookings
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "last_update_success": coordinator.last_update_success,
        "update_interval_seconds": (
            coordinator.update_interval.total_seconds()
            if coordinator.update_interval
            else None
        ),
        "rooms": [asdict(room) for room in coordinator.data.values()],
        "room_status": {
            rm_id: {
                "battery": status.battery,
                "last_contact": status.last_contact.isoformat()
                if status.last_contact
                else None,
                "last_unlock": status.last_unlock.isoformat()
                if status.last_unlock
                else None,
            }
            for rm_id, status in coordinator.room_status.items()
        },
        "stays": entry.runtime_data.stays.summary(),
        "booking_sources": [] if bookings is None else bookings.diagnostics(),
    }
