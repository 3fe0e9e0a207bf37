"""Every validation rule answers code != 1 with a clear message and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.platform import Platform

from .common import AUTH, JPEG_B64, PNG_B64, at, call, first_room, ok


def _valid_fields(platform: Platform, name: str) -> dict[str, str]:
    """Fields that make `name` succeed on a fresh platform."""
    room = first_room(platform)
    now, later = at(platform), at(platform, days=1)
    return {
        "GetRoomList": {},
        "MarkRoomCard": {"rm_id": room, "abkp": now, "unValid": later},
        "ReadCard": {},
        "MakeOffline": {"rm_id": room, "unValid": later},
        "GatewayUploadOnline": {
            "rm_id": room,
            "m1": "1",
            "pwd": "123456",
            "unValid": later,
        },
        "GatewayStopOnline": {"rm_id": room, "m1": "1"},
        "GatewayOpen": {"rm_id": room},
        "GatewayUploadFace": {
            "rm_id": room,
            "base64": JPEG_B64,
            "m1": "1",
            "abkp": now,
            "unValid": later,
        },
        "GatewayStopFace": {"rm_id": room, "m1": "1"},
        "GatewayUploadFinger": {
            "rm_id": room,
            "hexs": "ab-cd-ef",
            "m1": "1",
            "abkp": now,
            "unValid": later,
        },
        "GatewayStopFinger": {"rm_id": room, "m1": "1"},
    }[name]


async def _fails(
    platform: Platform, name: str, fields: dict[str, str], *words: str
) -> str:
    """Assert the call fails with a message naming `words`; state unchanged."""
    before = platform.state()
    answer = await call(platform, name, **fields)
    assert answer["code"] != 1, answer
    assert answer["data"] is None
    assert answer["msg"]
    for word in words:
        assert word in answer["msg"], (word, answer["msg"])
    after = platform.state()
    assert before["rooms"] == after["rooms"]
    assert before["encoder"] == after["encoder"]
    assert platform.log[-1].code == answer["code"]
    msg: str = answer["msg"]
    return msg


REQUIRED = [
    ("MarkRoomCard", "rm_id"),
    ("MarkRoomCard", "abkp"),
    ("MarkRoomCard", "unValid"),
    ("MakeOffline", "rm_id"),
    ("MakeOffline", "unValid"),
    ("GatewayUploadOnline", "rm_id"),
    ("GatewayUploadOnline", "m1"),
    ("GatewayUploadOnline", "pwd"),
    ("GatewayUploadOnline", "unValid"),
    ("GatewayStopOnline", "rm_id"),
    ("GatewayStopOnline", "m1"),
    ("GatewayOpen", "rm_id"),
    ("GatewayUploadFace", "rm_id"),
    ("GatewayUploadFace", "base64"),
    ("GatewayUploadFace", "m1"),
    ("GatewayUploadFace", "abkp"),
    ("GatewayUploadFace", "unValid"),
    ("GatewayStopFace", "rm_id"),
    ("GatewayStopFace", "m1"),
    ("GatewayUploadFinger", "rm_id"),
    ("GatewayUploadFinger", "hexs"),
    ("GatewayUploadFinger", "m1"),
    ("GatewayUploadFinger", "abkp"),
    ("GatewayUploadFinger", "unValid"),
    ("GatewayStopFinger", "rm_id"),
    ("GatewayStopFinger", "m1"),
]


@pytest.mark.parametrize(("name", "missing"), REQUIRED)
async def test_missing_field(platform: Platform, name: str, missing: str) -> None:
    """A required field that is absent or empty is named in the message."""
    fields = _valid_fields(platform, name)
    await _fails(platform, name, {**fields, missing: ""}, f"missing field {missing}")
    del fields[missing]
    await _fails(platform, name, fields, f"missing field {missing}")


@pytest.mark.parametrize(
    "name",
    [
        "GetRoomList",
        "MarkRoomCard",
        "ReadCard",
        "MakeOffline",
        "GatewayUploadOnline",
        "GatewayStopOnline",
        "GatewayOpen",
        "GatewayUploadFace",
        "GatewayStopFace",
        "GatewayUploadFinger",
        "GatewayStopFinger",
    ],
)
async def test_valid_fields_succeed(platform: Platform, name: str) -> None:
    """The baseline of the failure tests: these fields do succeed."""
    await ok(platform, name, **_valid_fields(platform, name))


@pytest.mark.parametrize(
    "name",
    [
        "MarkRoomCard",
        "MakeOffline",
        "GatewayStopOffline",
        "GatewayUploadOnline",
        "GatewayStopOnline",
        "GatewayOpen",
        "GatewayUploadFace",
        "GatewayStopFace",
        "GatewayUploadFinger",
        "GatewayStopFinger",
    ],
)
async def test_unknown_room(platform: Platform, name: str) -> None:
    """An rm_id that is not a room of the property fails."""
    fields = (
        {"rm_id": "1", "muid": "1234567", "unValid": at(platform, days=1)}
        if name == "GatewayStopOffline"
        else {**_valid_fields(platform, name), "rm_id": "123456789012345"}
    )
    await _fails(platform, name, fields, "unknown rm_id")


async def test_unknown_room_when_clearing_a_card(platform: Platform) -> None:
    """ClearRoomCard by an unknown room fails."""
    await _fails(platform, "ClearRoomCard", {"rm_id": "999"}, "unknown rm_id 999")


BAD_DATE_TIMES = [
    "2030-01-01",
    "2030-01-01T12:00:00",
    "2030/01/01 12:00:00",
    "2030-1-1 12:00:00",
    "2030-01-01 12:00",
    "2030-02-30 12:00:00",
    "2030-01-01 24:00:00",
    "tomorrow",
]


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("MarkRoomCard", "abkp"),
        ("MarkRoomCard", "unValid"),
        ("MakeOffline", "unValid"),
        ("GatewayUploadOnline", "unValid"),
        ("GatewayUploadFace", "abkp"),
        ("GatewayUploadFace", "unValid"),
        ("GatewayUploadFinger", "abkp"),
        ("GatewayUploadFinger", "unValid"),
    ],
)
async def test_date_time_format(platform: Platform, name: str, field: str) -> None:
    """Date-times must be yyyy-MM-dd HH:mm:ss and a real date."""
    for value in BAD_DATE_TIMES:
        fields = {**_valid_fields(platform, name), field: value}
        await _fails(platform, name, fields, field, "yyyy-MM-dd HH:mm:ss")


async def test_date_time_format_when_revoking(platform: Platform) -> None:
    """GatewayStopOffline checks the format of unValid too."""
    fields = {"rm_id": first_room(platform), "muid": "1", "unValid": "2030-01-01"}
    await _fails(platform, "GatewayStopOffline", fields, "yyyy-MM-dd HH:mm:ss")


@pytest.mark.parametrize(
    "name",
    [
        "MarkRoomCard",
        "MakeOffline",
        "GatewayUploadOnline",
        "GatewayUploadFace",
        "GatewayUploadFinger",
    ],
)
async def test_expiry_in_the_past(platform: Platform, name: str) -> None:
    """An unValid that has passed fails (the spec examples' 2022 dates)."""
    fields = {**_valid_fields(platform, name), "unValid": "2022-07-24 12:00:00"}
    if "abkp" in fields:
        fields["abkp"] = "2022-07-23 14:20:00"
    await _fails(platform, name, fields, "in the past")


@pytest.mark.parametrize(
    "name", ["MarkRoomCard", "GatewayUploadFace", "GatewayUploadFinger"]
)
async def test_expiry_before_start(platform: Platform, name: str) -> None:
    """An unValid that is not after abkp fails."""
    fields = {
        **_valid_fields(platform, name),
        "abkp": at(platform, days=3),
        "unValid": at(platform, days=2),
    }
    await _fails(platform, name, fields, "not after abkp")
    fields["unValid"] = fields["abkp"]
    await _fails(platform, name, fields, "not after abkp")


@pytest.mark.parametrize(
    "pwd",
    [
        "12345",
        "12345678901",
        "12345a",
        "123 456",
        "-123456",
        "\uff11\uff12\uff13\uff14\uff15\uff16",
    ],
)
async def test_pin_must_be_6_to_10_digits(platform: Platform, pwd: str) -> None:
    """Pwd must be 6 to 10 ASCII digits."""
    fields = {**_valid_fields(platform, "GatewayUploadOnline"), "pwd": pwd}
    await _fails(platform, "GatewayUploadOnline", fields, "6 to 10 digits")


@pytest.mark.parametrize("pwd", ["123456", "0000000000", "0123456"])
async def test_pin_lengths_accepted(platform: Platform, pwd: str) -> None:
    """6 and 10 digits, and leading zeros, are fine."""
    fields = {**_valid_fields(platform, "GatewayUploadOnline"), "pwd": pwd}
    await ok(platform, "GatewayUploadOnline", **fields)
    assert platform.rooms[first_room(platform)].pins[1].pwd == pwd


@pytest.mark.parametrize("m1", ["0", "50", "-1", "1.5", "a", "\uff11"])
@pytest.mark.parametrize(
    "name",
    [
        "GatewayUploadFace",
        "GatewayStopFace",
        "GatewayUploadFinger",
        "GatewayStopFinger",
    ],
)
async def test_bio_slot_range(platform: Platform, name: str, m1: str) -> None:
    """Face and fingerprint slots are 1-49."""
    fields = {**_valid_fields(platform, name), "m1": m1}
    await _fails(platform, name, fields, "m1 must be an integer 1-49")


@pytest.mark.parametrize("m1", ["1", "49"])
async def test_bio_slot_bounds_accepted(platform: Platform, m1: str) -> None:
    """Slots 1 and 49 are accepted."""
    fields = {**_valid_fields(platform, "GatewayUploadFace"), "m1": m1}
    await ok(platform, "GatewayUploadFace", **fields)
    assert int(m1) in platform.rooms[first_room(platform)].faces


@pytest.mark.parametrize("m1", ["0", "256", "x", "2.0"])
@pytest.mark.parametrize("name", ["GatewayUploadOnline", "GatewayStopOnline"])
async def test_pin_slot_range(platform: Platform, name: str, m1: str) -> None:
    """PIN slots are 1-255 (an assumption: the spec gives no range)."""
    fields = {**_valid_fields(platform, name), "m1": m1}
    await _fails(platform, name, fields, "m1 must be an integer 1-255")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("not base64!", "not valid base64"),
        ("xxxxxxxx", "JPEG or PNG"),
        ("R0lGODlhAQABAAAAACw=", "JPEG or PNG"),  # a GIF header
        (PNG_B64[:-2] + " =", "not valid base64"),  # '+' sent unencoded
        ("data:image/png;base64," + PNG_B64, "not valid base64"),
    ],
)
async def test_face_must_be_jpeg_or_png(
    platform: Platform, value: str, words: str
) -> None:
    """Base64 must decode to a JPEG or PNG image."""
    fields = {**_valid_fields(platform, "GatewayUploadFace"), "base64": value}
    await _fails(platform, "GatewayUploadFace", fields, words)


async def test_face_png_accepted(platform: Platform) -> None:
    """A PNG is accepted as well as a JPEG."""
    fields = {**_valid_fields(platform, "GatewayUploadFace"), "base64": PNG_B64}
    await ok(platform, "GatewayUploadFace", **fields)
    assert platform.rooms[first_room(platform)].faces[1].data.startswith("png:")


@pytest.mark.parametrize(
    "hexs",
    ["abcdef", "ab cd ef", "ab-cd-", "-ab", "ab-c-ef", "ab-cd-eg", "ab--cd", "ab_cd"],
)
async def test_fingerprint_must_be_dash_joined_hex(
    platform: Platform, hexs: str
) -> None:
    """Hexs must be hex bytes joined by dashes."""
    fields = {**_valid_fields(platform, "GatewayUploadFinger"), "hexs": hexs}
    await _fails(platform, "GatewayUploadFinger", fields, "hex bytes joined by '-'")


@pytest.mark.parametrize("hexs", ["ab", "AB-cd-EF-ee-ff", "00-01-fe-ff"])
async def test_fingerprint_hex_accepted(platform: Platform, hexs: str) -> None:
    """One byte, mixed case and many bytes are fine."""
    fields = {**_valid_fields(platform, "GatewayUploadFinger"), "hexs": hexs}
    await ok(platform, "GatewayUploadFinger", **fields)


@pytest.mark.parametrize("fields", [{}, {"rm_id": ""}, {"card_id": " "}])
async def test_clear_card_needs_room_or_card(
    platform: Platform, fields: dict[str, str]
) -> None:
    """ClearRoomCard with neither rm_id nor card_id fails."""
    await _fails(platform, "ClearRoomCard", fields, "give rm_id or card_id")


@pytest.mark.parametrize("name", ["MarkRoomCard", "ReadCard", "ClearRoomCard"])
async def test_no_card_on_the_encoder(platform: Platform, name: str) -> None:
    """The card calls fail when no card lies on the encoder."""
    platform.take_card()
    fields = (
        {"rm_id": first_room(platform)}
        if name == "ClearRoomCard"
        else _valid_fields(platform, name)
    )
    await _fails(platform, name, fields, "no card on the encoder")


async def test_clear_card_checks_the_card_on_the_encoder(platform: Platform) -> None:
    """Clearing needs the named card, written for the named room."""
    room, other = list(platform.rooms)[:2]
    assert platform.encoder is not None
    card_id = platform.encoder.card_id
    await _fails(platform, "ClearRoomCard", {"card_id": card_id}, "is blank")
    await ok(platform, "MarkRoomCard", **_valid_fields(platform, "MarkRoomCard"))
    await _fails(platform, "ClearRoomCard", {"card_id": "DEADBEEF"}, "not DEADBEEF")
    await _fails(platform, "ClearRoomCard", {"rm_id": other}, f"not {other}")
    await _fails(
        platform, "ClearRoomCard", {"rm_id": other, "card_id": card_id}, "belongs"
    )
    data = await ok(platform, "ClearRoomCard", card_id=card_id.lower(), rm_id=room)
    assert data == {"card_id": card_id, "rm_id": room}


async def test_revoke_needs_the_matching_expiry(platform: Platform) -> None:
    """GatewayStopOffline fails for an unknown password or another expiry."""
    room = first_room(platform)
    until = at(platform, days=1)
    muid = (await ok(platform, "MakeOffline", rm_id=room, unValid=until))["muid"]
    other = at(platform, days=2)
    await _fails(
        platform,
        "GatewayStopOffline",
        {"rm_id": room, "muid": muid, "unValid": other},
        "no password",
    )
    await _fails(
        platform,
        "GatewayStopOffline",
        {"rm_id": room, "muid": "9999999", "unValid": until},
        "no password",
    )
    second = list(platform.rooms)[1]
    await _fails(
        platform,
        "GatewayStopOffline",
        {"rm_id": second, "muid": muid, "unValid": until},
        "no password",
    )
    await ok(platform, "GatewayStopOffline", rm_id=room, muid=muid, unValid=until)


@pytest.mark.parametrize(
    "auth",
    [
        {},
        {"appid": AUTH["appid"]},
        {"appsecret": AUTH["appsecret"]},
        {"appid": AUTH["appid"], "appsecret": "wrong"},
        {"appid": "wrong", "appsecret": AUTH["appsecret"]},
        {"appid": "", "appsecret": ""},
    ],
)
async def test_authentication(platform: Platform, auth: dict[str, str]) -> None:
    """Wrong or missing credentials fail before anything else."""
    for name in ("GetRoomList", "GatewayOpen", "ReadCard"):
        fields: dict[str, Any] = {**_valid_fields(platform, name), **auth}
        before = platform.state()
        reply = await platform.call(name, fields)
        answer = reply.json()
        assert answer["code"] != 1
        assert "invalid appid or appsecret" in answer["msg"]
        assert answer["data"] is None
        assert platform.state()["rooms"] == before["rooms"]


async def test_body_that_is_not_an_object(platform: Platform) -> None:
    """A JSON body that is not an object fails with a message."""
    reply = await platform.call("GetRoomList", None)
    answer = reply.json()
    assert answer["code"] != 1
    assert "not a form or a JSON object" in answer["msg"]
    assert platform.log[-1].fields == {}
