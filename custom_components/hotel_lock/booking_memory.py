"""What a booking source is remembered to hold, and the missing-reads rule.

A feed that briefly returns nothing, or drops a booking for a read or two,
must not cancel stays. So a source hands the stay book not what one read
returned but what it is remembered to hold:

- A booking missing from a successful read is still handed on (as last read)
  until ``MISSING_READS_BEFORE_DROP`` successful reads in a row did not have
  it; then it is dropped, which cancels its stay. Read again before that, it
  starts counting from zero.
- A read with no events at all while the source holds bookings is a glitch:
  nothing is counted (the caller warns and raises a repair issue). A read
  with events but none of them a booking (an Airbnb listing's "Not
  available" blocks after its last booking was cancelled) is no glitch: the
  bookings it lacks are missing from it, as from any read.
- A read that fails is not taken at all (the caller does not call ``take``).
- A booking that ended before the read window (the calendar no longer shows
  it) is forgotten at once; a booking already over when first read is never
  handed on (there is nothing to follow).

The memory is kept in the entry's store, so that restarts count on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from homeassistant.util import dt as dt_util

from .booking_events import Booking
from .const import MISSING_READS_BEFORE_DROP


@dataclass(slots=True)
class SourceMemory:
    """The bookings a source is taken to hold, and their missed reads."""

    carried: dict[str, Booking] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=dict)

    def bookings(self) -> list[Booking]:
        """Return the bookings to hand on, by arrival."""
        return sorted(self.carried.values(), key=lambda b: (b.arrival, b.uid))

    def take(
        self,
        read: Mapping[str, Booking],
        now: datetime,
        window_start: datetime,
        *,
        feed_empty: bool,
    ) -> bool | None:
        """Apply a successful read (``feed_empty``: it returned no event at all).

        Return None when the read is a glitch (nothing was counted), else
        whether what is remembered changed.
        """
        changed = False
        for uid in [
            uid
            for uid, booking in self.carried.items()
            if booking.departure <= window_start and uid not in read
        ]:
            self._forget(uid)
            changed = True
        if feed_empty and self.carried:
            return None
        for uid in self.carried.keys() - read.keys():
            missed = self.missed.get(uid, 0) + 1
            if missed >= MISSING_READS_BEFORE_DROP:
                self._forget(uid)
            else:
                self.missed[uid] = missed
            changed = True
        for uid, booking in read.items():
            if uid not in self.carried and booking.departure <= now:
                continue
            if self.missed.pop(uid, None) is not None:
                changed = True
            if self.carried.get(uid) != booking:
                self.carried[uid] = booking
                changed = True
        return changed

    def _forget(self, uid: str) -> None:
        del self.carried[uid]
        self.missed.pop(uid, None)

    def as_dict(self) -> dict[str, Any]:
        """Return the memory as stored."""
        return {
            "bookings": [
                {
                    "uid": booking.uid,
                    "guest": booking.guest,
                    "room_ids": list(booking.room_ids),
                    "arrival": booking.arrival.isoformat(),
                    "departure": booking.departure.isoformat(),
                    "missed": self.missed.get(booking.uid, 0),
                }
                for booking in self.bookings()
            ]
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceMemory:
        """Return a memory as stored (records that do not read are left out)."""
        memory = cls()
        for record in data.get("bookings", ()):
            arrival = dt_util.parse_datetime(record.get("arrival") or "")
            departure = dt_util.parse_datetime(record.get("departure") or "")
            if arrival is None or departure is None or not record.get("uid"):
                continue
            booking = Booking(
                uid=record["uid"],
                guest=str(record.get("guest") or ""),
                room_ids=tuple(record.get("room_ids") or ()),
                arrival=arrival,
                departure=departure,
            )
            memory.carried[booking.uid] = booking
            if missed := int(record.get("missed") or 0):
                memory.missed[booking.uid] = missed
        return memory
