"""The checks of plain values every caller of the credential desk gets.

PIN, PIN length, slot, name, validity window, face photo and fingerprint
template: each refused with the integration's translated
``ServiceValidationError`` before anything is sent. The desk
(``credentials``, ``credential_cards``) runs them on every call, so that a
caller other than an action (the stay book, the Front desk) is held to the
same rules; the stay rules (``stay_rules``) use them too.
"""

from __future__ import annotations

from datetime import datetime
import re
import secrets
import string
from typing import Final

from homeassistant.util import dt as dt_util

from .const import IMAGE_MAX_BYTES, NAME_MAX_LENGTH, PIN_LENGTH_MAX, PIN_LENGTH_MIN
from .credential_record import SLOT_RANGES, CredentialKind
from .errors import validation_error

PIN_RE: Final = re.compile(rf"^\d{{{PIN_LENGTH_MIN},{PIN_LENGTH_MAX}}}$")
TEMPLATE_RE: Final = re.compile(r"^[0-9a-f]{2}(-[0-9a-f]{2})*$")
JPEG_MAGIC: Final = b"\xff\xd8\xff"
PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"


def now() -> datetime:
    """Return now in HA's time zone, to the second (as the platform keeps it)."""
    return dt_util.now().replace(microsecond=0)


def to_the_second(value: datetime) -> datetime:
    """Return an aware date-time to the second; a naive one is a caller's bug."""
    if value.utcoffset() is None:
        raise ValueError("Credential date-times must be aware")
    return value.replace(microsecond=0)


def generate_pin(length: int) -> str:
    """Draw a PIN of random digits from the operating system's secure source."""
    return "".join(secrets.choice(string.digits) for _ in range(length))


def check_pin_length(pin_length: int) -> int:
    """Refuse a PIN length the locks do not take."""
    if not PIN_LENGTH_MIN <= pin_length <= PIN_LENGTH_MAX:
        raise validation_error(
            "invalid_pin_length", min=str(PIN_LENGTH_MIN), max=str(PIN_LENGTH_MAX)
        )
    return pin_length


def check_pin(pin: str | None, pin_length: int) -> str:
    """Return the PIN given, or one drawn of ``pin_length`` digits."""
    if pin is not None:
        if not PIN_RE.fullmatch(pin):
            raise validation_error("invalid_pin")
        return pin
    return generate_pin(check_pin_length(pin_length))


def check_image(image: bytes) -> None:
    """Refuse anything but a JPEG or PNG of reasonable size."""
    if len(image) > IMAGE_MAX_BYTES:
        raise validation_error("image_too_large", max_kib=str(IMAGE_MAX_BYTES // 1024))
    if not image.startswith((JPEG_MAGIC, PNG_MAGIC)):
        raise validation_error("invalid_image_type")


def check_template(template: str) -> None:
    """Refuse a fingerprint template not in the platform's form (ab-cd-ef)."""
    if not TEMPLATE_RE.fullmatch(template):
        raise validation_error("invalid_template")


def check_slot(kind: CredentialKind, slot: int | None) -> None:
    """Refuse a slot outside the kind's range."""
    low, high = SLOT_RANGES[kind]
    if slot is not None and not low <= slot <= high:
        raise validation_error("invalid_slot", min=str(low), max=str(high))


def check_name(name: str | None) -> None:
    """Refuse an empty or overlong label."""
    if name is not None and not 0 < len(name.strip()) <= NAME_MAX_LENGTH:
        raise validation_error("invalid_name", max=str(NAME_MAX_LENGTH))


def check_window(
    valid_from: datetime | None, valid_until: datetime
) -> tuple[datetime, datetime]:
    """Return the window to the second; refuse an expiry past or not after start.

    The start is now when ``valid_from`` is None.
    """
    start = now()
    valid_until = to_the_second(valid_until)
    valid_from = start if valid_from is None else to_the_second(valid_from)
    if valid_until <= start:
        raise validation_error("expiry_in_past")
    if valid_until <= valid_from:
        raise validation_error("expiry_before_start")
    return valid_from, valid_until
