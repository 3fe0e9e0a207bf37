"""The credential registry: what this integration issued, per config entry.

The platform hands out numbered slots but keeps no list of them, and stopping
the wrong slot silently disables another guest's credential. One versioned
``Store`` per config entry holds every PIN, face, fingerprint, offline
password and key card issued: room, slot, label, validity and a stable
``credential_id``. Offline passwords are kept in full (revoking one needs the
password and its expiry), so the file is written private (mode 0600).

The records themselves are ``credential_record.CredentialRecord``s. Loaded in
``async_setup_entry`` (a reload re-reads storage) into the entry's runtime
data. No locks, no platform rules: the credential desk decides and
writes with ``async_update``, saved at once. Expired records are pruned (the
lock refuses them, so their slots are free again).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, Final, TypedDict

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER
from .credential_record import (
    SLOT_RANGES,
    CredentialKind,
    CredentialRecord,
    StoredRecord,
)

STORAGE_VERSION: Final = 1
STORAGE_MINOR_VERSION: Final = 3


class StoredData(TypedDict):
    """The storage layout (version 1.3)."""

    records: list[StoredRecord]


def _records_from_stored(raw: Iterable[Any]) -> list[CredentialRecord]:
    """Build records, skipping (and logging) broken ones instead of failing."""
    records: list[CredentialRecord] = []
    for item in raw:
        try:
            records.append(CredentialRecord.from_stored(item))
        except KeyError, TypeError, ValueError:
            LOGGER.warning("Skipping an unreadable credential registry record")
    return records


class CredentialRegistryStore(Store[StoredData]):
    """The registry's store, with its migration path."""

    async def _async_migrate_func(
        self,
        old_major_version: int,
        old_minor_version: int,
        old_data: dict[str, Any],
    ) -> StoredData:
        """Bring data written by another version to the current layout.

        1.1 records lack ``confirmed`` (all were confirmed); 1.2 records lack
        ``credential_id`` (each gets one, kept from then on). Data of a newer
        minor version (a downgrade) keeps every record this release can read;
        unknown fields are dropped, missing ones get defaults.
        """
        if old_major_version != 1:
            raise NotImplementedError
        LOGGER.debug(
            "Migrating the credential registry from %s.%s",
            old_major_version,
            old_minor_version,
        )
        records = _records_from_stored(old_data.get("records", []))
        return StoredData(records=[record.as_stored() for record in records])


def _store(hass: HomeAssistant, entry_id: str) -> CredentialRegistryStore:
    return CredentialRegistryStore(
        hass,
        STORAGE_VERSION,
        storage_key(entry_id),
        private=True,
        atomic_writes=True,
        minor_version=STORAGE_MINOR_VERSION,
    )


class CredentialRegistry:
    """The credentials issued through one config entry."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Create the registry of a config entry (load it before use)."""
        self._store = _store(hass, entry_id)
        # By credential ID, in the order they were last written.
        self._records: dict[str, CredentialRecord] = {}
        self._listeners: dict[CALLBACK_TYPE, None] = {}

    @callback
    def async_add_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``listener`` after every change of the records; return the remover."""
        self._listeners[listener] = None

        @callback
        def remove_listener() -> None:
            self._listeners.pop(listener, None)

        return remove_listener

    async def async_load(self) -> None:
        """Load the records from storage and drop the expired ones."""
        data = await self._store.async_load()
        raw = [] if data is None else data["records"]
        self._records = {
            record.credential_id: record for record in _records_from_stored(raw)
        }
        if self._prune() or any(not item.get("credential_id") for item in raw):
            await self.async_save()

    async def async_save(self) -> None:
        """Write the records to storage now."""
        await self._store.async_save(
            StoredData(
                records=[record.as_stored() for record in self._records.values()]
            )
        )
        for listener in list(self._listeners):
            listener()

    def _prune(self) -> bool:
        """Drop expired records; return True when any was dropped."""
        now = dt_util.utcnow()
        expired = [key for key, r in self._records.items() if r.is_expired(now)]
        for key in expired:
            del self._records[key]
        return bool(expired)

    def records(
        self,
        room_id: str | None = None,
        kind: CredentialKind | None = None,
    ) -> list[CredentialRecord]:
        """Return the unexpired records, optionally of one room and/or kind."""
        now = dt_util.utcnow()
        return [
            record
            for record in self._records.values()
            if not record.is_expired(now)
            and (room_id is None or record.room_id == room_id)
            and (kind is None or record.kind is kind)
        ]

    def get(self, credential_id: str) -> CredentialRecord | None:
        """Return the unexpired record of a credential ID, if any."""
        record = self._records.get(credential_id)
        if record is None or record.is_expired(dt_util.utcnow()):
            return None
        return record

    def by_slot(
        self, room_id: str, kind: CredentialKind, slot: int
    ) -> CredentialRecord | None:
        """Return the record in a slot of a room, if any."""
        return next((r for r in self.records(room_id, kind) if r.slot == slot), None)

    def by_name(
        self, room_id: str, kind: CredentialKind, name: str
    ) -> CredentialRecord | None:
        """Return the record of a kind in a room that carries a name, if any."""
        folded = name.casefold()
        return next(
            (
                r
                for r in self.records(room_id, kind)
                if r.name is not None and r.name.casefold() == folded
            ),
            None,
        )

    def by_password(self, room_id: str, password: str) -> CredentialRecord | None:
        """Return the offline password record of a room, if any."""
        return next(
            (
                r
                for r in self.records(room_id, CredentialKind.OFFLINE_PASSWORD)
                if r.password == password
            ),
            None,
        )

    def by_card(self, card_id: str) -> CredentialRecord | None:
        """Return the record of a card, if any (card IDs compare case-blind)."""
        folded = card_id.casefold()
        return next(
            (
                r
                for r in self.records(kind=CredentialKind.CARD)
                if r.card_id is not None and r.card_id.casefold() == folded
            ),
            None,
        )

    def free_slot(
        self, room_id: str, kind: CredentialKind, skip: Collection[int] = ()
    ) -> int | None:
        """Return the lowest slot of a kind not in use in a room, or None.

        ``skip``: slots kept free for a credential to come back to.
        """
        low, high = SLOT_RANGES[kind]
        used = {r.slot for r in self.records(room_id, kind)}.union(skip)
        return next((slot for slot in range(low, high + 1) if slot not in used), None)

    async def async_update(
        self,
        *,
        put: Iterable[CredentialRecord] = (),
        remove: Iterable[CredentialRecord] = (),
    ) -> list[CredentialRecord]:
        """Remove and put records, save once, and return the displaced ones.

        A record put replaces the record of its credential ID and every record
        whose place at the lock it takes (``takes_place_of``), and comes last
        (records keep the order they were last written in). Putting the
        displaced records back (and removing the new ones) undoes the update.
        """
        self._prune()
        for record in remove:
            self._records.pop(record.credential_id, None)
        displaced: list[CredentialRecord] = []
        for record in put:
            for key, other in list(self._records.items()):
                if key != record.credential_id and record.takes_place_of(other):
                    displaced.append(self._records.pop(key))
            if (old := self._records.pop(record.credential_id, None)) is not None:
                displaced.append(old)
            self._records[record.credential_id] = record
        await self.async_save()
        return displaced

    async def async_remove_cards(
        self, *, room_id: str | None = None, card_id: str | None = None
    ) -> None:
        """Forget the cards of a room or a card ID (cleared on the encoder)."""
        folded = None if card_id is None else card_id.casefold()
        await self.async_update(
            remove=[
                r
                for r in self.records(kind=CredentialKind.CARD)
                if (folded is None and r.room_id == room_id)
                or (r.card_id is not None and r.card_id.casefold() == folded)
            ]
        )


def storage_key(entry_id: str) -> str:
    """Return the storage key of a config entry's registry."""
    return f"{DOMAIN}.{entry_id}.credentials"


async def async_remove_registry(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the registry storage of a removed config entry."""
    await _store(hass, entry_id).async_remove()
