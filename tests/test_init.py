"""Tests for setting up, unloading and the devices of the Hotel Lock integration."""

from __future__ import annotations

from pathlib import Path

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.loader import async_get_integration
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
import yaml

from custom_components.hotel_lock.const import DOMAIN
from simulator.platform import DEFAULT_APPID, Platform

from .conftest import ENTRY_ID, FIRST_RM_ID


async def test_integration_loads(hass: HomeAssistant) -> None:
    """The integration is found as a custom integration and sets up."""
    integration = await async_get_integration(hass, DOMAIN)
    assert not integration.is_built_in
    assert integration.config_flow
    assert await async_setup_component(hass, DOMAIN, {})
    assert DOMAIN in hass.config.components


async def test_setup_and_unload(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
) -> None:
    """Setup reads the room list once and unloading leaves the entities unavailable."""
    assert init_integration.state is ConfigEntryState.LOADED
    assert [entry["call"] for entry in platform.log_dicts()] == ["GetRoomList"]
    assert len(hass.states.async_entity_ids("lock")) == 5
    # Battery and last gateway contact per room (last remote unlock is
    # disabled by default) and the room count.
    assert len(hass.states.async_entity_ids("sensor")) == 5 * 2 + 1

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    assert hass.states.get("lock.1_101").state == "unavailable"


async def test_setup_retries_when_platform_unreachable(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, platform: Platform
) -> None:
    """A failing first refresh is ConfigEntryNotReady: setup is retried."""
    platform.add_fault("GetRoomList", "http500")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_with_wrong_secret_starts_reauth(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, platform: Platform
) -> None:
    """Refused credentials at setup fail the entry and start reauth."""
    platform.set_credentials(DEFAULT_APPID, "another-secret")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == SOURCE_REAUTH
    assert flows[0]["context"]["entry_id"] == mock_config_entry.entry_id


async def test_devices(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A hub device for the platform and one device per room, via the hub."""
    hub = device_registry.async_get_device_by_identifier(
        (DOMAIN, init_integration.entry_id), init_integration.entry_id
    )
    assert hub is not None
    assert hub.name == "Hotel Lock"
    room = device_registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )
    assert room is not None
    assert room.name == "1-101"
    assert room.via_device_id == hub.id
    devices = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    assert len(devices) == 6

    lock = entity_registry.async_get("lock.1_101")
    assert lock is not None
    assert lock.unique_id == FIRST_RM_ID
    assert lock.device_id == room.id
    assert entity_registry.async_get("sensor.hotel_lock_rooms").device_id == hub.id


async def test_stale_room_removed_at_startup(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    platform: Platform,
) -> None:
    """A room gone from the platform while Home Assistant was down loses its device."""
    mock_config_entry.add_to_hass(hass)
    stale = device_registry.async_get_or_create(
        config_entry_id=mock_config_entry.entry_id,
        identifiers={(DOMAIN, "999999999999999")},
        name="9-999",
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert device_registry.async_get(stale.id) is None
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )


async def test_remove_device(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Only a room the platform no longer lists can be removed by the user."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)

    async def remove(device_id: str) -> bool:
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": init_integration.entry_id,
                "device_id": device_id,
            }
        )
        return bool((await client.receive_json())["success"])

    room = device_registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )
    hub = device_registry.async_get_device_by_identifier(
        (DOMAIN, init_integration.entry_id), init_integration.entry_id
    )
    assert room is not None
    assert hub is not None
    assert not await remove(room.id)
    assert not await remove(hub.id)

    gone = device_registry.async_get_or_create(
        config_entry_id=init_integration.entry_id,
        identifiers={(DOMAIN, "111111111111111")},
        name="gone",
    )
    assert await remove(gone.id)
    assert device_registry.async_get(gone.id) is None


async def test_unique_id_is_url_and_appid(
    init_integration: MockConfigEntry, platform_url: str
) -> None:
    """The fixture entry mirrors what the config flow creates."""
    assert init_integration.unique_id == f"{platform_url}|{DEFAULT_APPID}"


QUALITY_RULES = [
    "config-flow",
    "test-before-configure",
    "unique-config-entry",
    "config-flow-test-coverage",
    "runtime-data",
    "test-before-setup",
    "appropriate-polling",
    "entity-unique-id",
    "has-entity-name",
    "entity-event-setup",
    "dependency-transparency",
    "action-setup",
    "common-modules",
    "docs-high-level-description",
    "docs-installation-instructions",
    "docs-removal-instructions",
    "docs-actions",
    "brands",
    "action-exceptions",
    "config-entry-unloading",
    "docs-configuration-parameters",
    "docs-installation-parameters",
    "entity-unavailable",
    "integration-owner",
    "log-when-unavailable",
    "parallel-updates",
    "reauthentication-flow",
    "test-coverage",
    "devices",
    "diagnostics",
    "discovery",
    "discovery-update-info",
    "docs-data-update",
    "docs-examples",
    "docs-known-limitations",
    "docs-supported-devices",
    "docs-supported-functions",
    "docs-troubleshooting",
    "docs-use-cases",
    "dynamic-devices",
    "entity-category",
    "entity-device-class",
    "entity-disabled-by-default",
    "entity-translations",
    "exception-translations",
    "icon-translations",
    "reconfiguration-flow",
    "repair-issues",
    "stale-devices",
    "async-dependency",
    "inject-websession",
    "strict-typing",
]


def test_quality_scale_complete() -> None:
    """Every rule up to Platinum is done, or exempt with a reason."""
    path = (
        Path(__file__).parent.parent / "custom_components/hotel_lock/quality_scale.yaml"
    )
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    for rule in QUALITY_RULES:
        status = rules[rule]
        if isinstance(status, dict):
            assert status["status"] in ("done", "exempt"), rule
            if status["status"] == "exempt":
                assert status["comment"], rule
        else:
            assert status == "done", rule
