"""Sensor entities of the Hotel Lock integration.

The platform has no call that reads a lock's battery: battery and last
contact come from the answers to gateway calls (unlock, credentials). Until a
gateway call answers after a restart, the last known value is restored.
Each room's next arrival comes from the stay book (a time, never a guest).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import override

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .coordinator import HotelLockCoordinator, RoomStatus
from .entity import (
    HotelLockHubEntity,
    HotelLockRoomStatusEntity,
    HotelLockStayRoomEntity,
    async_add_room_entities,
)
from .entry_data import HotelLockConfigEntry
from .platform_answers import Room
from .stays import StayBook

# The coordinator fetches everything; entities only read it.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HotelLockRoomSensorEntityDescription(SensorEntityDescription):
    """Describes a sensor of a room's lock."""

    value_fn: Callable[[RoomStatus], StateType | datetime]


@dataclass(frozen=True, kw_only=True)
class HotelLockHubSensorEntityDescription(SensorEntityDescription):
    """Describes a sensor of the platform."""

    value_fn: Callable[[HotelLockCoordinator], StateType]


ROOM_SENSORS: tuple[HotelLockRoomSensorEntityDescription, ...] = (
    HotelLockRoomSensorEntityDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda status: status.battery,
    ),
    HotelLockRoomSensorEntityDescription(
        key="last_gateway_contact",
        translation_key="last_gateway_contact",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda status: status.last_contact,
    ),
    # Disabled by default: the lock's history and logbook already show every
    # remote unlock (and who asked for it); enable it to use the time in
    # automations or on a dashboard.
    HotelLockRoomSensorEntityDescription(
        key="last_remote_unlock",
        translation_key="last_remote_unlock",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_registry_enabled_default=False,
        value_fn=lambda status: status.last_unlock,
    ),
)


@dataclass(frozen=True, kw_only=True)
class HotelLockStaySensorEntityDescription(SensorEntityDescription):
    """Describes a sensor of a room's stays."""

    value_fn: Callable[[StayBook, str, datetime], datetime | None]


def next_arrival(book: StayBook, room_id: str, at: datetime) -> datetime | None:
    """Return the arrival of the room's next stay that has not begun."""
    return next(
        (stay.arrival for stay in book.stays(room_id=room_id) if stay.arrival > at),
        None,
    )


STAY_SENSORS: tuple[HotelLockStaySensorEntityDescription, ...] = (
    HotelLockStaySensorEntityDescription(
        key="next_arrival",
        translation_key="next_arrival",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=next_arrival,
    ),
)

HUB_SENSORS: tuple[HotelLockHubSensorEntityDescription, ...] = (
    HotelLockHubSensorEntityDescription(
        key="rooms",
        translation_key="rooms",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda coordinator: len(coordinator.data),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HotelLockConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the platform's sensors and each room's, now and when rooms appear."""
    coordinator = entry.runtime_data.coordinator
    book = entry.runtime_data.stays
    async_add_entities(
        HotelLockHubSensorEntity(coordinator, description)
        for description in HUB_SENSORS
    )
    async_add_room_entities(
        coordinator,
        async_add_entities,
        lambda rooms: [
            *(
                HotelLockRoomSensorEntity(coordinator, room, description)
                for room in rooms
                for description in ROOM_SENSORS
            ),
            *(
                HotelLockStaySensorEntity(coordinator, book, room, description)
                for room in rooms
                for description in STAY_SENSORS
            ),
        ],
    )


class HotelLockHubSensorEntity(HotelLockHubEntity, SensorEntity):
    """A sensor of the platform."""

    entity_description: HotelLockHubSensorEntityDescription

    def __init__(
        self,
        coordinator: HotelLockCoordinator,
        description: HotelLockHubSensorEntityDescription,
    ) -> None:
        """Set up the sensor."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    @override
    def native_value(self) -> StateType:
        """Return the sensor's value."""
        return self.entity_description.value_fn(self.coordinator)


class HotelLockRoomSensorEntity(HotelLockRoomStatusEntity, RestoreSensor):
    """A sensor of a room's lock, restored across restarts."""

    entity_description: HotelLockRoomSensorEntityDescription

    def __init__(
        self,
        coordinator: HotelLockCoordinator,
        room: Room,
        description: HotelLockRoomSensorEntityDescription,
    ) -> None:
        """Set up the sensor."""
        super().__init__(coordinator, room, description.key)
        self.entity_description = description
        self._restored: StateType | datetime = None

    async def async_added_to_hass(self) -> None:
        """Restore the last known value until a gateway call answers."""
        await super().async_added_to_hass()
        if (last := await self.async_get_last_sensor_data()) is not None:
            self._restored = last.native_value  # type: ignore[assignment]

    @property
    @override
    def native_value(self) -> StateType | datetime:
        """Return the latest value from a gateway answer, else the restored one."""
        value = self.entity_description.value_fn(self.room_status)
        return self._restored if value is None else value


class HotelLockStaySensorEntity(HotelLockStayRoomEntity, SensorEntity):
    """A sensor of a room's stays."""

    entity_description: HotelLockStaySensorEntityDescription

    @property
    @override
    def native_value(self) -> datetime | None:
        """Return the sensor's value now."""
        return self.entity_description.value_fn(self.book, self.rm_id, dt_util.utcnow())
