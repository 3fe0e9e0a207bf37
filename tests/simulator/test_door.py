"""The door model opens for a credential inside its validity only."""

from __future__ import annotations

import pytest

from simulator.platform import Platform

from .common import JPEG_B64, at, control, first_room, ok


def _opens(platform: Platform, kind: str, value: str | int, room: str = "") -> bool:
    return platform.present(room or first_room(platform), kind, value).opens


def _reason(platform: Platform, kind: str, value: str | int) -> str:
    result = platform.present(first_room(platform), kind, value)
    assert not result.opens
    return result.reason


async def test_pin(platform: Platform) -> None:
    """A pushed PIN opens until it is stopped; a wrong PIN never does."""
    room = first_room(platform)
    until = at(platform, hours=2)
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=3, pwd="246810", unValid=until
    )
    assert _opens(platform, "pin", "246810")
    assert _reason(platform, "pin", "246811") == "no such PIN in any slot"
    await ok(platform, "GatewayStopOnline", rm_id=room, m1=3)
    assert not _opens(platform, "pin", "246810")


async def test_pin_expires(platform: Platform) -> None:
    """A PIN stops opening after its unValid."""
    room = first_room(platform)
    until = at(platform, hours=2)
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=1, pwd="135790", unValid=until
    )
    platform.set_time_offset(2 * 3600 - 5)
    assert _opens(platform, "pin", "135790")
    platform.set_time_offset(2 * 3600 + 5)
    assert _reason(platform, "pin", "135790") == f"PIN of slot 1 expired at {until}"


async def test_same_slot_overwrites_the_pin(platform: Platform) -> None:
    """Pushing into a used slot replaces the old PIN."""
    room = first_room(platform)
    until = at(platform, hours=2)
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=1, pwd="111111", unValid=until
    )
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=1, pwd="222222", unValid=until
    )
    assert not _opens(platform, "pin", "111111")
    assert _opens(platform, "pin", "222222")
    assert list(platform.rooms[room].pins) == [1]


async def test_stopping_a_wrong_slot_disables_another_pin(platform: Platform) -> None:
    """Slots are the caller's bookkeeping: stopping slot 2 kills its PIN."""
    room = first_room(platform)
    until = at(platform, hours=2)
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=2, pwd="333333", unValid=until
    )
    await ok(platform, "GatewayStopOnline", rm_id=room, m1=2)
    assert not _opens(platform, "pin", "333333")
    # Stopping an empty slot is acknowledged like any other.
    await ok(platform, "GatewayStopOnline", rm_id=room, m1=9)


async def test_pin_only_opens_its_room(platform: Platform) -> None:
    """A PIN of one room does not open another."""
    room, other = list(platform.rooms)[:2]
    until = at(platform, hours=2)
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=1, pwd="909090", unValid=until
    )
    assert not _opens(platform, "pin", "909090", other)


async def test_offline_password(platform: Platform) -> None:
    """An algorithm password opens from its generation until its expiry."""
    room = first_room(platform)
    until = at(platform, days=1)
    muid = (await ok(platform, "MakeOffline", rm_id=room, unValid=until))["muid"]
    assert _opens(platform, "offline_password", muid)
    platform.set_time_offset(-60)
    assert _reason(platform, "offline_password", muid).startswith(
        "offline password not valid before"
    )
    platform.set_time_offset(86_400 + 5)
    assert _reason(platform, "offline_password", muid) == (
        f"offline password expired at {until}"
    )
    assert _reason(platform, "offline_password", "0000000") == (
        "not an offline password of this room"
    )


async def test_offline_password_revoked(platform: Platform) -> None:
    """A revoked algorithm password no longer opens."""
    room = first_room(platform)
    until = at(platform, days=1)
    muid = (await ok(platform, "MakeOffline", rm_id=room, unValid=until))["muid"]
    await ok(platform, "GatewayStopOffline", rm_id=room, muid=muid, unValid=until)
    assert _reason(platform, "offline_password", muid) == "offline password revoked"


async def test_card(platform: Platform) -> None:
    """A written card opens inside [abkp, unValid] and not after clearing."""
    room, other = list(platform.rooms)[:2]
    abkp, until = at(platform, hours=1), at(platform, days=1)
    card_id = (
        await ok(platform, "MarkRoomCard", rm_id=room, abkp=abkp, unValid=until)
    )["card_id"]
    assert _reason(platform, "card_id", card_id) == f"card not valid before {abkp}"
    platform.set_time_offset(3600)
    assert _opens(platform, "card_id", card_id)
    assert _opens(platform, "card_id", card_id.lower())
    assert (
        platform.present(other, "card_id", card_id).reason == f"card is for room {room}"
    )
    platform.set_time_offset(86_400 + 5)
    assert _reason(platform, "card_id", card_id) == f"card expired at {until}"
    platform.set_time_offset(7200)
    await ok(platform, "ClearRoomCard", card_id=card_id)
    assert _reason(platform, "card_id", card_id) == "blank card"
    assert _reason(platform, "card_id", "ABCDEF01") == "unknown card"


async def test_later_abkp_supersedes_earlier_cards(platform: Platform) -> None:
    """Once a card with a later abkp opened the door, earlier cards fail."""
    room = first_room(platform)
    until = at(platform, days=2)

    async def issue(abkp: str) -> str:
        platform.put_card()
        data = await ok(platform, "MarkRoomCard", rm_id=room, abkp=abkp, unValid=until)
        card_id: str = data["card_id"]
        return card_id

    first = await issue(at(platform, hours=-2))
    stay_abkp = at(platform, hours=-1)
    second = await issue(stay_abkp)
    # The lock learns of the newer card only when it is used.
    assert _opens(platform, "card_id", first)
    assert _opens(platform, "card_id", second)
    assert "card superseded" in _reason(platform, "card_id", first)
    # A new card with an abkp earlier than one the lock has seen fails at the door.
    third = await issue(at(platform, hours=-1, seconds=-1))
    assert "card superseded" in _reason(platform, "card_id", third)
    # Cards of one stay share the abkp and all keep working.
    same = await issue(stay_abkp)
    assert _opens(platform, "card_id", same)
    assert _opens(platform, "card_id", second)


@pytest.mark.parametrize(
    "case",
    [
        ("GatewayUploadFace", "GatewayStopFace", "face_slot", "base64", JPEG_B64),
        (
            "GatewayUploadFinger",
            "GatewayStopFinger",
            "fingerprint_slot",
            "hexs",
            "ab-cd-ef",
        ),
    ],
)
async def test_face_and_fingerprint(
    platform: Platform, case: tuple[str, str, str, str, str]
) -> None:
    """A face or fingerprint opens inside [abkp, unValid] until stopped."""
    upload, stop, kind, field, value = case
    room = first_room(platform)
    abkp, until = at(platform, hours=1), at(platform, hours=3)
    fields = {field: value, "rm_id": room, "m1": 7, "abkp": abkp, "unValid": until}
    await ok(platform, upload, **fields)
    assert "not valid before" in _reason(platform, kind, 7)
    platform.set_time_offset(3600)
    assert _opens(platform, kind, 7)
    assert "no " in _reason(platform, kind, 8)
    platform.set_time_offset(3 * 3600 + 1)
    assert "expired at" in _reason(platform, kind, 7)
    platform.set_time_offset(3600)
    await ok(platform, stop, rm_id=room, m1=7)
    assert "no " in _reason(platform, kind, 7)


async def test_openings_are_recorded(platform: Platform) -> None:
    """GatewayOpen and every opening credential leave an opening."""
    room = first_room(platform)
    await ok(platform, "GatewayOpen", rm_id=room)
    until = at(platform, hours=1)
    await ok(
        platform, "GatewayUploadOnline", rm_id=room, m1=1, pwd="123123", unValid=until
    )
    platform.present(room, "pin", "123123")
    platform.present(room, "pin", "999999")
    openings = platform.state()["rooms"][room]["openings"]
    assert [o["method"] for o in openings] == ["gateway", "pin"]


async def test_present_over_http(platform: Platform, platform_url: str) -> None:
    """POST /_sim/door/<rm_id>/present answers opens and reason."""
    room = first_room(platform)
    path = f"/_sim/door/{room}/present"
    status, answer = await control(platform_url, "POST", path, {"pin": "123456"})
    assert (status, answer) == (
        200,
        {"opens": False, "reason": "no such PIN in any slot"},
    )
    await ok(platform, "GatewayOpen", rm_id=room)
    await ok(
        platform,
        "GatewayUploadFinger",
        rm_id=room,
        hexs="aa",
        m1=2,
        abkp=at(platform),
        unValid=at(platform, hours=1),
    )
    status, answer = await control(platform_url, "POST", path, {"fingerprint_slot": 2})
    assert (status, answer) == (200, {"opens": True, "reason": "fingerprint of slot 2"})


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"pin": "123456", "card_id": "03F56240"},
        {"face_slot": "1"},
        {"face_slot": True},
    ],
)
async def test_present_needs_one_credential(
    platform: Platform, platform_url: str, body: dict[str, object]
) -> None:
    """Exactly one credential, slots as integers."""
    path = f"/_sim/door/{first_room(platform)}/present"
    status, _ = await control(platform_url, "POST", path, body)
    assert status == 400


async def test_present_unknown_room(platform_url: str) -> None:
    """An unknown room is 404."""
    status, _ = await control(
        platform_url, "POST", "/_sim/door/1/present", {"pin": "1"}
    )
    assert status == 404


def test_unknown_kind(platform: Platform) -> None:
    """The Python API refuses unknown credential kinds."""
    with pytest.raises(ValueError, match="unknown credential kind"):
        platform.present(first_room(platform), "retina", "x")
