"""Validation of the credential actions' fields.

Everything is checked before any request leaves for the platform. The action
schemas (in ``schemas``) are built of the validators here and registered
nowhere: the action handlers apply them with ``apply_schema``, which turns
every failure into a translated ``ServiceValidationError`` (a failing schema
at registration time would surface untranslated, and Home Assistant would log
the raw call data, secrets included, at debug level).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from datetime import datetime
import re
from typing import Any, Final

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import DOMAIN
from .registry import SLOT_RANGES, CredentialKind

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

PIN_LENGTH_MIN: Final = 6
PIN_LENGTH_MAX: Final = 10
DEFAULT_PIN_LENGTH: Final = 6
PIN_RE: Final = re.compile(rf"^\d{{{PIN_LENGTH_MIN},{PIN_LENGTH_MAX}}}$")
OFFLINE_PASSWORD_RE: Final = re.compile(r"^\d{4,16}$")
CARD_ID_RE: Final = re.compile(r"^[0-9A-Fa-f]{2,32}$")
NAME_MAX_LENGTH: Final = 64
# A face photo for a lock is small; anything larger than this is refused.
IMAGE_MAX_BYTES: Final = 1024 * 1024
# Fingerprint templates of these locks are a few hundred bytes to a few KiB.
TEMPLATE_MAX_BYTES: Final = 8192
TEMPLATE_SEPARATORS_RE: Final = re.compile(r"[\s:,;_.-]+")
JPEG_MAGIC: Final = b"\xff\xd8\xff"
PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"


class FieldInvalid(vol.Invalid):
    """A field failed validation; carries the translation key to report."""

    def __init__(
        self, translation_key: str, placeholders: Mapping[str, str] | None = None
    ) -> None:
        """Keep the translation key and its placeholders."""
        super().__init__(
            translation_key,
            translation_key=translation_key,
            placeholders=dict(placeholders or {}),
        )
        self.key = translation_key
        self.field_placeholders = dict(placeholders or {})


def validation_error(key: str, **placeholders: str) -> ServiceValidationError:
    """Return a translated validation error of this integration."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


def _field_name(err: vol.Invalid) -> str:
    """Return the dotted path of the field an error is about."""
    return ".".join(str(part) for part in err.path) or "-"


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
    field = _field_name(err)
    if isinstance(err, FieldInvalid):
        return validation_error(err.key, field=field, **err.field_placeholders)
    if isinstance(err, vol.RequiredFieldInvalid):
        return validation_error("missing_field", field=field)
    if isinstance(err, vol.ExtraKeysInvalid):
        return validation_error("unknown_field", field=field)
    return validation_error("invalid_field", field=field)


def _matching_text(value: Any, pattern: re.Pattern[str], key: str) -> str:
    """Return a string or number as stripped text matching a pattern.

    Numbers are taken as typed in YAML; booleans and anything else are
    refused, as is text not matching, with the field's own translation key.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldInvalid(key)
    text = str(value).strip()
    if not pattern.fullmatch(text):
        raise FieldInvalid(key)
    return text


def pin_value(value: Any) -> str:
    """Validate a PIN: 6-10 digits, kept as a string (leading zeros stay)."""
    return _matching_text(value, PIN_RE, "invalid_pin")


def offline_password_value(value: Any) -> str:
    """Validate an offline (algorithm) password: digits only."""
    return _matching_text(value, OFFLINE_PASSWORD_RE, "invalid_offline_password")


def _whole_number(value: Any) -> int | None:
    """Return a whole number given as an int, a whole float or digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def slot_value(kind: CredentialKind) -> Callable[[Any], int]:
    """Return a validator of a slot number of a credential kind."""
    low, high = SLOT_RANGES[kind]

    def validate(value: Any) -> int:
        slot = _whole_number(value)
        if slot is None or not low <= slot <= high:
            raise FieldInvalid("invalid_slot", {"min": str(low), "max": str(high)})
        return slot

    return validate


def pin_length_value(value: Any) -> int:
    """Validate the number of digits of a PIN to draw."""
    length = _whole_number(value)
    if length is None or not PIN_LENGTH_MIN <= length <= PIN_LENGTH_MAX:
        raise FieldInvalid(
            "invalid_pin_length",
            {"min": str(PIN_LENGTH_MIN), "max": str(PIN_LENGTH_MAX)},
        )
    return length


def name_value(value: Any) -> str:
    """Validate a label: a non-empty string of limited length."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise FieldInvalid("invalid_name", {"max": str(NAME_MAX_LENGTH)})
    text = str(value).strip()
    if not text or len(text) > NAME_MAX_LENGTH:
        raise FieldInvalid("invalid_name", {"max": str(NAME_MAX_LENGTH)})
    return text


def now() -> datetime:
    """Return now in HA's time zone, to the second (as the platform keeps it)."""
    return dt_util.now().replace(microsecond=0)


def datetime_value(value: Any) -> datetime:
    """Validate a date-time; naive values are taken in HA's time zone.

    An offset given with the value is kept: the client converts every
    date-time to the platform's local time when it sends it.
    """
    if isinstance(value, datetime):
        parsed: datetime | None = value
    elif isinstance(value, str):
        try:
            parsed = dt_util.parse_datetime(value.strip())
        except ValueError:  # well-formed but impossible, like February 30
            parsed = None
    else:
        parsed = None
    if parsed is None:
        raise FieldInvalid("invalid_datetime")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt_util.get_default_time_zone())
    # The platform knows date-times to the second; so does the registry.
    return parsed.replace(microsecond=0)


def image_base64_value(value: Any) -> bytes:
    """Validate a base64 JPEG or PNG image and return its bytes."""
    if not isinstance(value, str) or not value.strip():
        raise FieldInvalid("invalid_image")
    text = value.strip()
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]
    text = re.sub(r"\s+", "", text)
    if len(text) > (IMAGE_MAX_BYTES * 4) // 3 + 4:
        raise FieldInvalid("image_too_large", {"max_kib": str(IMAGE_MAX_BYTES // 1024)})
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error, ValueError:
        raise FieldInvalid("invalid_image") from None
    check_image(data)
    return data


def check_image(data: bytes) -> None:
    """Refuse anything but a JPEG or PNG of reasonable size."""
    if len(data) > IMAGE_MAX_BYTES:
        raise FieldInvalid("image_too_large", {"max_kib": str(IMAGE_MAX_BYTES // 1024)})
    if not data.startswith((JPEG_MAGIC, PNG_MAGIC)):
        raise FieldInvalid("invalid_image_type")


def template_value(value: Any) -> str:
    """Validate a hex fingerprint template; return it dash-joined, lower case.

    Accepted: plain hex (``abcdef``) or bytes separated by ``-``, ``:``,
    spaces, commas, dots or underscores (``ab-cd-ef``, ``AB CD EF``).
    """
    if not isinstance(value, str):
        raise FieldInvalid("invalid_template")
    text = value.strip()
    if text.lower().startswith("0x"):
        text = text[2:]
    if TEMPLATE_SEPARATORS_RE.search(text):
        groups = [group for group in TEMPLATE_SEPARATORS_RE.split(text) if group]
        if not groups or any(len(group) != 2 for group in groups):
            raise FieldInvalid("invalid_template")
    else:
        if not text or len(text) % 2:
            raise FieldInvalid("invalid_template")
        groups = [text[i : i + 2] for i in range(0, len(text), 2)]
    if any(not re.fullmatch(r"[0-9A-Fa-f]{2}", group) for group in groups):
        raise FieldInvalid("invalid_template")
    if len(groups) > TEMPLATE_MAX_BYTES:
        raise FieldInvalid("template_too_large", {"max": str(TEMPLATE_MAX_BYTES)})
    return "-".join(group.lower() for group in groups)


def card_id_value(value: Any) -> str:
    """Validate a card ID: hex digits as the encoder reports them."""
    return _matching_text(value, CARD_ID_RE, "invalid_card_id").upper()


def force_value(value: Any) -> bool:
    """Validate the force flag."""
    try:
        return bool(cv.boolean(value))
    except vol.Invalid:
        raise FieldInvalid("invalid_boolean") from None


def camera_value(value: Any) -> str:
    """Validate a camera entity ID."""
    try:
        entity_id = cv.entity_id(value)
    except vol.Invalid:
        raise FieldInvalid("invalid_camera") from None
    if not entity_id.startswith("camera."):
        raise FieldInvalid("invalid_camera")
    return entity_id


def image_path_value(value: Any) -> str:
    """Validate a file path (whether HA may read it is checked later)."""
    if not isinstance(value, str) or not value.strip():
        raise FieldInvalid("invalid_image_path")
    return value.strip()


def has_target(data: Mapping[str, Any]) -> bool:
    """Return True when the call names any target (entity, device, area...)."""
    return any(
        data.get(key) not in (None, [], "none")
        for key in (ATTR_ENTITY_ID, "device_id", "area_id", "floor_id", "label_id")
    )


def check_validity(
    valid_from: datetime | None, valid_until: datetime, now: datetime
) -> None:
    """Refuse an expiry that is not in the future or not after the start."""
    if valid_until <= now:
        raise validation_error("expiry_in_past")
    if valid_from is not None and valid_until <= valid_from:
        raise validation_error("expiry_before_start")
