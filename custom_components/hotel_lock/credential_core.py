"""What every operation of the credential desk shares.

The desk (``credentials.CredentialDesk``) is one object per config entry; its
code is split in four modules so that each stays readable: this core, the
key cards (``credential_cards``), the offline passwords
(``credential_offline``) and the rest (``credentials``); the checks of plain
values every call gets are in ``credential_checks``. Here:

- the results the desk returns (frozen dataclasses of plain values);
- room lookup, the per-room ``asyncio.Lock`` that orders every operation on
  a room (cards included), the change event and the failure listeners (a
  call to a room the platform refused or whose answer was lost: ``Failed``);
- write-ahead (``async_written_ahead``): before a request that changes a lock
  leaves, the registry is saved as it must stand if the answer were lost
  (the new credential unconfirmed, one being cleared unconfirmed). A restart,
  a crash or a cancellation during the call leaves exactly what a lost answer
  leaves, so no slot is ever handed out twice. When the platform certainly
  did nothing (``PlatformNotCarriedOut``), the previous records are put back;
  whether the outcome is unknown is decided on the error's type alone.

The gateway concurrency limit is not here but in ``coordinator.async_call``,
which every gateway call passes, unlocks included: one limit for both.
"""

from __future__ import annotations

import asyncio
from collections.abc import (
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Iterator,
    Sequence,
)
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util

from .const import DOMAIN, EVENT_CREDENTIAL_CHANGED
from .coordinator import HotelLockCoordinator
from .credential_record import CredentialKind, CredentialRecord
from .errors import PlatformError, PlatformNotCarriedOut, validation_error
from .registry import CredentialRegistry

SET_ACTIONS: Final = {
    CredentialKind.PIN: "set_pin",
    CredentialKind.FACE: "set_face",
    CredentialKind.FINGERPRINT: "set_fingerprint",
}
CLEAR_ACTIONS: Final = {
    CredentialKind.PIN: "clear_pin",
    CredentialKind.FACE: "clear_face",
    CredentialKind.FINGERPRINT: "clear_fingerprint",
}


@dataclass(frozen=True, slots=True)
class RoomRef:
    """A room of the platform, as callers name and show it."""

    room_id: str
    name: str
    lock_entity_id: str | None


@dataclass(frozen=True, slots=True)
class Issued:
    """A credential the platform accepted, as the registry now holds it.

    ``secret`` is the PIN (given or drawn) or the offline password, for the
    caller to hand out; ``battery`` the lock's, when a gateway answered.
    """

    room: RoomRef
    record: CredentialRecord
    secret: str | None = None
    battery: int | None = None


@dataclass(frozen=True, slots=True)
class Revoked:
    """A credential the platform cleared or revoked.

    ``record`` is what the registry held of it (None for a slot cleared by
    force, or a password or card it did not know); ``room`` is None for a
    card whose room the platform did not name.
    """

    room: RoomRef | None
    record: CredentialRecord | None
    slot: int | None = None
    card_id: str | None = None
    battery: int | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """A desk call to a room that the platform refused or whose answer was lost."""

    action: str
    room: RoomRef
    kind: CredentialKind
    error: PlatformError
    context: Context | None
    name: str | None = None
    slot: int | None = None
    card_id: str | None = None


@dataclass(frozen=True, slots=True)
class CardRead:
    """The card on the desk encoder: blank when ``room`` is None."""

    card_id: str
    room: RoomRef | None
    valid_from: datetime | None
    valid_until: datetime | None


def iso(value: datetime | None) -> str | None:
    """Return an ISO date-time (in HA's time zone) for responses and events."""
    return None if value is None else dt_util.as_local(value).isoformat()


def doubted(records: Iterable[CredentialRecord | None]) -> list[CredentialRecord]:
    """Return unconfirmed copies of confirmed records (their fate is open)."""
    return [
        replace(record, confirmed=False)
        for record in records
        if record is not None and record.confirmed
    ]


class DeskCore:
    """Rooms, locks, write-ahead and events of one config entry's desk."""

    def __init__(
        self,
        hass: HomeAssistant,
        coordinator: HotelLockCoordinator,
        registry: CredentialRegistry,
    ) -> None:
        """Set up the desk of an entry's coordinator and registry."""
        self.hass = hass
        self.entry_id = coordinator.config_entry.entry_id
        self.coordinator = coordinator
        self.registry = registry
        self._room_locks: dict[str, asyncio.Lock] = {}
        self._failure_listeners: dict[Callable[[Failed], None], None] = {}
        # The slots a free slot is not chosen from: kept for a credential to
        # come back to (the stay book's PINs stopped until their push time).
        self.reserved_slots: Callable[[str, CredentialKind], Collection[int]] = (
            lambda _room_id, _kind: ()
        )

    def room_lock(self, room_id: str) -> asyncio.Lock:
        """Return the lock that orders the operations on one room."""
        return self._room_locks.setdefault(room_id, asyncio.Lock())

    def room(self, room_id: str) -> RoomRef:
        """Return a room the platform lists; refuse any other."""
        ref = self.room_ref(room_id)
        if room_id not in self.coordinator.data:
            raise validation_error(
                "unknown_room", entity_id=ref.lock_entity_id or room_id
            )
        return ref

    def room_ref(self, room_id: str) -> RoomRef:
        """Describe a room ID (the platform may name rooms HA has no device for)."""
        device = dr.async_get(self.hass).async_get_device_by_identifier(
            (DOMAIN, room_id), self.entry_id
        )
        if device is None:
            listed = self.coordinator.data.get(room_id)
            return RoomRef(room_id, listed.name if listed else room_id, None)
        lock_entity_id = next(
            (
                entity.entity_id
                for entity in er.async_entries_for_device(
                    er.async_get(self.hass), device.id
                )
                if entity.domain == Platform.LOCK and entity.platform == DOMAIN
            ),
            None,
        )
        return RoomRef(
            room_id, device.name_by_user or device.name or room_id, lock_entity_id
        )

    def credentials(
        self, room_id: str | None = None, kind: CredentialKind | None = None
    ) -> list[CredentialRecord]:
        """Return what is out (unexpired), by kind, slot and age."""
        return sorted(
            self.registry.records(room_id, kind),
            key=lambda r: (r.kind.value, r.slot or 0, r.created),
        )

    def credential(self, credential_id: str) -> CredentialRecord:
        """Return the record of a credential ID; refuse an unknown one."""
        if (record := self.registry.get(credential_id)) is None:
            raise validation_error("unknown_credential", credential_id=credential_id)
        return record

    def choose_slot(
        self, room_id: str, kind: CredentialKind, slot: int | None, name: str | None
    ) -> tuple[int, CredentialRecord | None]:
        """Pick the slot a credential goes to (called under the room lock).

        An explicit slot is used as given (the lock overwrites it). Without
        one, a name already in use keeps its slot, else the lowest free slot
        (not reserved) is chosen. Also returns the record of that name in that slot, which
        the new one replaces as the same credential.
        """
        named = None if name is None else self.registry.by_name(room_id, kind, name)
        if slot is not None:
            if named is not None and named.slot != slot:
                raise validation_error("name_in_use", name=name or "")
            return slot, named
        if named is not None and named.slot is not None:
            return named.slot, named
        reserved = self.reserved_slots(room_id, kind)
        if (free := self.registry.free_slot(room_id, kind, reserved)) is None:
            raise validation_error(f"no_free_slot_{kind.value}")
        return free, None

    async def async_written_ahead[*Ts, T](
        self,
        doubtful: Sequence[CredentialRecord],
        method: Callable[[*Ts], Awaitable[T]],
        *args: *Ts,
        rm_id: str | None,
    ) -> tuple[T, list[CredentialRecord]]:
        """Save what holds if the answer were lost, then run the platform call.

        ``rm_id`` names the room of a gateway call (None: the encoder or the
        platform itself). Returns the call's result and the records
        ``doubtful`` displaced, as they were before. When the platform
        certainly did nothing, those are put back.
        """
        displaced = await self.registry.async_update(put=doubtful) if doubtful else []
        try:
            result = await self.coordinator.async_call(method, *args, rm_id=rm_id)
        except PlatformNotCarriedOut:
            if doubtful:
                kept = {record.credential_id for record in displaced}
                await self.registry.async_update(
                    put=displaced,
                    remove=[r for r in doubtful if r.credential_id not in kept],
                )
            raise
        return result, displaced

    @callback
    def async_add_failure_listener(
        self, listener: Callable[[Failed], None]
    ) -> CALLBACK_TYPE:
        """Call ``listener`` with each failed call to a room; return the remover."""
        self._failure_listeners[listener] = None

        @callback
        def remove_listener() -> None:
            self._failure_listeners.pop(listener, None)

        return remove_listener

    @contextmanager
    def reported(
        self,
        action: str,
        room: RoomRef | None,
        kind: CredentialKind,
        context: Context | None,
        **details: Any,
    ) -> Iterator[None]:
        """Tell the failure listeners when a platform call inside fails.

        ``details``: ``name``, ``slot``, ``card_id`` (as ``fire_changed``).
        """
        try:
            yield
        except PlatformError as err:
            if room is not None:
                failed = Failed(action, room, kind, err, context, **details)
                for listener in list(self._failure_listeners):
                    listener(failed)
            raise

    @callback
    def fire_changed(
        self,
        action: str,
        room: RoomRef | None,
        kind: CredentialKind,
        context: Context | None,
        **details: Any,
    ) -> None:
        """Fire the event of a credential change (never a secret).

        ``details``: ``slot``, ``name``, ``valid_from``, ``valid_until``,
        ``card_id``; empty ones are left out. Without a room (a card the
        platform did not place), the entry's title names the place.
        """
        data: dict[str, Any] = {
            "action": action,
            "kind": kind.value,
            "config_entry_id": self.entry_id,
            "room_id": None if room is None else room.room_id,
            "room_name": (
                self.coordinator.config_entry.title if room is None else room.name
            ),
            ATTR_ENTITY_ID: None if room is None else room.lock_entity_id,
            "slot": details.get("slot"),
            "name": details.get("name"),
            "valid_from": iso(details.get("valid_from")),
            "valid_until": iso(details.get("valid_until")),
            "card_id": details.get("card_id"),
        }
        self.hass.bus.async_fire(
            EVENT_CREDENTIAL_CHANGED,
            {key: value for key, value in data.items() if value not in (None, "")},
            context=context,
        )
