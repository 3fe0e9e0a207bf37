"""`python -m simulator` serves until SIGINT and exits cleanly."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
import signal
import socket
import sys

import aiohttp
import pytest

from simulator.__main__ import parse_args
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, EXAMPLE_ROOM_ID

ROOT = Path(__file__).parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _get_rooms(url: str) -> dict[str, object]:
    """POST GetRoomList, retrying while the server starts."""
    auth = {"appid": DEFAULT_APPID, "appsecret": DEFAULT_APPSECRET}
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            try:
                async with session.post(
                    f"{url}/Api/GetRoomList", data=auth
                ) as response:
                    answer: dict[str, object] = await response.json()
                    return answer
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    pytest.fail("the emulator did not start")


@pytest.mark.usefixtures("socket_enabled")
async def test_serves_and_stops_on_sigint(tmp_path: Path) -> None:
    """Start it on a free port, list rooms, stop it with SIGINT."""
    port = _free_port()
    state = tmp_path / "state.json"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulator",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--rooms",
        "3",
        "--tz",
        "Asia/Shanghai",
        "--state",
        str(state),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        answer = await _get_rooms(f"http://127.0.0.1:{port}")
        process.send_signal(signal.SIGINT)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 10)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert answer["code"] == 1
    rooms = answer["data"]
    assert isinstance(rooms, list)
    assert [room["rm_name"] for room in rooms] == ["1-101", "1-102", "1-103"]
    assert rooms[0]["rm_id"] == EXAMPLE_ROOM_ID
    assert process.returncode == 0, stderr.decode()
    out = stdout.decode()
    assert DEFAULT_APPID in out
    assert DEFAULT_APPSECRET in out
    assert "Asia/Shanghai" in out
    assert out.rstrip().endswith("Stopped.")
    assert "Traceback" not in stderr.decode()
    assert len(json.loads(state.read_text(encoding="utf-8"))["rooms"]) == 3


def test_arguments() -> None:
    """Defaults follow the vendor's address; every option is read."""
    args = parse_args([])
    assert (args.host, args.port, args.rooms, args.latency) == (
        "127.0.0.1",
        19952,
        20,
        0,
    )
    assert (args.appid, args.appsecret, args.seed) == (
        DEFAULT_APPID,
        DEFAULT_APPSECRET,
        0,
    )
    assert args.state is None
    assert args.tz is None
    args = parse_args(
        [
            "--appid",
            "a",
            "--appsecret",
            "s",
            "--latency",
            "0.5",
            "--seed",
            "3",
            "--rooms",
            "7",
        ]
    )
    assert (args.appid, args.appsecret, args.latency, args.seed, args.rooms) == (
        "a",
        "s",
        0.5,
        3,
        7,
    )
