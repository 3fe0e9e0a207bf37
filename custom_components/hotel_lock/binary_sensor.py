"""Binary sensors of the Hotel Lock integration: a stay in progress per room.

The state says only whether a stay holds the room now (from its arrival to
its departure or early check-out); who stays is kept in the Stays calendar,
never in an entity's state or attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .entity import HotelLockStayRoomEntity, async_add_room_entities
from .entry_data import HotelLockConfigEntry
from .stays import StayBook

# The stay book holds everything; entities only read it.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HotelLockStayBinarySensorEntityDescription(BinarySensorEntityDescription):
    """Describes a binary sensor of a room's stays."""

    value_fn: Callable[[StayBook, str, datetime], bool]


def stay_in_progress(book: StayBook, room_id: str, at: datetime) -> bool:
    """Return whether a stay holds the room at a moment."""
    return any(stay.arrival <= at < stay.end for stay in book.stays(room_id=room_id))


BINARY_SENSORS: tuple[HotelLockStayBinarySensorEntityDescription, ...] = (
    HotelLockStayBinarySensorEntityDescription(
        key="stay_in_progress",
        translation_key="stay_in_progress",
        device_class=BinarySensorDeviceClass.OCCUPANCY,
        value_fn=stay_in_progress,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HotelLockConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each room's stay sensor, now and when rooms appear."""
    coordinator = entry.runtime_data.coordinator
    book = entry.runtime_data.stays
    async_add_room_entities(
        coordinator,
        async_add_entities,
        lambda rooms: (
            HotelLockStayBinarySensorEntity(coordinator, book, room, description)
            for room in rooms
            for description in BINARY_SENSORS
        ),
    )


class HotelLockStayBinarySensorEntity(HotelLockStayRoomEntity, BinarySensorEntity):
    """A binary sensor of a room's stays."""

    entity_description: HotelLockStayBinarySensorEntityDescription

    @property
    @override
    def is_on(self) -> bool:
        """Return the sensor's value now."""
        return self.entity_description.value_fn(self.book, self.rm_id, dt_util.utcnow())
