"""All state and rules of the emulated lock platform.

`Platform` holds the rooms with their locks, the desk encoder and the cards,
the credentials, the injected faults and the operation log. `Platform.call`
answers one vendor call; `simulator.app` only translates HTTP to it. Python
methods mirror the `/_sim/` control plane so in-process tests can use them.

Date-times are naive, in the platform's local time: the zone given as `tz`
(a `tzinfo`, or a callable returning one, read at every use), by default the
zone of the emulator's process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
import json
import logging
from pathlib import Path
import random
from typing import Any

from . import calls, door
from .model import Card, Fault, LogEntry, Room
from .validation import ApiError

_LOGGER = logging.getLogger(__name__)

DEFAULT_APPID = "4773aa036f7f49c68d876bb4be85c80c"
DEFAULT_APPSECRET = "dfd5489d0cee31f0bdfaf59d0d42d71f"
DEFAULT_ROOMS = 20
DEFAULT_SEED = 0
# With the default seed the first room and the first card are the ones in the
# vendor's examples, so the examples work verbatim against a fresh emulator.
EXAMPLE_ROOM_ID = "775032240849920"
EXAMPLE_CARD_ID = "03F56240"
BATTERY_DRAIN = 0.25  # percent per gateway call
ROOMS_PER_FLOOR = 20
FAULT_KINDS = frozenset(
    {
        "delay",
        "http500",
        "html",
        "malformed_json",
        "missing_fields",
        "error",
        "empty_list",
        "null_data",
    }
)
# Faults answering success with no data at all, as a platform whose database
# was briefly empty would: the data they answer.
EMPTY_FAULT_DATA: dict[str, list[Any] | None] = {"empty_list": [], "null_data": None}
LOG_VALUE_LIMIT = 200
FAULT_CODE = 0

type TzSource = tzinfo | Callable[[], tzinfo] | None


@dataclass(frozen=True)
class Reply:
    """What the HTTP layer sends back."""

    status: int
    body: str
    content_type: str = "application/json"

    def json(self) -> Any:
        """Decode a JSON body (for in-process tests)."""
        return json.loads(self.body)


class Platform:
    """The emulated platform: rooms, locks, encoder, faults, log."""

    def __init__(
        self,
        rooms: int = DEFAULT_ROOMS,
        *,
        appid: str = DEFAULT_APPID,
        appsecret: str = DEFAULT_APPSECRET,
        seed: int = DEFAULT_SEED,
        latency: float = 0.0,
        tz: TzSource = None,
        state_file: Path | str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Create the platform; load `state_file` when it exists."""
        self.room_count = rooms
        self.seed = seed
        self.tz = tz
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.state_file = Path(state_file) if state_file is not None else None
        self.battery_drain = BATTERY_DRAIN
        self._initial = (appid, appsecret, latency)
        self.appid = appid
        self.appsecret = appsecret
        self.latency = latency
        self.time_offset = timedelta()
        self.rooms: dict[str, Room] = {}
        self.cards: dict[str, Card] = {}
        self.encoder: Card | None = None
        self.faults: list[Fault] = []
        self.log: list[LogEntry] = []
        self.gateway_in_flight = 0
        self.max_concurrent_gateway = 0
        self._room_rng = random.Random()
        self._card_rng = random.Random()
        self._next_room_id = 0
        self._build()
        if self.state_file is not None and self.state_file.exists():
            self.load(self.state_file)

    # ----------------------------------------------------------------- setup

    def _build(self) -> None:
        """Build the deterministic initial property from the seed."""
        self._room_rng = random.Random(self.seed)
        self._card_rng = random.Random(self.seed + 1)
        self._next_room_id = (
            int(EXAMPLE_ROOM_ID)
            if self.seed == DEFAULT_SEED
            else self._room_rng.randrange(10**14, 9 * 10**14)
        )
        self.rooms = {}
        self.cards = {}
        for index in range(self.room_count):
            floor, number = divmod(index, ROOMS_PER_FLOOR)
            self.add_room(f"1-{floor + 1}{number + 1:02d}", save=False)
        first = EXAMPLE_CARD_ID if self.seed == DEFAULT_SEED else None
        self.put_card(first, save=False)

    def _new_room_id(self) -> str:
        rm_id = str(self._next_room_id)
        self._next_room_id += self._room_rng.randrange(1_000, 100_000)
        return rm_id

    def _new_card_id(self) -> str:
        while True:
            card_id = f"{self._card_rng.getrandbits(32):08X}"
            if card_id not in self.cards:
                return card_id

    # ------------------------------------------------------------------ time

    def _zone(self) -> tzinfo | None:
        return self.tz() if callable(self.tz) else self.tz

    def now_utc(self) -> datetime:
        """Return the current time (aware, UTC), shifted by the time offset."""
        return self.clock().astimezone(UTC) + self.time_offset

    def now(self) -> datetime:
        """Return the platform's local time, naive, to the second."""
        local = self.now_utc().astimezone(self._zone())
        return local.replace(tzinfo=None, microsecond=0)

    def d2(self) -> int:
        """Return the `d2` timestamp: epoch milliseconds."""
        return int(self.now_utc().timestamp() * 1000)

    def zone_name(self) -> str:
        """Name of the zone date-times are interpreted in."""
        return str(self.now_utc().astimezone(self._zone()).tzinfo)

    # ------------------------------------------------------------ vendor API

    async def call(
        self,
        name: str,
        fields: dict[str, str] | None,
        *,
        connected: Callable[[], bool] | None = None,
    ) -> Reply:
        """Answer one vendor call `POST /Api/<name>`.

        `fields` is None when the body could not be decoded (a JSON body that
        is not an object). `connected` tells whether the caller still waits:
        a call held by a delay fault whose caller gave up is dropped, unless
        the fault says `apply`.
        """
        entry = LogEntry(
            seq=len(self.log) + 1,
            time=self.now(),
            call=name,
            fields=_loggable(fields or {}),
            code=None,
            msg="",
        )
        self.log.append(entry)
        fault = self._take_fault(name)
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            if not fault.apply and connected is not None and not connected():
                entry.msg = "fault delay (caller gone, not carried out)"
                return Reply(504, "", "text/plain")
            fault = None
        if fault is not None and fault.kind == "error":
            entry.code, entry.msg = FAULT_CODE, fault.msg
            return _json_reply({"code": FAULT_CODE, "msg": fault.msg, "data": None})
        if fault is not None and fault.kind in EMPTY_FAULT_DATA:
            msg = "" if name in calls.EMPTY_MSG_CALLS else calls.SUCCESS_MSG
            entry.code, entry.msg = 1, f"fault {fault.kind}"
            data = EMPTY_FAULT_DATA[fault.kind]
            return _json_reply({"code": 1, "msg": msg, "data": data})
        if fault is not None and not fault.apply:
            entry.msg = f"fault {fault.kind}"
            return _fault_reply(fault)
        answer = await self._answer(name, fields)
        entry.code, entry.msg = answer["code"], answer["msg"]
        if fault is not None:
            entry.msg = f"fault {fault.kind} (applied: {entry.msg})"
            return _fault_reply(fault)
        return _json_reply(answer)

    async def _answer(self, name: str, fields: dict[str, str] | None) -> dict[str, Any]:
        try:
            fields = self._authenticate(fields)
            action = calls.HANDLERS[name](self, fields)
            if name in calls.GATEWAY_CALLS:
                self._check_gateway(fields["rm_id"].strip())
            if name in calls.LATENCY_CALLS:
                data = await self._through_gateway(action)
            else:
                data = action()
        except ApiError as err:
            return {"code": err.code, "msg": err.msg, "data": None}
        if name not in {"GetRoomList", "ReadCard"}:
            self.save()
        msg = "" if name in calls.EMPTY_MSG_CALLS else calls.SUCCESS_MSG
        return {"code": 1, "msg": msg, "data": data}

    async def _through_gateway(self, action: calls.Action) -> calls.Data:
        self.gateway_in_flight += 1
        self.max_concurrent_gateway = max(
            self.max_concurrent_gateway, self.gateway_in_flight
        )
        try:
            if self.latency > 0:
                await asyncio.sleep(self.latency)
            return action()
        finally:
            self.gateway_in_flight -= 1

    def _check_gateway(self, rm_id: str) -> None:
        room = self.rooms[rm_id]
        if not room.gateway_online:
            msg = f"网关离线,门锁无响应 (gateway of room {room.rm_name} is offline)"
            raise ApiError(msg)

    def _authenticate(self, fields: dict[str, str] | None) -> dict[str, str]:
        if fields is None:
            msg = "请求格式错误 (the body is not a form or a JSON object)"
            raise ApiError(msg)
        if (
            fields.get("appid", "").strip() != self.appid
            or fields.get("appsecret", "").strip() != self.appsecret
        ):
            msg = "appid或appsecret错误 (invalid appid or appsecret)"
            raise ApiError(msg)
        return fields

    def _take_fault(self, name: str) -> Fault | None:
        for wanted in (name, "*"):
            for fault in self.faults:
                if fault.call != wanted:
                    continue
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                return fault
        return None

    # ---------------------------------------------------------- control plane

    def reset(self) -> None:
        """Back to the initial state (credentials, latency, rooms, encoder)."""
        self.appid, self.appsecret, self.latency = self._initial
        self.time_offset = timedelta()
        self.faults = []
        self.log = []
        # Calls still in flight finish and count themselves out.
        self.max_concurrent_gateway = self.gateway_in_flight
        self._build()
        self.save()

    def reset_counters(self) -> None:
        """Restart measuring `max_concurrent_gateway` from what is in flight."""
        self.max_concurrent_gateway = self.gateway_in_flight

    def add_fault(
        self,
        call: str,
        kind: str,
        *,
        seconds: float = 0.0,
        msg: str = "",
        times: int | None = None,
        apply: bool = False,
    ) -> Fault:
        """Inject a fault for one call name or `*` (every call)."""
        if call != "*" and call not in calls.HANDLERS:
            error = f"unknown call {call!r}"
            raise ValueError(error)
        if kind not in FAULT_KINDS:
            error = f"unknown fault kind {kind!r}; one of {sorted(FAULT_KINDS)}"
            raise ValueError(error)
        if times is not None and times < 1:
            error = "times must be at least 1 (or null for always)"
            raise ValueError(error)
        if kind == "error" and not msg:
            msg = "模拟故障 (injected failure)"
        fault = Fault(call, kind, float(seconds), msg, times, apply)
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        self.faults = []

    def room(self, rm_id: str) -> Room:
        """Return the room `rm_id`; KeyError when unknown."""
        return self.rooms[rm_id]

    def set_gateway_online(self, rm_id: str, online: bool) -> None:
        """Put a room's gateway on- or offline."""
        self.rooms[rm_id].gateway_online = online
        self.save()

    def add_room(
        self, rm_name: str, rm_id: str | None = None, *, save: bool = True
    ) -> Room:
        """Add a room; a 15-digit id is made up when none is given."""
        if rm_id is None:
            rm_id = self._new_room_id()
            while rm_id in self.rooms:
                rm_id = self._new_room_id()
        elif rm_id in self.rooms:
            msg = f"room {rm_id} exists"
            raise ValueError(msg)
        room = Room(rm_id, rm_name, battery=float(self._room_rng.randint(60, 100)))
        self.rooms[rm_id] = room
        if save:
            self.save()
        return room

    def remove_room(self, rm_id: str) -> None:
        """Remove a room; KeyError when unknown."""
        del self.rooms[rm_id]
        self.save()

    def set_battery(self, rm_id: str, level: float) -> None:
        """Set the battery level (percent) of a room's lock."""
        if not 0 <= level <= 100:
            msg = "level must be 0-100"
            raise ValueError(msg)
        self.rooms[rm_id].battery = float(level)
        self.save()

    def put_card(self, card_id: str | None = None, *, save: bool = True) -> Card:
        """Lay a card on the encoder (replacing any there).

        A known card id lays that physical card with what is written on it;
        an unknown or missing id lays a new blank card.
        """
        card_id = card_id.strip().upper() if card_id else self._new_card_id()
        card = self.cards.setdefault(card_id, Card(card_id))
        self.encoder = card
        if save:
            self.save()
        return card

    def take_card(self) -> Card | None:
        """Take the card off the encoder; return it (None when there was none)."""
        card, self.encoder = self.encoder, None
        self.save()
        return card

    def set_credentials(self, appid: str, appsecret: str) -> None:
        """Change the accepted appid and appsecret."""
        self.appid, self.appsecret = appid, appsecret
        self.save()

    def set_latency(self, seconds: float) -> None:
        """Set the gateway round trip (seconds) of calls 7-13."""
        if seconds < 0:
            msg = "seconds must not be negative"
            raise ValueError(msg)
        self.latency = seconds

    def set_time_offset(self, seconds: float) -> None:
        """Shift the platform clock (and the locks' clocks) by `seconds`."""
        self.time_offset = timedelta(seconds=seconds)

    def present(self, rm_id: str, kind: str, value: str | int) -> door.DoorResult:
        """Present a credential at a room's door; KeyError for unknown rooms."""
        result = door.present(self, self.rooms[rm_id], kind, value)
        if result.opens:
            self.save()
        return result

    # ------------------------------------------------------------- read-outs

    def log_dicts(self) -> list[dict[str, Any]]:
        """Return the operation log."""
        return [entry.as_dict() for entry in self.log]

    def state(self) -> dict[str, Any]:
        """Everything the platform knows, for `GET /_sim/state`."""
        return {
            "time": self.now().strftime("%Y-%m-%d %H:%M:%S"),
            "tz": self.zone_name(),
            "time_offset": self.time_offset.total_seconds(),
            "latency": self.latency,
            "rooms": {rm_id: room.as_dict() for rm_id, room in self.rooms.items()},
            "encoder": None if self.encoder is None else self.encoder.as_dict(),
            "cards": {card_id: c.as_dict() for card_id, c in self.cards.items()},
            "faults": [fault.as_dict() for fault in self.faults],
            "max_concurrent_gateway": self.max_concurrent_gateway,
            "gateway_in_flight": self.gateway_in_flight,
            "log_length": len(self.log),
        }

    # ------------------------------------------------------------ persistence

    def snapshot(self) -> dict[str, Any]:
        """Return what `--state FILE` keeps across restarts."""
        return {
            "version": 1,
            "appid": self.appid,
            "appsecret": self.appsecret,
            "rooms": [room.as_dict() for room in self.rooms.values()],
            "cards": [card.as_dict() for card in self.cards.values()],
            "encoder": None if self.encoder is None else self.encoder.card_id,
            "next_room_id": self._next_room_id,
            "room_rng": _rng_state(self._room_rng),
            "card_rng": _rng_state(self._card_rng),
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Load a `snapshot`."""
        self.appid = data["appid"]
        self.appsecret = data["appsecret"]
        self.rooms = {r["rm_id"]: Room.from_dict(r) for r in data["rooms"]}
        self.cards = {c["card_id"]: Card.from_dict(c) for c in data["cards"]}
        self.encoder = self.cards.get(data["encoder"]) if data["encoder"] else None
        self._next_room_id = int(data["next_room_id"])
        self._room_rng.setstate(_rng_from(data["room_rng"]))
        self._card_rng.setstate(_rng_from(data["card_rng"]))

    def load(self, path: Path) -> None:
        """Load state from a file written by `save`."""
        self.restore(json.loads(path.read_text(encoding="utf-8")))
        _LOGGER.info("Loaded state from %s", path)

    def save(self) -> None:
        """Write the state file (atomically), when one is configured."""
        if self.state_file is None:
            return
        temporary = self.state_file.with_name(self.state_file.name + ".tmp")
        temporary.write_text(
            json.dumps(self.snapshot(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        temporary.replace(self.state_file)


def _json_reply(answer: dict[str, Any]) -> Reply:
    return Reply(200, json.dumps(answer, ensure_ascii=False))


def _fault_reply(fault: Fault) -> Reply:
    match fault.kind:
        case "http500":
            return Reply(500, "500 Internal Server Error", "text/plain")
        case "html":
            return Reply(
                200,
                "<!DOCTYPE html><html><head><title>Error</title></head>"
                "<body><h1>Runtime Error</h1></body></html>",
                "text/html",
            )
        case "malformed_json":
            return Reply(200, '{"code": 1, "msg": "操作成功", "data": {')
        case _:  # missing_fields
            return _json_reply({"msg": calls.SUCCESS_MSG})


def _loggable(fields: dict[str, str]) -> dict[str, str]:
    logged = {}
    for key, value in fields.items():
        if key == "appsecret":
            logged[key] = "***"
        elif len(value) > LOG_VALUE_LIMIT:
            logged[key] = f"{value[:LOG_VALUE_LIMIT]}… ({len(value)} chars)"
        else:
            logged[key] = value
    return logged


def _rng_state(rng: random.Random) -> list[Any]:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _rng_from(data: list[Any]) -> tuple[Any, ...]:
    version, internal, gauss = data
    return (version, tuple(internal), gauss)
