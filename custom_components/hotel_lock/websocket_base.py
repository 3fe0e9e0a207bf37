"""What the Front desk's WebSocket commands share: entries, rooms and errors.

Every command is for administrators only (``require_admin``) and answers a
refusal as a translated error: ``translation_domain``, ``translation_key`` and
``translation_placeholders``, with the message in the server's language; the
panel says it in its user's language. Errors of the platform carry its own
message (``platform_error``); errors of Home Assistant keep their own domain.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, Final

from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import (
    ERR_HOME_ASSISTANT_ERROR,
    ERR_SERVICE_VALIDATION_ERROR,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import config_validation as cv
import probatio as vol

from .const import DOMAIN
from .credential_core import RoomRef
from .entry_data import HotelLockConfigEntry
from .errors import validation_error
from .platform_answers import Room
from .service_schemas import local_datetime

ATTR_ENTRY_ID: Final = "entry_id"
ATTR_ROOM_ID: Final = "room_id"
ATTR_STAY_ID: Final = "stay_id"
# A date-time as the panel sends it (naive: in Home Assistant's time zone).
DATETIME: Final = vol.All(cv.datetime, local_datetime)

type Handler = Callable[
    [HomeAssistant, ActiveConnection, dict[str, Any]], Awaitable[None]
]


def loaded_entry(hass: HomeAssistant, entry_id: str) -> HotelLockConfigEntry:
    """Return a loaded entry of the integration, or raise a translated error."""
    entry: HotelLockConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if (
        entry is None
        or entry.domain != DOMAIN
        or entry.state is not ConfigEntryState.LOADED
    ):
        raise validation_error("frontdesk_entry_not_loaded")
    return entry


def loaded_room(
    hass: HomeAssistant, entry_id: str, room_id: str
) -> tuple[HotelLockConfigEntry, Room]:
    """Return a loaded entry and one of its rooms, or raise a translated error."""
    entry = loaded_entry(hass, entry_id)
    if (room := entry.runtime_data.coordinator.data.get(room_id)) is None:
        raise validation_error("frontdesk_unknown_room", room_id=room_id)
    return entry, room


def room_ref_payload(room: RoomRef | None) -> dict[str, Any] | None:
    """Return a room as commands answer it."""
    if room is None:
        return None
    return {
        "room_id": room.room_id,
        "name": room.name,
        "lock_entity_id": room.lock_entity_id,
    }


def send_error(
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


def translated_errors(handler: Handler) -> Handler:
    """Answer a command's ``HomeAssistantError`` as a translated error.

    ``Unauthorized`` goes on to Home Assistant, which answers it as such.
    """

    @wraps(handler)
    async def run(
        hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
    ) -> None:
        try:
            await handler(hass, connection, msg)
        except Unauthorized:
            raise
        except HomeAssistantError as err:
            send_error(connection, msg["id"], err)

    return run
