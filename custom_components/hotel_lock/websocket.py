"""The WebSocket commands of the Front desk panel (administrators only).

``hotel_lock/frontdesk/subscribe`` sends a snapshot of every entry and room,
then what changes (``frontdesk_feed``); ``hotel_lock/frontdesk/room`` answers
one room with its credentials and recent activity; ``hotel_lock/frontdesk/unlock``
unlocks a room's door through ``lock.unlock``, as the connection's user, so
that the user's permissions and the unlock code apply as they do anywhere
else. Credentials and key cards: ``websocket_desk``; stays: ``websocket_stays``.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.lock.const import DOMAIN as LOCK_DOMAIN
from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import (
    async_response,
    require_admin,
    websocket_command,
)
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.const import ATTR_CODE, ATTR_ENTITY_ID, SERVICE_UNLOCK
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import CONF_UNLOCK_CODE, DOMAIN
from .errors import validation_error
from .frontdesk import activity_payload, credential_payload, room_payloads
from .frontdesk_feed import FrontDeskFeed
from .frontdesk_stays import (
    room_stay_list,
    shown_name,
    stay_of_record,
    stay_payload,
)
from .websocket_base import ATTR_ENTRY_ID, ATTR_ROOM_ID, loaded_room, translated_errors
from .websocket_desk import async_setup_desk_commands
from .websocket_stays import async_setup_stay_commands


@callback
def async_setup_websocket(hass: HomeAssistant) -> None:
    """Register the Front desk commands."""
    async_register_command(hass, ws_subscribe)
    async_register_command(hass, ws_room)
    async_register_command(hass, ws_unlock)
    async_setup_desk_commands(hass)
    async_setup_stay_commands(hass)


@websocket_command({vol.Required("type"): "hotel_lock/frontdesk/subscribe"})
@require_admin
@callback
def ws_subscribe(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Send the snapshot of every room, then what changes."""
    msg_id: int = msg["id"]
    feed = FrontDeskFeed(
        hass,
        lambda event: connection.send_message(event_message(msg_id, event)),
    )
    connection.subscriptions[msg_id] = feed.async_stop
    connection.send_result(msg_id)
    feed.async_start()


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/frontdesk/room",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_ROOM_ID): str,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_room(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Answer one room with its stays, credentials and recent activity."""
    entry, room = loaded_room(hass, msg[ATTR_ENTRY_ID], msg[ATTR_ROOM_ID])
    book = entry.runtime_data.stays
    records = entry.runtime_data.desk.credentials(room.rm_id)
    users = {user.id: user.name for user in await hass.auth.async_get_users()}
    at = dt_util.utcnow()
    connection.send_result(
        msg["id"],
        {
            "room": room_payloads(
                entry, er.async_get(hass), records, [room.rm_id]
            ).popitem()[1],
            "stays": [
                stay_payload(book, stay, at) for stay in room_stay_list(book, room, at)
            ],
            "credentials": [
                credential_payload(record, stay_of_record(book, record))
                for record in records
            ],
            "activity": [
                {
                    **activity_payload(activity, users),
                    "name": shown_name(book, activity.name),
                }
                for activity in entry.runtime_data.activity.entries(room.rm_id)
            ],
        },
    )


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/frontdesk/unlock",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_ROOM_ID): str,
        # As lock.unlock takes it: a number is text too (a failed check at
        # this field would log the value).
        vol.Optional(ATTR_CODE): cv.string,
    }
)
@require_admin
@async_response
@translated_errors
async def ws_unlock(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Unlock a room's door as the connection's user."""
    entry, room = loaded_room(hass, msg[ATTR_ENTRY_ID], msg[ATTR_ROOM_ID])
    code = msg.get(ATTR_CODE)
    if entry.options.get(CONF_UNLOCK_CODE) and not code:
        # Said here in the integration's words; the lock would refuse it
        # as a code that does not match its format.
        raise validation_error("code_required", room=room.name)
    entity_id = er.async_get(hass).async_get_entity_id(LOCK_DOMAIN, DOMAIN, room.rm_id)
    if entity_id is None or hass.states.get(entity_id) is None:
        raise validation_error("frontdesk_no_lock", room=room.name)
    data: dict[str, Any] = {ATTR_ENTITY_ID: entity_id}
    if code:
        data[ATTR_CODE] = code
    await hass.services.async_call(
        LOCK_DOMAIN,
        SERVICE_UNLOCK,
        data,
        blocking=True,
        context=connection.context(msg),
    )
    connection.send_result(msg["id"], {})
