"""Coordinator of the Hotel Lock integration: the room list and gateway answers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
import logging
from typing import Final, override

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .api import HotelLockClient
from .const import (
    CONF_GATEWAY_CONCURRENCY,
    CONF_SCAN_INTERVAL,
    DEFAULT_GATEWAY_CONCURRENCY,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
)
from .errors import (
    CredentialsRefused,
    PlatformAnswerLost,
    PlatformError,
    PlatformRefused,
    PlatformUnreachable,
)
from .platform_answers import (
    GatewayResult,
    HotelLockAuthenticationError,
    HotelLockConnectionError,
    HotelLockError,
    HotelLockNotSentError,
    HotelLockPlatformError,
    Room,
)
from .rooms import RoomTracker

# Refused credentials, one rule for every call. A refusal is GetRoomList
# answered with code != 1 (it takes nothing but the credentials) or any call
# answered HTTP 401/403. It usually means the appsecret was revoked, but the
# platform also refuses for passing reasons (its database busy). So every
# refusal, by a poll or by any other call, counts in one counter; any call
# that succeeds resets it; reauthentication starts at this many refusals in a
# row (the poll that makes it so also stops polling until the appsecret is
# re-entered). A refusal seen by an action or an unlock asks for a poll at
# once, so a revoked appsecret is confirmed in seconds, not a refresh
# interval later. At setup (no good poll yet) the first refusal fails the
# entry and starts reauthentication.
REFUSALS_BEFORE_REAUTH: Final = 2


@dataclass(slots=True)
class RoomStatus:
    """What the gateway answers told about a room's lock.

    ``failure`` is the error of the last gateway call to the room when it
    failed at the gateway (refused, or its answer lost); None once a call
    succeeds.
    """

    battery: int | None = None
    last_contact: datetime | None = None
    last_unlock: datetime | None = None
    failure: PlatformError | None = None


def hub_identifier(entry_id: str) -> tuple[str, str]:
    """Return the device identifier of an entry's platform (hub) device."""
    return (DOMAIN, entry_id)


class HotelLockCoordinator(DataUpdateCoordinator[dict[str, Room]]):
    """Poll the room list; run every platform call and keep gateway answers."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: HotelLockClient,
    ) -> None:
        """Set up the coordinator from the entry's options."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            # In the log ("Error fetching ... data"): which platform, when
            # there are several.
            name=f"{DOMAIN} ({entry.title})",
            update_interval=timedelta(
                seconds=entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL)
            ),
            # A poll that finds the same rooms (frozen dataclasses, compared by
            # value) and the same reachability changes no entity: no writes.
            always_update=False,
        )
        self.client = client
        self.room_status: dict[str, RoomStatus] = {}
        self._gateway_limit = asyncio.Semaphore(
            int(
                entry.options.get(CONF_GATEWAY_CONCURRENCY, DEFAULT_GATEWAY_CONCURRENCY)
            )
        )
        self.room_tracker = RoomTracker(hass, entry)
        entry.async_on_unload(self.room_tracker.async_end_episode)
        self._refusals = 0
        self._room_listeners: dict[str, dict[CALLBACK_TYPE, None]] = {}
        self._status_listeners: dict[Callable[[str, RoomStatus], None], None] = {}
        self._rooms_listeners: dict[Callable[[list[Room]], None], None] = {}
        self.hub_device_id = ""

    @property
    def hub_identifier(self) -> tuple[str, str]:
        """Return the device identifier of the platform (hub) device."""
        return hub_identifier(self.config_entry.entry_id)

    @override
    async def _async_update_data(self) -> dict[str, Room]:
        """Fetch the room list: one request, whatever the number of rooms."""
        try:
            rooms = await self.client.get_room_list()
        except HotelLockAuthenticationError as err:
            # No good poll yet (setup): the credentials are refused.
            if self._count_refusal() or self.data is None:
                raise ConfigEntryAuthFailed(
                    translation_domain=DOMAIN,
                    translation_key="invalid_auth",
                ) from err
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="credentials_refused",
                translation_placeholders={"message": err.message or f"code {err.code}"},
            ) from err
        except HotelLockConnectionError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
            ) from err
        except HotelLockError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_response",
            ) from err
        self._refusals = 0
        if not self.room_tracker.async_trust(rooms):
            # Keep the last good room list (none yet at setup).
            return self.data if self.data is not None else {}
        return {room.rm_id: room for room in rooms}

    def _count_refusal(self) -> bool:
        """Count a refusal of the credentials; return True when reauth is due."""
        self._refusals += 1
        return self._refusals >= REFUSALS_BEFORE_REAUTH

    def status(self, rm_id: str) -> RoomStatus:
        """Return what is known of a room's lock (nothing yet: all None)."""
        return self.room_status.get(rm_id) or RoomStatus()

    @callback
    def async_add_room_listener(
        self, rm_id: str, update_callback: CALLBACK_TYPE
    ) -> CALLBACK_TYPE:
        """Listen for gateway answers of one room; return the remover.

        Gateway answers only notify the room's own listeners; a poll notifies
        every listener (``async_add_listener``) when the room list or the
        platform's reachability changed.
        """
        listeners = self._room_listeners.setdefault(rm_id, {})
        listeners[update_callback] = None

        @callback
        def remove_listener() -> None:
            listeners.pop(update_callback, None)
            if not listeners and self._room_listeners.get(rm_id) is listeners:
                del self._room_listeners[rm_id]

        return remove_listener

    @callback
    def async_add_status_listener(
        self, status_callback: Callable[[str, RoomStatus], None]
    ) -> CALLBACK_TYPE:
        """Listen for the gateway status of every room.

        Called with the room ID and its status when a gateway call to the room
        answered, and when one failed there or the next call succeeded again
        (``RoomStatus.failure``).
        """
        self._status_listeners[status_callback] = None

        @callback
        def remove_listener() -> None:
            self._status_listeners.pop(status_callback, None)

        return remove_listener

    @callback
    def async_add_rooms_listener(
        self, rooms_callback: Callable[[list[Room]], None]
    ) -> CALLBACK_TYPE:
        """Listen for rooms that appear on the platform (each told of once)."""
        self._rooms_listeners[rooms_callback] = None

        @callback
        def remove_listener() -> None:
            self._rooms_listeners.pop(rooms_callback, None)

        return remove_listener

    @callback
    def async_update_room_listeners(self, rm_id: str) -> None:
        """Tell the listeners of one room that its status changed."""
        for update_callback in list(self._room_listeners.get(rm_id, ())):
            update_callback()
        if self._status_listeners:
            status = self.status(rm_id)
            for status_callback in list(self._status_listeners):
                status_callback(rm_id, status)

    @callback
    def async_record_gateway_result(
        self, rm_id: str, result: GatewayResult, *, unlock: bool = False
    ) -> None:
        """Keep a gateway answer for a room and push it to its entities.

        With ``unlock`` the answer was a successful remote unlock: its time is
        kept as well, and the room's entities are told once.
        """
        status = self.room_status.setdefault(rm_id, RoomStatus())
        status.battery = result.battery
        status.last_contact = result.timestamp
        status.failure = None
        if unlock:
            status.last_unlock = result.timestamp
        self.async_update_room_listeners(rm_id)

    async def async_call[*Ts, T](
        self,
        method: Callable[[*Ts], Awaitable[T]],
        *args: *Ts,
        rm_id: str | None = None,
        unlock: bool = False,
    ) -> T:
        """Run one client call, ``method(*args)``, and translate its errors.

        With ``rm_id`` the call is a gateway call: it counts against the
        gateway concurrency limit (one limit for unlocks and credential calls
        alike, since both pass here) and a ``GatewayResult`` answer is recorded
        for that room (with ``unlock``, as the room's last remote unlock too).

        Failures raise the typed errors of ``errors``: ``PlatformAnswerLost``
        when the call may have been carried out, a ``PlatformNotCarriedOut``
        kind when it certainly was not.
        """
        try:
            if rm_id is None:
                return await self._async_call(method, *args)
            async with self._gateway_limit:
                result = await self._async_call(method, *args)
        except (PlatformRefused, PlatformAnswerLost) as err:
            self._async_record_failure(rm_id, err)
            raise
        if isinstance(result, GatewayResult):
            self.async_record_gateway_result(rm_id, result, unlock=unlock)
        elif self.room_status.get(rm_id, RoomStatus()).failure is not None:
            self._async_record_failure(rm_id, None)
        return result

    async def _async_call[*Ts, T](
        self, method: Callable[[*Ts], Awaitable[T]], *args: *Ts
    ) -> T:
        """Run one client call and translate its errors (``async_call``)."""
        try:
            result = await method(*args)
        except HotelLockAuthenticationError as err:
            LOGGER.debug("The platform refused the credentials: %s", err.message)
            # A poll now tells a revoked appsecret from a passing refusal.
            self.config_entry.async_create_task(
                self.hass,
                self.async_request_refresh(),
                f"{DOMAIN} poll after a refusal",
            )
            if self._count_refusal():
                self.config_entry.async_start_reauth(self.hass)
                raise CredentialsRefused("invalid_auth") from err
            raise CredentialsRefused(
                "call_refused", message=err.message or f"code {err.code}"
            ) from err
        except HotelLockPlatformError as err:
            raise PlatformRefused(message=err.message or f"code {err.code}") from err
        except HotelLockNotSentError as err:
            LOGGER.debug("Could not reach the platform: %s", err)
            raise PlatformUnreachable from err
        except HotelLockConnectionError as err:
            LOGGER.debug("The platform's answer was lost: %s", err)
            raise PlatformAnswerLost("cannot_connect") from err
        except HotelLockError as err:
            LOGGER.debug("The platform answered something unexpected: %s", err)
            raise PlatformAnswerLost("invalid_response") from err
        self._refusals = 0
        return result

    @callback
    def _async_record_failure(
        self, rm_id: str | None, failure: PlatformError | None
    ) -> None:
        """Keep (or with None, forget) a failed gateway call of a room."""
        if rm_id is None:
            return
        self.room_status.setdefault(rm_id, RoomStatus()).failure = failure
        self.async_update_room_listeners(rm_id)

    @callback
    def async_track_rooms(self) -> None:
        """Follow the room list: new rooms get entities, gone rooms lose devices.

        Called once, right before the platforms add the listed rooms' entities;
        from then on every successful poll is compared with what is known.
        """
        self.room_tracker.async_start(self.data)
        self._async_sync_rooms()

    @override
    @callback
    def _async_refresh_finished(self) -> None:
        """After each poll (before the entities hear of it), follow the rooms."""
        if self.last_update_success and self.room_tracker.started:
            self._async_sync_rooms()

    @callback
    def _async_sync_rooms(self) -> None:
        """Act on the rooms that appeared, went or were renamed."""
        if self.room_tracker.empty_list_suspect:
            return
        changes = self.room_tracker.async_sync(self.data)
        for rm_id in changes.removed:
            self.room_status.pop(rm_id, None)
        if changes.new:
            if LOGGER.isEnabledFor(logging.DEBUG):
                LOGGER.debug(
                    "New rooms: %s", ", ".join(room.name for room in changes.new)
                )
            for rooms_callback in list(self._rooms_listeners):
                rooms_callback(changes.new)

    def lists_room(self, rm_id: str) -> bool:
        """Return whether the platform's last trusted room list has the room."""
        return not self.room_tracker.empty_list_suspect and rm_id in self.data
