"""Shared helpers of the credential action tests."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime, timedelta
import hashlib
from typing import Any

from homeassistant.core import Event, HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.const import DOMAIN
from custom_components.hotel_lock.credential_record import CredentialRecord
from custom_components.hotel_lock.logbook import async_describe_events
from custom_components.hotel_lock.registry import CredentialRegistry
from simulator.platform import Platform
from tests.conftest import FIRST_RM_ID

# Smallest images the magic-byte checks accept: a JPEG and a PNG header.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(
    64
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
JPEG_B64 = base64.b64encode(JPEG).decode()
PNG_B64 = base64.b64encode(PNG).decode()
TEMPLATE = "AB CD EF 01 23 45 67 89"
TEMPLATE_SENT = "ab-cd-ef-01-23-45-67-89"

SECOND_LOCK = "lock.1_102"


def at(**delta: float) -> datetime:
    """Return now in HA's time zone shifted by a timedelta, to the second."""
    return (dt_util.now() + timedelta(**delta)).replace(microsecond=0)


def text(value: datetime) -> str:
    """Format a date-time as a user would type it."""
    return value.strftime("%Y-%m-%d %H:%M:%S")


def tomorrow() -> str:
    """Return tomorrow as action data."""
    return text(at(days=1))


async def act(
    hass: HomeAssistant, service: str, data: dict[str, Any], *, response: bool = True
) -> Any:
    """Call an action of the integration and return its response."""
    return await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=response
    )


def calls_of(platform: Platform, name: str) -> list[dict[str, Any]]:
    """Return the logged vendor calls of one name."""
    return [entry for entry in platform.log_dicts() if entry["call"] == name]


def opens(
    platform: Platform, kind: str, value: str | int, rm_id: str = FIRST_RM_ID
) -> bool:
    """Present a credential at a door."""
    return platform.present(rm_id, kind, value).opens


def digest(encoded: str) -> str:
    """Return the emulator's fingerprint of an uploaded image."""
    return hashlib.sha256(encoded.encode()).hexdigest()[:16]


def secrets_absent(events: list[Event], *secrets: str) -> None:
    """Assert that no event carries a secret."""
    for event in events:
        for secret in secrets:
            assert secret not in repr(event.data)


async def records(hass: HomeAssistant, entry: MockConfigEntry) -> list[Any]:
    """Return the registry's records of an entry."""
    return entry.runtime_data.registry.records()


async def put(
    registry: CredentialRegistry, record: CredentialRecord
) -> CredentialRecord:
    """Put one record into a registry (``async_update``); return it."""
    await registry.async_update(put=[record])
    return record


async def describe(hass: HomeAssistant, event: Event) -> dict[str, Any]:
    """Return the logbook entry the integration's describer gives an event."""
    described: dict[tuple[str, str], Callable[[Event], dict[str, Any]]] = {}

    def register(domain: str, event_type: str, func: Callable[[Event], Any]) -> None:
        described[(domain, event_type)] = func

    async_describe_events(hass, register)
    # The logbook describes events in its worker thread.
    return await hass.async_add_executor_job(
        described[(DOMAIN, event.event_type)], event
    )
