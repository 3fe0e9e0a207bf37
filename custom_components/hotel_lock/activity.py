"""Each room's recent activity, as the Front desk shows it on the room's card.

What happened through Home Assistant: unlocks (who asked, and whether the
lock opened or the platform refused, with its message), credentials given
and taken back (the desk's ``hotel_lock_credential_changed`` events, with the
user of their context), credential calls the platform refused or whose
answer was lost (the desk's failure listeners) and stays whose codes may be
handed out (``hotel_lock_stay_ready``).

The integration keeps this itself, in one small ``Store`` per config entry
(at most ``MAX_PER_ROOM`` entries per room, written at most every
``SAVE_DELAY`` seconds and at unload), instead of reading the recorder back:
the recorder may be left out of the configuration or purged, it keeps no
reason for a refused unlock and nothing of a credential call that failed, and
reading a room's history back means a database query in an executor per
card opened. The log holds no secret (no PIN, no password).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Final, TypedDict

from homeassistant.core import CALLBACK_TYPE, Context, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, EVENT_CREDENTIAL_CHANGED, EVENT_STAY_READY, LOGGER
from .credential_core import Failed

STORAGE_VERSION: Final = 1
MAX_PER_ROOM: Final = 50
SAVE_DELAY: Final = 30


@dataclass(frozen=True, slots=True)
class Activity:
    """One thing that happened to a room (never a secret).

    ``error`` is a failure's translated error: ``translation_domain``,
    ``translation_key``, ``translation_placeholders`` and ``message`` (in the
    server's language), so that the panel can say it in the user's.
    """

    when: datetime
    action: str
    ok: bool = True
    user_id: str | None = None
    kind: str | None = None
    name: str | None = None
    slot: int | None = None
    card_id: str | None = None
    error: dict[str, Any] | None = None

    def as_stored(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        data = asdict(self)
        data["when"] = self.when.isoformat()
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Activity:
        """Build an entry from stored data (raises on broken data)."""
        when = dt_util.parse_datetime(data["when"])
        if when is None:
            raise ValueError(data["when"])
        return cls(**{**data, "when": when})


def error_details(err: HomeAssistantError) -> dict[str, Any]:
    """Return what a panel needs to say an error in its user's language."""
    return {
        "translation_domain": err.translation_domain,
        "translation_key": err.translation_key,
        "translation_placeholders": dict(err.translation_placeholders or {}),
        "message": str(err),
    }


class StoredData(TypedDict):
    """The storage layout (version 1): entries per room ID, oldest first."""

    rooms: dict[str, list[dict[str, Any]]]


class ActivityLog:
    """The recent activity of the rooms of one config entry."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Create the log of a config entry (load it before use)."""
        self._hass = hass
        self._entry_id = entry_id
        self._store: Store[StoredData] = Store(
            hass, STORAGE_VERSION, storage_key(entry_id), atomic_writes=True
        )
        self._rooms: dict[str, deque[Activity]] = {}
        self._dirty = False
        self._guest_of: Callable[[str], str | None] = lambda _stay_id: None

    async def async_load(self) -> None:
        """Read the log from storage."""
        data = await self._store.async_load()
        for room_id, items in ({} if data is None else data["rooms"]).items():
            entries = deque[Activity](maxlen=MAX_PER_ROOM)
            for item in items:
                try:
                    entries.append(Activity.from_stored(item))
                except KeyError, TypeError, ValueError:
                    LOGGER.debug("Skipping an unreadable activity entry")
            self._rooms[room_id] = entries

    @callback
    def async_start(self, guest_of: Callable[[str], str | None]) -> CALLBACK_TYPE:
        """Follow the entry's credential and stay events; return the remover.

        ``guest_of`` names a stay's guest (the events carry no guest name).
        """
        self._guest_of = guest_of
        unsubs = [
            self._hass.bus.async_listen(
                EVENT_CREDENTIAL_CHANGED,
                self._async_credential_changed,
                event_filter=self._of_this_entry,
            ),
            self._hass.bus.async_listen(
                EVENT_STAY_READY,
                self._async_stay_ready,
                event_filter=self._of_this_entry,
            ),
        ]

        @callback
        def stop() -> None:
            for unsub in unsubs:
                unsub()

        return stop

    @callback
    def _async_stay_ready(self, event: Event[dict[str, Any]]) -> None:
        """Note that a stay's codes may be handed out, in each of its rooms."""
        guest = self._guest_of(event.data["stay_id"])
        for room_id in event.data.get("room_ids", ()):
            self.async_add(
                room_id,
                Activity(
                    when=event.time_fired,
                    action="stay_ready",
                    user_id=event.context.user_id,
                    name=guest,
                ),
            )

    @callback
    def _of_this_entry(self, event_data: dict[str, Any]) -> bool:
        return bool(
            event_data.get("config_entry_id") == self._entry_id
            and (event_data.get("room_id") or event_data.get("room_ids"))
        )

    @callback
    def _async_credential_changed(self, event: Event[dict[str, Any]]) -> None:
        """Note a credential given or taken back."""
        data = event.data
        self.async_add(
            data["room_id"],
            Activity(
                when=event.time_fired,
                action=data["action"],
                user_id=event.context.user_id,
                kind=data.get("kind"),
                name=data.get("name"),
                slot=data.get("slot"),
                card_id=data.get("card_id"),
            ),
        )

    @callback
    def async_add_failure(self, failed: Failed) -> None:
        """Note a desk call that failed, with its translated error."""
        self.async_add(
            failed.room.room_id,
            Activity(
                when=dt_util.utcnow(),
                action=failed.action,
                ok=False,
                user_id=None if failed.context is None else failed.context.user_id,
                kind=failed.kind.value,
                name=failed.name,
                slot=failed.slot,
                card_id=failed.card_id,
                error=error_details(failed.error),
            ),
        )

    @callback
    def async_add_unlock(
        self, room_id: str, context: Context | None, err: HomeAssistantError | None
    ) -> None:
        """Note an unlock asked for through Home Assistant (``err``: it failed)."""
        self.async_add(
            room_id,
            Activity(
                when=dt_util.utcnow(),
                action="unlock",
                ok=err is None,
                user_id=None if context is None else context.user_id,
                error=None if err is None else error_details(err),
            ),
        )

    @callback
    def async_add(self, room_id: str, activity: Activity) -> None:
        """Note an entry; save it later."""
        entries = self._rooms.get(room_id)
        if entries is None:
            entries = self._rooms[room_id] = deque(maxlen=MAX_PER_ROOM)
        entries.append(activity)
        if not self._dirty:
            # Written SAVE_DELAY after the first unsaved entry, whatever follows.
            self._dirty = True
            self._store.async_delay_save(self._data_to_save, SAVE_DELAY)

    def entries(self, room_id: str) -> list[Activity]:
        """Return a room's entries, newest first."""
        return list(reversed(self._rooms.get(room_id, ())))

    async def async_save(self) -> None:
        """Write what is not saved yet (at unload: the next setup reads it)."""
        if self._dirty:
            await self._store.async_save(self._data_to_save())

    @callback
    def _data_to_save(self) -> StoredData:
        self._dirty = False
        return StoredData(
            rooms={
                room_id: [entry.as_stored() for entry in entries]
                for room_id, entries in self._rooms.items()
                if entries
            }
        )


def storage_key(entry_id: str) -> str:
    """Return the storage key of a config entry's activity log."""
    return f"{DOMAIN}.{entry_id}.activity"


async def async_remove_activity(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the activity log of a removed config entry."""
    await Store[StoredData](hass, STORAGE_VERSION, storage_key(entry_id)).async_remove()
