"""Tests for the Front desk sidebar panel."""

from __future__ import annotations

import hashlib

from homeassistant.components.frontend import DATA_PANELS
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.hotel_lock.const import CONF_SHOW_PANEL, DOMAIN
from custom_components.hotel_lock.panel import (
    BUNDLE,
    BUNDLE_DIR,
    PANEL_URL_PATH,
    sidebar_title,
)

BUNDLE_SHA256 = hashlib.sha256((BUNDLE_DIR / BUNDLE).read_bytes()).hexdigest()


async def test_panel_registered_while_loaded(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The panel is admin-only, with the bundle's hash in its module URL."""
    panel = hass.data[DATA_PANELS][PANEL_URL_PATH]
    assert panel.require_admin
    assert panel.sidebar_title == "Front desk"
    assert panel.sidebar_icon == "mdi:room-service"
    custom = panel.config["_panel_custom"]
    assert custom["name"] == "hotel-lock-frontdesk"
    assert custom["module_url"] == (
        f"/hotel_lock_frontend/frontdesk.js?v={BUNDLE_SHA256[:16]}"
    )
    assert not custom["embed_iframe"]

    # A second platform: the panel stays until the last entry unloads.
    second = MockConfigEntry(
        domain=DOMAIN,
        title="Annex",
        unique_id="annex",
        data=dict(init_integration.data),
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert PANEL_URL_PATH in hass.data[DATA_PANELS]
    assert await hass.config_entries.async_unload(second.entry_id)
    assert PANEL_URL_PATH not in hass.data[DATA_PANELS]

    # Loaded again: registered again (the static path is not added twice).
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert PANEL_URL_PATH in hass.data[DATA_PANELS]


async def test_option_hides_the_panel(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An entry whose options hide the Front desk shows no panel; another may."""
    hass.config_entries.async_update_entry(
        init_integration, options={CONF_SHOW_PANEL: False}
    )
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert PANEL_URL_PATH not in hass.data[DATA_PANELS]

    second = MockConfigEntry(
        domain=DOMAIN,
        title="Annex",
        unique_id="annex",
        data=dict(init_integration.data),
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    assert PANEL_URL_PATH in hass.data[DATA_PANELS]
    # The entry that hides it unloads: the other one keeps it.
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert PANEL_URL_PATH in hass.data[DATA_PANELS]
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    # The one that shows it unloads: no entry left that shows it.
    assert await hass.config_entries.async_unload(second.entry_id)
    assert PANEL_URL_PATH not in hass.data[DATA_PANELS]


async def test_bundle_served(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """The module URL serves the committed bundle."""
    module_url = hass.data[DATA_PANELS][PANEL_URL_PATH].config["_panel_custom"][
        "module_url"
    ]
    client = await hass_client()
    answer = await client.get(module_url)
    assert answer.status == 200
    assert hashlib.sha256(await answer.read()).hexdigest() == BUNDLE_SHA256


async def test_only_admins_see_the_panel(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    """The frontend lists the panel for an administrator only."""
    assert await async_setup_component(hass, "frontend", {})
    for token, listed in ((None, True), (hass_read_only_access_token, False)):
        client = await (hass_ws_client(hass, token) if token else hass_ws_client(hass))
        await client.send_json_auto_id({"type": "get_panels"})
        panels = (await client.receive_json())["result"]
        assert (PANEL_URL_PATH in panels) is listed


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Front desk"),
        ("de", "Front desk"),
        ("zh-Hans", "前台"),
        ("zh-CN", "前台"),
        ("zh-Hant", "櫃檯"),
        ("zh-TW", "櫃檯"),
        ("zh-HK", "櫃檯"),
    ],
)
def test_sidebar_title(language: str, title: str) -> None:
    """The sidebar title follows the server's language."""
    assert sidebar_title(language) == title


async def test_sidebar_title_in_server_language(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A Chinese server gets a Chinese sidebar title."""
    await hass.config.async_update(language="zh-Hant")
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.data[DATA_PANELS][PANEL_URL_PATH].sidebar_title == "櫃檯"
