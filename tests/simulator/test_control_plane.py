"""The /_sim/ control plane over HTTP."""

from __future__ import annotations

import aiohttp
import pytest

from simulator.platform import Platform

from .common import at, control, first_room, ok, vendor


async def test_state_and_log(platform: Platform, platform_url: str) -> None:
    """GET /_sim/state and /_sim/log show what the platform holds and did."""
    await vendor(platform_url, "GetRoomList")
    status, state = await control(platform_url, "GET", "/_sim/state")
    assert status == 200
    assert list(state["rooms"]) == list(platform.rooms)
    assert state["max_concurrent_gateway"] == 0
    assert state["gateway_in_flight"] == 0
    assert state["encoder"]["card_id"] == "03F56240"
    room = state["rooms"][first_room(platform)]
    assert set(room) >= {"rm_name", "battery", "gateway_online", "pins", "faces"}
    status, log = await control(platform_url, "GET", "/_sim/log")
    assert status == 200
    assert [(e["seq"], e["call"], e["code"]) for e in log] == [(1, "GetRoomList", 1)]
    assert set(log[0]) == {"seq", "time", "call", "fields", "code", "msg"}


async def test_reset(platform: Platform, platform_url: str) -> None:
    """POST /_sim/reset restores the initial state."""
    platform.take_card()
    assert (await control(platform_url, "POST", "/_sim/reset"))[0] == 200
    assert platform.encoder is not None
    assert platform.log == []


async def test_counters(platform: Platform, platform_url: str) -> None:
    """POST /_sim/state/counters restarts the concurrency measurement."""
    await ok(platform, "GatewayOpen", rm_id=first_room(platform))
    assert platform.max_concurrent_gateway == 1
    assert (await control(platform_url, "POST", "/_sim/state/counters"))[0] == 200
    assert platform.max_concurrent_gateway == 0


async def test_rooms(platform: Platform, platform_url: str) -> None:
    """POST /_sim/rooms adds, DELETE /_sim/rooms/<id> removes."""
    status, room = await control(
        platform_url, "POST", "/_sim/rooms", {"rm_name": "8-801"}
    )
    assert status == 200
    assert room["rm_name"] == "8-801"
    assert room["rm_id"] in platform.rooms
    body = {"rm_name": "8-802", "rm_id": 100000000000001}
    status, room = await control(platform_url, "POST", "/_sim/rooms", body)
    assert room == {"rm_id": "100000000000001", "rm_name": "8-802"}
    assert (await control(platform_url, "POST", "/_sim/rooms", body))[0] == 409
    assert (await control(platform_url, "POST", "/_sim/rooms", {}))[0] == 400
    path = "/_sim/rooms/100000000000001"
    assert (await control(platform_url, "DELETE", path))[0] == 200
    assert "100000000000001" not in platform.rooms
    assert (await control(platform_url, "DELETE", path))[0] == 404


async def test_battery(platform: Platform, platform_url: str) -> None:
    """POST /_sim/rooms/<id>/battery sets the level the next gateway call shows."""
    room = first_room(platform)
    path = f"/_sim/rooms/{room}/battery"
    assert (await control(platform_url, "POST", path, {"level": 12}))[0] == 200
    assert (await ok(platform, "GatewayOpen", rm_id=room))["ce"] == 11
    for bad in ({"level": 101}, {"level": "full"}, {"level": True}, {}):
        assert (await control(platform_url, "POST", path, bad))[0] == 400
    assert (await control(platform_url, "POST", "/_sim/rooms/1/battery", {"level": 1}))[
        0
    ] == 404


async def test_gateway_switch_needs_a_boolean(
    platform: Platform, platform_url: str
) -> None:
    """The gateway switch takes a JSON boolean."""
    path = f"/_sim/rooms/{first_room(platform)}/gateway"
    assert (await control(platform_url, "POST", path, {"online": "no"}))[0] == 400


async def test_encoder(platform: Platform, platform_url: str) -> None:
    """POST/DELETE /_sim/encoder/card lays and takes a card."""
    status, taken = await control(platform_url, "DELETE", "/_sim/encoder/card")
    assert status == 200
    assert taken["card"]["card_id"] == "03F56240"
    assert platform.encoder is None
    status, card = await control(platform_url, "POST", "/_sim/encoder/card")
    assert status == 200
    assert card["rm_id"] is None
    assert platform.encoder is not None
    assert platform.encoder.card_id == card["card_id"]
    status, card = await control(
        platform_url, "POST", "/_sim/encoder/card", {"card_id": "a1b2c3d4"}
    )
    assert card["card_id"] == "A1B2C3D4"
    assert (await ok(platform, "ReadCard"))["card_id"] == "A1B2C3D4"


async def test_credentials(platform: Platform, platform_url: str) -> None:
    """POST /_sim/credentials changes what is accepted."""
    body = {"appid": "x", "appsecret": "y"}
    assert (await control(platform_url, "POST", "/_sim/credentials", body))[0] == 200
    assert (platform.appid, platform.appsecret) == ("x", "y")
    assert (await control(platform_url, "POST", "/_sim/credentials", {"appid": 1}))[
        0
    ] == 400


async def test_latency(platform: Platform, platform_url: str) -> None:
    """POST /_sim/latency sets the gateway round trip."""
    assert (await control(platform_url, "POST", "/_sim/latency", {"seconds": 0.5}))[
        0
    ] == 200
    assert platform.latency == 0.5
    for bad in ({"seconds": -1}, {"seconds": "slow"}):
        assert (await control(platform_url, "POST", "/_sim/latency", bad))[0] == 400


async def test_time(platform: Platform, platform_url: str) -> None:
    """POST /_sim/time shifts the clock so tests can reach an expiry."""
    room = first_room(platform)
    until = at(platform, minutes=30)
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=1, pwd="123456", unValid=until
    )
    status, answer = await control(platform_url, "POST", "/_sim/time", {"offset": 3600})
    assert status == 200
    assert answer["time"] == platform.state()["time"]
    assert not platform.present(room, "pin", "123456").opens
    assert (await control(platform_url, "POST", "/_sim/time", {"offset": "x"}))[
        0
    ] == 400


@pytest.mark.parametrize("body", ["[1, 2]", "not json"])
async def test_control_body_must_be_an_object(platform_url: str, body: str) -> None:
    """Control requests need a JSON object body."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{platform_url}/_sim/latency",
            data=body,
            headers={"Content-Type": "application/json"},
        ) as response,
    ):
        assert response.status == 400


async def test_unknown_vendor_call(platform_url: str) -> None:
    """An unknown call name is 404, like an unknown route of the platform."""
    status, _, _ = await vendor(platform_url, "GetEverything")
    assert status == 404


async def test_json_body_not_an_object(platform: Platform, platform_url: str) -> None:
    """A vendor call whose JSON body is not an object fails with code != 1."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{platform_url}/Api/GetRoomList", json=[1]) as response,
    ):
        answer = await response.json()
    assert answer["code"] != 1
    assert platform.log[-1].call == "GetRoomList"
