"""The Hotel Lock integration: rooms of a hotel door lock platform as locks."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.typing import ConfigType


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the Hotel Lock integration."""
    return True
