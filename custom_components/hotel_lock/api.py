"""Async client for the hotel door lock platform's WebAPI.

Every call is a form-encoded ``POST {base}/Api/{Name}`` carrying ``appid`` and
``appsecret``; every answer is ``{"code": int, "msg": str, "data": ...}`` with
``code == 1`` meaning success. This module has no Home Assistant imports.

Date-times on the wire are naive ``yyyy-MM-dd HH:mm:ss`` in the platform's
local time. The client is the one place that converts: it takes the
platform's time zone, sends every aware date-time converted to it, refuses a
naive one, and returns the platform's date-times aware, in that zone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
import json
import logging
import socket
from typing import Any, Final
from urllib.parse import urlencode

import aiohttp
from yarl import URL

_LOGGER = logging.getLogger(__name__)

DATETIME_FORMAT: Final = "%Y-%m-%d %H:%M:%S"

# Request fields whose values never reach a log line.
SECRET_FIELDS: Final = frozenset(
    {"appid", "appsecret", "pwd", "muid", "base64", "hexs"}
)
REDACTED: Final = "**REDACTED**"

# The body is encoded here: given a dict, aiohttp builds a FormData (and a
# multipart writer with a random boundary) for every request.
FORM_HEADERS: Final = {"Content-Type": "application/x-www-form-urlencoded"}

GET_ROOM_LIST: Final = "GetRoomList"
MARK_ROOM_CARD: Final = "MarkRoomCard"
CLEAR_ROOM_CARD: Final = "ClearRoomCard"
READ_CARD: Final = "ReadCard"
MAKE_OFFLINE: Final = "MakeOffline"
GATEWAY_STOP_OFFLINE: Final = "GatewayStopOffline"
GATEWAY_UPLOAD_ONLINE: Final = "GatewayUploadOnline"
GATEWAY_STOP_ONLINE: Final = "GatewayStopOnline"
GATEWAY_OPEN: Final = "GatewayOpen"
GATEWAY_UPLOAD_FACE: Final = "GatewayUploadFace"
GATEWAY_STOP_FACE: Final = "GatewayStopFace"
GATEWAY_UPLOAD_FINGER: Final = "GatewayUploadFinger"
GATEWAY_STOP_FINGER: Final = "GatewayStopFinger"


class HotelLockError(Exception):
    """Base class of every error the client raises."""


class HotelLockConnectionError(HotelLockError):
    """The platform could not be reached (refused, DNS, TLS, timeout)."""


class HotelLockResponseError(HotelLockError):
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


type TimeZoneSource = tzinfo | Callable[[], tzinfo]


def redact_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """Return request fields safe to log."""
    return {
        key: REDACTED if key in SECRET_FIELDS else value
        for key, value in fields.items()
    }


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


def _gateway_result(data: Any, call: str) -> GatewayResult:
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


class HotelLockClient:
    """Talk to the platform's WebAPI."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        appid: str,
        appsecret: str,
        *,
        time_zone: TimeZoneSource | None = None,
        request_timeout: float = 10,
        gateway_timeout: float = 30,
    ) -> None:
        """Set up the client; the session is owned by the caller.

        ``time_zone`` is the platform's zone, or a callable returning it (read
        at every use, since the zone may change while the client lives).
        Without it, the calls that carry date-times raise ValueError.
        """
        self._session = session
        self._base_url = URL(base_url.strip().rstrip("/"))
        self._appid = appid
        self._appsecret = appsecret
        self._time_zone = time_zone
        self._request_timeout = request_timeout
        self._gateway_timeout = gateway_timeout

    @property
    def base_url(self) -> str:
        """Return the platform's base URL."""
        return str(self._base_url)

    @property
    def time_zone(self) -> tzinfo:
        """Return the platform's time zone as it is now."""
        if self._time_zone is None:
            raise ValueError("The client was set up without the platform's time zone")
        if isinstance(self._time_zone, tzinfo):
            return self._time_zone
        return self._time_zone()

    def _wire_datetime(self, value: datetime) -> str:
        """Format an aware date-time in the platform's local time.

        A naive date-time is refused: its zone is unknown, so sending it as it
        stands could shift a validity by hours. That is a programming error,
        never a user's: the actions' fields always give aware values.
        """
        if value.utcoffset() is None:
            raise ValueError("A naive date-time cannot be sent to the platform")
        return value.astimezone(self.time_zone).strftime(DATETIME_FORMAT)

    async def _request(self, call: str, fields: Mapping[str, str] | None = None) -> Any:
        """Send one call and return its ``data`` on success."""
        body = {"appid": self._appid, "appsecret": self._appsecret, **(fields or {})}
        timeout = (
            self._gateway_timeout
            if call.startswith("Gateway")
            else self._request_timeout
        )
        url = self._base_url / "Api" / call
        if _LOGGER.isEnabledFor(logging.DEBUG):
            _LOGGER.debug("Calling %s with %s", call, redact_fields(body))
        data = urlencode(body).encode()
        try:
            async with asyncio.timeout(timeout):
                response = await self._session.post(
                    url, data=data, headers=FORM_HEADERS
                )
                async with response:
                    status = response.status
                    raw = await response.read()
        except TimeoutError as err:
            _LOGGER.debug("%s timed out after %s s", call, timeout)
            raise HotelLockConnectionError(
                f"Timed out after {timeout:g} s waiting for {call}"
            ) from err
        except (aiohttp.ClientError, socket.gaierror, OSError) as err:
            _LOGGER.debug("%s could not reach the platform: %s", call, err)
            raise HotelLockConnectionError(
                f"Could not reach the platform for {call}: {err}"
            ) from err

        if status in (401, 403):
            raise HotelLockAuthenticationError(call, status, f"HTTP {status}")
        if status >= 400:
            _LOGGER.debug("%s answered HTTP %s", call, status)
            raise HotelLockResponseError(f"{call} answered HTTP {status}")
        try:
            answer = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as err:
            _LOGGER.debug("%s answered something that is not JSON", call)
            raise HotelLockResponseError(
                f"{call} answered something that is not JSON"
            ) from err
        if not isinstance(answer, dict) or "code" not in answer:
            raise HotelLockResponseError(f"{call} answered without a code")
        code = _as_int(answer["code"], "code")
        message = answer.get("msg")
        message = "" if message is None else str(message)
        _LOGGER.debug("%s answered code %s: %s", call, code, message)
        if code != 1:
            raise HotelLockPlatformError(call, code, message)
        return answer.get("data")

    async def _gateway(self, call: str, fields: Mapping[str, str]) -> GatewayResult:
        return _gateway_result(await self._request(call, fields), call)

    async def get_room_list(self) -> list[Room]:
        """Return all rooms; a refusal means the credentials are not accepted."""
        try:
            data = await self._request(GET_ROOM_LIST)
        except HotelLockPlatformError as err:
            raise HotelLockAuthenticationError(err.call, err.code, err.message) from err
        if data is None:
            return []
        if not isinstance(data, list):
            raise HotelLockResponseError(f"{GET_ROOM_LIST} answered without a list")
        rooms: list[Room] = []
        for item in data:
            obj = _as_object(item, GET_ROOM_LIST)
            rm_id = _required_str(obj, "rm_id")
            name = _optional_str(obj.get("rm_name"), "rm_name") or rm_id
            rooms.append(Room(rm_id=rm_id, name=name))
        return rooms

    async def mark_room_card(
        self, rm_id: str, authorized_at: datetime, valid_until: datetime
    ) -> str:
        """Write a key card for a room on the desk encoder; return its card ID."""
        data = await self._request(
            MARK_ROOM_CARD,
            {
                "rm_id": rm_id,
                "abkp": self._wire_datetime(authorized_at),
                "unValid": self._wire_datetime(valid_until),
            },
        )
        return _required_str(_as_object(data, MARK_ROOM_CARD), "card_id")

    async def clear_room_card(
        self, *, rm_id: str | None = None, card_id: str | None = None
    ) -> ClearedCard:
        """Clear the card on the desk encoder, by room or by card ID."""
        if not rm_id and not card_id:
            raise ValueError("rm_id or card_id is required")
        fields: dict[str, str] = {}
        if rm_id:
            fields["rm_id"] = rm_id
        if card_id:
            fields["card_id"] = card_id
        data = await self._request(CLEAR_ROOM_CARD, fields)
        obj = _as_object(data, CLEAR_ROOM_CARD)
        return ClearedCard(
            card_id=_optional_str(obj.get("card_id"), "card_id") or card_id or "",
            rm_id=_optional_str(obj.get("rm_id"), "rm_id") or rm_id,
        )

    async def read_card(self) -> CardInfo:
        """Read the card lying on the desk encoder."""
        zone = self.time_zone
        obj = _as_object(await self._request(READ_CARD), READ_CARD)
        return CardInfo(
            card_id=_required_str(obj, "card_id"),
            rm_id=_optional_str(obj.get("rm_id"), "rm_id"),
            valid_from=_as_datetime(obj.get("valid"), "valid", zone),
            valid_until=_as_datetime(obj.get("unvalid"), "unvalid", zone),
        )

    async def make_offline(self, rm_id: str, valid_until: datetime) -> str:
        """Generate an offline password for a room; return the password."""
        data = await self._request(
            MAKE_OFFLINE, {"rm_id": rm_id, "unValid": self._wire_datetime(valid_until)}
        )
        return _required_str(_as_object(data, MAKE_OFFLINE), "muid")

    async def gateway_stop_offline(
        self, rm_id: str, password: str, valid_until: datetime
    ) -> GatewayResult | None:
        """Revoke an offline password (with the expiry it was generated with)."""
        data = await self._request(
            GATEWAY_STOP_OFFLINE,
            {
                "rm_id": rm_id,
                "muid": password,
                "unValid": self._wire_datetime(valid_until),
            },
        )
        if isinstance(data, Mapping) and "ce" in data and "d2" in data:
            return _gateway_result(data, GATEWAY_STOP_OFFLINE)
        return None

    async def gateway_upload_online(
        self, rm_id: str, slot: int, pin: str, valid_until: datetime
    ) -> GatewayResult:
        """Push a PIN into a slot of the lock."""
        return await self._gateway(
            GATEWAY_UPLOAD_ONLINE,
            {
                "rm_id": rm_id,
                "m1": str(slot),
                "pwd": pin,
                "unValid": self._wire_datetime(valid_until),
            },
        )

    async def gateway_stop_online(self, rm_id: str, slot: int) -> GatewayResult:
        """Disable the PIN in a slot."""
        return await self._gateway(
            GATEWAY_STOP_ONLINE, {"rm_id": rm_id, "m1": str(slot)}
        )

    async def gateway_open(self, rm_id: str) -> GatewayResult:
        """Unlock a room's door remotely."""
        return await self._gateway(GATEWAY_OPEN, {"rm_id": rm_id})

    async def gateway_upload_face(
        self,
        rm_id: str,
        slot: int,
        image_base64: str,
        valid_from: datetime,
        valid_until: datetime,
    ) -> GatewayResult:
        """Push a face image (base64 JPEG or PNG) into a slot of the lock."""
        return await self._gateway(
            GATEWAY_UPLOAD_FACE,
            {
                "rm_id": rm_id,
                "base64": image_base64,
                "m1": str(slot),
                "abkp": self._wire_datetime(valid_from),
                "unValid": self._wire_datetime(valid_until),
            },
        )

    async def gateway_stop_face(self, rm_id: str, slot: int) -> GatewayResult:
        """Disable the face in a slot."""
        return await self._gateway(GATEWAY_STOP_FACE, {"rm_id": rm_id, "m1": str(slot)})

    async def gateway_upload_finger(
        self,
        rm_id: str,
        slot: int,
        template: str,
        valid_from: datetime,
        valid_until: datetime,
    ) -> GatewayResult:
        """Push a fingerprint template (dash-joined hex) into a slot of the lock."""
        return await self._gateway(
            GATEWAY_UPLOAD_FINGER,
            {
                "rm_id": rm_id,
                "hexs": template,
                "m1": str(slot),
                "abkp": self._wire_datetime(valid_from),
                "unValid": self._wire_datetime(valid_until),
            },
        )

    async def gateway_stop_finger(self, rm_id: str, slot: int) -> GatewayResult:
        """Disable the fingerprint in a slot."""
        return await self._gateway(
            GATEWAY_STOP_FINGER, {"rm_id": rm_id, "m1": str(slot)}
        )
