"""The Front desk's credential and key card commands (administrators only).

Each is one call of the entry's credential desk, made with the connection's
context (so the room's activity and the logbook name the user):

- ``hotel_lock/credential/revoke``: a credential of a room, by its ID;
- ``hotel_lock/card/write``: a key card for a room on the desk encoder, for
  a stay (its one authorization time, its window) or until a time;
- ``hotel_lock/card/read``: the card lying on the encoder (its room, the stay
  it was written for, its validity);
- ``hotel_lock/card/clear``: that card, or the card of a given ID.
"""

from __future__ import annotations

from datetime import datetime
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

from .const import NAME_MAX_LENGTH
from .credential_core import iso
from .errors import validation_error
from .frontdesk_stays import card_stay, stay_summary
from .service_schemas import CARD_ID, NAME
from .websocket_base import (
    ATTR_ENTRY_ID,
    ATTR_ROOM_ID,
    ATTR_STAY_ID,
    DATETIME,
    loaded_entry,
    loaded_room,
    room_ref_payload,
    translated_errors,
)

ATTR_CREDENTIAL_ID: Final = "credential_id"
ATTR_CARD_ID: Final = "card_id"
ATTR_VALID_UNTIL: Final = "valid_until"
ATTR_NAME: Final = "name"


@callback
def async_setup_desk_commands(hass: HomeAssistant) -> None:
    """Register the credential and key card commands."""
    async_register_command(hass, ws_revoke)
    async_register_command(hass, ws_card_write)
    async_register_command(hass, ws_card_read)
    async_register_command(hass, ws_card_clear)


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/credential/revoke",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_ROOM_ID): str,
        vol.Required(ATTR_CREDENTIAL_ID): str,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_revoke(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Revoke one credential of a room (a slot stopped, a password or card revoked)."""
    entry, room = loaded_room(hass, msg[ATTR_ENTRY_ID], msg[ATTR_ROOM_ID])
    desk = entry.runtime_data.desk
    credential_id: str = msg[ATTR_CREDENTIAL_ID]
    if desk.credential(credential_id).room_id != room.rm_id:
        raise validation_error("unknown_credential", credential_id=credential_id)
    await desk.async_revoke(credential_id, context=connection.context(msg))
    connection.send_result(msg["id"], {})


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/card/write",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_ROOM_ID): str,
        vol.Optional(ATTR_STAY_ID): str,
        vol.Optional(ATTR_VALID_UNTIL): DATETIME,
        vol.Optional(ATTR_NAME): NAME,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_card_write(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Write a key card for a room on the desk encoder, for a stay or until a time.

    Every card of a stay carries the stay's one authorization time and its
    window (a card written later does not lock out the first one).
    """
    entry, room = loaded_room(hass, msg[ATTR_ENTRY_ID], msg[ATTR_ROOM_ID])
    name: str | None = msg.get(ATTR_NAME)
    valid_until: datetime | None = msg.get(ATTR_VALID_UNTIL)
    if (stay_id := msg.get(ATTR_STAY_ID)) is not None:
        if valid_until is not None:
            raise validation_error("stay_sets_card_window")
        book = entry.runtime_data.stays
        issued = await book.async_issue_card(
            stay_id,
            room.rm_id,
            # Named for its guest, as the staff know the stay.
            name=name or book.get(stay_id).guest[:NAME_MAX_LENGTH].strip(),
            context=connection.context(msg),
        )
    elif valid_until is None:
        raise validation_error("missing_field", field=ATTR_VALID_UNTIL)
    else:
        issued = await entry.runtime_data.desk.async_issue_card(
            room.rm_id,
            valid_until=valid_until,
            name=name,
            context=connection.context(msg),
        )
    connection.send_result(
        msg["id"],
        {
            "card_id": issued.record.card_id,
            "authorized_at": iso(issued.record.valid_from),
            "valid_until": iso(issued.record.valid_until),
            "room": room_ref_payload(issued.room),
        },
    )


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/card/read",
        vol.Required(ATTR_ENTRY_ID): str,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_card_read(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Read the card lying on the desk encoder: its room and stay (blank: none)."""
    entry = loaded_entry(hass, msg[ATTR_ENTRY_ID])
    card = await entry.runtime_data.desk.async_read_card()
    book = entry.runtime_data.stays
    stay = None
    if card.room is not None:
        stay = card_stay(book, card.room.room_id, card.valid_from, card.valid_until)
    connection.send_result(
        msg["id"],
        {
            "card_id": card.card_id,
            "room": room_ref_payload(card.room),
            "stay": None
            if stay is None
            else stay_summary(book, stay, dt_util.utcnow()),
            "valid_from": iso(card.valid_from),
            "valid_until": iso(card.valid_until),
        },
    )


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/card/clear",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Optional(ATTR_CARD_ID): CARD_ID,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_card_clear(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Clear a card on the encoder: the one of ``card_id``, else whichever lies there.

    Without an ID the card is read first: the platform clears a card by its
    ID or its room, and a blank card has nothing to clear.
    """
    desk = loaded_entry(hass, msg[ATTR_ENTRY_ID]).runtime_data.desk
    card_id: str | None = msg.get(ATTR_CARD_ID)
    if card_id is None:
        card = await desk.async_read_card()
        if card.room is None:
            raise validation_error("card_blank", card_id=card.card_id)
        card_id = card.card_id
    cleared = await desk.async_clear_card(
        card_id=card_id, context=connection.context(msg)
    )
    connection.send_result(
        msg["id"],
        {
            "card_id": cleared.card_id or card_id,
            "room": room_ref_payload(cleared.room),
        },
    )
