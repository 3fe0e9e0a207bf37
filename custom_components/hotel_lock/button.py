"""The "Read bookings now" button of the platform (hub) device.

Booking sources are read every few minutes (option); after a booking was
changed in the booking system, staff press this button to have every booking
source of the entry read at once, and its stays follow. The press returns
once every source was read; a source that could not be read makes it fail
with a translated error naming the source.
"""

from __future__ import annotations

from typing import override

from homeassistant.components.button import ButtonEntity
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .entry_data import HotelLockConfigEntry

# A press waits for the reads; presses at once join the same reads.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HotelLockConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's "Read bookings now" button."""
    async_add_entities([HotelLockReadBookingsButton(entry)])


class HotelLockReadBookingsButton(ButtonEntity):
    """Read every booking source of the entry now.

    Not tied to the platform's reachability: the sources are calendars of
    Home Assistant, and the stays they make are pushed when the platform
    answers again.
    """

    _attr_has_entity_name = True
    _attr_translation_key = "read_bookings"

    def __init__(self, entry: HotelLockConfigEntry) -> None:
        """Attach the button to the platform's device."""
        self.entry = entry
        self._attr_unique_id = f"{entry.entry_id}_read_bookings"
        self._attr_device_info = DeviceInfo(
            identifiers={entry.runtime_data.coordinator.hub_identifier}
        )

    @override
    async def async_press(self) -> None:
        """Read every booking source; fail naming those that cannot be read."""
        sources = self.entry.runtime_data.bookings
        if sources is None or not sources.readers:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="no_booking_sources"
            )
        if failed := await sources.async_read_now():
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="booking_sources_not_read",
                translation_placeholders={
                    "sources": ", ".join(reader.subentry.title for reader in failed)
                },
            )
