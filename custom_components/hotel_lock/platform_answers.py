"""What the platform's WebAPI answers: the client's data types, errors, parsing.

Every answer is ``{"code": int, "msg": str, "data": ...}`` with ``code == 1``
meaning success. This module reads the ``data`` of each call into the frozen
dataclasses the client returns, and defines the errors the client raises.
Like the client (``api``), it has no Home Assistant imports; the transport
(aiohttp) stays in ``api``, the only module that sees its exceptions.

The errors say what happened to a request, because a caller that changes a
lock must know whether the change may have been made:

- ``HotelLockNotSentError``: the request never reached the platform
  (connection refused, DNS, TLS);
- ``HotelLockAnswerLostError``: the request may have reached the platform,
  which may have carried it out, but no valid answer came back (a timeout or
  a connection lost after sending, a garbled answer);
- ``HotelLockPlatformError``: the platform refused the call (code != 1);
- ``HotelLockAuthenticationError``: the platform refused the credentials.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

# Date-times on the wire: naive, in the platform's local time.
DATETIME_FORMAT: Final = "%Y-%m-%d %H:%M:%S"


class HotelLockError(Exception):
    """Base class of every error the client raises."""


class HotelLockConnectionError(HotelLockError):
    """The platform could not be reached, or the connection failed."""


class HotelLockNotSentError(HotelLockConnectionError):
    """The request never reached the platform (refused, DNS, TLS)."""


class HotelLockAnswerLostError(HotelLockError):
    """The request may have reached the platform, but its answer was lost."""


class HotelLockConnectionLostError(HotelLockConnectionError, HotelLockAnswerLostError):
    """The request was sent (or sending began), then time ran out or it broke."""


class HotelLockResponseError(HotelLockAnswerLostError):
    """The platform answered something that is not a valid WebAPI answer."""


class HotelLockPlatformError(HotelLockError):
    """The platform refused the call (``code`` is not 1)."""

    def __init__(self, call: str, code: int, message: str) -> None:
        """Keep the call, the platform's code and its message."""
        super().__init__(f"{call} failed with code {code}: {message}")
        self.call = call
        self.code = code
        self.message = message


class HotelLockAuthenticationError(HotelLockError):
    """The platform refused the credentials.

    ``GetRoomList`` takes nothing but the credentials, so its refusal while the
    server answers means the appid or appsecret is wrong or lacks permission.
    """

    def __init__(self, call: str, code: int, message: str) -> None:
        """Keep the call, the platform's code and its message."""
        super().__init__(f"{call} refused the credentials (code {code}): {message}")
        self.call = call
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Room:
    """A room of the platform."""

    rm_id: str
    name: str


@dataclass(frozen=True, slots=True)
class GatewayResult:
    """What a lock reports back through its gateway."""

    battery: int
    timestamp: datetime


@dataclass(frozen=True, slots=True)
class ClearedCard:
    """A card cleared on the desk encoder."""

    card_id: str
    rm_id: str | None


@dataclass(frozen=True, slots=True)
class CardInfo:
    """A card read on the desk encoder.

    ``valid_from`` and ``valid_until`` are aware, in the platform's time zone;
    ``rm_id`` and the validity are None for a blank card.
    """

    card_id: str
    rm_id: str | None
    valid_from: datetime | None
    valid_until: datetime | None


def answer_data(call: str, answer: Any) -> Any:
    """Return the ``data`` of a decoded answer; raise for a refusal."""
    if not isinstance(answer, dict) or "code" not in answer:
        raise HotelLockResponseError(f"{call} answered without a code")
    code = _as_int(answer["code"], "code")
    message = answer.get("msg")
    message = "" if message is None else str(message)
    if code != 1:
        raise HotelLockPlatformError(call, code, message)
    return answer.get("data")


def _optional_str(value: Any, field: str) -> str | None:
    """Return a string field or None (IDs may come as JSON numbers)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise HotelLockResponseError(f"Field {field} has an unexpected type")
    return str(value).strip() or None


def _required_str(data: Mapping[str, Any], field: str) -> str:
    """Return a string field that must be present."""
    if (value := _optional_str(data.get(field), field)) is None:
        raise HotelLockResponseError(f"Field {field} is missing")
    return value


def _as_int(value: Any, field: str) -> int:
    """Return an integer field (accepting a string of digits)."""
    if isinstance(value, bool):
        raise HotelLockResponseError(f"Field {field} has an unexpected type")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise HotelLockResponseError(f"Field {field} is not an integer")


def _as_datetime(value: Any, field: str, zone: tzinfo) -> datetime | None:
    """Parse a platform date-time (naive, in the platform's zone) as aware."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise HotelLockResponseError(f"Field {field} is not a date-time")
    try:
        # The platform speaks its own local time and says nothing of its zone.
        naive = datetime.strptime(value.strip(), DATETIME_FORMAT)  # noqa: DTZ007
    except ValueError as err:
        raise HotelLockResponseError(f"Field {field} is not a date-time") from err
    return naive.replace(tzinfo=zone)


def _as_object(data: Any, call: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise HotelLockResponseError(f"{call} answered without a data object")
    return data


def gateway_result(call: str, data: Any) -> GatewayResult:
    """Read a lock's answer through its gateway: battery and timestamp."""
    obj = _as_object(data, call)
    battery = _as_int(obj.get("ce"), "ce")
    millis = _as_int(obj.get("d2"), "d2")
    if not 0 <= battery <= 100:
        raise HotelLockResponseError("Field ce is not a percentage")
    try:
        timestamp = datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as err:
        raise HotelLockResponseError("Field d2 is not a timestamp") from err
    return GatewayResult(battery=battery, timestamp=timestamp)


def optional_gateway_result(call: str, data: Any) -> GatewayResult | None:
    """Read a gateway answer that may come without battery and timestamp."""
    if isinstance(data, Mapping) and "ce" in data and "d2" in data:
        return gateway_result(call, data)
    return None


def room_list(call: str, data: Any) -> list[Room]:
    """Read the room list (an empty answer is no rooms)."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise HotelLockResponseError(f"{call} answered without a list")
    rooms: list[Room] = []
    for item in data:
        obj = _as_object(item, call)
        rm_id = _required_str(obj, "rm_id")
        name = _optional_str(obj.get("rm_name"), "rm_name") or rm_id
        rooms.append(Room(rm_id=rm_id, name=name))
    return rooms


def required_field(call: str, data: Any, field: str) -> str:
    """Read the one string field an answer must carry (a card ID, a password)."""
    return _required_str(_as_object(data, call), field)


def cleared_card(
    call: str, data: Any, *, rm_id: str | None, card_id: str | None
) -> ClearedCard:
    """Read the card a clear names, falling back on what was asked."""
    obj = _as_object(data, call)
    return ClearedCard(
        card_id=_optional_str(obj.get("card_id"), "card_id") or card_id or "",
        rm_id=_optional_str(obj.get("rm_id"), "rm_id") or rm_id,
    )


def card_info(call: str, data: Any, zone: tzinfo) -> CardInfo:
    """Read the card on the encoder; its dates are in the platform's zone."""
    obj = _as_object(data, call)
    return CardInfo(
        card_id=_required_str(obj, "card_id"),
        rm_id=_optional_str(obj.get("rm_id"), "rm_id"),
        valid_from=_as_datetime(obj.get("valid"), "valid", zone),
        valid_until=_as_datetime(obj.get("unvalid"), "unvalid", zone),
    )
