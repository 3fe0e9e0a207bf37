"""Malformed action calls: each refused, translated, before any request leaves."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_translations
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock import service_schemas as schemas
from custom_components.hotel_lock.const import (
    DOMAIN,
    IMAGE_MAX_BYTES,
    TEMPLATE_MAX_BYTES,
)
from custom_components.hotel_lock.credential_record import (
    CredentialKind,
    CredentialRecord,
)
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.services_common import (
    JPEG,
    JPEG_B64,
    SECOND_LOCK,
    TEMPLATE,
    act,
    at,
    put,
    text,
)

# Date-times are filled in when the test runs, in HA's time zone.
PAST = "@past"
LATER = "@later"
TOMORROW = "@tomorrow"
GIF_B64 = base64.b64encode(b"GIF89a" + bytes(32)).decode()
HUGE_B64 = base64.b64encode(JPEG + bytes(IMAGE_MAX_BYTES)).decode()
HUGE_TEMPLATE = "ab" * (TEMPLATE_MAX_BYTES + 1)
PIN_TARGET = {"entity_id": FIRST_LOCK}


def pin(**data: Any) -> dict[str, Any]:
    """Return set_pin data with the given changes (None removes a field)."""
    base = {**PIN_TARGET, "pin": "123456", "valid_until": TOMORROW}
    return {k: v for k, v in {**base, **data}.items() if v is not None}


def face(**data: Any) -> dict[str, Any]:
    """Return set_face data with the given changes."""
    base = {**PIN_TARGET, "image": JPEG_B64, "valid_until": TOMORROW}
    return {k: v for k, v in {**base, **data}.items() if v is not None}


def finger(**data: Any) -> dict[str, Any]:
    """Return set_fingerprint data with the given changes."""
    base = {**PIN_TARGET, "template": TEMPLATE, "valid_until": TOMORROW}
    return {k: v for k, v in {**base, **data}.items() if v is not None}


# (action, data, translation key) — the registry holds a PIN "Ann" in slot 1
# and an offline password "Pw" of the first room; tmp files are under ALLOWED.
ALLOWED = "/tmp/hotel-lock-allowed"  # noqa: S108 - only compared, never written
MALFORMED: list[tuple[str, dict[str, Any], str]] = [
    ("set_pin", pin(pin_length=8), "pin_with_pin_length"),
    ("set_pin", pin(pin=None, pin_length=5), "invalid_pin_length"),
    ("set_pin", pin(pin=None, pin_length=11), "invalid_pin_length"),
    ("set_pin", pin(pin=None, pin_length="six"), "invalid_pin_length"),
    ("set_pin", pin(pin=None, pin_length=7.5), "invalid_pin_length"),
    ("set_pin", pin(pin=None, pin_length=True), "invalid_pin_length"),
    ("set_pin", pin(pin=None, valid_until=None), "missing_field"),
    ("set_pin", pin(pin="12345"), "invalid_pin"),
    ("set_pin", pin(pin="12345678901"), "invalid_pin"),
    ("set_pin", pin(pin="12a456"), "invalid_pin"),
    ("set_pin", pin(pin=12345), "invalid_pin"),
    ("set_pin", pin(pin=True), "invalid_pin"),
    ("set_pin", pin(pin=["123456"]), "invalid_pin"),
    ("set_pin", pin(pin="123 456"), "invalid_pin"),
    ("set_pin", pin(valid_until=None), "missing_field"),
    ("set_pin", pin(valid_until="tomorrow"), "invalid_datetime"),
    ("set_pin", pin(valid_until="2026-02-30 10:00:00"), "invalid_datetime"),
    ("set_pin", pin(valid_until=PAST), "expiry_in_past"),
    ("set_pin", pin(slot=0), "invalid_slot"),
    ("set_pin", pin(slot=101), "invalid_slot"),
    ("set_pin", pin(slot="two"), "invalid_slot"),
    ("set_pin", pin(slot=1.5), "invalid_slot"),
    ("set_pin", pin(slot=True), "invalid_slot"),
    ("set_pin", pin(name=""), "invalid_name"),
    ("set_pin", pin(name="x" * 65), "invalid_name"),
    ("set_pin", pin(name="Ann", slot=5), "name_in_use"),
    ("set_pin", pin(entity_id=None), "no_room_targeted"),
    ("set_pin", pin(entity_id="light.kitchen"), "not_a_room_lock"),
    ("set_pin", pin(entity_id="lock.nowhere"), "not_a_room_lock"),
    ("set_pin", pin(entity_id=[FIRST_LOCK, SECOND_LOCK]), "multiple_rooms"),
    ("set_pin", pin(entity_id=None, area_id="nowhere"), "no_room_targeted"),
    ("set_pin", pin(code="1234"), "unknown_field"),
    ("set_pin", pin(entity_id=42), "invalid_field"),
    ("clear_pin", {**PIN_TARGET}, "slot_or_name_required"),
    ("clear_pin", {**PIN_TARGET, "slot": 9}, "unknown_slot"),
    ("clear_pin", {**PIN_TARGET, "slot": 9, "force": False}, "unknown_slot"),
    ("clear_pin", {**PIN_TARGET, "name": "Nobody"}, "unknown_name"),
    ("clear_pin", {**PIN_TARGET, "name": "Ann", "slot": 2}, "slot_name_mismatch"),
    ("clear_pin", {**PIN_TARGET, "slot": 9, "force": "maybe"}, "invalid_boolean"),
    ("clear_pin", {**PIN_TARGET, "slot": 101, "force": True}, "invalid_slot"),
    ("clear_pin", {"entity_id": SECOND_LOCK, "name": "Ann"}, "unknown_name"),
    ("set_face", face(image=None), "one_image_source"),
    ("set_face", face(camera="camera.door"), "one_image_source"),
    ("set_face", face(image="***not base64***"), "invalid_image"),
    ("set_face", face(image=""), "invalid_image"),
    ("set_face", face(image=GIF_B64), "invalid_image_type"),
    ("set_face", face(image=HUGE_B64), "image_too_large"),
    ("set_face", face(image=None, image_path="/etc/passwd"), "image_path_not_allowed"),
    (
        "set_face",
        face(image=None, image_path=f"{ALLOWED}/none.jpg"),
        "image_path_unreadable",
    ),
    (
        "set_face",
        face(image=None, image_path=f"{ALLOWED}/note.txt"),
        "invalid_image_type",
    ),
    ("set_face", face(image=None, image_path=f"{ALLOWED}/big.jpg"), "image_too_large"),
    ("set_face", face(image=None, image_path=""), "invalid_image_path"),
    ("set_face", face(image=None, camera="light.kitchen"), "invalid_camera"),
    ("set_face", face(image=None, camera="camera.none"), "camera_unavailable"),
    ("set_face", face(slot=50), "invalid_slot"),
    ("set_face", face(valid_from=LATER), "expiry_before_start"),
    ("set_face", face(valid_from="soon"), "invalid_datetime"),
    ("set_face", face(valid_until=PAST), "expiry_in_past"),
    ("set_fingerprint", finger(template="xyz"), "invalid_template"),
    ("set_fingerprint", finger(template="abc"), "invalid_template"),
    ("set_fingerprint", finger(template="ab-c-de"), "invalid_template"),
    ("set_fingerprint", finger(template=""), "invalid_template"),
    ("set_fingerprint", finger(template=1234), "invalid_template"),
    ("set_fingerprint", finger(template=HUGE_TEMPLATE), "template_too_large"),
    ("set_fingerprint", finger(template=None), "missing_field"),
    ("set_fingerprint", finger(slot=0), "invalid_slot"),
    ("clear_face", {**PIN_TARGET, "slot": 3}, "unknown_slot"),
    ("clear_fingerprint", {**PIN_TARGET, "name": "Ann"}, "unknown_name"),
    ("generate_offline_password", {**PIN_TARGET}, "missing_field"),
    (
        "generate_offline_password",
        {**PIN_TARGET, "valid_until": PAST},
        "expiry_in_past",
    ),
    (
        "generate_offline_password",
        {**PIN_TARGET, "valid_until": TOMORROW, "name": "pw"},
        "name_in_use",
    ),
    ("revoke_offline_password", {**PIN_TARGET}, "password_or_name_required"),
    (
        "revoke_offline_password",
        {**PIN_TARGET, "password": "abc"},
        "invalid_offline_password",
    ),
    (
        "revoke_offline_password",
        {**PIN_TARGET, "password": "99999"},
        "unknown_offline_password",
    ),
    ("revoke_offline_password", {**PIN_TARGET, "name": "Nobody"}, "unknown_name"),
    (
        "revoke_offline_password",
        {**PIN_TARGET, "name": "Pw", "password": "11111"},
        "password_name_mismatch",
    ),
    ("issue_card", {**PIN_TARGET}, "missing_field"),
    (
        "issue_card",
        {**PIN_TARGET, "valid_until": TOMORROW, "authorized_at": LATER},
        "expiry_before_start",
    ),
    ("issue_card", {**PIN_TARGET, "valid_until": 12345}, "invalid_datetime"),
    ("clear_card", {}, "room_or_card_id_required"),
    ("clear_card", {**PIN_TARGET, "card_id": "03F56240"}, "room_or_card_id_required"),
    ("clear_card", {"card_id": "zz"}, "invalid_card_id"),
    ("clear_card", {**PIN_TARGET, "config_entry_id": "x"}, "config_entry_with_target"),
    ("read_card", {"card": "x"}, "unknown_field"),
    ("list_credentials", {"entity_id": "light.kitchen"}, "not_a_room_lock"),
    ("list_credentials", {"area_id": "nowhere"}, "no_room_targeted"),
]


@pytest.fixture
async def prepared(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    tmp_path: Path,
) -> MockConfigEntry:
    """Registry records to collide with, and files to read."""
    registry = init_integration.runtime_data.registry
    now = at()
    await put(
        registry,
        CredentialRecord(
            room_id=FIRST_RM_ID,
            kind=CredentialKind.PIN,
            slot=1,
            name="Ann",
            valid_until=at(days=1),
            created=now,
        ),
    )
    await put(
        registry,
        CredentialRecord(
            room_id=FIRST_RM_ID,
            kind=CredentialKind.OFFLINE_PASSWORD,
            name="Pw",
            valid_until=at(days=1),
            created=now,
            password="0356241",
        ),
    )
    (tmp_path / "note.txt").write_text("not an image")
    (tmp_path / "big.jpg").write_bytes(JPEG + bytes(IMAGE_MAX_BYTES))
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    return init_integration


def _fill(value: Any, tmp_path: Path) -> Any:
    """Replace the date-time and folder markers of a case."""
    if not isinstance(value, str):
        return value
    times = {PAST: at(hours=-1), LATER: at(days=2), TOMORROW: at(days=1)}
    if value in times:
        return text(times[value])
    return value.replace(ALLOWED, str(tmp_path))


async def test_image_file_that_cannot_be_read(
    hass: HomeAssistant, platform: Platform, prepared: MockConfigEntry, tmp_path: Path
) -> None:
    """A file Home Assistant may not open (or whose disk fails): translated."""
    photo = tmp_path / "locked.jpg"
    photo.write_bytes(JPEG)
    calls_before = len(platform.log_dicts())
    data = {
        k: _fill(v, tmp_path)
        for k, v in face(image=None, image_path=str(photo)).items()
    }
    with (
        patch.object(Path, "open", side_effect=PermissionError(13, "denied")),
        pytest.raises(ServiceValidationError) as err,
    ):
        await act(hass, "set_face", data)
    assert err.value.translation_key == "image_path_unreadable"
    assert err.value.translation_placeholders == {"path": str(photo)}
    assert len(platform.log_dicts()) == calls_before


@pytest.mark.parametrize(
    ("action", "data", "key"),
    MALFORMED,
    ids=[f"{i:02d}-{a}-{k}" for i, (a, _, k) in enumerate(MALFORMED)],
)
async def test_malformed_call_refused(
    hass: HomeAssistant,
    platform: Platform,
    prepared: MockConfigEntry,
    tmp_path: Path,
    *,
    action: str,
    data: dict[str, Any],
    key: str,
) -> None:
    """Each malformed call: a translated error, and nothing reaches the platform."""
    data = {k: _fill(v, tmp_path) for k, v in data.items()}
    calls_before = len(platform.log_dicts())
    registry = prepared.runtime_data.registry
    records_before = registry.records()
    with pytest.raises(ServiceValidationError) as err:
        await act(hass, action, data, response=True)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    # The message is translated, with every placeholder filled.
    messages = await async_get_translations(hass, "en", "exceptions", [DOMAIN])
    template = messages[f"component.{DOMAIN}.exceptions.{key}.message"]
    placeholders = err.value.translation_placeholders or {}
    assert str(err.value) == template.format(**placeholders)
    assert len(platform.log_dicts()) == calls_before, "a request reached the platform"
    assert registry.records() == records_before


async def test_drawn_pin_needs_the_response(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A PIN nobody would learn is not drawn: the response must be asked for."""
    calls_before = len(platform.log_dicts())
    data = {k: _fill(v, Path()) for k, v in pin(pin=None).items()}
    with pytest.raises(ServiceValidationError) as err:
        await act(hass, "set_pin", data, response=False)
    assert err.value.translation_key == "pin_response_required"
    assert len(platform.log_dicts()) == calls_before
    registry = init_integration.runtime_data.registry
    assert registry.records() == []


async def test_room_gone_from_platform(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A lock whose room the platform stopped listing is refused."""
    coordinator = init_integration.runtime_data.coordinator
    coordinator.data.pop(FIRST_RM_ID)
    calls_before = len(platform.log_dicts())
    with pytest.raises(ServiceValidationError) as err:
        await act(hass, "set_pin", {k: _fill(v, Path()) for k, v in pin().items()})
    assert err.value.translation_key == "unknown_room"
    assert len(platform.log_dicts()) == calls_before


async def test_entry_not_loaded(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A lock of an unloaded entry is refused."""
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    # The entity stays registered while its entry is unloaded.
    assert er.async_get(hass).async_get(FIRST_LOCK) is not None
    with pytest.raises(ServiceValidationError) as err:
        await act(hass, "set_pin", {k: _fill(v, Path()) for k, v in pin().items()})
    assert err.value.translation_key == "entry_not_loaded"


async def test_no_free_slot(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """With every face slot taken, automatic choice is refused."""
    registry = init_integration.runtime_data.registry
    await registry.async_update(
        put=[
            CredentialRecord(
                room_id=FIRST_RM_ID,
                kind=CredentialKind.FACE,
                slot=slot,
                valid_until=at(days=1),
                created=at(),
            )
            for slot in range(1, 50)
        ]
    )
    calls_before = len(platform.log_dicts())
    with pytest.raises(ServiceValidationError) as err:
        await act(hass, "set_face", {k: _fill(v, Path()) for k, v in face().items()})
    assert err.value.translation_key == "no_free_slot_face"
    assert str(err.value) == "Every face slot of this room is in use. Clear one first"
    assert len(platform.log_dicts()) == calls_before


@pytest.mark.parametrize(
    ("validator", "value", "expected"),
    [
        (schemas.slot_value(CredentialKind.PIN), "7", 7),
        (schemas.slot_value(CredentialKind.PIN), 7.0, 7),
        (schemas.PIN_LENGTH, " 8 ", 8),
        (schemas.PIN_LENGTH, 10.0, 10),
        (schemas.OFFLINE_PASSWORD, 356241, "356241"),
        (schemas.NAME, 4711, "4711"),
        (schemas.CARD_ID, " 03f56240 ", "03F56240"),
        (schemas.TEMPLATE, "0xABCDEF", "ab-cd-ef"),
        (schemas.TEMPLATE, "ab:cd:ef", "ab-cd-ef"),
        (schemas.CAMERA, "camera.door", "camera.door"),
        (schemas.FORCE, "yes", True),
        (schemas.IMAGE, f"data:image/jpeg;base64,{JPEG_B64}", JPEG),
    ],
)
def test_accepted_forms(validator: Any, value: Any, expected: Any) -> None:
    """The lenient forms a user may type are accepted and normalized."""
    assert validator(value) == expected


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (schemas.OFFLINE_PASSWORD, 1.5),
        (schemas.NAME, None),
        (schemas.CARD_ID, None),
        (schemas.TEMPLATE, "zz-yy"),
        (schemas.CAMERA, "not an entity"),
    ],
)
def test_refused_forms(validator: Any, value: Any) -> None:
    """Values of the wrong type are refused with the field's own key."""
    with pytest.raises(schemas.FieldInvalid):
        validator(value)


def test_datetime_objects_taken_in_local_time(hass: HomeAssistant) -> None:
    """A datetime (from a template) is kept; a naive one is local time."""
    aware = at(days=1)
    assert schemas.DATETIME(aware) == aware
    naive = aware.replace(tzinfo=None)
    assert schemas.DATETIME(naive) == aware


async def test_schema_type_error_translated(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A value of a type no validator expects is still a translated error."""
    calls_before = len(platform.log_dicts())
    with pytest.raises(ServiceValidationError) as err:
        await act(hass, "read_card", {"config_entry_id": ["a", "b"]})
    assert err.value.translation_key == "invalid_field"
    assert err.value.translation_placeholders == {"field": "config_entry_id"}
    assert len(platform.log_dicts()) == calls_before
