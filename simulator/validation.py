"""Checks of request fields, each failing with the platform's kind of message."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
import re

from .model import DATETIME_FORMAT

_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_DIGITS_RE = re.compile(r"[0-9]+")
_PIN_RE = re.compile(r"[0-9]{6,10}")
_HEXS_RE = re.compile(r"[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2})*")
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

PIN_SLOT_MIN = 1
PIN_SLOT_MAX = 255
BIO_SLOT_MIN = 1
BIO_SLOT_MAX = 49


class ApiError(Exception):
    """A call failed; the platform answers code 0 with this message."""

    def __init__(self, msg: str, code: int = 0) -> None:
        """Keep the message and the code."""
        super().__init__(msg)
        self.msg = msg
        self.code = code


def required(fields: dict[str, str], name: str) -> str:
    """Return a required field, failing when it is missing or empty."""
    value = fields.get(name, "").strip()
    if not value:
        msg = f"缺少参数 {name} (missing field {name})"
        raise ApiError(msg)
    return value


def optional(fields: dict[str, str], name: str) -> str | None:
    """Return an optional field, None when it is missing or empty."""
    value = fields.get(name, "").strip()
    return value or None


def date_time(fields: dict[str, str], name: str) -> datetime:
    """Parse a `yyyy-MM-dd HH:mm:ss` field (naive, platform local time)."""
    value = required(fields, name)
    if _DATETIME_RE.fullmatch(value):
        try:
            return datetime.strptime(value, DATETIME_FORMAT)  # noqa: DTZ007
        except ValueError:
            pass
    msg = (
        f"参数 {name} 时间格式错误,应为 yyyy-MM-dd HH:mm:ss "
        f"({name} must be a date-time yyyy-MM-dd HH:mm:ss, got {value!r})"
    )
    raise ApiError(msg)


def expiry(
    fields: dict[str, str], now: datetime, start: datetime | None = None
) -> datetime:
    """Parse `unValid`: it must lie in the future and after `start`."""
    until = date_time(fields, "unValid")
    if until <= now:
        msg = f"有效期结束时间已过 (unValid {until:{DATETIME_FORMAT}} is in the past)"
        raise ApiError(msg)
    if start is not None and until <= start:
        msg = (
            f"有效期结束时间早于开始时间 (unValid {until:{DATETIME_FORMAT}} "
            f"is not after abkp {start:{DATETIME_FORMAT}})"
        )
        raise ApiError(msg)
    return until


def slot(fields: dict[str, str], low: int, high: int) -> int:
    """Parse the slot number `m1`, an integer in [low, high]."""
    value = required(fields, "m1")
    if not _DIGITS_RE.fullmatch(value) or not low <= int(value) <= high:
        msg = f"序号 m1 超出范围 {low}-{high} (m1 must be an integer {low}-{high}, got {value!r})"
        raise ApiError(msg)
    return int(value)


def pin(fields: dict[str, str]) -> str:
    """Parse `pwd`: 6 to 10 digits."""
    value = required(fields, "pwd")
    if not _PIN_RE.fullmatch(value):
        msg = "密码必须是6-10位数字 (pwd must be 6 to 10 digits)"
        raise ApiError(msg)
    return value


def image(fields: dict[str, str]) -> tuple[str, int]:
    """Parse `base64`: a JPEG or PNG image; return its format and size."""
    value = required(fields, "base64")
    try:
        raw = base64.b64decode(value, validate=True)
    except binascii.Error, ValueError:
        msg = "人脸图片数据不是有效的base64 (base64 is not valid base64 data)"
        raise ApiError(msg) from None
    if raw.startswith(_JPEG_MAGIC):
        return "jpeg", len(raw)
    if raw.startswith(_PNG_MAGIC):
        return "png", len(raw)
    msg = "人脸图片必须是jpg或png格式 (base64 must decode to a JPEG or PNG image)"
    raise ApiError(msg)


def hexs(fields: dict[str, str]) -> str:
    """Parse `hexs`: hex bytes joined by dashes (`ab-cd-ef`)."""
    value = required(fields, "hexs")
    if not _HEXS_RE.fullmatch(value):
        msg = "指纹数据格式错误 (hexs must be hex bytes joined by '-', like ab-cd-ef)"
        raise ApiError(msg)
    return value
