"""The set_face and set_fingerprint actions, and where a face image comes from.

A face comes as base64 data, a file Home Assistant may read, or a camera
snapshot; a fingerprint as a hex template. Both go into a slot 1-49 with a
validity window. (Clearing them is the generic slot clearing in ``slots``.)
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import HomeAssistantError

from .changes import fire_changed, iso
from .registry import CredentialKind
from .schemas import SET_FACE_SCHEMA, SET_FINGERPRINT_SCHEMA
from .slots import Upload, async_push_slotted
from .targets import RoomValidity, async_room_validity
from .validation import (
    ATTR_CAMERA,
    ATTR_IMAGE,
    ATTR_IMAGE_PATH,
    ATTR_NAME,
    ATTR_TEMPLATE,
    ATTR_VALID_FROM,
    IMAGE_MAX_BYTES,
    FieldInvalid,
    apply_schema,
    check_image,
    validation_error,
)

CAMERA_TIMEOUT: Final = 10


async def _async_read_image_file(call: ServiceCall, path: str) -> bytes:
    """Read an image file Home Assistant is allowed to read."""
    hass = call.hass
    if not hass.config.is_allowed_path(path):
        raise validation_error("image_path_not_allowed", path=path)

    def _read() -> bytes | None:
        file = Path(path)
        if not file.is_file():
            return None
        with file.open("rb") as handle:
            return handle.read(IMAGE_MAX_BYTES + 1)

    content = await hass.async_add_executor_job(_read)
    if content is None:
        raise validation_error("image_path_unreadable", path=path)
    return content


async def _async_camera_image(call: ServiceCall, entity_id: str) -> bytes:
    """Take a snapshot from a camera entity."""
    # Imported here: the camera component is large and only this path needs it.
    from homeassistant.components.camera import async_get_image  # noqa: PLC0415

    try:
        image = await async_get_image(call.hass, entity_id, timeout=CAMERA_TIMEOUT)
    except HomeAssistantError as err:
        raise validation_error("camera_unavailable", entity_id=entity_id) from err
    return image.content


async def _async_face_image(call: ServiceCall, data: Mapping[str, Any]) -> bytes:
    """Return the face image bytes from exactly one of the three sources."""
    sources = [key for key in (ATTR_IMAGE, ATTR_IMAGE_PATH, ATTR_CAMERA) if key in data]
    if len(sources) != 1:
        raise validation_error("one_image_source")
    if ATTR_IMAGE in data:
        image: bytes = data[ATTR_IMAGE]
        return image
    if ATTR_IMAGE_PATH in data:
        content = await _async_read_image_file(call, data[ATTR_IMAGE_PATH])
    else:
        content = await _async_camera_image(call, data[ATTR_CAMERA])
    try:
        check_image(content)
    except FieldInvalid as err:
        raise validation_error(
            err.key, field=sources[0], **err.field_placeholders
        ) from None
    return content


async def _async_set_biometric(
    call: ServiceCall,
    target: RoomValidity,
    kind: CredentialKind,
    data: Mapping[str, Any],
    upload: Upload,
) -> ServiceResponse:
    """Push a face or fingerprint into its slot, record it, report it."""
    valid_from, valid_until = target.valid_from, target.valid_until
    slot, result = await async_push_slotted(
        call,
        target.room,
        kind,
        data,
        valid_from=valid_from,
        valid_until=valid_until,
        upload=upload,
    )
    fire_changed(
        call,
        target.room,
        kind,
        slot=slot,
        name=data.get(ATTR_NAME),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    return {
        "slot": slot,
        "valid_from": iso(valid_from),
        "valid_until": iso(valid_until),
        "battery": result.battery,
    }


async def async_set_face(call: ServiceCall) -> ServiceResponse:
    """Push a face image into a slot of a room's lock."""
    data = apply_schema(SET_FACE_SCHEMA, call.data)
    target = await async_room_validity(call, data, start=ATTR_VALID_FROM)
    image = await _async_face_image(call, data)
    encoded = base64.b64encode(image).decode("ascii")
    return await _async_set_biometric(
        call,
        target,
        CredentialKind.FACE,
        data,
        lambda slot: (
            lambda client: client.gateway_upload_face(
                target.room.room_id,
                slot,
                encoded,
                target.valid_from,
                target.valid_until,
            )
        ),
    )


async def async_set_fingerprint(call: ServiceCall) -> ServiceResponse:
    """Push a fingerprint template into a slot of a room's lock."""
    data = apply_schema(SET_FINGERPRINT_SCHEMA, call.data)
    target = await async_room_validity(call, data, start=ATTR_VALID_FROM)
    template: str = data[ATTR_TEMPLATE]
    return await _async_set_biometric(
        call,
        target,
        CredentialKind.FINGERPRINT,
        data,
        lambda slot: (
            lambda client: client.gateway_upload_finger(
                target.room.room_id,
                slot,
                template,
                target.valid_from,
                target.valid_until,
            )
        ),
    )
