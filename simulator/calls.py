"""The 13 vendor calls: each checks its fields, then returns the action to run.

A handler validates everything it can before anything changes, and returns an
`Action` that performs the change and builds `data`. For gateway calls the
platform runs the action only after the (simulated) radio round trip.
"""

from __future__ import annotations

from collections.abc import Callable
import hashlib
from typing import TYPE_CHECKING, Any

from . import validation as v
from .model import BioSlot, Card, OfflinePassword, Opening, PinSlot, Room, fmt

if TYPE_CHECKING:
    from .platform import Platform

type Data = dict[str, Any] | list[dict[str, Any]] | None
type Action = Callable[[], Data]
type Handler = Callable[[Platform, dict[str, str]], Action]

SUCCESS_MSG = "操作成功"


def _room(platform: Platform, fields: dict[str, str]) -> Room:
    rm_id = v.required(fields, "rm_id")
    room = platform.rooms.get(rm_id)
    if room is None:
        msg = f"房间不存在 (unknown rm_id {rm_id})"
        raise v.ApiError(msg)
    return room


def _encoder_card(platform: Platform) -> Card:
    if platform.encoder is None:
        msg = "发卡器上没有卡片 (no card on the encoder)"
        raise v.ApiError(msg)
    return platform.encoder


def _gateway_data(platform: Platform, room: Room) -> dict[str, Any]:
    """Drain a little battery and answer `{ce, d2}` like the gateway does."""
    room.battery = max(0.0, room.battery - platform.battery_drain)
    return {"ce": room.ce, "d2": platform.d2()}


def get_room_list(platform: Platform, fields: dict[str, str]) -> Action:
    """1. GetRoomList."""

    def run() -> Data:
        return [
            {"rm_id": r.rm_id, "rm_name": r.rm_name} for r in platform.rooms.values()
        ]

    return run


def mark_room_card(platform: Platform, fields: dict[str, str]) -> Action:
    """2. MarkRoomCard: write the card on the encoder for a room."""
    room = _room(platform, fields)
    abkp = v.date_time(fields, "abkp")
    until = v.expiry(fields, platform.now(), abkp)
    card = _encoder_card(platform)

    def run() -> Data:
        card.rm_id = room.rm_id
        card.valid_from = abkp
        card.valid_until = until
        return {"card_id": card.card_id}

    return run


def clear_room_card(platform: Platform, fields: dict[str, str]) -> Action:
    """3. ClearRoomCard: blank the card on the encoder, named by room or card."""
    rm_id = v.optional(fields, "rm_id")
    card_id = v.optional(fields, "card_id")
    if rm_id is None and card_id is None:
        msg = "房间ID和卡号至少填写一个 (give rm_id or card_id)"
        raise v.ApiError(msg)
    if rm_id is not None:
        _room(platform, fields)
    card = _encoder_card(platform)
    if card_id is not None and card_id.upper() != card.card_id:
        msg = f"发卡器上的卡号不一致 (the card on the encoder is {card.card_id}, not {card_id})"
        raise v.ApiError(msg)
    if card.rm_id is None:
        msg = f"空白卡,无需回收 (card {card.card_id} is blank)"
        raise v.ApiError(msg)
    if rm_id is not None and card.rm_id != rm_id:
        msg = f"该卡不属于此房间 (card {card.card_id} belongs to room {card.rm_id}, not {rm_id})"
        raise v.ApiError(msg)

    def run() -> Data:
        cleared_room = card.rm_id
        card.blank()
        return {"card_id": card.card_id, "rm_id": cleared_room}

    return run


def read_card(platform: Platform, fields: dict[str, str]) -> Action:
    """4. ReadCard: read the card on the encoder (blank: empty room and dates)."""
    card = _encoder_card(platform)

    def run() -> Data:
        return {
            "card_id": card.card_id,
            "rm_id": card.rm_id or "",
            "valid": fmt(card.valid_from),
            "unvalid": fmt(card.valid_until),
        }

    return run


def make_offline(platform: Platform, fields: dict[str, str]) -> Action:
    """5. MakeOffline: generate an algorithm password valid until `unValid`."""
    room = _room(platform, fields)
    now = platform.now()
    until = v.expiry(fields, now)

    def run() -> Data:
        taken = {p.muid for p in room.offline_passwords}
        while True:
            room.offline_counter += 1
            seed = f"{platform.seed}:{room.rm_id}:{fmt(until)}:{room.offline_counter}"
            digest = hashlib.sha256(seed.encode()).digest()
            muid = f"{int.from_bytes(digest[:8]) % 10**7:07d}"
            if muid not in taken:
                break
        room.offline_passwords.append(OfflinePassword(muid, now, until))
        return {"muid": muid}

    return run


def gateway_stop_offline(platform: Platform, fields: dict[str, str]) -> Action:
    """6. GatewayStopOffline: revoke a password; needs its original expiry."""
    room = _room(platform, fields)
    muid = v.required(fields, "muid")
    until = v.date_time(fields, "unValid")
    matches = [
        p for p in room.offline_passwords if p.muid == muid and p.valid_until == until
    ]
    if not matches:
        msg = (
            "密码或有效期结束时间不正确 (no password "
            f"{muid} valid until {fmt(until)} was generated for this room)"
        )
        raise v.ApiError(msg)

    def run() -> Data:
        for password in matches:
            password.revoked = True
        room.battery = max(0.0, room.battery - platform.battery_drain)
        return None

    return run


def gateway_upload_online(platform: Platform, fields: dict[str, str]) -> Action:
    """7. GatewayUploadOnline: push a PIN into slot m1 (overwrites)."""
    room = _room(platform, fields)
    m1 = v.slot(fields, v.PIN_SLOT_MIN, v.PIN_SLOT_MAX)
    pwd = v.pin(fields)
    now = platform.now()
    until = v.expiry(fields, now)

    def run() -> Data:
        room.pins[m1] = PinSlot(pwd, now, until)
        return _gateway_data(platform, room)

    return run


def gateway_stop_online(platform: Platform, fields: dict[str, str]) -> Action:
    """8. GatewayStopOnline: disable the PIN in slot m1 (an empty slot is fine)."""
    room = _room(platform, fields)
    m1 = v.slot(fields, v.PIN_SLOT_MIN, v.PIN_SLOT_MAX)

    def run() -> Data:
        room.pins.pop(m1, None)
        return _gateway_data(platform, room)

    return run


def gateway_open(platform: Platform, fields: dict[str, str]) -> Action:
    """9. GatewayOpen: remote unlock, recorded as an opening."""
    room = _room(platform, fields)

    def run() -> Data:
        room.openings.append(Opening(platform.now(), "gateway"))
        return _gateway_data(platform, room)

    return run


def gateway_upload_face(platform: Platform, fields: dict[str, str]) -> Action:
    """10. GatewayUploadFace: push a JPEG/PNG face into slot m1 (1-49)."""
    room = _room(platform, fields)
    kind, size = v.image(fields)
    m1 = v.slot(fields, v.BIO_SLOT_MIN, v.BIO_SLOT_MAX)
    abkp = v.date_time(fields, "abkp")
    until = v.expiry(fields, platform.now(), abkp)
    digest = hashlib.sha256(fields["base64"].strip().encode()).hexdigest()[:16]

    def run() -> Data:
        room.faces[m1] = BioSlot(f"{kind}:{size}:{digest}", abkp, until)
        return _gateway_data(platform, room)

    return run


def gateway_upload_finger(platform: Platform, fields: dict[str, str]) -> Action:
    """12. GatewayUploadFinger: push a fingerprint template into slot m1 (1-49)."""
    room = _room(platform, fields)
    template = v.hexs(fields)
    m1 = v.slot(fields, v.BIO_SLOT_MIN, v.BIO_SLOT_MAX)
    abkp = v.date_time(fields, "abkp")
    until = v.expiry(fields, platform.now(), abkp)

    def run() -> Data:
        room.fingerprints[m1] = BioSlot(template.lower(), abkp, until)
        return _gateway_data(platform, room)

    return run


def _stop_bio(attribute: str) -> Handler:
    def handler(platform: Platform, fields: dict[str, str]) -> Action:
        room = _room(platform, fields)
        m1 = v.slot(fields, v.BIO_SLOT_MIN, v.BIO_SLOT_MAX)

        def run() -> Data:
            slots: dict[int, BioSlot] = getattr(room, attribute)
            slots.pop(m1, None)
            return _gateway_data(platform, room)

        return run

    return handler


HANDLERS: dict[str, Handler] = {
    "GetRoomList": get_room_list,
    "MarkRoomCard": mark_room_card,
    "ClearRoomCard": clear_room_card,
    "ReadCard": read_card,
    "MakeOffline": make_offline,
    "GatewayStopOffline": gateway_stop_offline,
    "GatewayUploadOnline": gateway_upload_online,
    "GatewayStopOnline": gateway_stop_online,
    "GatewayOpen": gateway_open,
    "GatewayUploadFace": gateway_upload_face,
    "GatewayStopFace": _stop_bio("faces"),
    "GatewayUploadFinger": gateway_upload_finger,
    "GatewayStopFinger": _stop_bio("fingerprints"),
}

# Calls that travel through the gateway to the lock (fail when it is offline).
GATEWAY_CALLS = frozenset(name for name in HANDLERS if name.startswith("Gateway"))
# Calls that take the radio round trip (latency) and answer {ce, d2}: 7-13.
LATENCY_CALLS = GATEWAY_CALLS - {"GatewayStopOffline"}
# The message of GetRoomList is empty in the vendor's example; others say so.
EMPTY_MSG_CALLS = frozenset({"GetRoomList"})
