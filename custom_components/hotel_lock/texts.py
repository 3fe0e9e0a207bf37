"""Texts shown outside the forms, in Home Assistant's language.

Home Assistant translates the forms, entity names, errors and actions itself;
the logbook's descriptions of credential changes and the devices' manufacturer
and model are plain strings. They are taken from the ``common`` strings of the
translation files in the server's language (``hass.config.language``), and in
English for a language the integration has no translation for.

Home Assistant loads an integration's translations into its cache when the
integration is set up and again when the language changes; these helpers only
read that cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_CORE_CONFIG_UPDATE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.translation import (
    LOCALE_EN,
    async_get_cached_translations,
    async_get_translations,
)

from .const import DOMAIN

_CATEGORY: Final = "common"
_PREFIX: Final = f"component.{DOMAIN}.{_CATEGORY}."

# Keys of the common strings naming the devices.
MANUFACTURER: Final = "manufacturer"
PLATFORM_DEVICE_MODEL: Final = "platform_device_model"
ROOM_DEVICE_MODEL: Final = "room_device_model"


@callback
def async_texts(hass: HomeAssistant) -> Mapping[str, str]:
    """Return the common strings in the server's language (English fallback).

    Only the translation cache is read, so the logbook may call this from its
    worker thread. A language whose strings are still being loaded (just
    switched to) gives the English ones.
    """
    return async_get_cached_translations(
        hass, hass.config.language, _CATEGORY, DOMAIN
    ) or async_get_cached_translations(hass, LOCALE_EN, _CATEGORY, DOMAIN)


def text(texts: Mapping[str, str], key: str, **placeholders: Any) -> str:
    """Return one common string with its placeholders filled in."""
    return texts[_PREFIX + key].format(**placeholders)


@callback
def async_error_text(hass: HomeAssistant, err: HomeAssistantError) -> str:
    """Return an error of this integration in the server's language.

    Home Assistant renders an error's message in English (the frontend
    translates what it shows by the error's key); a text that Home Assistant
    stores and shows as it is, such as a repair issue's placeholder, gets it
    here from the cached ``exceptions`` strings instead. English for a
    language without a translation, or an error without a key.
    """
    if err.translation_domain != DOMAIN or err.translation_key is None:
        return str(err)
    key = f"component.{DOMAIN}.exceptions.{err.translation_key}.message"
    message = async_get_cached_translations(
        hass, hass.config.language, "exceptions", DOMAIN
    ).get(key)
    if not message:
        return str(err)
    try:
        return message.format(**(err.translation_placeholders or {})).rstrip(".。")
    except KeyError, IndexError, ValueError:
        return str(err)


def has_text(texts: Mapping[str, str], key: str) -> bool:
    """Return whether there is a common string with this key."""
    return _PREFIX + key in texts


@callback
def async_setup_device_texts(hass: HomeAssistant) -> None:
    """Name the devices' manufacturer and model anew when the language changes.

    Devices get them in the server's language when their entities are added;
    after a change of language the devices of the loaded entries are updated
    at once (one registry update per device), not at the next restart.
    """

    @callback
    def _language_changed(event_data: Mapping[str, Any]) -> bool:
        return "language" in event_data

    async def _async_relabel(event: Event) -> None:
        language = hass.config.language
        await async_get_translations(hass, language, _CATEGORY, [DOMAIN])
        texts = async_texts(hass)
        manufacturer = text(texts, MANUFACTURER)
        device_registry = dr.async_get(hass)
        for entry in hass.config_entries.async_entries(DOMAIN):
            if entry.state is not ConfigEntryState.LOADED:
                continue
            hub_identifier = entry.runtime_data.coordinator.hub_identifier
            for device in dr.async_entries_for_config_entry(
                device_registry, entry.entry_id
            ):
                is_hub = hub_identifier in device.identifiers
                device_registry.async_update_device(
                    device.id,
                    manufacturer=manufacturer,
                    model=text(
                        texts, PLATFORM_DEVICE_MODEL if is_hub else ROOM_DEVICE_MODEL
                    ),
                )

    hass.bus.async_listen(
        EVENT_CORE_CONFIG_UPDATE, _async_relabel, event_filter=_language_changed
    )
