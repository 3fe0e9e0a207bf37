"""Tests for the diagnostics."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.hotel_lock.const import CONF_UNLOCK_CODE
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform

from .conftest import FIRST_RM_ID


async def test_diagnostics(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    """Diagnostics show rooms and gateway answers, and no secret."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={CONF_UNLOCK_CODE: "97531"}
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    platform.set_battery(FIRST_RM_ID, 90.25)
    coordinator = mock_config_entry.runtime_data.coordinator
    result = await coordinator.async_call(
        coordinator.client.gateway_open, FIRST_RM_ID, rm_id=FIRST_RM_ID
    )
    coordinator.async_record_unlock(FIRST_RM_ID, result.timestamp)

    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, mock_config_entry
    )
    text = str(diagnostics)
    for secret in (DEFAULT_APPSECRET, DEFAULT_APPID, "97531"):
        assert secret not in text
    status = diagnostics["room_status"][FIRST_RM_ID]
    assert status["battery"] == 90
    assert status["last_contact"] == result.timestamp.isoformat()
    assert status["last_unlock"] == result.timestamp.isoformat()
    assert diagnostics == snapshot(
        exclude=props("created_at", "modified_at", "url", "last_contact", "last_unlock")
    )
