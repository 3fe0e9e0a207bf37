"""Every injected fault, per call and global, with and without `times`."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from simulator.platform import Platform

from .common import at, call, control, first_room, ok, vendor


async def _fault(url: str, **body: object) -> dict[str, object]:
    status, answer = await control(url, "POST", "/_sim/faults", body)
    assert status == 200, answer
    assert isinstance(answer, dict)
    return answer


async def test_http500(platform: Platform, platform_url: str) -> None:
    """A http500 fault: answers HTTP 500 with a plain body."""
    await _fault(platform_url, call="GetRoomList", kind="http500")
    status, content_type, _ = await vendor(platform_url, "GetRoomList")
    assert (status, content_type) == (500, "text/plain")
    assert platform.log[-1].msg == "fault http500"


async def test_html(platform_url: str) -> None:
    """A html fault: answers 200 with an HTML page instead of JSON."""
    await _fault(platform_url, call="GetRoomList", kind="html")
    status, content_type, body = await vendor(platform_url, "GetRoomList")
    assert (status, content_type) == (200, "text/html")
    assert body.startswith("<!DOCTYPE html>")


async def test_malformed_json(platform_url: str) -> None:
    """A malformed_json fault: answers JSON that does not parse."""
    await _fault(platform_url, call="GetRoomList", kind="malformed_json")
    status, content_type, body = await vendor(platform_url, "GetRoomList")
    assert (status, content_type) == (200, "application/json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)


async def test_missing_fields(platform_url: str) -> None:
    """A missing_fields fault: answers a JSON object without code and data."""
    await _fault(platform_url, call="GetRoomList", kind="missing_fields")
    status, _, body = await vendor(platform_url, "GetRoomList")
    assert status == 200
    answer = json.loads(body)
    assert "code" not in answer
    assert "data" not in answer


async def test_error_with_message(platform: Platform, platform_url: str) -> None:
    """A error fault: answers code != 1 with the given message; nothing happens."""
    room = first_room(platform)
    await _fault(platform_url, call="GatewayOpen", kind="error", msg="锁体无响应")
    _, _, body = await vendor(platform_url, "GatewayOpen", rm_id=room)
    assert json.loads(body) == {"code": 0, "msg": "锁体无响应", "data": None}
    assert platform.rooms[room].openings == []
    assert (platform.log[-1].code, platform.log[-1].msg) == (0, "锁体无响应")


async def test_error_has_a_default_message(platform: Platform) -> None:
    """An error fault without msg still says something."""
    platform.add_fault("GetRoomList", "error")
    answer = await call(platform, "GetRoomList")
    assert answer["code"] != 1
    assert answer["msg"]


@pytest.mark.parametrize(("kind", "data"), [("empty_list", []), ("null_data", None)])
async def test_success_without_data(
    platform: Platform, platform_url: str, kind: str, data: list[object] | None
) -> None:
    """An empty_list or null_data fault: success with no data; nothing happens."""
    await _fault(platform_url, call="GetRoomList", kind=kind, times=1)
    _, _, body = await vendor(platform_url, "GetRoomList")
    assert json.loads(body) == {"code": 1, "msg": "", "data": data}
    assert (platform.log[-1].code, platform.log[-1].msg) == (1, f"fault {kind}")
    assert len(await ok(platform, "GetRoomList")) == len(platform.rooms)
    room = first_room(platform)
    platform.add_fault("GatewayOpen", kind)
    answer = await call(platform, "GatewayOpen", rm_id=room)
    assert (answer["code"], answer["msg"], answer["data"]) == (1, "操作成功", data)
    assert platform.rooms[room].openings == []


async def test_delay(platform: Platform, platform_url: str) -> None:
    """A delay fault: holds the answer, then answers normally."""
    await _fault(platform_url, call="GetRoomList", kind="delay", seconds=0.3)
    start = time.monotonic()
    _, _, body = await vendor(platform_url, "GetRoomList")
    assert time.monotonic() - start >= 0.3
    assert json.loads(body)["code"] == 1


async def test_times_limits_a_fault(platform: Platform, platform_url: str) -> None:
    """A fault with times=2 hits twice, then calls succeed again."""
    await _fault(platform_url, call="GetRoomList", kind="http500", times=2)
    statuses = [(await vendor(platform_url, "GetRoomList"))[0] for _ in range(3)]
    assert statuses == [500, 500, 200]
    assert platform.faults == []


async def test_fault_without_times_stays(platform: Platform) -> None:
    """A fault without times hits every call until cleared."""
    platform.add_fault("GetRoomList", "error", msg="x")
    for _ in range(3):
        assert (await call(platform, "GetRoomList"))["code"] != 1
    platform.clear_faults()
    await ok(platform, "GetRoomList")


async def test_global_fault_hits_every_call(
    platform: Platform, platform_url: str
) -> None:
    """A fault for call "*" applies to every vendor call."""
    await _fault(platform_url, call="*", kind="http500")
    for name in ("GetRoomList", "ReadCard", "GatewayOpen"):
        status, _, _ = await vendor(platform_url, name, rm_id=first_room(platform))
        assert status == 500


async def test_call_fault_only_hits_that_call(platform: Platform) -> None:
    """A fault for one call leaves the others alone."""
    platform.add_fault("GatewayOpen", "error", msg="x")
    await ok(platform, "GetRoomList")
    assert (await call(platform, "GatewayOpen", rm_id=first_room(platform)))[
        "code"
    ] != 1


async def test_call_fault_wins_over_global(platform: Platform) -> None:
    """A fault for the call is used before a global one."""
    platform.add_fault("*", "error", msg="global")
    platform.add_fault("GetRoomList", "error", msg="specific", times=1)
    assert (await call(platform, "GetRoomList"))["msg"] == "specific"
    assert (await call(platform, "GetRoomList"))["msg"] == "global"


async def test_delete_clears_all_faults(platform: Platform, platform_url: str) -> None:
    """DELETE /_sim/faults removes every fault."""
    await _fault(platform_url, call="*", kind="http500")
    await _fault(platform_url, call="GetRoomList", kind="html")
    status, listed = await control(platform_url, "GET", "/_sim/faults")
    assert status == 200
    assert [f["kind"] for f in listed] == ["http500", "html"]
    assert (await control(platform_url, "DELETE", "/_sim/faults"))[0] == 200
    assert (await vendor(platform_url, "GetRoomList"))[0] == 200


async def test_faulted_call_changes_nothing(platform: Platform) -> None:
    """Without apply, a faulted call is not carried out."""
    room = first_room(platform)
    platform.add_fault("GatewayUploadOnline", "http500")
    reply = await platform.call(
        "GatewayUploadOnline",
        {
            "appid": platform.appid,
            "appsecret": platform.appsecret,
            "rm_id": room,
            "m1": "1",
            "pwd": "123456",
            "unValid": at(platform, days=1),
        },
    )
    assert reply.status == 500
    assert platform.rooms[room].pins == {}


@pytest.mark.parametrize(
    "kind", ["http500", "html", "malformed_json", "missing_fields"]
)
async def test_apply_carries_out_the_call_then_garbles(
    platform: Platform, platform_url: str, kind: str
) -> None:
    """With apply, the platform did the work but the answer is lost."""
    room = first_room(platform)
    await _fault(platform_url, call="GatewayOpen", kind=kind, apply=True)
    await vendor(platform_url, "GatewayOpen", rm_id=room)
    assert len(platform.rooms[room].openings) == 1
    assert platform.log[-1].code == 1
    assert platform.log[-1].msg.startswith(f"fault {kind} (applied")


async def test_gateway_offline(platform: Platform, platform_url: str) -> None:
    """An offline gateway fails gateway calls of that room at once."""
    room, other = list(platform.rooms)[:2]
    platform.set_latency(5)
    status, _ = await control(
        platform_url, "POST", f"/_sim/rooms/{room}/gateway", {"online": False}
    )
    assert status == 200
    start = time.monotonic()
    _, _, body = await vendor(platform_url, "GatewayOpen", rm_id=room)
    assert time.monotonic() - start < 1
    answer = json.loads(body)
    assert answer["code"] != 1
    assert "offline" in answer["msg"]
    assert platform.rooms[room].openings == []
    # Calls that do not go through the gateway, and other rooms, still work.
    await ok(platform, "MakeOffline", rm_id=room, unValid=at(platform, days=1))
    platform.set_latency(0)
    await ok(platform, "GatewayOpen", rm_id=other)
    await control(platform_url, "POST", f"/_sim/rooms/{room}/gateway", {"online": True})
    await ok(platform, "GatewayOpen", rm_id=room)


async def test_gateway_offline_fails_revoking(platform: Platform) -> None:
    """GatewayStopOffline goes through the gateway too."""
    room = first_room(platform)
    until = at(platform, days=1)
    muid = (await ok(platform, "MakeOffline", rm_id=room, unValid=until))["muid"]
    platform.set_gateway_online(room, False)
    answer = await call(
        platform, "GatewayStopOffline", rm_id=room, muid=muid, unValid=until
    )
    assert answer["code"] != 1
    assert not platform.rooms[room].offline_passwords[0].revoked


@pytest.mark.parametrize(
    "body",
    [
        {"call": "Nope", "kind": "http500"},
        {"call": "*", "kind": "explode"},
        {"call": "*", "kind": "http500", "times": 0},
        {"call": "*", "kind": "delay", "seconds": "soon"},
    ],
)
async def test_bad_fault_requests(platform_url: str, body: dict[str, object]) -> None:
    """Unknown calls or kinds and bad numbers are refused with 400."""
    status, answer = await control(platform_url, "POST", "/_sim/faults", body)
    assert status == 400
    assert answer["error"]


async def test_delay_overlaps(platform: Platform) -> None:
    """Delays are asynchronous: concurrent delayed calls overlap."""
    platform.add_fault("GetRoomList", "delay", seconds=1.0)
    start = time.monotonic()
    await asyncio.gather(*(call(platform, "GetRoomList") for _ in range(5)))
    # One after another they would take 5 s.
    assert time.monotonic() - start < 4.0


@pytest.mark.parametrize(("apply", "openings"), [(False, 0), (True, 1)])
async def test_delay_past_the_caller_timeout(
    platform: Platform, platform_url: str, apply: bool, openings: int
) -> None:
    """A caller that gives up during a delay: dropped, unless apply."""
    room = first_room(platform)
    platform.add_fault("GatewayOpen", "delay", seconds=0.3, apply=apply)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(vendor(platform_url, "GatewayOpen", rm_id=room), 0.1)
    await asyncio.sleep(0.4)
    assert len(platform.rooms[room].openings) == openings
    entry = platform.log[-1]
    if apply:
        assert entry.code == 1
    else:
        assert entry.code is None
        assert entry.msg == "fault delay (caller gone, not carried out)"
