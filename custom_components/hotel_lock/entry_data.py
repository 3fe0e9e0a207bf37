"""What a loaded config entry holds: its runtime data, and the entry's type.

This module sits above the domain objects it gathers (the coordinator, the
credential registry and desk, the stay book, the activity log, the booking
sources): they take what they use (the coordinator, the registry, the desk,
an entry ID) and never the typed entry, so that imports run one way, from
the entry's setup, the platforms, the actions and the Front desk down to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from .activity import ActivityLog
from .api import HotelLockClient
from .bookings import BookingSources
from .coordinator import HotelLockCoordinator
from .credentials import CredentialDesk
from .registry import CredentialRegistry
from .stays import StayBook

type HotelLockConfigEntry = ConfigEntry[HotelLockData]


@dataclass(slots=True)
class HotelLockData:
    """What a loaded config entry holds.

    The credential registry and the stays are loaded from storage at every
    setup, so a reload re-reads them; the desk is the one way to issue and
    revoke credentials, the stay book the one way to make and change stays.
    The booking sources start last (``bookings`` is set then). Nothing of an
    entry is kept in ``hass.data``.
    """

    client: HotelLockClient
    coordinator: HotelLockCoordinator
    registry: CredentialRegistry
    desk: CredentialDesk
    stays: StayBook
    activity: ActivityLog
    bookings: BookingSources | None = None
