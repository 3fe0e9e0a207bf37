"""HTTP routes: the vendor API under /Api/ and the control plane under /_sim/."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from . import calls, door
from .platform import Platform, Reply

PLATFORM_KEY = web.AppKey("platform", Platform)
CALLS_KEY: web.AppKey[set[asyncio.Task[Reply]]] = web.AppKey("calls")


def create_app(platform: Platform) -> web.Application:
    """Create the aiohttp application serving `platform`."""
    app = web.Application(client_max_size=32 * 1024 * 1024)
    app[PLATFORM_KEY] = platform
    app[CALLS_KEY] = set()
    app.on_shutdown.append(_cancel_calls)
    app.add_routes(
        [
            web.post("/Api/{name}", vendor_call),
            web.post("/_sim/reset", reset),
            web.post("/_sim/faults", add_fault),
            web.delete("/_sim/faults", clear_faults),
            web.get("/_sim/faults", list_faults),
            web.post("/_sim/rooms", add_room),
            web.delete("/_sim/rooms/{rm_id}", remove_room),
            web.post("/_sim/rooms/{rm_id}/gateway", set_gateway),
            web.post("/_sim/rooms/{rm_id}/battery", set_battery),
            web.post("/_sim/encoder/card", put_card),
            web.delete("/_sim/encoder/card", take_card),
            web.post("/_sim/credentials", set_credentials),
            web.post("/_sim/latency", set_latency),
            web.post("/_sim/time", set_time),
            web.get("/_sim/log", get_log),
            web.get("/_sim/state", get_state),
            web.post("/_sim/state/counters", reset_counters),
            web.post("/_sim/door/{rm_id}/present", present),
        ]
    )
    return app


def _platform(request: web.Request) -> Platform:
    return request.app[PLATFORM_KEY]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


async def _vendor_fields(request: web.Request) -> dict[str, str] | None:
    """Fields of a form or JSON body; None when the body is not usable."""
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        return {str(k): _text(v) for k, v in body.items()}
    form = await request.post()
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def _cancel_calls(app: web.Application) -> None:
    """Stop calls still running (held by a delay or latency) at shutdown."""
    tasks = app[CALLS_KEY]
    running = list(tasks)
    for task in running:
        task.cancel()
    await asyncio.gather(*running, return_exceptions=True)


def _connected(request: web.Request) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()


async def vendor_call(request: web.Request) -> web.Response:
    """`POST /Api/<Name>`: one of the 13 vendor calls."""
    name = request.match_info["name"]
    if name not in calls.HANDLERS:
        raise web.HTTPNotFound(text=f"no such call {name}")
    fields = await _vendor_fields(request)
    # The platform carries on with a call whose caller gave up, as a real
    # one does, whatever the server does with the handler: shield it.
    task = asyncio.create_task(
        _platform(request).call(name, fields, connected=lambda: _connected(request))
    )
    running = request.app[CALLS_KEY]
    running.add(task)
    task.add_done_callback(running.discard)
    reply = await asyncio.shield(task)
    return web.Response(
        status=reply.status,
        text=reply.body,
        content_type=reply.content_type,
        charset="utf-8",
    )


# ------------------------------------------------------------ control plane


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _ok(value: Any = None) -> web.Response:
    return web.json_response({"ok": True} if value is None else value, dumps=_dumps)


def _bad(message: str, status: int = 400) -> web.Response:
    return web.json_response({"error": message}, status=status, dumps=_dumps)


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="body must be a JSON object") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return body


def _room_or_404(request: web.Request) -> str:
    rm_id = request.match_info["rm_id"]
    if rm_id not in _platform(request).rooms:
        raise web.HTTPNotFound(text=f"no room {rm_id}")
    return rm_id


async def reset(request: web.Request) -> web.Response:
    """`POST /_sim/reset`: back to the initial state."""
    _platform(request).reset()
    return _ok()


async def add_fault(request: web.Request) -> web.Response:
    """`POST /_sim/faults`: inject a fault."""
    body = await _body(request)
    try:
        fault = _platform(request).add_fault(
            str(body.get("call", "*")),
            str(body.get("kind", "")),
            seconds=float(body.get("seconds") or 0.0),
            msg=str(body.get("msg") or ""),
            times=None if body.get("times") is None else int(body["times"]),
            apply=bool(body.get("apply", False)),
        )
    except (TypeError, ValueError) as err:
        return _bad(str(err))
    return _ok(fault.as_dict())


async def clear_faults(request: web.Request) -> web.Response:
    """`DELETE /_sim/faults`: clear all faults."""
    _platform(request).clear_faults()
    return _ok()


async def list_faults(request: web.Request) -> web.Response:
    """`GET /_sim/faults`: the active faults."""
    return _ok([fault.as_dict() for fault in _platform(request).faults])


async def add_room(request: web.Request) -> web.Response:
    """`POST /_sim/rooms`: add a room."""
    body = await _body(request)
    name = body.get("rm_name")
    if not isinstance(name, str) or not name:
        return _bad("rm_name is required")
    rm_id = body.get("rm_id")
    try:
        room = _platform(request).add_room(name, None if rm_id is None else str(rm_id))
    except ValueError as err:
        return _bad(str(err), 409)
    return _ok({"rm_id": room.rm_id, "rm_name": room.rm_name})


async def remove_room(request: web.Request) -> web.Response:
    """`DELETE /_sim/rooms/<rm_id>`: remove a room."""
    _platform(request).remove_room(_room_or_404(request))
    return _ok()


async def set_gateway(request: web.Request) -> web.Response:
    """`POST /_sim/rooms/<rm_id>/gateway`: a room's gateway on- or offline."""
    rm_id = _room_or_404(request)
    body = await _body(request)
    online = body.get("online")
    if not isinstance(online, bool):
        return _bad("online must be true or false")
    _platform(request).set_gateway_online(rm_id, online)
    return _ok()


async def set_battery(request: web.Request) -> web.Response:
    """`POST /_sim/rooms/<rm_id>/battery`: set the battery level."""
    rm_id = _room_or_404(request)
    body = await _body(request)
    level = body.get("level")
    if not isinstance(level, (int, float)) or isinstance(level, bool):
        return _bad("level must be a number 0-100")
    try:
        _platform(request).set_battery(rm_id, level)
    except ValueError as err:
        return _bad(str(err))
    return _ok()


async def put_card(request: web.Request) -> web.Response:
    """`POST /_sim/encoder/card`: lay a card on the encoder."""
    body = await _body(request)
    card_id = body.get("card_id")
    card = _platform(request).put_card(None if card_id is None else str(card_id))
    return _ok(card.as_dict())


async def take_card(request: web.Request) -> web.Response:
    """`DELETE /_sim/encoder/card`: take the card away."""
    card = _platform(request).take_card()
    return _ok({"card": None if card is None else card.as_dict()})


async def set_credentials(request: web.Request) -> web.Response:
    """`POST /_sim/credentials`: change the accepted credentials."""
    body = await _body(request)
    appid, appsecret = body.get("appid"), body.get("appsecret")
    if not isinstance(appid, str) or not isinstance(appsecret, str):
        return _bad("appid and appsecret are required strings")
    _platform(request).set_credentials(appid, appsecret)
    return _ok()


async def set_latency(request: web.Request) -> web.Response:
    """`POST /_sim/latency`: gateway round trip in seconds."""
    body = await _body(request)
    seconds = body.get("seconds")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
        return _bad("seconds must be a number")
    try:
        _platform(request).set_latency(float(seconds))
    except ValueError as err:
        return _bad(str(err))
    return _ok()


async def set_time(request: web.Request) -> web.Response:
    """`POST /_sim/time`: shift the platform clock by `offset` seconds."""
    body = await _body(request)
    offset = body.get("offset")
    if not isinstance(offset, (int, float)) or isinstance(offset, bool):
        return _bad("offset must be a number of seconds")
    platform = _platform(request)
    platform.set_time_offset(float(offset))
    return _ok({"time": platform.state()["time"]})


async def get_log(request: web.Request) -> web.Response:
    """`GET /_sim/log`: every vendor call."""
    return _ok(_platform(request).log_dicts())


async def get_state(request: web.Request) -> web.Response:
    """`GET /_sim/state`: rooms, slots, encoder, battery, counters."""
    return _ok(_platform(request).state())


async def reset_counters(request: web.Request) -> web.Response:
    """`POST /_sim/state/counters`: restart the gateway concurrency measurement."""
    _platform(request).reset_counters()
    return _ok()


async def present(request: web.Request) -> web.Response:
    """`POST /_sim/door/<rm_id>/present`: tell whether the door opens now."""
    rm_id = _room_or_404(request)
    body = await _body(request)
    given = [kind for kind in door.CREDENTIAL_KINDS if body.get(kind) is not None]
    if len(given) != 1:
        return _bad(f"give exactly one of {', '.join(door.CREDENTIAL_KINDS)}")
    kind = given[0]
    value = body[kind]
    if kind.endswith("_slot") and (
        not isinstance(value, int) or isinstance(value, bool)
    ):
        return _bad(f"{kind} must be an integer")
    result = _platform(request).present(
        rm_id, kind, value if isinstance(value, int) else str(value)
    )
    return _ok({"opens": result.opens, "reason": result.reason})
