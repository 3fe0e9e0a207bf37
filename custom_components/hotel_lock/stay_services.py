"""The stay actions: thin adapters over each entry's stay book.

``create_stay`` (room targets), ``check_out`` and ``get_stay_codes`` (a stay
by its ID, or by a room target: the room's stay in progress, for the codes
also its next one). Like the credential actions (``services``, which
registers these too) each is ``schema → target → one book call →
response``, with the schemas' errors translated by ``apply_schema``.

A stay's codes are readable by administrators only (``get_stay_codes``
answers nothing else, so it is response-only), until the stay is over.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

from homeassistant.core import ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import DOMAIN, GUEST_MAX_LENGTH
from .credential_core import iso
from .errors import validation_error
from .service_schemas import ATTR_STAY_ID, DATETIME, PIN_LENGTH, STAY_ID, refused_as
from .service_targets import (
    async_check_permission,
    async_target_room,
    async_target_rooms,
    has_target,
)
from .stay_model import STAY_KINDS, Stay
from .stays import StayBook

ATTR_GUEST: Final = "guest"
ATTR_ARRIVAL: Final = "arrival"
ATTR_DEPARTURE: Final = "departure"
ATTR_CREDENTIALS: Final = "credentials"

GUEST: Final = refused_as(
    "invalid_guest",
    vol.All(cv.string, vol.Strip, vol.Length(min=1, max=GUEST_MAX_LENGTH)),
    max=str(GUEST_MAX_LENGTH),
)
CREDENTIALS: Final = refused_as(
    "invalid_stay_credentials",
    vol.All(
        cv.ensure_list, [vol.In([kind.value for kind in STAY_KINDS])], vol.Length(min=1)
    ),
)
CREATE_STAY_SCHEMA: Final = vol.Schema(
    {
        **cv.ENTITY_SERVICE_FIELDS,
        vol.Required(ATTR_GUEST): GUEST,
        vol.Required(ATTR_ARRIVAL): DATETIME,
        vol.Required(ATTR_DEPARTURE): DATETIME,
        vol.Optional(ATTR_CREDENTIALS): CREDENTIALS,
        vol.Optional("pin_length"): PIN_LENGTH,
    }
)
STAY_SCHEMA: Final = vol.Schema(
    {**cv.ENTITY_SERVICE_FIELDS, vol.Optional(ATTR_STAY_ID): STAY_ID}
)

type Handler = Callable[[ServiceCall, dict[str, Any]], Awaitable[ServiceResponse]]


def stay_response(book: StayBook, stay: Stay) -> dict[str, Any]:
    """Describe a stay in response data (no codes)."""
    return {
        "stay_id": stay.stay_id,
        "guest": stay.guest,
        "room_ids": list(stay.room_ids),
        "rooms": [book.room_name(room_id) for room_id in stay.room_ids],
        "arrival": iso(stay.arrival),
        "departure": iso(stay.end),
        "valid_until": iso(stay.expires),
        "status": book.status(stay).value,
    }


def codes_response(book: StayBook, stay: Stay) -> list[dict[str, Any]]:
    """Describe a stay's codes in response data."""
    return [code.as_dict() for code in book.codes(stay.stay_id)]


async def _async_create_stay(
    call: ServiceCall, data: dict[str, Any]
) -> ServiceResponse:
    """Make a stay in the targeted rooms; its credentials go out on time."""
    rooms = await async_target_rooms(call, data) if has_target(data) else []
    if not rooms:
        raise validation_error("no_room_targeted")
    if len({room.entry.entry_id for room in rooms}) > 1:
        raise validation_error("rooms_of_several_platforms")
    book = rooms[0].entry.runtime_data.stays
    stay = await book.async_create(
        guest=data[ATTR_GUEST],
        room_ids=[room.room_id for room in rooms],
        arrival=data[ATTR_ARRIVAL],
        departure=data[ATTR_DEPARTURE],
        kinds=data.get(ATTR_CREDENTIALS),
        pin_length=data.get("pin_length"),
        context=call.context,
    )
    return {**stay_response(book, stay), "codes": codes_response(book, stay)}


def _books(call: ServiceCall) -> list[StayBook]:
    return [
        entry.runtime_data.stays
        for entry in call.hass.config_entries.async_loaded_entries(DOMAIN)
    ]


async def _async_stay(
    call: ServiceCall, data: Mapping[str, Any], *, next_one: bool
) -> tuple[StayBook, Stay]:
    """Return the stay an action names: by its ID, or by a room target.

    A room's stay is the one in progress (with ``next_one``, else its next
    one). By ID, the user needs control of the stay's rooms.
    """
    if (stay_id := data.get(ATTR_STAY_ID)) is not None:
        if has_target(data):
            raise validation_error("stay_id_or_room")
        book = next((b for b in _books(call) if b.knows(stay_id)), None)
        if book is None:
            raise validation_error("unknown_stay", stay_id=stay_id)
        stay = book.get(stay_id)
        await async_check_permission(
            call,
            [
                book.desk.room_ref(room_id).lock_entity_id or ""
                for room_id in stay.room_ids
            ],
        )
        return book, stay
    if not has_target(data):
        raise validation_error("stay_id_or_room")
    target = await async_target_room(call, data)
    book = target.entry.runtime_data.stays
    now = dt_util.utcnow()
    stays = book.stays(room_id=target.room_id)
    found = next((s for s in stays if s.arrival <= now), None)
    if found is None and next_one and stays:
        found = stays[0]
    if found is None:
        raise validation_error("no_stay_in_room", room=target.room.name)
    return book, found


async def _async_check_out(call: ServiceCall, data: dict[str, Any]) -> ServiceResponse:
    """Check a stay out now: everything it issued is revoked at once."""
    book, stay = await _async_stay(call, data, next_one=False)
    stay = await book.async_check_out(stay.stay_id, context=call.context)
    return stay_response(book, stay)


async def _async_get_stay_codes(
    call: ServiceCall, data: dict[str, Any]
) -> ServiceResponse:
    """Return a stay's codes (administrators only), until the stay is over."""
    await async_check_permission(call)
    book, stay = await _async_stay(call, data, next_one=True)
    return {**stay_response(book, stay), "codes": codes_response(book, stay)}


STAY_ACTIONS: Final[dict[str, tuple[vol.Schema, Handler, SupportsResponse]]] = {
    "create_stay": (CREATE_STAY_SCHEMA, _async_create_stay, SupportsResponse.OPTIONAL),
    "check_out": (STAY_SCHEMA, _async_check_out, SupportsResponse.OPTIONAL),
    "get_stay_codes": (STAY_SCHEMA, _async_get_stay_codes, SupportsResponse.ONLY),
}
