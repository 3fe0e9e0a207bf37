"""The set_pin action: a PIN, given or drawn, into a slot of a room's lock.

A PIN given in the action data passes through Home Assistant's event bus
(the ``call_service`` event), its debug log and its database. Without one,
the PIN is drawn here with the ``secrets`` module and only returned in the
response. (Clearing a PIN is the generic slot clearing in ``slots``.)
"""

from __future__ import annotations

from collections.abc import Mapping
import secrets
import string
from typing import Any

from homeassistant.core import ServiceCall, ServiceResponse

from .changes import fire_changed, iso
from .registry import CredentialKind
from .schemas import SET_PIN_SCHEMA
from .slots import async_push_slotted
from .targets import async_room_validity
from .validation import (
    ATTR_NAME,
    ATTR_PIN,
    ATTR_PIN_LENGTH,
    DEFAULT_PIN_LENGTH,
    apply_schema,
    validation_error,
)


def generate_pin(length: int) -> str:
    """Draw a PIN of random digits from the operating system's secure source."""
    return "".join(secrets.choice(string.digits) for _ in range(length))


def _pin_to_set(call: ServiceCall, data: Mapping[str, Any]) -> str:
    """Return the PIN given, or draw one when none was given.

    A drawn PIN never passes through Home Assistant's event bus: the action
    data, which Home Assistant fires and records as a ``call_service`` event,
    does not carry it; only the response does, so it must be asked for.
    """
    if ATTR_PIN in data:
        if ATTR_PIN_LENGTH in data:
            raise validation_error("pin_with_pin_length")
        pin: str = data[ATTR_PIN]
        return pin
    if not call.return_response:
        raise validation_error("pin_response_required")
    return generate_pin(data.get(ATTR_PIN_LENGTH, DEFAULT_PIN_LENGTH))


async def async_set_pin(call: ServiceCall) -> ServiceResponse:
    """Push a PIN (given or drawn) into a slot of a room's lock."""
    data = apply_schema(SET_PIN_SCHEMA, call.data)
    pin = _pin_to_set(call, data)
    target = await async_room_validity(call, data)
    room, valid_until = target.room, target.valid_until
    slot, result = await async_push_slotted(
        call,
        room,
        CredentialKind.PIN,
        data,
        valid_from=target.valid_from,
        valid_until=valid_until,
        created=target.now,
        upload=lambda slot: (
            lambda client: client.gateway_upload_online(
                room.room_id, slot, pin, valid_until
            )
        ),
    )
    fire_changed(
        call,
        room,
        CredentialKind.PIN,
        slot=slot,
        name=data.get(ATTR_NAME),
        valid_until=valid_until,
    )
    return {
        "pin": pin,
        "slot": slot,
        "valid_until": iso(valid_until),
        "battery": result.battery,
    }
