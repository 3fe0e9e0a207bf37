"""The Front desk's stay commands (administrators only).

Each is one call of the entry's stay book, with the connection's context:

- ``hotel_lock/stay/create``: a stay (guest, rooms, arrival, departure, the
  credentials to give); answers the stay and its codes, to be shown once;
- ``hotel_lock/stay/update``: its guest, rooms or times (extend: a later
  departure);
- ``hotel_lock/stay/check_out``: now, everything it issued revoked at once;
- ``hotel_lock/stay/codes``: its codes again, while the stay lasts.

The book's guard rails (unknown room, departure not after arrival, overlaps,
no free slot, a stay that follows a booking, ...) answer as translated errors.
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import (
    async_response,
    require_admin,
    websocket_command,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import PIN_LENGTH_MAX, PIN_LENGTH_MIN
from .frontdesk_stays import stay_payload
from .stay_model import STAY_KINDS
from .websocket_base import (
    ATTR_ENTRY_ID,
    ATTR_STAY_ID,
    DATETIME,
    loaded_entry,
    translated_errors,
)

ATTR_GUEST: Final = "guest"
ATTR_ROOM_IDS: Final = "room_ids"
ATTR_ARRIVAL: Final = "arrival"
ATTR_DEPARTURE: Final = "departure"
ATTR_CREDENTIALS: Final = "credentials"
ATTR_PIN_LENGTH: Final = "pin_length"
ROOM_IDS: Final = vol.All([str], vol.Length(min=1))


@callback
def async_setup_stay_commands(hass: HomeAssistant) -> None:
    """Register the stay commands."""
    async_register_command(hass, ws_stay_create)
    async_register_command(hass, ws_stay_update)
    async_register_command(hass, ws_stay_check_out)
    async_register_command(hass, ws_stay_codes)


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/stay/create",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_GUEST): str,
        vol.Required(ATTR_ROOM_IDS): ROOM_IDS,
        vol.Required(ATTR_ARRIVAL): DATETIME,
        vol.Required(ATTR_DEPARTURE): DATETIME,
        vol.Optional(ATTR_CREDENTIALS): vol.All(
            [vol.In([kind.value for kind in STAY_KINDS])], vol.Length(min=1)
        ),
        vol.Optional(ATTR_PIN_LENGTH): vol.All(
            int, vol.Range(min=PIN_LENGTH_MIN, max=PIN_LENGTH_MAX)
        ),
    }
)
@require_admin
@async_response
@translated_errors
async def ws_stay_create(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Make a stay; answer it with its codes (the only time they come unasked)."""
    book = loaded_entry(hass, msg[ATTR_ENTRY_ID]).runtime_data.stays
    stay = await book.async_create(
        guest=msg[ATTR_GUEST],
        room_ids=msg[ATTR_ROOM_IDS],
        arrival=msg[ATTR_ARRIVAL],
        departure=msg[ATTR_DEPARTURE],
        kinds=msg.get(ATTR_CREDENTIALS),
        pin_length=msg.get(ATTR_PIN_LENGTH),
        context=connection.context(msg),
    )
    connection.send_result(
        msg["id"],
        {
            "stay": stay_payload(book, stay, dt_util.utcnow()),
            "codes": [code.as_dict() for code in book.codes(stay.stay_id)],
        },
    )


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/stay/update",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_STAY_ID): str,
        vol.Optional(ATTR_GUEST): str,
        vol.Optional(ATTR_ROOM_IDS): ROOM_IDS,
        vol.Optional(ATTR_ARRIVAL): DATETIME,
        vol.Optional(ATTR_DEPARTURE): DATETIME,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_stay_update(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Change a stay's guest, rooms or times (extend: a later departure)."""
    book = loaded_entry(hass, msg[ATTR_ENTRY_ID]).runtime_data.stays
    stay = await book.async_update(
        msg[ATTR_STAY_ID],
        guest=msg.get(ATTR_GUEST),
        room_ids=msg.get(ATTR_ROOM_IDS),
        arrival=msg.get(ATTR_ARRIVAL),
        departure=msg.get(ATTR_DEPARTURE),
        context=connection.context(msg),
    )
    connection.send_result(
        msg["id"], {"stay": stay_payload(book, stay, dt_util.utcnow())}
    )


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/stay/check_out",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_STAY_ID): str,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_stay_check_out(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Check a stay out now: everything it issued is revoked at once."""
    book = loaded_entry(hass, msg[ATTR_ENTRY_ID]).runtime_data.stays
    stay = await book.async_check_out(
        msg[ATTR_STAY_ID], context=connection.context(msg)
    )
    connection.send_result(
        msg["id"], {"stay": stay_payload(book, stay, dt_util.utcnow())}
    )


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/stay/codes",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_STAY_ID): str,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_stay_codes(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Answer a stay's codes again (refused once the stay is over)."""
    book = loaded_entry(hass, msg[ATTR_ENTRY_ID]).runtime_data.stays
    codes = book.codes(msg[ATTR_STAY_ID])
    connection.send_result(msg["id"], {"codes": [code.as_dict() for code in codes]})
