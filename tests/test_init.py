"""Tests for setting up, unloading and the devices of the Hotel Lock integration."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from aiohttp.test_utils import TestServer
from homeassistant.components.logger.helpers import get_integration_loggers
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN, HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.loader import async_get_integration
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion
import yaml

from custom_components.hotel_lock.config_flow import HotelLockConfigFlow
from custom_components.hotel_lock.const import (
    CONF_APPID,
    CONF_APPSECRET,
    DOMAIN,
    LOGGER,
)
from simulator.app import create_app
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform

from .conftest import ENTRY_ID, FIRST_RM_ID


async def test_integration_loads(hass: HomeAssistant) -> None:
    """The integration is found as a custom integration and sets up."""
    integration = await async_get_integration(hass, DOMAIN)
    assert not integration.is_built_in
    assert integration.config_flow
    assert await async_setup_component(hass, DOMAIN, {})
    assert DOMAIN in hass.config.components


async def test_yaml_configuration_refused(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A hotel_lock: key in YAML is logged and raised as an issue, and not used.

    The integration is set up from the UI only; Home Assistant says so in the
    log and in a translated repair issue pointing to "Add integration".
    """
    assert await async_setup_component(
        hass, DOMAIN, {DOMAIN: {"url": "http://127.0.0.1:19952"}}
    )
    assert "The hotel_lock integration does not support YAML setup" in caplog.text
    issue = ir.async_get(hass).async_get_issue(
        HOMEASSISTANT_DOMAIN, f"config_entry_only_{DOMAIN}"
    )
    assert issue is not None
    assert issue.translation_key == "config_entry_only"
    assert issue.issue_domain == DOMAIN
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_debug_logging_covers_the_integration(hass: HomeAssistant) -> None:
    """Turning on debug logging for the integration covers its own logger.

    Home Assistant adds a custom integration's package logger by itself, so
    the manifest lists no loggers of its own.
    """
    loggers = await get_integration_loggers(hass, DOMAIN)
    assert LOGGER.name in loggers
    integration = await async_get_integration(hass, DOMAIN)
    assert not any(name.startswith(LOGGER.name) for name in integration.loggers or [])


async def test_setup_and_unload(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
) -> None:
    """Setup reads the room list once and unloading leaves the entities unavailable."""
    assert init_integration.state is ConfigEntryState.LOADED
    assert [entry["call"] for entry in platform.log_dicts()] == ["GetRoomList"]
    assert len(hass.states.async_entity_ids("lock")) == 5
    # Battery, last gateway contact and next arrival per room (last remote
    # unlock is disabled by default) and the room count.
    assert len(hass.states.async_entity_ids("sensor")) == 5 * 3 + 1
    assert len(hass.states.async_entity_ids("binary_sensor")) == 5
    assert hass.states.async_entity_ids("calendar") == ["calendar.hotel_lock_stays"]

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


async def test_devices_snapshot(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
    device_registry: dr.DeviceRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The hub device and the room devices (two rooms)."""
    for rm_id in list(platform.rooms)[2:]:
        platform.remove_room(rm_id)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    devices = sorted(
        dr.async_entries_for_config_entry(device_registry, mock_config_entry.entry_id),
        key=lambda device: device.name or "",
    )
    assert [device.name for device in devices] == ["1-101", "1-102", "Hotel Lock"]
    assert devices == snapshot


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


async def test_remove_device_while_not_loaded(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Unloaded (the platform down at start): a room may go, the platform may not.

    The next setup brings back the rooms the platform still lists.
    """
    assert await async_setup_component(hass, "config", {})
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    client = await hass_ws_client(hass)

    async def remove(identifier: str) -> bool:
        device = device_registry.async_get_device_by_identifier(
            (DOMAIN, identifier), ENTRY_ID
        )
        assert device is not None
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": ENTRY_ID,
                "device_id": device.id,
            }
        )
        answer = await client.receive_json()
        assert answer["success"] or answer["error"]["code"] == "home_assistant_error"
        return bool(answer["success"])

    assert not await remove(ENTRY_ID)
    assert await remove(FIRST_RM_ID)

    assert await hass.config_entries.async_setup(ENTRY_ID)
    await hass.async_block_till_done()
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )


def _registry_ids(
    hass: HomeAssistant, entry: MockConfigEntry
) -> tuple[set[tuple[str, str, str | None]], set[tuple[str, frozenset[object]]]]:
    """Return the entry's entities (entity ID, unique ID, device) and devices."""
    entities = {
        (entity.entity_id, entity.unique_id, entity.device_id)
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
    }
    devices = {
        (device.id, frozenset(device.identifiers))
        for device in dr.async_entries_for_config_entry(
            dr.async_get(hass), entry.entry_id
        )
    }
    return entities, devices


async def test_migrate_unique_id_to_appid(
    hass: HomeAssistant, platform_url: str
) -> None:
    """An entry of version 1.1 ("URL|appid") gets the appid as its unique ID.

    Its entities and devices keep their IDs: nothing is made again.
    """
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Hotel Lock",
        entry_id=ENTRY_ID,
        version=1,
        minor_version=1,
        unique_id=f"{platform_url}|{DEFAULT_APPID}",
        data={
            CONF_URL: platform_url,
            CONF_APPID: f"{DEFAULT_APPID} ",
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: True,
        },
    )
    entry.add_to_hass(hass)
    # Set up as the version before made its entities and devices.
    with patch.object(HotelLockConfigFlow, "MINOR_VERSION", 1):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    assert entry.minor_version == 1
    before = _registry_ids(hass, entry)
    assert len(before[0]) > 5
    assert (DOMAIN, ENTRY_ID) in {i for _, ids in before[1] for i in ids}
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (1, 2)
    assert entry.unique_id == DEFAULT_APPID
    assert _registry_ids(hass, entry) == before
    assert hass.states.get("lock.1_101").state == "locked"


async def test_migrate_two_entries_of_one_appid(
    hass: HomeAssistant, platform_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Two 1.1 entries of one appid: the first gets the appid as unique ID.

    The second keeps its old one (unique IDs stay unique), says so in the log,
    and both go on working.
    """
    annex = Platform(2, seed=7, latency=0.0, tz=dt_util.get_default_time_zone)
    server = TestServer(create_app(annex), host="127.0.0.1")
    await server.start_server()
    annex_url = str(server.make_url("")).rstrip("/")
    entries = [
        MockConfigEntry(
            domain=DOMAIN,
            title=title,
            minor_version=1,
            unique_id=f"{url}|{DEFAULT_APPID}",
            data={
                CONF_URL: url,
                CONF_APPID: DEFAULT_APPID,
                CONF_APPSECRET: DEFAULT_APPSECRET,
                CONF_VERIFY_SSL: True,
            },
        )
        for title, url in (("Main", platform_url), ("Annex", annex_url))
    ]
    try:
        for entry in entries:
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
        main, second = entries
        assert main.unique_id == DEFAULT_APPID
        assert second.unique_id == f"{annex_url}|{DEFAULT_APPID}"
        for entry in entries:
            assert entry.state is ConfigEntryState.LOADED
            assert entry.minor_version == 2
        assert "'Annex' uses the same appid as 'Main'" in caplog.text
        for entry in entries:
            assert await hass.config_entries.async_unload(entry.entry_id)
    finally:
        await server.close()


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
