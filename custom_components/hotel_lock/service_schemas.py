"""The credential actions' schemas, and the one place their errors are translated.

The fields are checked with Home Assistant's validators (``cv.string``,
``cv.datetime``, ``cv.boolean``, ``cv.entity_domain``, ``vol.Range``,
``vol.Length``, ``vol.Match``, ...), each wrapped by ``refused_as`` with the
translation key its failure is reported with. Two fields have no
Home Assistant validator (base64 images, hex fingerprint templates) and two
need a whole number (``7.5`` is not a slot, whereas ``vol.Coerce(int)`` would
take it as 7): those validators are here.

The schemas are registered nowhere: a schema failing at registration would
surface untranslated, and Home Assistant would log the raw call data,
secrets included, at debug level. The action adapters (``services``) apply
them with ``apply_schema``, which turns the first failure into a translated
``ServiceValidationError`` naming the field, never echoing its value.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from datetime import datetime
import re
from typing import Any, Final

from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import (
    IMAGE_MAX_BYTES,
    NAME_MAX_LENGTH,
    PIN_LENGTH_MAX,
    PIN_LENGTH_MIN,
    TEMPLATE_MAX_BYTES,
)
from .credential_record import SLOT_RANGES, CredentialKind
from .errors import validation_error

ATTR_PIN: Final = "pin"
ATTR_PIN_LENGTH: Final = "pin_length"
ATTR_SLOT: Final = "slot"
ATTR_NAME: Final = "name"
ATTR_VALID_FROM: Final = "valid_from"
ATTR_VALID_UNTIL: Final = "valid_until"
ATTR_FORCE: Final = "force"
ATTR_IMAGE: Final = "image"
ATTR_IMAGE_PATH: Final = "image_path"
ATTR_CAMERA: Final = "camera"
ATTR_TEMPLATE: Final = "template"
ATTR_PASSWORD: Final = "password"  # noqa: S105 - a field name
ATTR_AUTHORIZED_AT: Final = "authorized_at"
ATTR_CARD_ID: Final = "card_id"
ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_STAY_ID: Final = "stay_id"

TEMPLATE_SEPARATORS_RE: Final = re.compile(r"[\s:,;_.-]+")
HEX_BYTE_RE: Final = re.compile(r"^[0-9A-Fa-f]{2}$")


class FieldInvalid(vol.Invalid):
    """A field failed validation; carries the translation key to report."""

    def __init__(
        self, translation_key: str, placeholders: Mapping[str, str] | None = None
    ) -> None:
        """Keep the translation key and its placeholders."""
        super().__init__(translation_key)
        self.key = translation_key
        self.field_placeholders = dict(placeholders or {})


def refused_as(
    key: str, validator: Callable[[Any], Any], **placeholders: str
) -> Callable[[Any], Any]:
    """Run a validator; report any failure with the field's translation key."""

    def validate(value: Any) -> Any:
        try:
            return validator(value)
        except FieldInvalid:
            raise  # a validator that tells its own key (a size limit)
        except vol.Invalid, TypeError, ValueError:
            raise FieldInvalid(key, placeholders) from None

    return validate


def apply_schema(schema: vol.Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate action data; raise a translated error for the first problem."""
    try:
        result: dict[str, Any] = schema(dict(data))
    except vol.Invalid as err:
        first = err.errors[0] if isinstance(err, vol.MultipleInvalid) else err
        raise _translate(first) from None
    except TypeError, ValueError:
        # A validator choked on a value of an unexpected type.
        raise validation_error("invalid_field", field="-") from None
    return result


def _translate(err: vol.Invalid) -> ServiceValidationError:
    """Map one schema error to a translated error (never echoing the value)."""
    field = ".".join(str(part) for part in err.path) or "-"
    if isinstance(err, FieldInvalid):
        return validation_error(err.key, field=field, **err.field_placeholders)
    if isinstance(err, vol.RequiredFieldInvalid):
        return validation_error("missing_field", field=field)
    if isinstance(err, vol.ExtraKeysInvalid):
        return validation_error("unknown_field", field=field)
    return validation_error("invalid_field", field=field)


def whole_number(value: Any) -> int:
    """Return a whole number given as an int, a whole float or digits."""
    if isinstance(value, bool):
        raise vol.Invalid("not a number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return int(value)
    raise vol.Invalid("not a whole number")


def local_datetime(value: datetime) -> datetime:
    """Take a naive date-time in HA's time zone; keep to the second."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt_util.get_default_time_zone())
    # The platform knows date-times to the second; so does the registry.
    return value.replace(microsecond=0)


def image_bytes(value: Any) -> bytes:
    """Validate a base64 JPEG or PNG image (a ``data:`` URL too); return it."""
    text = cv.string(value).strip()
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]
    text = re.sub(r"\s+", "", text)
    if len(text) > (IMAGE_MAX_BYTES * 4) // 3 + 4:
        raise FieldInvalid("image_too_large", {"max_kib": str(IMAGE_MAX_BYTES // 1024)})
    try:
        image = base64.b64decode(text, validate=True)
    except binascii.Error, ValueError:
        raise FieldInvalid("invalid_image") from None
    if not image:
        raise FieldInvalid("invalid_image")
    return image


def template_text(value: Any) -> str:
    """Validate a hex fingerprint template; return it dash-joined, lower case.

    Accepted: plain hex (``abcdef``) or bytes separated by ``-``, ``:``,
    spaces, commas, dots or underscores (``ab-cd-ef``, ``AB CD EF``).
    """
    if not isinstance(value, str):
        raise vol.Invalid("not text")
    text = value.strip().removeprefix("0x").removeprefix("0X")
    if TEMPLATE_SEPARATORS_RE.search(text):
        groups = [group for group in TEMPLATE_SEPARATORS_RE.split(text) if group]
    else:
        groups = [text[i : i + 2] for i in range(0, len(text), 2)]
    if not groups or not all(HEX_BYTE_RE.fullmatch(group) for group in groups):
        raise vol.Invalid("not hex bytes")
    if len(groups) > TEMPLATE_MAX_BYTES:
        raise FieldInvalid("template_too_large", {"max": str(TEMPLATE_MAX_BYTES)})
    return "-".join(group.lower() for group in groups)


def _stripped(pattern: str) -> vol.All[Any]:
    """Text (numbers as typed in YAML) matching a pattern, stripped."""
    return vol.All(cv.string, vol.Strip, vol.Match(pattern))


def slot_value(kind: CredentialKind) -> Callable[[Any], Any]:
    """Return the validator of a slot number of a credential kind."""
    low, high = SLOT_RANGES[kind]
    return refused_as(
        "invalid_slot",
        vol.All(whole_number, vol.Range(min=low, max=high)),
        min=str(low),
        max=str(high),
    )


PIN: Final = refused_as(
    "invalid_pin", _stripped(rf"^\d{{{PIN_LENGTH_MIN},{PIN_LENGTH_MAX}}}$")
)
PIN_LENGTH: Final = refused_as(
    "invalid_pin_length",
    vol.All(whole_number, vol.Range(min=PIN_LENGTH_MIN, max=PIN_LENGTH_MAX)),
    min=str(PIN_LENGTH_MIN),
    max=str(PIN_LENGTH_MAX),
)
NAME: Final = refused_as(
    "invalid_name",
    vol.All(cv.string, vol.Strip, vol.Length(min=1, max=NAME_MAX_LENGTH)),
    max=str(NAME_MAX_LENGTH),
)
DATETIME: Final = refused_as("invalid_datetime", vol.All(cv.datetime, local_datetime))
OFFLINE_PASSWORD: Final = refused_as(
    "invalid_offline_password", _stripped(r"^\d{4,16}$")
)
CARD_ID: Final = refused_as(
    "invalid_card_id", vol.All(_stripped(r"^[0-9A-Fa-f]{2,32}$"), vol.Upper)
)
FORCE: Final = refused_as("invalid_boolean", cv.boolean)
CAMERA: Final = refused_as("invalid_camera", cv.entity_domain("camera"))
IMAGE_PATH: Final = refused_as(
    "invalid_image_path", vol.All(cv.string, vol.Strip, vol.Length(min=1))
)
IMAGE: Final = refused_as("invalid_image", image_bytes)
TEMPLATE: Final = refused_as("invalid_template", template_text)


def _schema(fields: Mapping[Any, Any]) -> vol.Schema:
    """Return an action schema with the entity target fields."""
    return vol.Schema({**cv.ENTITY_SERVICE_FIELDS, **fields})


def _slot_and_name(kind: CredentialKind) -> dict[Any, Any]:
    return {vol.Optional(ATTR_SLOT): slot_value(kind), vol.Optional(ATTR_NAME): NAME}


def clear_slot_schema(kind: CredentialKind) -> vol.Schema:
    """Return the schema of the clear action of a slotted credential."""
    return _schema(
        {**_slot_and_name(kind), vol.Optional(ATTR_FORCE, default=False): FORCE}
    )


SET_PIN_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_PIN): PIN,
        vol.Optional(ATTR_PIN_LENGTH): PIN_LENGTH,
        vol.Required(ATTR_VALID_UNTIL): DATETIME,
        **_slot_and_name(CredentialKind.PIN),
    }
)
SET_FACE_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_IMAGE): IMAGE,
        vol.Optional(ATTR_IMAGE_PATH): IMAGE_PATH,
        vol.Optional(ATTR_CAMERA): CAMERA,
        vol.Optional(ATTR_VALID_FROM): DATETIME,
        vol.Required(ATTR_VALID_UNTIL): DATETIME,
        **_slot_and_name(CredentialKind.FACE),
    }
)
SET_FINGERPRINT_SCHEMA: Final = _schema(
    {
        vol.Required(ATTR_TEMPLATE): TEMPLATE,
        vol.Optional(ATTR_VALID_FROM): DATETIME,
        vol.Required(ATTR_VALID_UNTIL): DATETIME,
        **_slot_and_name(CredentialKind.FINGERPRINT),
    }
)
GENERATE_OFFLINE_PASSWORD_SCHEMA: Final = _schema(
    {vol.Required(ATTR_VALID_UNTIL): DATETIME, vol.Optional(ATTR_NAME): NAME}
)
REVOKE_OFFLINE_PASSWORD_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_PASSWORD): OFFLINE_PASSWORD,
        vol.Optional(ATTR_NAME): NAME,
        vol.Optional(ATTR_VALID_UNTIL): DATETIME,
    }
)
STAY_ID: Final = refused_as(
    "invalid_stay_id", vol.All(cv.string, vol.Strip, vol.Length(min=1, max=64))
)
# With a stay, a card's window is the stay's; without one, valid_until is needed.
ISSUE_CARD_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_VALID_UNTIL): DATETIME,
        vol.Optional(ATTR_AUTHORIZED_AT): DATETIME,
        vol.Optional(ATTR_NAME): NAME,
        vol.Optional(ATTR_STAY_ID): STAY_ID,
    }
)
CLEAR_CARD_SCHEMA: Final = _schema(
    {
        vol.Optional(ATTR_CARD_ID): CARD_ID,
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
    }
)
READ_CARD_SCHEMA: Final = vol.Schema({vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string})
LIST_CREDENTIALS_SCHEMA: Final = _schema({})
