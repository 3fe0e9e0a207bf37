"""Command line: ``python -m simulator --port 19952 --rooms 20``."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import contextlib
import logging
import signal
from zoneinfo import ZoneInfo

from aiohttp import web

from .app import create_app
from .platform import (
    DEFAULT_APPID,
    DEFAULT_APPSECRET,
    DEFAULT_ROOMS,
    DEFAULT_SEED,
    Platform,
)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Emulator of the hotel door lock platform WebAPI.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=19952)
    parser.add_argument("--rooms", type=int, default=DEFAULT_ROOMS)
    parser.add_argument("--appid", default=DEFAULT_APPID)
    parser.add_argument("--appsecret", default=DEFAULT_APPSECRET)
    parser.add_argument(
        "--latency", type=float, default=0.0, help="gateway round trip, seconds"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--state", metavar="FILE", help="keep state in this JSON file")
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        help="IANA time zone of the platform's date-times (default: system local)",
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Serve until cancelled."""
    platform = Platform(
        args.rooms,
        appid=args.appid,
        appsecret=args.appsecret,
        seed=args.seed,
        latency=args.latency,
        tz=ZoneInfo(args.tz) if args.tz else None,
        state_file=args.state,
    )
    runner = web.AppRunner(create_app(platform), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port)
    await site.start()
    print(f"Lock platform emulator on http://{args.host}:{args.port}", flush=True)
    print(f"  appid     {platform.appid}", flush=True)
    print(f"  appsecret {platform.appsecret}", flush=True)
    print(
        f"  rooms     {len(platform.rooms)}, time zone {platform.zone_name()}",
        flush=True,
    )
    print("Press Ctrl-C to stop.", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Also when started in the background, where SIGINT is ignored.
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        platform.save()
        await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
