"""What ``scripts/develop`` runs: the emulator and Home Assistant, ready to use.

``scripts/develop`` runs ``scripts/setup``, then replaces itself with
``python -m tests.e2e.develop``, which starts the emulator and ``hass`` (each
in its own session, so that Ctrl-C reaches only this process), completes
onboarding with a demo user, adds the integration and waits.

SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed) stop both children
and wait until they are gone, then exit with 128 + the signal's number. This
holds whatever the output is connected to: when it is a pipe whose reader is
gone (``scripts/develop 2>&1 | tee log`` stopped by the same Ctrl-C), the
messages are dropped, the children are still stopped. A second signal while
stopping does not interrupt the stop (which ends with SIGKILL after
``STOP_TIMEOUT`` seconds). Should this process be killed outright, the kernel
sends the children SIGTERM (see ``harness._die_with_parent``).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
import contextlib
import os
from pathlib import Path
import signal
import socket
import sys
import time
from types import FrameType
from typing import TextIO

from .harness import (
    HOST,
    Emulator,
    Hass,
    ManagedProcess,
    add_integration,
    expose_to_assist,
    link_integration,
    onboard,
    preseed_http,
    preseed_onboarding,
    wait_entities,
    wait_http,
)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
STOP_TIMEOUT = 30.0
START_TIMEOUT = 180.0
DEMO_NAME = "Demo"
DEMO_USER = "demo"
DEMO_PASSWORD = "demo-password-123"


class StopRequested(BaseException):
    """A stop signal arrived (not an Exception: nothing catches it by mistake)."""

    def __init__(self, signum: int) -> None:
        """Keep the signal's number."""
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopSignals:
    """Turn the stop signals into ``StopRequested``, at once or when it is safe."""

    def __init__(self) -> None:
        """Nothing received yet."""
        self.received: int | None = None
        self._deferring = False

    def install(self) -> None:
        """Handle the stop signals from now on."""
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._handle)

    @staticmethod
    def ignore() -> None:
        """Let no stop signal interrupt what follows (the stop itself)."""
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        if not self._deferring:
            raise StopRequested(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold a stop signal until the block is done (a child being started).

        Raised inside ``subprocess.Popen``, it would leave a child running
        with nobody holding its process handle to stop it.
        """
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
        if self.received is not None:
            raise StopRequested(self.received)


def _write(stream: TextIO, text: str) -> None:
    """Write and flush; a closed pipe or terminal silences the stream for good."""
    try:
        stream.write(text)
        stream.flush()
    except OSError:
        # Nothing may be written there any more, not even at exit: point the
        # descriptor at /dev/null so that the final flush does not fail too.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)


def say(message: str) -> None:
    """Tell the user what happens (on stderr)."""
    _write(sys.stderr, f"[develop] {message}\n")


def port_busy(port: int) -> bool:
    """Return whether something accepts connections on 127.0.0.1:``port``."""
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def stop_all(processes: Sequence[ManagedProcess], timeout: float) -> None:
    """Terminate the process groups together; kill what is left after ``timeout``."""
    started = [proc.popen for proc in processes if proc.popen is not None]
    for popen in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for popen in started:
        with contextlib.suppress(Exception):
            popen.wait(max(0.0, deadline - time.monotonic()))
    for popen in started:
        # Whatever is left in the group (the process or its own children).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(popen.pid, signal.SIGKILL)
        popen.wait()


def _prepare(config_dir: Path, ha_port: int) -> None:
    """Link the integration and pre-seed ``.storage`` (see the harness)."""
    (config_dir / "scripts.yaml").touch()
    automations = config_dir / "automations.yaml"
    if not automations.exists() or not automations.read_text().strip():
        automations.write_text("[]\n")
    link_integration(config_dir)
    preseed_http(config_dir, ha_port)
    preseed_onboarding(config_dir)


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _banner(args: argparse.Namespace, seconds: float, appid: str, secret: str) -> str:
    return f"""
  Home Assistant  http://{HOST}:{args.ha_port}   (ready in {seconds:.0f} s)
  Login           {DEMO_USER} / {DEMO_PASSWORD}
  Emulator        http://{HOST}:{args.emulator_port}   {args.rooms} rooms (1-101 …)
                  appid     {appid}
                  appsecret {secret}
  Logs            config/home-assistant.log, config/simulator.log
  Try             the dashboard's room locks, or Assist: "unlock 1-101"

  Press Ctrl-C to stop.

"""


def _serve(
    args: argparse.Namespace, processes: list[ManagedProcess], signals: StopSignals
) -> int:
    """Start, provision, then wait until a child exits; return the exit status."""
    config_dir: Path = args.config
    emulator = Emulator(
        args.emulator_port,
        config_dir / "simulator.log",
        rooms=args.rooms,
        state_file=config_dir / "simulator-state.json",
    )
    hass = Hass(config_dir, args.ha_port, config_dir / "hass-output.log")
    appid, appsecret = emulator.credentials()
    started = time.monotonic()

    say(f"starting the emulator on {emulator.url} ({args.rooms} rooms)")
    processes.append(emulator.process)
    with signals.deferred():
        emulator.process.start()
    say(f"starting Home Assistant on {hass.url} (log: config/home-assistant.log)")
    processes.append(hass.process)
    with signals.deferred():
        hass.process.start()
    try:
        wait_http(f"{emulator.url}/_sim/state", emulator.process, 30)
        wait_http(
            f"{hass.url}/manifest.json", hass.process, START_TIMEOUT, frozenset({200})
        )
    except RuntimeError as err:
        say(f"{err}\n--- config/home-assistant.log ---")
        say(_tail(config_dir / "home-assistant.log"))
        return 1

    say(f"onboarding (user {DEMO_USER}) and adding the integration")
    api = onboard(
        hass.url,
        name=DEMO_NAME,
        username=DEMO_USER,
        password=DEMO_PASSWORD,
        # Home Assistant in the platform's time zone: validity times match.
        core_config={"time_zone": emulator.get("/_sim/state")["tz"], "country": "CN"},
    )
    add_integration(api, emulator.url, appid, appsecret)
    locks = wait_entities(api, "lock", 1, timeout=60)
    expose_to_assist(api, [lock["entity_id"] for lock in locks])
    _write(sys.stdout, _banner(args, time.monotonic() - started, appid, appsecret))

    # Until a stop signal, or until one of the two exits by itself.
    while all(proc.running for proc in processes):
        time.sleep(0.5)
    say("a process exited; see config/home-assistant.log and config/simulator.log")
    return 1


def run(args: argparse.Namespace) -> int:
    """Serve until a stop signal or a failure; always stop the children."""
    processes: list[ManagedProcess] = []
    signals = StopSignals()
    signals.install()
    try:
        for port in (args.ha_port, args.emulator_port):
            if port_busy(port):
                say(
                    f"port {port} on {HOST} is in use (another scripts/develop?); "
                    "stop that first"
                )
                return 1
        _prepare(args.config, args.ha_port)
        return _serve(args, processes, signals)
    except StopRequested as stop:
        return 128 + stop.signum
    finally:
        signals.ignore()
        if any(proc.running for proc in processes):
            say("stopping Home Assistant and the emulator")
            stop_all(processes, STOP_TIMEOUT)
            say("stopped")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tests.e2e.develop --config DIR --ha-port N --emulator-port N``."""
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.develop")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--ha-port", type=int, default=8123)
    parser.add_argument("--emulator-port", type=int, default=19952)
    parser.add_argument("--rooms", type=int, default=20)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
