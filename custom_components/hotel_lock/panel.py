"""The Front desk sidebar panel: registered while an entry that shows it is loaded.

Every entry shows it unless its options turn "Show the Front desk" off.

The panel is one ES module built from ``frontend/`` at the repository's top
and shipped in this integration's ``frontend`` folder; it is served from
there under ``STATIC_URL`` (with the bundle's hash in the module URL, so a new
release is never hidden by a cached old one) and shown to administrators only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from homeassistant.components import panel_custom
from homeassistant.components.frontend import async_panel_exists, async_remove_panel
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.util.hass_dict import HassKey

from .const import CONF_SHOW_PANEL, DOMAIN

PANEL_URL_PATH: Final = "hotel-lock"
PANEL_ICON: Final = "mdi:room-service"
WEBCOMPONENT: Final = "hotel-lock-frontdesk"
STATIC_URL: Final = "/hotel_lock_frontend"
BUNDLE_DIR: Final = Path(__file__).parent / "frontend"
BUNDLE: Final = "frontdesk.js"

_SIDEBAR_TITLES: Final = {"en": "Front desk", "zh-Hans": "前台", "zh-Hant": "櫃檯"}
_TRADITIONAL: Final = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
_STATIC_REGISTERED: HassKey[bool] = HassKey(f"{DOMAIN}_frontend_static")


def sidebar_title(language: str) -> str:
    """Return the sidebar title in the server's language."""
    language = language.casefold()
    if language.startswith(_TRADITIONAL):
        return _SIDEBAR_TITLES["zh-Hant"]
    if language.startswith("zh"):
        return _SIDEBAR_TITLES["zh-Hans"]
    return _SIDEBAR_TITLES["en"]


def bundle_digest() -> str:
    """Return the SHA-256 of the bundle (for the module URL; reads a file)."""
    return hashlib.sha256((BUNDLE_DIR / BUNDLE).read_bytes()).hexdigest()


def shows_panel(entry: ConfigEntry) -> bool:
    """Return whether an entry's options show the Front desk (they do by default)."""
    return bool(entry.options.get(CONF_SHOW_PANEL, True))


async def async_register_panel(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Show the Front desk in the sidebar (once), unless the entry hides it."""
    if not shows_panel(entry) or async_panel_exists(hass, PANEL_URL_PATH):
        return
    if not hass.data.get(_STATIC_REGISTERED):
        # aiohttp cannot remove a route: the path stays for the process's life.
        hass.data[_STATIC_REGISTERED] = True
        await hass.http.async_register_static_paths(
            [StaticPathConfig(STATIC_URL, str(BUNDLE_DIR), cache_headers=True)]
        )
    digest = await hass.async_add_executor_job(bundle_digest)
    if async_panel_exists(hass, PANEL_URL_PATH):
        return
    await panel_custom.async_register_panel(
        hass,
        frontend_url_path=PANEL_URL_PATH,
        webcomponent_name=WEBCOMPONENT,
        sidebar_title=sidebar_title(hass.config.language),
        sidebar_icon=PANEL_ICON,
        module_url=f"{STATIC_URL}/{BUNDLE}?v={digest[:16]}",
        require_admin=True,
        config={"domain": DOMAIN},
    )


@callback
def async_unregister_panel(hass: HomeAssistant, unloading: ConfigEntry) -> None:
    """Remove the panel when the last loaded entry that shows it unloads."""
    if any(
        entry.entry_id != unloading.entry_id and shows_panel(entry)
        for entry in hass.config_entries.async_loaded_entries(DOMAIN)
    ):
        return
    async_remove_panel(hass, PANEL_URL_PATH, warn_if_unknown=False)
