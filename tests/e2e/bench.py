"""Benchmark of the integration in a real Home Assistant process (``scripts/bench``).

Everything is measured against emulator processes on 127.0.0.1, through Home
Assistant's REST API as a user or another system would use it:

- requests per poll cycle: the emulator's operation log around one coordinator
  refresh (``homeassistant.update_entity``) at 10, 100 and 1000 rooms;
- entry setup time: the config flow's last step (it returns when the entry is
  set up: first refresh, devices, entities; first time, so the registries are
  written too), median of three first setups (the entry is deleted, which
  removes its devices and entities, and added again), and the median of three
  reloads, at 100 and 1000 rooms; medians, because a single sample can carry a
  full garbage collection of the hass process;
- unlock latency, interleaved round by round so that drift hits all methods
  alike: ``lock.unlock`` and a ``rest_command`` doing the same GatewayOpen POST,
  both as ``POST /api/services/...`` (and, for comparison, as ``call_service``
  over the WebSocket API, which the dashboard uses), and the bare aiohttp POST
  to the emulator (the floor); zero emulated latency; plus ``lock.unlock`` in
  the 1000-room entry, to show whether an unlock's cost grows with the rooms;
- a PIN pushed to each of 100 rooms at once (100 concurrent ``hotel_lock.set_pin``
  calls) with 1 s of emulated gateway latency, at the configured concurrency;
- memory per room: growth of the hass process's resident memory over adding
  the 1000-room entry the first time, divided by 1000;
- the Front desk panel with the 1000-room entry alone (``bench_panel``): its
  first complete render in headless Chromium, an unlock's state change shown,
  the bundle's size.
- a booking source of 500 bookings over 200 rooms (``bench_stays``): the
  requests and the reconciliation time of its reads.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
import math
from pathlib import Path
import statistics
import sys
import tempfile
import time

import aiohttp

from . import bench_stays
from .bench_panel import measure_panel, rows as panel_rows
from .harness import (
    Emulator,
    Hass,
    HassApi,
    add_integration,
    free_port,
    onboard,
    running,
    write_config,
)

SIZES = (10, 100, 1000)
USERNAME = "bench"
PASSWORD = "bench-password-1"
SETUPS = 3
RELOADS = 3


@dataclass
class SizeResult:
    """Numbers for one room count."""

    rooms: int
    setup_s: float
    reload_s: float
    setup_requests: int
    poll_requests: int


def _rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def _locks_of_entry(api: HassApi, entry_id: str) -> list[str]:
    entities = api.ws({"type": "config/entity_registry/list"})[0]
    return sorted(
        (
            e["entity_id"]
            for e in entities
            if e["config_entry_id"] == entry_id and e["entity_id"].startswith("lock.")
        ),
        key=lambda entity_id: (len(entity_id), entity_id),
    )


def _measure_size(
    api: HassApi,
    emulator: Emulator,
    appid: str,
    appsecret: str,
    *,
    rss: dict[str, int] | None = None,
    hass_pid: int = 0,
) -> tuple[SizeResult, str]:
    """Measure one room count; with ``rss``, the memory over the first setup."""
    rooms = len(emulator.rooms_by_name())
    setups = []
    entry_id = ""
    setup_requests = 0
    for attempt in range(SETUPS):
        if entry_id:
            # Deleting the entry removes its devices and entities: the next
            # setup writes the registries afresh, as a first setup does.
            api.request("DELETE", f"/api/config/config_entries/entry/{entry_id}")
        if rss is not None and attempt == 0:
            time.sleep(2)
            rss["before"] = _rss_bytes(hass_pid)
        since = len(emulator.log())
        started = time.perf_counter()
        entry_id = add_integration(api, emulator.url, appid, appsecret, force_new=True)
        setups.append(time.perf_counter() - started)
        setup_requests = len(emulator.log()) - since
        if rss is not None and attempt == 0:
            time.sleep(2)
            rss["after"] = _rss_bytes(hass_pid)
    setup_s = statistics.median(setups)
    print(
        f"[bench] {rooms} rooms: first setups "
        + ", ".join(f"{value:.2f} s" for value in setups),
        file=sys.stderr,
    )

    locks = _locks_of_entry(api, entry_id)
    if len(locks) != rooms:
        raise AssertionError(f"{len(locks)} locks for {rooms} rooms")
    time.sleep(1)
    since = len(emulator.log())
    api.call("homeassistant", "update_entity", {"entity_id": locks[0]})
    time.sleep(1)
    poll_requests = len(emulator.log()) - since

    reloads = []
    for _ in range(RELOADS):
        started = time.perf_counter()
        api.post(f"/api/config/config_entries/entry/{entry_id}/reload")
        reloads.append(time.perf_counter() - started)
    reload_s = statistics.median(reloads)
    return (
        SizeResult(rooms, setup_s, reload_s, setup_requests, poll_requests),
        entry_id,
    )


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = max(0, math.ceil(fraction * len(ordered)) - 1)
    return ordered[index]


async def _latency(
    *,
    hass_url: str,
    token: str,
    emulator: Emulator,
    appid: str,
    appsecret: str,
    locks: list[str],
    room_ids: list[str],
    rounds: int,
) -> dict[str, list[float]]:
    """Return per-method latencies in milliseconds."""
    headers = {"Authorization": f"Bearer {token}"}
    results: dict[str, list[float]] = {
        "lock.unlock": [],
        "rest_command": [],
        "aiohttp": [],
        "lock.unlock (WebSocket)": [],
        "rest_command (WebSocket)": [],
    }
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{hass_url}/api/websocket") as ws,
    ):
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        await ws.receive_json()
        message_id = 0

        async def ws_call(domain: str, service: str, data: dict[str, str]) -> None:
            nonlocal message_id
            message_id += 1
            await ws.send_json(
                {
                    "id": message_id,
                    "type": "call_service",
                    "domain": domain,
                    "service": service,
                    "service_data": data,
                }
            )
            answer = await ws.receive_json()
            if answer.get("id") != message_id or not answer.get("success"):
                raise AssertionError(answer)

        async def via_lock_ws(i: int) -> None:
            await ws_call("lock", "unlock", {"entity_id": locks[i % len(locks)]})

        async def via_rest_command_ws(i: int) -> None:
            await ws_call(
                "rest_command", "bench_open", {"rm_id": room_ids[i % len(room_ids)]}
            )

        async def via_lock(i: int) -> None:
            async with session.post(
                f"{hass_url}/api/services/lock/unlock",
                json={"entity_id": locks[i % len(locks)]},
                headers=headers,
            ) as answer:
                answer.raise_for_status()
                await answer.read()

        async def via_rest_command(i: int) -> None:
            async with session.post(
                f"{hass_url}/api/services/rest_command/bench_open",
                json={"rm_id": room_ids[i % len(room_ids)]},
                headers=headers,
            ) as answer:
                answer.raise_for_status()
                await answer.read()

        async def raw(i: int) -> None:
            async with session.post(
                f"{emulator.url}/Api/GatewayOpen",
                data={
                    "appid": appid,
                    "appsecret": appsecret,
                    "rm_id": room_ids[i % len(room_ids)],
                },
            ) as answer:
                answer.raise_for_status()
                body = await answer.json(content_type=None)
                if body.get("code") != 1:
                    raise AssertionError(body)

        methods = {
            "lock.unlock": via_lock,
            "rest_command": via_rest_command,
            "aiohttp": raw,
            "lock.unlock (WebSocket)": via_lock_ws,
            "rest_command (WebSocket)": via_rest_command_ws,
        }
        for i in range(20):  # warm-up, not counted
            for call in methods.values():
                await call(i)
        for i in range(rounds):
            # Rotate the order too, so that no method always goes first.
            names = list(methods)
            names = names[i % len(names) :] + names[: i % len(names)]
            for name in names:
                started = time.perf_counter()
                await methods[name](i)
                results[name].append((time.perf_counter() - started) * 1000)
    return results


async def _pin_push(
    hass_url: str, token: str, locks: list[str], valid_until: str
) -> tuple[float, int]:
    """Push a PIN to every lock at once; return seconds and failures."""
    headers = {"Authorization": f"Bearer {token}"}
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def push(i: int, entity_id: str) -> bool:
            async with session.post(
                f"{hass_url}/api/services/hotel_lock/set_pin",
                json={
                    "entity_id": entity_id,
                    "pin": f"{700000 + i:06d}",
                    "valid_until": valid_until,
                    "name": "bench",
                },
                headers=headers,
            ) as answer:
                await answer.read()
                return answer.status == 200

        started = time.perf_counter()
        outcomes = await asyncio.gather(
            *(push(i, entity_id) for i, entity_id in enumerate(locks))
        )
        return time.perf_counter() - started, outcomes.count(False)


async def _unlock_times(
    hass_url: str, token: str, locks: list[str], calls: int
) -> list[float]:
    """Return lock.unlock latencies in milliseconds, rotating over ``locks``."""
    headers = {"Authorization": f"Bearer {token}"}
    times: list[float] = []
    async with aiohttp.ClientSession() as session:
        for i in range(calls + 10):
            started = time.perf_counter()
            async with session.post(
                f"{hass_url}/api/services/lock/unlock",
                json={"entity_id": locks[i % len(locks)]},
                headers=headers,
            ) as answer:
                answer.raise_for_status()
                await answer.read()
            if i >= 10:  # the first ten warm up
                times.append((time.perf_counter() - started) * 1000)
    return times


def _row(name: str, value: str, target: str = "", verdict: str = "") -> str:
    return f"| {name} | {value} | {target} | {verdict} |"


def _ok(passed: bool) -> str:
    return "met" if passed else "**missed**"


def run(rounds: int, workdir: Path) -> list[str]:
    """Run everything; return the table's lines."""
    from custom_components.hotel_lock.const import (
        DEFAULT_GATEWAY_CONCURRENCY,
    )

    # One appid each: a config entry is one appid (a second one is refused).
    emulators = {
        size: Emulator(
            free_port(),
            workdir / f"emulator-{size}.log",
            rooms=size,
            seed=size,
            appid=f"bench{size:04d}appid",
        )
        for size in SIZES
    }
    small = emulators[SIZES[0]]
    appid, appsecret = small.credentials()
    hass_port = free_port()
    config_dir = workdir / "config"
    write_config(
        config_dir,
        port=hass_port,
        emulator_url=small.url,
        appid=appid,
        appsecret=appsecret,
    )
    hass = Hass(config_dir, hass_port, workdir / "hass-stdout.log")
    lines: list[str] = []
    stays_emulator = bench_stays.emulator(workdir)
    with running(*emulators.values(), stays_emulator, hass):
        assert hass.process.popen is not None
        hass_pid = hass.process.popen.pid
        api = onboard(hass.url, name="Bench", username=USERNAME, password=PASSWORD)
        sizes: dict[int, SizeResult] = {}
        entries: dict[int, str] = {}
        rss: dict[str, int] = {}
        for size in SIZES:
            print(f"[bench] {size} rooms: adding the entry", file=sys.stderr)
            sizes[size], entries[size] = _measure_size(
                api,
                emulators[size],
                *emulators[size].credentials(),
                rss=rss if size == SIZES[-1] else None,
                hass_pid=hass_pid,
            )
            if size == SIZES[-1]:
                print("[bench] lock.unlock with 1000 rooms", file=sys.stderr)
                unlock_1000 = asyncio.run(
                    _unlock_times(
                        hass.url,
                        api.token,
                        _locks_of_entry(api, entries[size])[:50],
                        50,
                    )
                )
            if size == 10:
                print(f"[bench] unlock latency, {rounds} rounds", file=sys.stderr)
                locks = _locks_of_entry(api, entries[size])
                rooms = emulators[size].rooms_by_name()
                room_ids = [rooms[f"1-{101 + i}"] for i in range(len(locks))]
                latency = asyncio.run(
                    _latency(
                        hass_url=hass.url,
                        token=api.token,
                        emulator=small,
                        appid=appid,
                        appsecret=appsecret,
                        locks=locks,
                        room_ids=room_ids,
                        rounds=rounds,
                    )
                )
            if size == 100:
                print("[bench] PIN push to 100 rooms, 1 s latency", file=sys.stderr)
                emulator = emulators[size]
                emulator.post("/_sim/latency", {"seconds": 1.0})
                emulator.post("/_sim/state/counters")
                locks = _locks_of_entry(api, entries[size])
                valid_until = (datetime.now() + timedelta(days=1)).strftime(  # noqa: DTZ005
                    "%Y-%m-%d %H:%M:%S"
                )
                push_s, push_failed = asyncio.run(
                    _pin_push(hass.url, api.token, locks, valid_until)
                )
                max_concurrent = emulator.get("/_sim/state")["max_concurrent_gateway"]
                emulator.post("/_sim/latency", {"seconds": 0.0})
        # The Front desk with the 1000-room entry alone.
        for size in SIZES[:-1]:
            api.request("DELETE", f"/api/config/config_entries/entry/{entries[size]}")
        print("[bench] the Front desk panel, 1000 rooms", file=sys.stderr)
        panel = measure_panel(hass.url, api, USERNAME, PASSWORD)
        # Last, so that its entry weighs on nothing measured before.
        stays = bench_stays.measure(api, stays_emulator)
        errors = [
            line
            for line in hass.home_assistant_log().splitlines()
            if " ERROR " in line and "hotel_lock" in line
        ]

    lines.append("| measurement | result | target | |")
    lines.append("|---|---|---|---|")
    for size in SIZES:
        result = sizes[size]
        lines.append(
            _row(
                f"requests per poll cycle, {size} rooms",
                str(result.poll_requests),
                "1",
                _ok(result.poll_requests == 1),
            )
        )
    for size in SIZES[1:]:
        result = sizes[size]
        lines.append(
            _row(
                f"entry setup, {size} rooms (first, via config flow, median of"
                f" {SETUPS}; reload, median of {RELOADS})",
                f"{result.setup_s:.2f} s; {result.reload_s:.2f} s",
                "< 3 s" if size == 1000 else "",
                _ok(result.setup_s < 3) if size == 1000 else "",
            )
        )
    ratio = sizes[1000].setup_s / sizes[100].setup_s
    reload_ratio = sizes[1000].reload_s / sizes[100].reload_s
    lines.append(
        _row(
            "setup 1000 / 100 rooms (medians: first; reload)",
            f"{ratio:.1f}x; {reload_ratio:.1f}x",
            "≤ 12x",
            _ok(ratio <= 12 and reload_ratio <= 12),
        )
    )
    medians = {name: statistics.median(values) for name, values in latency.items()}
    for name, values in latency.items():
        lines.append(
            _row(
                f"unlock latency, {name} ({len(values)} calls)",
                f"median {medians[name]:.1f} ms, p95 {_percentile(values, 0.95):.1f} ms",
            )
        )
    lines.append(
        _row(
            "median lock.unlock / rest_command",
            f"{medians['lock.unlock'] / medians['rest_command']:.2f}",
            "≤ 1.00",
            _ok(medians["lock.unlock"] <= medians["rest_command"]),
        )
    )
    lines.append(
        _row(
            "median lock.unlock / rest_command, over the WebSocket API",
            f"{medians['lock.unlock (WebSocket)'] / medians['rest_command (WebSocket)']:.2f}",
        )
    )
    lines.append(
        _row(
            f"lock.unlock in the 1000-room entry ({len(unlock_1000)} calls)",
            f"median {statistics.median(unlock_1000):.1f} ms, "
            f"p95 {_percentile(unlock_1000, 0.95):.1f} ms",
        )
    )
    lines.append(
        _row(
            "median lock.unlock / bare aiohttp POST",
            f"{medians['lock.unlock'] / medians['aiohttp']:.2f}",
        )
    )
    ideal = math.ceil(100 / DEFAULT_GATEWAY_CONCURRENCY) * 1.0
    lines.append(
        _row(
            f"PIN push, 100 rooms, 1 s gateway latency, concurrency {DEFAULT_GATEWAY_CONCURRENCY}",
            f"{push_s:.1f} s, {push_failed} failed, max {max_concurrent} in flight",
            f"≈ {ideal:.0f} s, {DEFAULT_GATEWAY_CONCURRENCY} in flight",
            _ok(
                push_failed == 0
                and max_concurrent == DEFAULT_GATEWAY_CONCURRENCY
                and push_s < ideal * 1.2
            ),
        )
    )
    lines.extend(bench_stays.rows(stays))
    per_room = (rss["after"] - rss["before"]) / 1000
    lines.append(
        _row(
            "memory per room (hass RSS growth over the 1000-room entry)",
            f"{per_room / 1024:.1f} KiB",
        )
    )
    for name, value, target, met in panel_rows(panel):
        lines.append(_row(name, value, target, _ok(met)))
    lines.append(
        _row(
            "hotel_lock errors in home-assistant.log",
            str(len(errors)),
            "0",
            _ok(not errors),
        )
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.e2e.bench``."""
    parser = argparse.ArgumentParser(prog="scripts/bench")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--stays-only",
        action="store_true",
        help="only the booking-source benchmark, in a Home Assistant of its own",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="hotel-lock-bench-"))
    lines = (
        bench_stays.run_alone(workdir) if args.stays_only else run(args.rounds, workdir)
    )
    print("\n".join(lines))
    print(
        f"\n(one run, {time.perf_counter() - started:.0f} s; logs in {workdir})"
        if args.keep
        else f"\n(one run, {time.perf_counter() - started:.0f} s)"
    )
    if not args.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
