"""Tests for the WebAPI client, against a small local server with canned answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
import logging
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from custom_components.hotel_lock.api import HotelLockClient, redact_fields
from custom_components.hotel_lock.platform_answers import (
    CardInfo,
    ClearedCard,
    GatewayResult,
    HotelLockAnswerLostError,
    HotelLockAuthenticationError,
    HotelLockConnectionError,
    HotelLockNotSentError,
    HotelLockPlatformError,
    HotelLockResponseError,
    Room,
)

APPID = "4773aa036f7f49c68d876bb4be85c80c"
APPSECRET = "dfd5489d0cee31f0bdfaf59d0d42d71f"
RM_ID = "775032240849920"
OK_GATEWAY = {"code": 1, "msg": "操作成功", "data": {"ce": 89, "d2": 1702979380980}}
# The platform PC's zone in these tests (UTC+8, no daylight saving time).
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class CannedServer:
    """A server answering each call with a canned answer, recording requests."""

    url: str = ""
    answers: dict[str, Callable[[], web.StreamResponse]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)

    def answer_json(self, call: str, body: Any, status: int = 200) -> None:
        """Answer a call with a JSON body."""
        self.answers[call] = lambda: web.json_response(body, status=status)

    def answer_text(self, call: str, text: str, status: int = 200) -> None:
        """Answer a call with a raw text body."""
        self.answers[call] = lambda: web.Response(
            text=text, status=status, content_type="text/html"
        )


@pytest.fixture
async def server(socket_enabled: None) -> AsyncGenerator[CannedServer]:
    """Serve canned answers on 127.0.0.1."""
    canned = CannedServer()

    async def handler(request: web.Request) -> web.StreamResponse:
        call = request.match_info["call"]
        form = await request.post()
        canned.requests.append(
            (call, request.content_type, {k: str(v) for k, v in form.items()})
        )
        if delay := canned.delays.get(call):
            await asyncio.sleep(delay)
        return canned.answers[call]()

    app = web.Application()
    app.router.add_post("/Api/{call}", handler)
    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    canned.url = str(test_server.make_url("")).rstrip("/")
    yield canned
    await test_server.close()


@pytest.fixture
async def session() -> AsyncGenerator[aiohttp.ClientSession]:
    """Return a client session."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def client(server: CannedServer, session: aiohttp.ClientSession) -> HotelLockClient:
    """Return a client for the canned server."""
    return HotelLockClient(
        session, server.url + "/", APPID, APPSECRET, time_zone=SHANGHAI
    )


async def test_get_room_list(server: CannedServer, client: HotelLockClient) -> None:
    """Rooms come back with string IDs, whether the platform sends strings or numbers."""
    server.answer_json(
        "GetRoomList",
        {
            "code": 1,
            "msg": "",
            "data": [
                {"rm_id": RM_ID, "rm_name": "1-101"},
                {"rm_id": 775032240849921, "rm_name": "1-102"},
                {"rm_id": "775032240849922", "rm_name": ""},
            ],
        },
    )
    assert await client.get_room_list() == [
        Room(RM_ID, "1-101"),
        Room("775032240849921", "1-102"),
        Room("775032240849922", "775032240849922"),
    ]
    call, content_type, fields = server.requests[0]
    assert call == "GetRoomList"
    assert content_type == "application/x-www-form-urlencoded"
    assert fields == {"appid": APPID, "appsecret": APPSECRET}
    assert client.base_url == server.url


async def test_get_room_list_empty(
    server: CannedServer, client: HotelLockClient
) -> None:
    """A platform without rooms answers null data."""
    server.answer_json("GetRoomList", {"code": 1, "msg": "", "data": None})
    assert await client.get_room_list() == []


async def test_get_room_list_refused_is_authentication(
    server: CannedServer, client: HotelLockClient
) -> None:
    """GetRoomList takes only the credentials: its refusal is an authentication error."""
    server.answer_json("GetRoomList", {"code": 0, "msg": "appsecret错误", "data": None})
    with pytest.raises(HotelLockAuthenticationError) as err:
        await client.get_room_list()
    assert err.value.message == "appsecret错误"
    assert err.value.code == 0


@pytest.mark.parametrize("status", [401, 403])
async def test_http_auth_status(
    server: CannedServer, client: HotelLockClient, status: int
) -> None:
    """HTTP 401/403 are authentication errors."""
    server.answer_text("GatewayOpen", "no", status=status)
    with pytest.raises(HotelLockAuthenticationError):
        await client.gateway_open(RM_ID)


async def test_gateway_open(server: CannedServer, client: HotelLockClient) -> None:
    """GatewayOpen sends the room and returns battery and a UTC timestamp."""
    server.answer_json("GatewayOpen", OK_GATEWAY)
    result = await client.gateway_open(RM_ID)
    assert result == GatewayResult(
        battery=89, timestamp=datetime(2023, 12, 19, 9, 49, 40, 980000, tzinfo=UTC)
    )
    assert server.requests[0][2] == {
        "appid": APPID,
        "appsecret": APPSECRET,
        "rm_id": RM_ID,
    }


async def test_gateway_numbers_as_strings(
    server: CannedServer, client: HotelLockClient
) -> None:
    """Battery and timestamp given as strings are accepted."""
    server.answer_json(
        "GatewayStopOnline",
        {"code": "1", "msg": "", "data": {"ce": "7", "d2": "1702979380000"}},
    )
    result = await client.gateway_stop_online(RM_ID, 3)
    assert result.battery == 7
    server.answer_json(
        "GatewayStopOnline",
        {"code": 1.0, "msg": None, "data": {"ce": 8.0, "d2": 1702979380000.0}},
    )
    result = await client.gateway_stop_online(RM_ID, 3)
    assert result.battery == 8
    assert result.timestamp == datetime(2023, 12, 19, 9, 49, 40, tzinfo=UTC)
    assert server.requests[0][2]["m1"] == "3"


async def test_credential_calls_send_spec_fields(
    server: CannedServer, client: HotelLockClient
) -> None:
    """Every call sends the vendor's field names and date-time format."""
    start = datetime(2024, 1, 2, 3, 4, 5, tzinfo=SHANGHAI)
    end = datetime(2024, 2, 3, 4, 5, 6, tzinfo=SHANGHAI)
    for call in (
        "GatewayUploadOnline",
        "GatewayUploadFace",
        "GatewayStopFace",
        "GatewayUploadFinger",
        "GatewayStopFinger",
    ):
        server.answer_json(call, OK_GATEWAY)
    server.answer_json(
        "MarkRoomCard", {"code": 1, "msg": "", "data": {"card_id": "03F56240"}}
    )
    server.answer_json(
        "MakeOffline", {"code": 1, "msg": "", "data": {"muid": "0356241"}}
    )

    assert (await client.gateway_upload_online(RM_ID, 2, "0123456", end)).battery == 89
    assert (
        await client.gateway_upload_face(RM_ID, 4, "aGVsbG8=", start, end)
    ).battery == 89
    assert (await client.gateway_stop_face(RM_ID, 4)).battery == 89
    assert (
        await client.gateway_upload_finger(RM_ID, 5, "ab-cd-ef", start, end)
    ).battery == 89
    assert (await client.gateway_stop_finger(RM_ID, 5)).battery == 89
    assert await client.mark_room_card(RM_ID, start, end) == "03F56240"
    assert await client.make_offline(RM_ID, end) == "0356241"

    sent = {call: fields for call, _, fields in server.requests}
    common = {"appid": APPID, "appsecret": APPSECRET, "rm_id": RM_ID}
    assert sent["GatewayUploadOnline"] == {
        **common,
        "m1": "2",
        "pwd": "0123456",
        "unValid": "2024-02-03 04:05:06",
    }
    assert sent["GatewayUploadFace"] == {
        **common,
        "base64": "aGVsbG8=",
        "m1": "4",
        "abkp": "2024-01-02 03:04:05",
        "unValid": "2024-02-03 04:05:06",
    }
    assert sent["GatewayStopFace"] == {**common, "m1": "4"}
    assert sent["GatewayUploadFinger"] == {
        **common,
        "hexs": "ab-cd-ef",
        "m1": "5",
        "abkp": "2024-01-02 03:04:05",
        "unValid": "2024-02-03 04:05:06",
    }
    assert sent["GatewayStopFinger"] == {**common, "m1": "5"}
    assert sent["MarkRoomCard"] == {
        **common,
        "abkp": "2024-01-02 03:04:05",
        "unValid": "2024-02-03 04:05:06",
    }
    assert sent["MakeOffline"] == {**common, "unValid": "2024-02-03 04:05:06"}


async def test_gateway_stop_offline(
    server: CannedServer, client: HotelLockClient
) -> None:
    """Revoking an offline password sends it with its expiry; data is optional."""
    end = datetime(2024, 2, 3, 4, 5, 6, tzinfo=SHANGHAI)
    server.answer_json("GatewayStopOffline", {"code": 1, "msg": "", "data": None})
    assert await client.gateway_stop_offline(RM_ID, "0356241", end) is None
    assert server.requests[0][2] == {
        "appid": APPID,
        "appsecret": APPSECRET,
        "rm_id": RM_ID,
        "muid": "0356241",
        "unValid": "2024-02-03 04:05:06",
    }
    server.answer_json("GatewayStopOffline", OK_GATEWAY)
    result = await client.gateway_stop_offline(RM_ID, "0356241", end)
    assert result is not None
    assert result.battery == 89


async def test_clear_room_card(server: CannedServer, client: HotelLockClient) -> None:
    """A card is cleared by room or by card ID."""
    server.answer_json(
        "ClearRoomCard",
        {
            "code": 1,
            "msg": "",
            "data": {"card_id": "03F56240", "rm_id": 775032240849920},
        },
    )
    assert await client.clear_room_card(rm_id=RM_ID) == ClearedCard("03F56240", RM_ID)
    assert await client.clear_room_card(card_id="03F56240") == ClearedCard(
        "03F56240", RM_ID
    )
    assert server.requests[0][2] == {
        "appid": APPID,
        "appsecret": APPSECRET,
        "rm_id": RM_ID,
    }
    assert server.requests[1][2] == {
        "appid": APPID,
        "appsecret": APPSECRET,
        "card_id": "03F56240",
    }
    server.answer_json("ClearRoomCard", {"code": 1, "msg": "", "data": {}})
    assert await client.clear_room_card(card_id="03F56240") == ClearedCard(
        "03F56240", None
    )
    with pytest.raises(ValueError, match="required"):
        await client.clear_room_card()


async def test_read_card(server: CannedServer, client: HotelLockClient) -> None:
    """A read card gives its room, and its validity aware in the platform's zone."""
    server.answer_json(
        "ReadCard",
        {
            "code": 1,
            "msg": "操作成功",
            "data": {
                "card_id": "03F56240",
                "rm_id": 775032240849920,
                "valid": "2023-02-04 10:00:00",
                "unvalid": "2023-02-05 12:00:00",
            },
        },
    )
    card = await client.read_card()
    assert card == CardInfo(
        card_id="03F56240",
        rm_id=RM_ID,
        valid_from=datetime(2023, 2, 4, 10, tzinfo=SHANGHAI),
        valid_until=datetime(2023, 2, 5, 12, tzinfo=SHANGHAI),
    )
    assert card.valid_from is not None
    assert card.valid_from.utcoffset() == timedelta(hours=8)
    assert card.valid_from == datetime(2023, 2, 4, 2, tzinfo=UTC)
    server.answer_json(
        "ReadCard", {"code": 1, "msg": "", "data": {"card_id": "03F56240", "valid": ""}}
    )
    assert await client.read_card() == CardInfo("03F56240", None, None, None)


@pytest.mark.parametrize(
    ("sent", "wire"),
    [
        # The same instant, however it is given, is the platform's local time.
        (datetime(2024, 2, 2, 20, 5, 6, tzinfo=UTC), "2024-02-03 04:05:06"),
        (
            datetime(2024, 2, 3, 5, 5, 6, tzinfo=timezone(timedelta(hours=9))),
            "2024-02-03 04:05:06",
        ),
        (
            datetime(2024, 2, 2, 12, 5, 6, tzinfo=ZoneInfo("US/Pacific")),
            "2024-02-03 04:05:06",
        ),
        (datetime(2024, 2, 3, 4, 5, 6, tzinfo=SHANGHAI), "2024-02-03 04:05:06"),
    ],
)
async def test_datetimes_sent_in_platform_time(
    server: CannedServer, client: HotelLockClient, sent: datetime, wire: str
) -> None:
    """Every date-time is converted to the platform's zone by the client itself."""
    server.answer_json(
        "MarkRoomCard", {"code": 1, "msg": "", "data": {"card_id": "03F56240"}}
    )
    server.answer_json(
        "MakeOffline", {"code": 1, "msg": "", "data": {"muid": "0356241"}}
    )
    server.answer_json("GatewayUploadOnline", OK_GATEWAY)
    server.answer_json("GatewayUploadFace", OK_GATEWAY)
    server.answer_json("GatewayStopOffline", {"code": 1, "msg": "", "data": None})
    await client.mark_room_card(RM_ID, sent, sent)
    await client.make_offline(RM_ID, sent)
    await client.gateway_upload_online(RM_ID, 1, "123456", sent)
    await client.gateway_upload_face(RM_ID, 1, "aGVsbG8=", sent, sent)
    await client.gateway_stop_offline(RM_ID, "0356241", sent)
    for _, _, fields in server.requests:
        assert {key: fields[key] for key in ("abkp", "unValid") if key in fields} in (
            {"unValid": wire},
            {"abkp": wire, "unValid": wire},
        )
    assert len(server.requests) == 5


async def test_naive_datetime_refused(
    server: CannedServer, client: HotelLockClient
) -> None:
    """A naive date-time never reaches the wire: its zone is unknown."""
    naive = datetime(2024, 2, 3, 4, 5, 6)  # noqa: DTZ001 - the point of the test
    aware = datetime(2024, 2, 3, 4, 5, 6, tzinfo=SHANGHAI)
    calls = [
        lambda: client.mark_room_card(RM_ID, naive, aware),
        lambda: client.mark_room_card(RM_ID, aware, naive),
        lambda: client.make_offline(RM_ID, naive),
        lambda: client.gateway_stop_offline(RM_ID, "0356241", naive),
        lambda: client.gateway_upload_online(RM_ID, 1, "123456", naive),
        lambda: client.gateway_upload_face(RM_ID, 1, "aGVsbG8=", naive, aware),
        lambda: client.gateway_upload_finger(RM_ID, 1, "ab-cd", aware, naive),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="naive"):
            await call()
    assert server.requests == []


async def test_time_zone_read_at_use(
    server: CannedServer, session: aiohttp.ClientSession
) -> None:
    """A time zone given as a callable is read at every call; none: no date-times."""
    zones: list[tzinfo] = [SHANGHAI]
    client = HotelLockClient(
        session, server.url, APPID, APPSECRET, time_zone=lambda: zones[-1]
    )
    assert client.time_zone is SHANGHAI
    server.answer_json(
        "MakeOffline", {"code": 1, "msg": "", "data": {"muid": "0356241"}}
    )
    server.answer_json(
        "ReadCard",
        {
            "code": 1,
            "msg": "",
            "data": {"card_id": "01", "rm_id": RM_ID, "unvalid": "2024-02-03 04:05:06"},
        },
    )
    instant = datetime(2024, 2, 2, 20, 5, 6, tzinfo=UTC)
    await client.make_offline(RM_ID, instant)
    zones.append(ZoneInfo("Europe/Berlin"))
    await client.make_offline(RM_ID, instant)
    assert [fields["unValid"] for _, _, fields in server.requests] == [
        "2024-02-03 04:05:06",
        "2024-02-02 21:05:06",
    ]
    card = await client.read_card()
    assert card.valid_until == datetime(2024, 2, 3, 3, 5, 6, tzinfo=UTC)

    without = HotelLockClient(session, server.url, APPID, APPSECRET)
    with pytest.raises(ValueError, match="time zone"):
        await without.make_offline(RM_ID, instant)
    with pytest.raises(ValueError, match="time zone"):
        await without.read_card()
    assert len(server.requests) == 3


async def test_platform_error(server: CannedServer, client: HotelLockClient) -> None:
    """A code other than 1 raises a platform error carrying the message."""
    server.answer_json("GatewayOpen", {"code": -1, "msg": "网关离线", "data": None})
    with pytest.raises(HotelLockPlatformError) as err:
        await client.gateway_open(RM_ID)
    assert err.value.message == "网关离线"
    assert err.value.call == "GatewayOpen"
    server.answer_json("ReadCard", {"code": 0, "data": None})
    with pytest.raises(HotelLockPlatformError) as err:
        await client.read_card()
    assert err.value.message == ""


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("<html><body>Server error</body></html>", 200),
        ("{not json", 200),
        ("[1, 2]", 200),
        ('{"msg": "no code"}', 200),
        ('{"code": "yes", "msg": ""}', 200),
        ('{"code": true, "msg": ""}', 200),
        ('{"code": 1, "msg": "", "data": null}', 200),
        ('{"code": 1, "msg": "", "data": {"ce": 80}}', 200),
        ('{"code": 1, "msg": "", "data": {"ce": 180, "d2": 1}}', 200),
        ('{"code": 1, "msg": "", "data": {"ce": 1.5, "d2": 1}}', 200),
        ('{"code": 1, "msg": "", "data": {"ce": 80, "d2": 99999999999999999999}}', 200),
        ('{"code": 1, "msg": "", "data": {"ce": [], "d2": 1}}', 200),
        ("Internal Server Error", 500),
        ("Not found", 404),
    ],
)
async def test_malformed_gateway_answers(
    server: CannedServer, client: HotelLockClient, answer: str, status: int
) -> None:
    """Anything that is not a valid answer raises a response error."""
    server.answer_text("GatewayOpen", answer, status=status)
    with pytest.raises(HotelLockResponseError):
        await client.gateway_open(RM_ID)


@pytest.mark.parametrize(
    ("call", "data"),
    [
        ("GetRoomList", {"rm_id": RM_ID}),
        ("GetRoomList", ["not an object"]),
        ("GetRoomList", [{"rm_name": "1-101"}]),
        ("GetRoomList", [{"rm_id": True, "rm_name": "1-101"}]),
        ("GetRoomList", [{"rm_id": {"x": 1}, "rm_name": "1-101"}]),
        ("ReadCard", {"card_id": "01", "valid": "yesterday"}),
        ("ReadCard", {"card_id": "01", "valid": 12}),
        ("ReadCard", {"rm_id": RM_ID}),
        ("MakeOffline", {}),
        ("MakeOffline", None),
    ],
)
async def test_malformed_data(
    server: CannedServer, client: HotelLockClient, call: str, data: Any
) -> None:
    """Data of the wrong shape raises a response error."""
    server.answer_json(call, {"code": 1, "msg": "", "data": data})
    method = {
        "GetRoomList": client.get_room_list,
        "ReadCard": client.read_card,
        "MakeOffline": lambda: client.make_offline(RM_ID, datetime.now(UTC)),
    }[call]
    with pytest.raises(HotelLockResponseError):
        await method()


async def test_connection_refused(
    session: aiohttp.ClientSession, socket_enabled: None
) -> None:
    """A port nobody listens on is a connection error."""
    test_server = TestServer(web.Application(), host="127.0.0.1")
    await test_server.start_server()
    url = str(test_server.make_url(""))
    await test_server.close()
    client = HotelLockClient(session, url, APPID, APPSECRET)
    with pytest.raises(HotelLockConnectionError):
        await client.get_room_list()


async def test_timeout(server: CannedServer, session: aiohttp.ClientSession) -> None:
    """A request that outlasts its timeout is a connection error."""
    server.delays["GetRoomList"] = 5
    client = HotelLockClient(
        session, server.url, APPID, APPSECRET, request_timeout=0.05
    )
    with pytest.raises(HotelLockConnectionError, match="Timed out"):
        await client.get_room_list()


async def test_what_became_of_the_request(
    server: CannedServer, session: aiohttp.ClientSession, socket_enabled: None
) -> None:
    """Not sent, or perhaps carried out with its answer lost: told by the type.

    A refused connection never reached the platform; a timeout, a connection
    broken before the answer and a garbled answer may have been carried out.
    """
    closed = TestServer(web.Application(), host="127.0.0.1")
    await closed.start_server()
    refused_url = str(closed.make_url(""))
    await closed.close()
    with pytest.raises(HotelLockNotSentError) as refused:
        await HotelLockClient(session, refused_url, APPID, APPSECRET).gateway_open(
            RM_ID
        )
    assert not isinstance(refused.value, HotelLockAnswerLostError)

    async def hang_up(request: web.Request) -> web.StreamResponse:
        await request.post()
        assert request.transport is not None
        request.transport.close()
        await asyncio.sleep(1)
        return web.Response()

    app = web.Application()
    app.router.add_post("/Api/{call}", hang_up)
    hanging = TestServer(app, host="127.0.0.1")
    await hanging.start_server()
    try:
        client = HotelLockClient(session, str(hanging.make_url("")), APPID, APPSECRET)
        with pytest.raises(HotelLockAnswerLostError) as broken:
            await client.gateway_open(RM_ID)
    finally:
        await hanging.close()
    assert isinstance(broken.value, HotelLockConnectionError)
    assert not isinstance(broken.value, HotelLockNotSentError)

    server.delays["GatewayOpen"] = 5
    slow = HotelLockClient(session, server.url, APPID, APPSECRET, gateway_timeout=0.05)
    with pytest.raises(HotelLockAnswerLostError, match="Timed out"):
        await slow.gateway_open(RM_ID)
    server.delays.clear()
    server.answer_text("GatewayOpen", "<html>busy</html>")
    with pytest.raises(HotelLockAnswerLostError):
        await slow.gateway_open(RM_ID)
    server.answer_json("GatewayOpen", {"code": -1, "msg": "网关离线", "data": None})
    with pytest.raises(HotelLockPlatformError) as refused_call:
        await slow.gateway_open(RM_ID)
    assert not isinstance(refused_call.value, HotelLockAnswerLostError)


async def test_gateway_calls_get_the_longer_timeout(
    server: CannedServer, session: aiohttp.ClientSession
) -> None:
    """Gateway calls use the gateway timeout, other calls the request timeout."""
    server.answer_json("GatewayOpen", OK_GATEWAY)
    server.answer_json("ReadCard", {"code": 1, "msg": "", "data": {"card_id": "01"}})
    server.delays = {"GatewayOpen": 0.3, "ReadCard": 0.3}
    client = HotelLockClient(
        session,
        server.url,
        APPID,
        APPSECRET,
        time_zone=SHANGHAI,
        request_timeout=0.1,
        gateway_timeout=5,
    )
    assert (await client.gateway_open(RM_ID)).battery == 89
    with pytest.raises(HotelLockConnectionError):
        await client.read_card()


async def test_no_secrets_in_debug_log(
    server: CannedServer, client: HotelLockClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Debug logging of calls shows no secret field."""
    caplog.set_level(logging.DEBUG, logger="custom_components.hotel_lock")
    end = datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC)
    server.answer_json("GatewayUploadOnline", OK_GATEWAY)
    server.answer_json("GatewayUploadFace", OK_GATEWAY)
    server.answer_json("GatewayUploadFinger", OK_GATEWAY)
    server.answer_json(
        "MakeOffline", {"code": 1, "msg": "", "data": {"muid": "5551234"}}
    )
    server.answer_json("GatewayStopOffline", {"code": 1, "msg": "", "data": None})
    await client.gateway_upload_online(RM_ID, 1, "86420975", end)
    await client.gateway_upload_face(RM_ID, 1, "RkFDRUlNQUdF", end, end)
    await client.gateway_upload_finger(RM_ID, 1, "de-ad-be-ef", end, end)
    await client.make_offline(RM_ID, end)
    await client.gateway_stop_offline(RM_ID, "5551234", end)
    text = caplog.text
    assert "GatewayUploadOnline" in text
    assert RM_ID in text
    for secret in (
        APPSECRET,
        APPID,
        "86420975",
        "RkFDRUlNQUdF",
        "de-ad-be-ef",
        "5551234",
    ):
        assert secret not in text


def test_redact_fields() -> None:
    """Secret fields are redacted, others kept."""
    assert redact_fields({"appsecret": "s", "rm_id": "1", "pwd": "123456"}) == {
        "appsecret": "**REDACTED**",
        "rm_id": "1",
        "pwd": "**REDACTED**",
    }
