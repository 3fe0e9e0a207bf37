"""scripts/develop stops its children on SIGINT, SIGTERM and SIGHUP.

The launcher ``scripts/develop`` ends in (``python -m tests.e2e.develop``) is run
with real children on free ports and a temporary configuration, its output a
pipe whose reader goes away before the signal, as ``scripts/develop 2>&1 | tee
log`` does on Ctrl-C. The signal is sent as soon as both children run, before
Home Assistant has finished starting, which keeps the test to a few seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import os
from pathlib import Path
import shutil
import signal
import subprocess
import sys
import time

import pytest

from .develop import STOP_TIMEOUT, port_busy, stop_all
from .harness import ROOT, ManagedProcess, free_port

pytestmark = pytest.mark.e2e


def _processes_with(marker: str, exclude: int) -> list[int]:
    """Return the processes whose command line mentions ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == exclude:
            continue
        with contextlib.suppress(OSError):
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            stat = (entry / "stat").read_text()
            # A zombie (state Z) is gone already, only not reaped yet; a child
            # not yet past exec still shows the launcher's command line.
            if (
                marker.encode() in cmdline
                and b"tests.e2e.develop" not in cmdline
                and stat.rsplit(")", 1)[1].split()[0] != "Z"
            ):
                found.append(int(entry.name))
    return found


@pytest.fixture
def config_dir(tmp_path: Path) -> Iterator[Path]:
    """Return a configuration directory like the checkout's, on its own path."""
    config = tmp_path / "config"
    config.mkdir()
    shutil.copy(ROOT / "config" / "configuration.yaml", config)
    yield config
    # Whatever a failing run left behind.
    for pid in _processes_with(str(config), exclude=os.getpid()):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.usefixtures("socket_enabled")
@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name
)
def test_stop_signal_stops_the_children_with_output_gone(
    config_dir: Path, signum: signal.Signals
) -> None:
    """The signal stops Home Assistant and the emulator and frees their ports."""
    ports = (free_port(), free_port())
    launcher = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "tests.e2e.develop",
            "--config",
            str(config_dir),
            "--ha-port",
            str(ports[0]),
            "--emulator-port",
            str(ports[1]),
            "--rooms",
            "2",
        ],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    output = launcher.stdout
    assert output is not None
    try:
        deadline = time.monotonic() + 30
        while len(_processes_with(str(config_dir), exclude=launcher.pid)) < 2:
            assert launcher.poll() is None, output.read().decode()
            assert time.monotonic() < deadline, "the children did not start"
            time.sleep(0.05)
        # The reader of the output goes away first, as `tee` does on Ctrl-C.
        output.close()
        launcher.send_signal(signum)
        start = time.monotonic()
        assert launcher.wait(STOP_TIMEOUT + 10) == 128 + signum
        assert _processes_with(str(config_dir), exclude=launcher.pid) == [], (
            f"left running {time.monotonic() - start:.1f} s after the signal"
        )
        assert not any(port_busy(port) for port in ports)
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()


def test_stop_all_waits_then_kills(tmp_path: Path) -> None:
    """Children are terminated together; one ignoring SIGTERM is killed in time."""
    script = (
        "import signal, sys, time\n"
        "if sys.argv[1] == 'stubborn':\n"
        "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    processes = [
        ManagedProcess(name, [sys.executable, "-c", script, name], tmp_path / name)
        for name in ("polite", "stubborn")
    ]
    for proc in processes:
        proc.start()
    deadline = time.monotonic() + 20
    while not all(
        proc.log_path.exists() and "ready" in proc.log_path.read_text()
        for proc in processes
    ):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    start = time.monotonic()
    stop_all(processes, timeout=0.5)
    assert time.monotonic() - start < 5
    assert [proc.popen.returncode for proc in processes if proc.popen] == [
        -signal.SIGTERM,
        -signal.SIGKILL,
    ]
