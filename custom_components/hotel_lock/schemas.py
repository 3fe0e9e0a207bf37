"""The schemas of the credential actions' data, applied by the handlers.

Registered nowhere (see ``validation``): each handler applies its schema with
``validation.apply_schema``, so that every problem is reported translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.helpers import config_validation as cv
import probatio as vol

from .registry import CredentialKind
from .validation import (
    ATTR_AUTHORIZED_AT,
    ATTR_CAMERA,
    ATTR_CARD_ID,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_FORCE,
    ATTR_IMAGE,
    ATTR_IMAGE_PATH,
    ATTR_NAME,
    ATTR_PASSWORD,
    ATTR_PIN,
    ATTR_PIN_LENGTH,
    ATTR_SLOT,
    ATTR_TEMPLATE,
    ATTR_VALID_FROM,
    ATTR_VALID_UNTIL,
    camera_value,
    card_id_value,
    datetime_value,
    force_value,
    image_base64_value,
    image_path_value,
    name_value,
    offline_password_value,
    pin_length_value,
    pin_value,
    slot_value,
    template_value,
)


def _schema(fields: Mapping[Any, Any]) -> vol.Schema:
    """Return an action schema with the entity target fields."""
    return vol.Schema({**cv.ENTITY_SERVICE_FIELDS, **fields})


def _slot_and_name(kind: CredentialKind) -> dict[Any, Any]:
    return {
        vol.Optional(ATTR_SLOT): slot_value(kind),
        vol.Optional(ATTR_NAME): name_value,
    }


SET_PIN_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_PIN): pin_value,
        vol.Optional(ATTR_PIN_LENGTH): pin_length_value,
        vol.Required(ATTR_VALID_UNTIL): datetime_value,
        **_slot_and_name(CredentialKind.PIN),
    }
)


def clear_slot_schema(kind: CredentialKind) -> vol.Schema:
    """Return the schema of a clear_* action of a slotted credential."""
    return _schema(
        {
            **_slot_and_name(kind),
            vol.Optional(ATTR_FORCE, default=False): force_value,
        }
    )


CLEAR_PIN_SCHEMA: Final = clear_slot_schema(CredentialKind.PIN)
CLEAR_FACE_SCHEMA: Final = clear_slot_schema(CredentialKind.FACE)
CLEAR_FINGERPRINT_SCHEMA: Final = clear_slot_schema(CredentialKind.FINGERPRINT)

SET_FACE_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_IMAGE): image_base64_value,
        vol.Optional(ATTR_IMAGE_PATH): image_path_value,
        vol.Optional(ATTR_CAMERA): camera_value,
        vol.Optional(ATTR_VALID_FROM): datetime_value,
        vol.Required(ATTR_VALID_UNTIL): datetime_value,
        **_slot_and_name(CredentialKind.FACE),
    }
)

SET_FINGERPRINT_SCHEMA: Final = _schema(
    {
        vol.Required(ATTR_TEMPLATE): template_value,
        vol.Optional(ATTR_VALID_FROM): datetime_value,
        vol.Required(ATTR_VALID_UNTIL): datetime_value,
        **_slot_and_name(CredentialKind.FINGERPRINT),
    }
)

GENERATE_OFFLINE_PASSWORD_SCHEMA: Final = _schema(
    {
        vol.Required(ATTR_VALID_UNTIL): datetime_value,
        vol.Optional(ATTR_NAME): name_value,
    }
)

REVOKE_OFFLINE_PASSWORD_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_PASSWORD): offline_password_value,
        vol.Optional(ATTR_NAME): name_value,
        vol.Optional(ATTR_VALID_UNTIL): datetime_value,
    }
)

ISSUE_CARD_SCHEMA: Final = _schema(
    {
        vol.Required(ATTR_VALID_UNTIL): datetime_value,
        vol.Optional(ATTR_AUTHORIZED_AT): datetime_value,
        vol.Optional(ATTR_NAME): name_value,
    }
)

CLEAR_CARD_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_CARD_ID): card_id_value,
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
    }
)

READ_CARD_SCHEMA: Final = vol.Schema({vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string})

LIST_CREDENTIALS_SCHEMA: Final = _schema({})
