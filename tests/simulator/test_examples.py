"""Each of the vendor's 13 curl examples gets a well-formed answer.

The requests are built like the examples: the same field names, order and
values, each field percent-encoded as `curl --data-urlencode` does, in an
`application/x-www-form-urlencoded` body. Three kinds of values differ from
the document, because the emulator checks them like the platform would:
- the examples' dates (2022-07-23 / 2022-07-24) are in the past, so `abkp`
  becomes now and `unValid` tomorrow;
- `base64=xxxxxxxx` is not an image, so a real 1x1 PNG is sent instead;
- GatewayStopOffline revokes the password that MakeOffline just generated
  (the example's `0356241` is not one this emulator generated).
The room and card ids are the examples' own: with the default seed the first
room is 775032240849920 and a blank card 03F56240 lies on the encoder.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import json
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest

from simulator.platform import EXAMPLE_CARD_ID, EXAMPLE_ROOM_ID, Platform

from .common import PNG_B64, at

EXAMPLE_APPID = "4773aa036f7f49c68d876bb4be85c80c"
EXAMPLE_APPSECRET = "dfd5489d0cee31f0bdfaf59d0d42d71f"
CREDENTIALS = [("appid", EXAMPLE_APPID), ("appsecret", EXAMPLE_APPSECRET)]

type Send = Callable[[str, list[tuple[str, str]]], Awaitable[dict[str, Any]]]


def _curl_body(fields: list[tuple[str, str]]) -> str:
    """Encode like `curl --data-urlencode 'name=value'` (spaces as %20)."""
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in fields)


async def _run_examples(platform: Platform, send: Send) -> list[str]:
    """Send the 13 examples in the document's order; check every answer."""
    room = EXAMPLE_ROOM_ID
    now, tomorrow = at(platform), at(platform, days=1)
    done = []

    async def example(name: str, *fields: tuple[str, str]) -> Any:
        answer = await send(name, [*CREDENTIALS, *fields])
        assert set(answer) == {"code", "msg", "data"}, answer
        assert answer["code"] == 1, (name, answer)
        assert isinstance(answer["msg"], str)
        done.append(name)
        return answer["data"]

    def assert_gateway(data: Any) -> None:
        assert set(data) == {"ce", "d2"}
        assert isinstance(data["ce"], int)
        assert 0 <= data["ce"] <= 100
        assert isinstance(data["d2"], int)
        assert abs(data["d2"] - platform.d2()) < 60_000

    # 1.1 GetRoomList
    rooms = await example("GetRoomList")
    assert rooms[0] == {"rm_id": room, "rm_name": "1-101"}
    assert all(set(r) == {"rm_id", "rm_name"} for r in rooms)
    # 2.1 MarkRoomCard
    data = await example(
        "MarkRoomCard", ("rm_id", room), ("abkp", now), ("unValid", tomorrow)
    )
    assert data == {"card_id": EXAMPLE_CARD_ID}
    # 2.2 ClearRoomCard
    data = await example("ClearRoomCard", ("rm_id", room), ("card_id", EXAMPLE_CARD_ID))
    assert data == {"card_id": EXAMPLE_CARD_ID, "rm_id": room}
    # 2.3 ReadCard (the card is blank again after ClearRoomCard)
    data = await example("ReadCard")
    assert data == {"card_id": EXAMPLE_CARD_ID, "rm_id": "", "valid": "", "unvalid": ""}
    # 2.1 MakeOffline
    data = await example("MakeOffline", ("rm_id", room), ("unValid", tomorrow))
    assert set(data) == {"muid"}
    assert data["muid"].isdigit()
    muid = data["muid"]
    # 2.2 GatewayStopOffline
    data = await example(
        "GatewayStopOffline", ("rm_id", room), ("muid", muid), ("unValid", tomorrow)
    )
    assert data is None
    # 3.1 GatewayUploadOnline
    assert_gateway(
        await example(
            "GatewayUploadOnline",
            ("rm_id", room),
            ("m1", "1"),
            ("pwd", "123456789"),
            ("unValid", tomorrow),
        )
    )
    # 3.2 GatewayStopOnline
    assert_gateway(await example("GatewayStopOnline", ("rm_id", room), ("m1", "1")))
    # 4.1 GatewayOpen
    assert_gateway(await example("GatewayOpen", ("rm_id", room)))
    # 5.1 GatewayUploadFace
    assert_gateway(
        await example(
            "GatewayUploadFace",
            ("rm_id", room),
            ("base64", PNG_B64),
            ("m1", "1"),
            ("abkp", now),
            ("unValid", tomorrow),
        )
    )
    # 5.2 GatewayStopFace
    assert_gateway(await example("GatewayStopFace", ("rm_id", room), ("m1", "1")))
    # 6.1 GatewayUploadFinger
    assert_gateway(
        await example(
            "GatewayUploadFinger",
            ("rm_id", room),
            ("hexs", "ab-cd-ef-ee-ff"),
            ("m1", "1"),
            ("abkp", now),
            ("unValid", tomorrow),
        )
    )
    # 6.2 GatewayStopFinger
    assert_gateway(await example("GatewayStopFinger", ("rm_id", room), ("m1", "1")))
    return done


@pytest.fixture
def example_platform() -> Platform:
    """Return a platform with the default seed, as the command line starts."""
    return Platform(3)


async def test_curl_examples_as_form_posts(
    platform: Platform, platform_url: str
) -> None:
    """All 13 examples, form-encoded like curl, get well-formed answers."""

    async def send(name: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"{platform_url}/Api/{name}",
                data=_curl_body(fields),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ) as response,
        ):
            assert response.status == 200
            assert response.content_type == "application/json"
            answer: dict[str, Any] = json.loads(await response.text())
            return answer

    done = await _run_examples(platform, send)
    assert len(done) == 13
    assert [entry.call for entry in platform.log] == done
    assert all(entry.code == 1 for entry in platform.log)


async def test_curl_examples_as_json(platform: Platform, platform_url: str) -> None:
    """The same 13 calls with a JSON object body get the same answers."""

    async def send(name: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{platform_url}/Api/{name}", json=dict(fields)) as response,
        ):
            assert response.status == 200
            answer: dict[str, Any] = await response.json()
            return answer

    assert len(await _run_examples(platform, send)) == 13


async def test_json_numbers_are_accepted(platform: Platform, platform_url: str) -> None:
    """A JSON body may carry numbers (m1, rm_id) instead of strings."""
    body = {
        "appid": EXAMPLE_APPID,
        "appsecret": EXAMPLE_APPSECRET,
        "rm_id": int(EXAMPLE_ROOM_ID),
        "m1": 3,
        "pwd": "654321",
        "unValid": at(platform, hours=1),
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{platform_url}/Api/GatewayUploadOnline", json=body) as response,
    ):
        answer = await response.json()
    assert answer["code"] == 1, answer
    assert platform.rooms[EXAMPLE_ROOM_ID].pins[3].pwd == "654321"


async def test_default_seed_matches_the_examples(example_platform: Platform) -> None:
    """A fresh default platform has the examples' room and card."""
    assert next(iter(example_platform.rooms)) == EXAMPLE_ROOM_ID
    assert example_platform.encoder is not None
    assert example_platform.encoder.card_id == EXAMPLE_CARD_ID
    assert example_platform.encoder.rm_id is None


async def test_json_null_and_odd_values(platform: Platform, platform_url: str) -> None:
    """In a JSON body null counts as missing; other values become text."""
    body = {
        "appid": EXAMPLE_APPID,
        "appsecret": EXAMPLE_APPSECRET,
        "rm_id": EXAMPLE_ROOM_ID,
        "m1": 1.5,
        "pwd": True,
        "unValid": None,
    }
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{platform_url}/Api/GatewayUploadOnline", json=body
        ) as response:
            answer = await response.json()
        assert "m1 must be an integer" in answer["msg"]
        body["m1"] = 1
        async with session.post(
            f"{platform_url}/Api/GatewayUploadOnline", json=body
        ) as response:
            answer = await response.json()
        assert "6 to 10 digits" in answer["msg"]
        body["pwd"] = ["1", "2"]
        async with session.post(
            f"{platform_url}/Api/GatewayUploadOnline", json=body
        ) as response:
            answer = await response.json()
        assert "6 to 10 digits" in answer["msg"]
        body["pwd"] = 1234567
        async with session.post(
            f"{platform_url}/Api/GatewayUploadOnline", json=body
        ) as response:
            answer = await response.json()
        assert "missing field unValid" in answer["msg"]
    assert platform.log[-1].fields["pwd"] == "1234567"
