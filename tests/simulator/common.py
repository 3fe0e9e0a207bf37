"""Shared helpers for the emulator's tests."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
import struct
from typing import Any
import zlib

import aiohttp

from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform

AUTH = {"appid": DEFAULT_APPID, "appsecret": DEFAULT_APPSECRET}
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def fmt(value: datetime) -> str:
    """Format a date-time like the platform."""
    return value.strftime(DATETIME_FORMAT)


def at(platform: Platform, **delta: float) -> str:
    """Return the platform's local time shifted by `delta`, formatted."""
    return fmt(platform.now() + timedelta(**delta))


def first_room(platform: Platform) -> str:
    """Return the id of the first room."""
    return next(iter(platform.rooms))


async def call(platform: Platform, name: str, **fields: Any) -> dict[str, Any]:
    """Run a vendor call in-process with the default credentials."""
    reply = await platform.call(
        name, {**AUTH, **{k: str(v) for k, v in fields.items()}}
    )
    assert reply.status == 200
    answer: dict[str, Any] = reply.json()
    assert set(answer) == {"code", "msg", "data"}
    return answer


async def ok(platform: Platform, name: str, **fields: Any) -> Any:
    """Run a vendor call that must succeed; return its data."""
    answer = await call(platform, name, **fields)
    assert answer["code"] == 1, answer
    return answer["data"]


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


# A 1x1 PNG and the start of a JPEG (SOI + JFIF APP0 segment).
PNG_B64 = base64.b64encode(_png()).decode()
JPEG_B64 = base64.b64encode(
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
).decode()


async def vendor(url: str, name: str, **fields: Any) -> tuple[int, str, str]:
    """POST a form-encoded vendor call; return status, content type and body."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{url}/Api/{name}",
            data={**AUTH, **{k: str(v) for k, v in fields.items()}},
        ) as response,
    ):
        return response.status, response.content_type, await response.text()


async def control(
    url: str, method: str, path: str, body: Any = None
) -> tuple[int, Any]:
    """Call the control plane; return status and decoded JSON (or text)."""
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, f"{url}{path}", json=body) as response,
    ):
        if response.content_type == "application/json":
            return response.status, await response.json()
        return response.status, await response.text()
