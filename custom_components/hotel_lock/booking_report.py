"""What the last read of each booking source did, for the diagnostics.

Every read of a source leaves a report: when, how long (the whole read, and
the stay book's part of it: the reconciliation), how many events and
bookings, what became of the stays, how many bookings were refused, or why
the read failed. The entry's diagnostics show the last one of each source
(never a guest's name), so that a slow or failing feed can be seen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Final

# How a read ended (ReadReport.outcome).
READ: Final = "read"  # the bookings were handed to the stay book
GLITCH: Final = "no_bookings"  # none at all while the source holds some: kept
FAILED: Final = "failed"  # the calendar could not be read
NOT_FOLLOWED: Final = "book_failed"  # the stay book raised; the next read retries


@dataclass(slots=True)
class ReadReport:
    """What the last read of a source did (shown in the diagnostics).

    ``seconds`` is the whole read (the calendar's refresh and events, the
    mapping, the stays); ``reconcile_seconds`` the stay book's part: the
    stays made, changed and cancelled, and the requests this sent.
    ``stays`` counts what became of the bookings handed on.
    """

    at: datetime
    outcome: str = FAILED
    error: str | None = None
    seconds: float = 0.0
    events: int = 0
    bookings: int = 0
    reconcile_seconds: float | None = None
    stays: dict[str, int] = field(default_factory=dict)
    refused: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the report for the diagnostics."""
        return asdict(self) | {"at": self.at.isoformat()}
