"""State rules: slots, offline passwords, battery, encoder, rooms, persistence."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
import time
from zoneinfo import ZoneInfo

import pytest

from simulator.platform import Platform

from .common import JPEG_B64, at, call, first_room, ok


def test_rooms_are_deterministic() -> None:
    """The same seed gives the same 15-digit room ids and names."""
    one, two, other = Platform(25), Platform(25), Platform(25, seed=7)
    assert list(one.rooms) == list(two.rooms)
    assert list(one.rooms) != list(other.rooms)
    for platform in (one, other):
        assert all(len(rm_id) == 15 and rm_id.isdigit() for rm_id in platform.rooms)
        names = [room.rm_name for room in platform.rooms.values()]
        assert names[:2] == ["1-101", "1-102"]
        assert names[19:21] == ["1-120", "1-201"]
    assert other.encoder is not None
    assert other.encoder.rm_id is None


async def test_offline_passwords_are_deterministic() -> None:
    """Two platforms with one seed generate the same passwords in order."""
    answers = []
    for platform in (Platform(2), Platform(2)):
        room = first_room(platform)
        until = "2099-01-01 12:00:00"
        answers.append(
            [
                (await ok(platform, "MakeOffline", rm_id=room, unValid=until))["muid"]
                for _ in range(3)
            ]
        )
    assert answers[0] == answers[1]
    assert len(set(answers[0])) == 3
    assert all(len(muid) == 7 and muid.isdigit() for muid in answers[0])


async def test_gateway_answer_and_battery(platform: Platform) -> None:
    """Gateway calls answer ce and d2; the battery drops a little each time."""
    room = first_room(platform)
    platform.set_battery(room, 50)
    before = int(datetime.now(UTC).timestamp() * 1000)
    levels = []
    for _ in range(8):
        data = await ok(platform, "GatewayOpen", rm_id=room)
        assert abs(data["d2"] - before) < 5_000
        levels.append(data["ce"])
    assert levels == sorted(levels, reverse=True)
    assert levels[0] == 49
    assert levels[-1] == 48
    assert platform.state()["rooms"][room]["battery"] == 48


async def test_battery_never_below_zero(platform: Platform) -> None:
    """An empty battery stays at 0."""
    room = first_room(platform)
    platform.set_battery(room, 0)
    assert (await ok(platform, "GatewayOpen", rm_id=room))["ce"] == 0
    with pytest.raises(ValueError, match="0-100"):
        platform.set_battery(room, 101)


async def test_slots_are_kept(platform: Platform) -> None:
    """Faces and fingerprints are kept per slot; the same slot overwrites."""
    room = first_room(platform)
    now, later = at(platform), at(platform, hours=1)
    for m1 in (1, 49, 1):
        await ok(
            platform,
            "GatewayUploadFinger",
            rm_id=room,
            hexs=f"0{m1 % 10}-ff",
            m1=m1,
            abkp=now,
            unValid=later,
        )
        await ok(
            platform,
            "GatewayUploadFace",
            rm_id=room,
            base64=JPEG_B64,
            m1=m1,
            abkp=now,
            unValid=later,
        )
    state = platform.state()["rooms"][room]
    assert list(state["fingerprints"]) == ["1", "49"]
    assert state["fingerprints"]["1"] == {
        "data": "01-ff",
        "valid_from": now,
        "valid_until": later,
    }
    assert list(state["faces"]) == ["1", "49"]
    assert state["faces"]["1"]["data"].startswith("jpeg:")


async def test_encoder_card_lifecycle(platform: Platform) -> None:
    """Write, read, clear by room, lay another card, take it away."""
    room = first_room(platform)
    abkp, until = at(platform), at(platform, days=1)
    card_id = (
        await ok(platform, "MarkRoomCard", rm_id=room, abkp=abkp, unValid=until)
    )["card_id"]
    assert await ok(platform, "ReadCard") == {
        "card_id": card_id,
        "rm_id": room,
        "valid": abkp,
        "unvalid": until,
    }
    assert await ok(platform, "ClearRoomCard", rm_id=room) == {
        "card_id": card_id,
        "rm_id": room,
    }
    new = platform.put_card()
    assert new.card_id != card_id
    assert (await ok(platform, "ReadCard"))["card_id"] == new.card_id
    # Laying a known card back puts that physical card, as written, on the encoder.
    await ok(platform, "MarkRoomCard", rm_id=room, abkp=abkp, unValid=until)
    platform.put_card(card_id)
    assert (await ok(platform, "ReadCard"))["rm_id"] == ""
    platform.put_card(new.card_id.lower())
    assert (await ok(platform, "ReadCard"))["rm_id"] == room
    assert platform.take_card() is new
    assert platform.take_card() is None
    assert (await call(platform, "ReadCard"))["code"] != 1


async def test_rewriting_a_card_moves_it_to_another_room(platform: Platform) -> None:
    """MarkRoomCard overwrites what the card held."""
    room, other = list(platform.rooms)[:2]
    abkp, until = at(platform), at(platform, days=1)
    card = (await ok(platform, "MarkRoomCard", rm_id=room, abkp=abkp, unValid=until))[
        "card_id"
    ]
    await ok(platform, "MarkRoomCard", rm_id=other, abkp=abkp, unValid=until)
    assert not platform.present(room, "card_id", card).opens
    assert platform.present(other, "card_id", card).opens


async def test_rooms_can_be_added_and_removed(platform: Platform) -> None:
    """Added rooms are listed with a fresh 15-digit id; removed ones vanish."""
    added = platform.add_room("2-201")
    assert len(added.rm_id) == 15
    assert added.rm_id not in list(platform.rooms)[:-1]
    chosen = platform.add_room("2-202", "123456789012345")
    rooms = await ok(platform, "GetRoomList")
    assert rooms[-2:] == [
        {"rm_id": added.rm_id, "rm_name": "2-201"},
        {"rm_id": chosen.rm_id, "rm_name": "2-202"},
    ]
    with pytest.raises(ValueError, match="exists"):
        platform.add_room("again", "123456789012345")
    platform.remove_room(first_room(platform))
    assert len(await ok(platform, "GetRoomList")) == 6
    with pytest.raises(KeyError):
        platform.remove_room("nope")


async def test_credentials_change(platform: Platform) -> None:
    """After a change only the new credentials work."""
    await ok(platform, "GetRoomList")
    platform.set_credentials("new-id", "new-secret")
    assert (await call(platform, "GetRoomList"))["code"] != 1
    reply = await platform.call(
        "GetRoomList", {"appid": "new-id", "appsecret": "new-secret"}
    )
    assert reply.json()["code"] == 1


async def test_latency_applies_to_gateway_calls_only(platform: Platform) -> None:
    """Calls 7-13 take the latency; the others answer at once."""
    room = first_room(platform)
    platform.set_latency(1.0)
    start = time.monotonic()
    await ok(platform, "GetRoomList")
    await ok(platform, "MakeOffline", rm_id=room, unValid=at(platform, days=1))
    assert time.monotonic() - start < 0.5
    start = time.monotonic()
    await ok(platform, "GatewayOpen", rm_id=room)
    assert time.monotonic() - start >= 1.0
    with pytest.raises(ValueError, match="negative"):
        platform.set_latency(-1)


async def test_gateway_concurrency_is_measured(platform: Platform) -> None:
    """Overlapping gateway calls are counted; the counter can be restarted."""
    rooms = list(platform.rooms)
    platform.set_latency(1.0)
    start = time.monotonic()
    tasks = [
        asyncio.create_task(ok(platform, "GatewayOpen", rm_id=rm_id))
        for rm_id in rooms[:4]
    ]
    await asyncio.sleep(0.05)
    assert platform.state()["gateway_in_flight"] == 4
    await asyncio.gather(*tasks)
    # One after another they would take 4 s.
    assert time.monotonic() - start < 3.0
    state = platform.state()
    assert (state["gateway_in_flight"], state["max_concurrent_gateway"]) == (0, 4)
    platform.reset_counters()
    assert platform.state()["max_concurrent_gateway"] == 0
    await ok(platform, "GatewayOpen", rm_id=rooms[0])
    assert platform.state()["max_concurrent_gateway"] == 1


async def test_reset(platform: Platform) -> None:
    """Reset restores rooms, encoder, credentials, latency; clears faults and log."""
    initial = platform.state()
    room = first_room(platform)
    await ok(platform, "GatewayOpen", rm_id=room)
    platform.add_room("9-999")
    platform.take_card()
    platform.set_credentials("a", "b")
    platform.set_latency(3)
    platform.add_fault("*", "http500")
    platform.set_time_offset(3600)
    platform.reset()
    state = platform.state()
    assert state["rooms"] == initial["rooms"]
    assert state["encoder"] == initial["encoder"]
    assert state["faults"] == []
    assert state["latency"] == 0
    assert state["time_offset"] == 0
    assert platform.log == []
    await ok(platform, "GetRoomList")


async def test_log(platform: Platform) -> None:
    """Every call is logged with its fields (secret masked, long values cut)."""
    room = first_room(platform)
    await ok(platform, "GatewayOpen", rm_id=room)
    await call(platform, "GatewayUploadFace", rm_id=room, base64="A" * 1000, m1=1)
    first, second = platform.log_dicts()
    assert first["seq"] == 1
    assert first["call"] == "GatewayOpen"
    assert first["fields"] == {
        "appid": platform.appid,
        "appsecret": "***",
        "rm_id": room,
    }
    assert (first["code"], first["msg"]) == (1, "操作成功")
    assert second["fields"]["base64"].endswith("(1000 chars)")
    assert second["code"] == 0


async def test_time_zone_and_offset() -> None:
    """Date-times are read in the configured zone; d2 stays epoch ms."""
    fixed = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
    shanghai = Platform(1, tz=ZoneInfo("Asia/Shanghai"), clock=lambda: fixed)
    assert shanghai.now() == datetime(2030, 6, 1, 20, 0)  # noqa: DTZ001
    assert shanghai.zone_name() == "Asia/Shanghai"
    assert shanghai.d2() == int(fixed.timestamp() * 1000)
    room = first_room(shanghai)
    # 19:00 in Shanghai is already past at 12:00 UTC.
    answer = await call(
        shanghai, "MakeOffline", rm_id=room, unValid="2030-06-01 19:00:00"
    )
    assert "in the past" in answer["msg"]
    await ok(shanghai, "MakeOffline", rm_id=room, unValid="2030-06-01 21:00:00")
    shanghai.set_time_offset(3600)
    assert shanghai.now() == datetime(2030, 6, 1, 21, 0)  # noqa: DTZ001
    assert shanghai.d2() == int(fixed.timestamp() * 1000) + 3_600_000
    # A callable zone is read at every use.
    zone = [ZoneInfo("UTC")]
    dynamic = Platform(1, tz=lambda: zone[0], clock=lambda: fixed)
    assert dynamic.now().hour == 12
    zone[0] = ZoneInfo("America/Los_Angeles")
    assert dynamic.now().hour == 5


async def test_state_file_round_trip(tmp_path: Path) -> None:
    """With a state file, everything survives a restart."""
    path = tmp_path / "state.json"
    platform = Platform(3, state_file=path)
    room = first_room(platform)
    until = at(platform, days=1)
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=4, pwd="4444444", unValid=until
    )
    muid = (await ok(platform, "MakeOffline", rm_id=room, unValid=until))["muid"]
    card = (
        await ok(platform, "MarkRoomCard", rm_id=room, abkp=at(platform), unValid=until)
    )["card_id"]
    platform.present(room, "card_id", card)
    added = platform.add_room("3-301")
    platform.set_credentials("id2", "secret2")
    platform.set_gateway_online(room, False)
    assert path.exists()

    again = Platform(3, state_file=path)
    assert again.snapshot() == platform.snapshot()
    assert again.state()["rooms"] == platform.state()["rooms"]
    assert again.present(room, "pin", "4444444").opens
    assert again.present(room, "offline_password", muid).opens
    assert again.present(room, "card_id", card).opens
    assert again.appid == "id2"
    assert added.rm_id in again.rooms
    # Ids go on where they left off.
    assert again.add_room("3-302").rm_id == platform.add_room("3-302").rm_id
    assert again.put_card().card_id == platform.put_card().card_id


def test_state_file_written_only_when_configured(tmp_path: Path) -> None:
    """Without a state file nothing is written; reset writes with one."""
    path = tmp_path / "state.json"
    Platform(1).save()
    assert list(tmp_path.iterdir()) == []
    platform = Platform(1, state_file=path)
    assert not path.exists()
    platform.reset()
    assert path.exists()
