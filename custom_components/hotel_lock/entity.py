"""Base entities of the Hotel Lock integration."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, override

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import HotelLockCoordinator, RoomStatus
from .platform_answers import Room
from .texts import MANUFACTURER, ROOM_DEVICE_MODEL, async_texts, text

if TYPE_CHECKING:
    from .stays import StayBook


@callback
def async_add_room_entities(
    coordinator: HotelLockCoordinator,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entities_of: Callable[[list[Room]], Iterable[Entity]],
) -> None:
    """Add a platform's entities of every room now, and of rooms that appear.

    ``entities_of`` makes the entities of some rooms; the platform stops
    hearing of new rooms when the entry unloads.
    """

    @callback
    def async_add_rooms(rooms: list[Room]) -> None:
        async_add_entities(entities_of(rooms))

    coordinator.config_entry.async_on_unload(
        coordinator.async_add_rooms_listener(async_add_rooms)
    )
    async_add_rooms(list(coordinator.data.values()))


class HotelLockEntity(CoordinatorEntity[HotelLockCoordinator]):
    """An entity of the Hotel Lock integration."""

    _attr_has_entity_name = True


class HotelLockHubEntity(HotelLockEntity):
    """An entity of the platform (hub) device."""

    def __init__(self, coordinator: HotelLockCoordinator, key: str) -> None:
        """Attach the entity to the hub device."""
        super().__init__(coordinator)
        self._attr_unique_id = f"{coordinator.config_entry.entry_id}_{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={coordinator.hub_identifier},
        )


class HotelLockRoomEntity(HotelLockEntity):
    """An entity of a room's door lock (it follows the polls of the room list)."""

    def __init__(
        self, coordinator: HotelLockCoordinator, room: Room, key: str | None
    ) -> None:
        """Attach the entity to the room's device."""
        super().__init__(coordinator)
        self.rm_id = room.rm_id
        self._attr_unique_id = room.rm_id if key is None else f"{room.rm_id}_{key}"
        # Manufacturer and model in the server's language (see texts).
        texts = async_texts(coordinator.hass)
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, room.rm_id)},
            name=room.name,
            manufacturer=text(texts, MANUFACTURER),
            model=text(texts, ROOM_DEVICE_MODEL),
            via_device_id=coordinator.hub_device_id,
        )

    @property
    def room(self) -> Room | None:
        """Return the room as the platform last listed it."""
        return self.coordinator.data.get(self.rm_id)

    @property
    def room_name(self) -> str:
        """Return the room's name (for messages)."""
        room = self.room
        return room.name if room else self.rm_id

    @property
    @override
    def available(self) -> bool:
        """Return whether the platform answers and still lists the room."""
        return super().available and self.rm_id in self.coordinator.data


class HotelLockRoomStatusEntity(HotelLockRoomEntity):
    """An entity of a room that shows its lock's gateway answers (RoomStatus).

    Besides the polls of the room list, it follows the gateway answers of its
    own room (and only those).
    """

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the room's gateway answers as well as the polls."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.coordinator.async_add_room_listener(
                self.rm_id, self._handle_coordinator_update
            )
        )

    @property
    def room_status(self) -> RoomStatus:
        """Return what the gateway answers told about this room's lock."""
        return self.coordinator.status(self.rm_id)


class HotelLockStayRoomEntity(HotelLockRoomEntity):
    """An entity of a room that shows the room's stays (from the stay book).

    It follows the book's changes of its room's stays as well as the polls.
    """

    def __init__(
        self,
        coordinator: HotelLockCoordinator,
        book: StayBook,
        room: Room,
        description: EntityDescription,
    ) -> None:
        """Attach the entity to the room's device and the entry's stay book."""
        super().__init__(coordinator, room, description.key)
        self.book = book
        self.entity_description = description

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the changes of the room's stays as well as the polls."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.book.async_add_listener(
                self._handle_coordinator_update, room_id=self.rm_id
            )
        )
