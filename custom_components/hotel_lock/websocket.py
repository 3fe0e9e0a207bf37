"""The WebSocket commands of the Front desk panel (administrators only).

``hotel_lock/frontdesk/subscribe`` sends a snapshot of every entry and room,
then what changes (``frontdesk_feed``); ``hotel_lock/frontdesk/room`` answers
one room with its credentials; ``hotel_lock/frontdesk/unlock`` unlocks a
room's door through ``lock.unlock``, as the connection's user, so that the
user's permissions and the unlock PIN apply as they do anywhere else.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.lock.const import DOMAIN as LOCK_DOMAIN
from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import (
    ERR_HOME_ASSISTANT_ERROR,
    ERR_SERVICE_VALIDATION_ERROR,
)
from homeassistant.components.websocket_api.decorators import (
    async_response,
    require_admin,
    websocket_command,
)
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_CODE, ATTR_ENTITY_ID, SERVICE_UNLOCK
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import entity_registry as er
import probatio as vol

from .const import CONF_UNLOCK_CODE, DOMAIN
from .coordinator import HotelLockConfigEntry
from .frontdesk import credential_counts, credential_payload, room_payload
from .frontdesk_feed import FrontDeskFeed
from .platform_answers import Room

ATTR_ENTRY_ID = "entry_id"
ATTR_ROOM_ID = "room_id"


@callback
def async_setup_websocket(hass: HomeAssistant) -> None:
    """Register the Front desk commands."""
    async_register_command(hass, ws_subscribe)
    async_register_command(hass, ws_room)
    async_register_command(hass, ws_unlock)


def _loaded_room(
    hass: HomeAssistant, entry_id: str, room_id: str
) -> tuple[HotelLockConfigEntry, Room]:
    """Return a loaded entry and one of its rooms, or raise a translated error."""
    entry: HotelLockConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if (
        entry is None
        or entry.domain != DOMAIN
        or entry.state is not ConfigEntryState.LOADED
    ):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="frontdesk_entry_not_loaded",
        )
    if (room := entry.runtime_data.coordinator.data.get(room_id)) is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="frontdesk_unknown_room",
            translation_placeholders={"room_id": room_id},
        )
    return entry, room


def _send_error(
    connection: ActiveConnection, msg_id: int, err: HomeAssistantError
) -> None:
    """Answer with a translated error (the message is in the server's language)."""
    connection.send_error(
        msg_id,
        ERR_SERVICE_VALIDATION_ERROR
        if isinstance(err, ServiceValidationError)
        else ERR_HOME_ASSISTANT_ERROR,
        str(err),
        translation_domain=err.translation_domain,
        translation_key=err.translation_key,
        translation_placeholders=err.translation_placeholders,
    )


@websocket_command({vol.Required("type"): "hotel_lock/frontdesk/subscribe"})
@require_admin
@async_response
async def ws_subscribe(
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
    await feed.async_start()


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/frontdesk/room",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_ROOM_ID): str,
    }
)
@require_admin
@async_response
async def ws_room(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Answer one room with its credentials (stays and activity come later)."""
    try:
        entry, room = _loaded_room(hass, msg[ATTR_ENTRY_ID], msg[ATTR_ROOM_ID])
    except HomeAssistantError as err:
        _send_error(connection, msg["id"], err)
        return
    registry = entry.runtime_data.registry
    records = sorted(
        registry.records(room.rm_id),
        key=lambda record: (record.kind.value, record.slot or 0, record.created),
    )
    connection.send_result(
        msg["id"],
        {
            "room": room_payload(
                entry,
                room,
                entry.runtime_data.coordinator.status(room.rm_id),
                er.async_get(hass),
                credential_counts(records).get(room.rm_id),
            ),
            "stays": [],
            "credentials": [credential_payload(record) for record in records],
            "activity": [],
        },
    )


@websocket_command(
    {
        vol.Required("type"): "hotel_lock/frontdesk/unlock",
        vol.Required(ATTR_ENTRY_ID): str,
        vol.Required(ATTR_ROOM_ID): str,
        vol.Optional(ATTR_CODE): str,
    }
)
@require_admin
@async_response
async def ws_unlock(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Unlock a room's door as the connection's user."""
    try:
        entry, room = _loaded_room(hass, msg[ATTR_ENTRY_ID], msg[ATTR_ROOM_ID])
        code = msg.get(ATTR_CODE)
        if entry.options.get(CONF_UNLOCK_CODE) and not code:
            # Said here in the integration's words; the lock would refuse it
            # as a code that does not match its format.
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="code_required",
                translation_placeholders={"room": room.name},
            )
        entity_id = er.async_get(hass).async_get_entity_id(
            LOCK_DOMAIN, DOMAIN, room.rm_id
        )
        if entity_id is None or hass.states.get(entity_id) is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="frontdesk_no_lock",
                translation_placeholders={"room": room.name},
            )
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
    except Unauthorized:
        raise
    except HomeAssistantError as err:
        _send_error(connection, msg["id"], err)
        return
    connection.send_result(msg["id"], {})
