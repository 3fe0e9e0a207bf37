"""Session fixtures: a real emulator process and a real Home Assistant process.

One emulator and one ``hass`` (on a temporary configuration directory, both on
127.0.0.1 with free ports) serve all end-to-end tests, and stop after the last; onboarding is completed
with a test user and the integration is added through the config-flow REST
API, as a person would in the UI. Their logs go to ``artifacts/e2e/`` and the
last lines are attached to the report of a failing test.

These tests use no in-process ``hass``: the suite-wide autouse fixture that
enables custom integrations in it is switched off here.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
import shutil

import pytest
import pytest_socket

from .harness import (
    ROOT,
    Emulator,
    Hass,
    HassApi,
    add_integration,
    expose_to_assist,
    free_port,
    onboard,
    wait_entities,
    write_config,
)

ARTIFACTS = ROOT / "artifacts" / "e2e"
ROOMS = 10
USERNAME = "e2e"
PASSWORD = "e2e-password-123"


@dataclass
class Stack:
    """What the end-to-end tests work with."""

    emulator: Emulator
    hass: Hass
    api: HassApi
    rooms: dict[str, str]  # room name → room ID
    username: str
    password: str

    def opened_rooms(self, since: int) -> list[str]:
        """Return the room IDs of GatewayOpen calls after log position ``since``."""
        return [
            entry["fields"]["rm_id"]
            for entry in self.emulator.log()[since:]
            if entry["call"] == "GatewayOpen" and entry["code"] == 1
        ]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Replace the suite-wide fixture: no in-process hass here."""


def _tail(path: Path, lines: int = 120) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="package")
def e2e_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Start the emulator and Home Assistant, onboard, add the integration."""
    # Package-scoped fixtures are set up inside the first test's setup, where
    # the suite blocks sockets; everything here talks to 127.0.0.1 only. The
    # processes stop after the last test of tests/e2e.
    pytest_socket.enable_socket()
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    config_dir = tmp_path_factory.mktemp("e2e") / "config"
    emulator = Emulator(free_port(), ARTIFACTS / "emulator.log", rooms=ROOMS)
    hass_port = free_port()
    hass = Hass(config_dir, hass_port, ARTIFACTS / "hass-stdout.log")
    try:
        emulator.start()
        appid, appsecret = emulator.credentials()
        write_config(
            config_dir,
            port=hass_port,
            emulator_url=emulator.url,
            appid=appid,
            appsecret=appsecret,
            time_zone=emulator.get("/_sim/state")["tz"],
        )
        hass.start()
        api = onboard(hass.url, name="E2E", username=USERNAME, password=PASSWORD)
        add_integration(api, emulator.url, appid, appsecret)
        locks = wait_entities(api, "lock", ROOMS)
        expose_to_assist(api, [lock["entity_id"] for lock in locks])
        yield Stack(
            emulator=emulator,
            hass=hass,
            api=api,
            rooms=emulator.rooms_by_name(),
            username=USERNAME,
            password=PASSWORD,
        )
    except Exception as err:
        raise RuntimeError(
            f"end-to-end set-up failed: {err}\n"
            f"--- home-assistant.log ---\n{_tail(config_dir / 'home-assistant.log')}\n"
            f"--- emulator ---\n{emulator.process.log_tail()}"
        ) from err
    finally:
        hass.stop()
        emulator.stop()
        log = config_dir / "home-assistant.log"
        if log.exists():
            shutil.copy(log, ARTIFACTS / "home-assistant.log")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the processes' recent logs to a failing test's report."""
    report = yield
    stack = getattr(item, "funcargs", {}).get("e2e_stack")
    if report.failed and isinstance(stack, Stack):
        report.sections.append(
            (
                "home-assistant.log (last lines)",
                _tail(stack.hass.config_dir / "home-assistant.log"),
            )
        )
        report.sections.append(
            ("emulator (last lines)", stack.emulator.process.log_tail())
        )
    return report
