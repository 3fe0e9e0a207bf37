"""Texts outside the forms: the devices' manufacturer and model, translated."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.const import DOMAIN
from custom_components.hotel_lock.texts import async_error_text

from .conftest import FIRST_RM_ID

ENGLISH = ("Hotel lock platform", "Lock management program (WebAPI)", "Door lock")
SIMPLIFIED = ("酒店门锁平台", "门锁管理软件（WebAPI）", "门锁")
TRADITIONAL = ("飯店門鎖平台", "門鎖管理軟體（WebAPI）", "門鎖")


def _labels(hass: HomeAssistant, entry: MockConfigEntry) -> tuple[str, ...]:
    """Return the manufacturer, the platform's model and a room's model."""
    registry = dr.async_get(hass)
    hub = registry.async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )
    room = registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), entry.entry_id
    )
    assert hub is not None
    assert room is not None
    assert room.manufacturer == hub.manufacturer
    return (str(hub.manufacturer), str(hub.model), str(room.model))


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ENGLISH),
        ("zh-Hans", SIMPLIFIED),
        ("zh-Hant", TRADITIONAL),
        ("fr", ENGLISH),
    ],
)
async def test_devices_in_server_language(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    language: str,
    labels: tuple[str, ...],
) -> None:
    """Devices are made with the manufacturer and model in the server's language."""
    hass.config.language = language
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _labels(hass, mock_config_entry) == labels


async def test_devices_follow_a_language_change(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A change of the server's language renames them at once, no reload needed."""
    assert _labels(hass, init_integration) == ENGLISH
    await hass.config.async_update(language="zh-Hant")
    await hass.async_block_till_done()
    assert _labels(hass, init_integration) == TRADITIONAL
    # Another setting changed: nothing to do.
    await hass.config.async_update(location_name="Hotel")
    await hass.async_block_till_done()
    assert _labels(hass, init_integration) == TRADITIONAL
    await hass.config.async_update(language="de")
    await hass.async_block_till_done()
    assert _labels(hass, init_integration) == ENGLISH


async def test_unloaded_entry_relabelled_at_its_next_setup(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An entry not loaded at the change gets the new language when set up again."""
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.config.async_update(language="zh-Hans")
    await hass.async_block_till_done()
    assert _labels(hass, init_integration) == ENGLISH
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _labels(hass, init_integration) == SIMPLIFIED


@pytest.mark.usefixtures("init_integration")
async def test_error_text_in_server_language(hass: HomeAssistant) -> None:
    """An error of the integration in the server's language, else as it is."""
    await hass.config.async_update(language="zh-Hant")
    await hass.async_block_till_done()
    slot_taken = ServiceValidationError(
        translation_domain=DOMAIN, translation_key="no_free_slot_pin"
    )
    assert (
        async_error_text(hass, slot_taken)
        == "該房間的門鎖密碼序號已全部佔用，請先停用一個"
    )
    # Another integration's error, an unknown key, a placeholder missing.
    other = HomeAssistantError(translation_domain="lock", translation_key="x")
    unknown = HomeAssistantError(translation_domain=DOMAIN, translation_key="nope")
    missing = ServiceValidationError(
        translation_domain=DOMAIN, translation_key="stay_overlaps"
    )
    for err in (other, unknown, missing):
        assert async_error_text(hass, err) == str(err)
