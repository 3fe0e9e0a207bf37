"""Lock entities of the Hotel Lock integration: one per room.

The platform has one remote command, GatewayOpen, which releases the lock; the
lock relocks by itself a few seconds later, and the platform has neither a
lock command nor a way to read whether a door is locked. So the entity's state
is an assumption, and says so (``assumed_state``):

- locked, until an unlock is asked for;
- unlocking while GatewayOpen is in flight;
- unlocked for the relock window (an option) once the platform confirmed it,
  then locked again;
- after a failed unlock: locked again (unless an earlier unlock's relock window
  is still running), and a translated error carrying the platform's message.

Lock never sends anything: when the entity is locked it is a no-op (the door
already is); while it is unlocking or unlocked it raises a translated error
saying the door locks itself, and the state stays as it is. (With the remote
unlock code option, Home Assistant checks any code given to lock against the
code's format only; the code itself is checked on unlock.) There is no ``open``
feature: the platform has a single release command, which is what unlock sends.
"""

from __future__ import annotations

from datetime import datetime, timedelta
import hmac
import math
from typing import Any, override

from homeassistant.components.lock import LockEntity
from homeassistant.const import ATTR_CODE
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .activity import ActivityLog
from .const import (
    CONF_RELOCK_SECONDS,
    CONF_UNLOCK_CODE,
    DEFAULT_RELOCK_SECONDS,
    DOMAIN,
    UNLOCK_CODE_PATTERN,
)
from .coordinator import HotelLockCoordinator
from .entity import HotelLockRoomEntity, async_add_room_entities
from .entry_data import HotelLockConfigEntry
from .platform_answers import Room

# Gateway calls go through the coordinator's own concurrency limit.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HotelLockConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a lock for every room, now and when rooms appear."""
    coordinator = entry.runtime_data.coordinator
    activity = entry.runtime_data.activity
    relock_seconds = int(entry.options.get(CONF_RELOCK_SECONDS, DEFAULT_RELOCK_SECONDS))
    unlock_code: str | None = entry.options.get(CONF_UNLOCK_CODE) or None

    async_add_room_entities(
        coordinator,
        async_add_entities,
        lambda rooms: (
            HotelLockDoorEntity(
                coordinator, activity, room, relock_seconds, unlock_code
            )
            for room in rooms
        ),
    )


class HotelLockDoorEntity(HotelLockRoomEntity, LockEntity):
    """A room's door lock, which relocks by itself."""

    _attr_name = None
    _attr_translation_key = "door"
    # The lock's state is its own (unlocking, relock window), written here;
    # the battery and times of gateway answers are the sensors'.
    _attr_assumed_state = True

    def __init__(
        self,
        coordinator: HotelLockCoordinator,
        activity: ActivityLog,
        room: Room,
        relock_seconds: int,
        unlock_code: str | None,
    ) -> None:
        """Set up the lock of a room; its unlocks go to the room's activity."""
        super().__init__(coordinator, room, None)
        self._activity = activity
        self._relock_seconds = relock_seconds
        self._unlock_code = unlock_code
        self._attr_code_format = UNLOCK_CODE_PATTERN if unlock_code else None
        self._in_flight = 0
        self._unlocked_until: datetime | None = None
        self._cancel_relock: CALLBACK_TYPE | None = None

    async def async_added_to_hass(self) -> None:
        """Cancel a pending relock timer when removed."""
        await super().async_added_to_hass()
        self.async_on_remove(self._async_cancel_relock)

    @property
    @override
    def is_locked(self) -> bool:
        """Return whether the door is (assumed) locked."""
        return self._in_flight == 0 and self._unlocked_until is None

    @property
    @override
    def is_unlocking(self) -> bool:
        """Return whether a remote unlock is in flight."""
        return self._in_flight > 0

    @property
    @override
    def is_locking(self) -> bool:
        """The lock never reports locking: it relocks by itself."""
        return False

    @override
    async def async_unlock(self, **kwargs: Any) -> None:
        """Release the lock through its gateway; note it in the room's activity."""
        try:
            await self._async_unlock(kwargs.get(ATTR_CODE))
        except HomeAssistantError as err:
            self._activity.async_add_unlock(self.rm_id, self._context, err)
            raise
        self._activity.async_add_unlock(self.rm_id, self._context, None)

    async def _async_unlock(self, code: str | None) -> None:
        """Release the lock through its gateway (GatewayOpen)."""
        self._async_check_code(code)
        self._in_flight += 1
        self.async_write_ha_state()
        succeeded = False
        try:
            await self.coordinator.async_call(
                self.coordinator.client.gateway_open,
                self.rm_id,
                rm_id=self.rm_id,
                unlock=True,
            )
            succeeded = True
        finally:
            # On failure (or cancellation) the state returns to what it was:
            # locked, or unlocked while an earlier unlock's window still runs.
            self._in_flight -= 1
            if succeeded:
                self._async_start_relock_window()
            self.async_write_ha_state()

    @override
    async def async_lock(self, **kwargs: Any) -> None:
        """Nothing to send: the door locks itself; refuse to pretend otherwise."""
        if self.is_locked:
            return
        seconds = self._relock_seconds
        if self._unlocked_until is not None:
            remaining = (self._unlocked_until - dt_util.utcnow()).total_seconds()
            seconds = max(1, math.ceil(remaining))
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="relocks_itself",
            translation_placeholders={"room": self.room_name, "seconds": str(seconds)},
        )

    @callback
    def _async_check_code(self, code: str | None) -> None:
        """Refuse an unlock without the configured unlock code, before any request."""
        if self._unlock_code is None:
            return
        if not code:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="code_required",
                translation_placeholders={"room": self.room_name},
            )
        if not hmac.compare_digest(str(code).encode(), self._unlock_code.encode()):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="invalid_code",
                translation_placeholders={"room": self.room_name},
            )

    @callback
    def _async_start_relock_window(self) -> None:
        """Show the door unlocked for the relock window, then locked."""
        self._async_cancel_relock()
        self._unlocked_until = dt_util.utcnow() + timedelta(
            seconds=self._relock_seconds
        )
        self._cancel_relock = async_call_later(
            self.hass, self._relock_seconds, self._async_relocked
        )

    @callback
    def _async_relocked(self, _now: datetime) -> None:
        """Show the door locked again: the relock window is over."""
        self._cancel_relock = None
        self._unlocked_until = None
        self.async_write_ha_state()

    @callback
    def _async_cancel_relock(self) -> None:
        if self._cancel_relock is not None:
            self._cancel_relock()
            self._cancel_relock = None
