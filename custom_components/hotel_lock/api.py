"""Async client for the hotel door lock platform's WebAPI: the transport.

Every call is a form-encoded ``POST {base}/Api/{Name}`` carrying ``appid`` and
``appsecret``. This module sends the calls and tells what became of each
request; reading the answers into data types, and the errors it raises, are
in ``platform_answers``. It has no Home Assistant imports, and it is the only
module that sees aiohttp's exceptions: it turns them into
``HotelLockNotSentError`` (the request never reached the platform) or
``HotelLockConnectionLostError`` (it may have: a timeout, a connection lost
after sending), so that callers decide on the type alone.

Date-times on the wire are naive ``yyyy-MM-dd HH:mm:ss`` in the platform's
local time. The client is the one place that converts: it takes the
platform's time zone, sends every aware date-time converted to it, refuses a
naive one, and returns the platform's date-times aware, in that zone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
import json
import logging
import socket
from typing import Any, Final
from urllib.parse import urlencode

import aiohttp
from yarl import URL

from .platform_answers import (
    DATETIME_FORMAT,
    CardInfo,
    ClearedCard,
    GatewayResult,
    HotelLockAuthenticationError,
    HotelLockConnectionLostError,
    HotelLockNotSentError,
    HotelLockPlatformError,
    HotelLockResponseError,
    Room,
    answer_data,
    card_info,
    cleared_card,
    gateway_result,
    optional_gateway_result,
    required_field,
    room_list,
)

_LOGGER = logging.getLogger(__name__)

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


type TimeZoneSource = tzinfo | Callable[[], tzinfo]


def redact_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """Return request fields safe to log."""
    return {
        key: REDACTED if key in SECRET_FIELDS else value
        for key, value in fields.items()
    }


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
            raise HotelLockConnectionLostError(
                f"Timed out after {timeout:g} s waiting for {call}"
            ) from err
        except (
            aiohttp.ClientConnectorError,
            aiohttp.InvalidURL,
            socket.gaierror,
        ) as err:
            # No connection was made (refused, DNS, TLS): nothing was sent.
            _LOGGER.debug("%s could not reach the platform: %s", call, err)
            raise HotelLockNotSentError(
                f"Could not reach the platform for {call}: {err}"
            ) from err
        except (aiohttp.ClientError, OSError) as err:
            # The connection broke while the request or its answer travelled.
            _LOGGER.debug("%s lost its connection to the platform: %s", call, err)
            raise HotelLockConnectionLostError(
                f"Lost the connection to the platform during {call}: {err}"
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
        if _LOGGER.isEnabledFor(logging.DEBUG) and isinstance(answer, dict):
            _LOGGER.debug(
                "%s answered code %s: %s", call, answer.get("code"), answer.get("msg")
            )
        return answer_data(call, answer)

    async def _gateway(self, call: str, fields: Mapping[str, str]) -> GatewayResult:
        return gateway_result(call, await self._request(call, fields))

    async def get_room_list(self) -> list[Room]:
        """Return all rooms; a refusal means the credentials are not accepted."""
        try:
            data = await self._request(GET_ROOM_LIST)
        except HotelLockPlatformError as err:
            raise HotelLockAuthenticationError(err.call, err.code, err.message) from err
        return room_list(GET_ROOM_LIST, data)

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
        return required_field(MARK_ROOM_CARD, data, "card_id")

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
        return cleared_card(CLEAR_ROOM_CARD, data, rm_id=rm_id, card_id=card_id)

    async def read_card(self) -> CardInfo:
        """Read the card lying on the desk encoder."""
        zone = self.time_zone
        return card_info(READ_CARD, await self._request(READ_CARD), zone)

    async def make_offline(self, rm_id: str, valid_until: datetime) -> str:
        """Generate an offline password for a room; return the password."""
        data = await self._request(
            MAKE_OFFLINE, {"rm_id": rm_id, "unValid": self._wire_datetime(valid_until)}
        )
        return required_field(MAKE_OFFLINE, data, "muid")

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
        return optional_gateway_result(GATEWAY_STOP_OFFLINE, data)

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
