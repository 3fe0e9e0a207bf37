"""Real Home Assistant and emulator processes, driven over their HTTP APIs.

Used by the end-to-end tests (``tests/e2e``), by ``scripts/develop`` (through
``tests/e2e/develop.py``) and by ``scripts/bench``. Everything here talks to
127.0.0.1 only.

Home Assistant runs with ``--skip-pip``: the runtime requirements of the
integrations it loads are installed up front by ``scripts/setup``
(``requirements_test.txt``), so a start never waits for a package install.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping, Sequence
import contextlib
import ctypes
from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import aiohttp
import requests

ROOT = Path(__file__).resolve().parents[2]
# HOTEL_LOCK_INTEGRATION points the processes at another copy of the package
# (to benchmark a variant side by side); by default, this checkout's.
INTEGRATION = Path(
    os.environ.get("HOTEL_LOCK_INTEGRATION", ROOT / "custom_components" / "hotel_lock")
)
DOMAIN = "hotel_lock"
HOST = "127.0.0.1"

# Integrations of the minimal configuration (instead of default_config, which
# would pull in cloud, bluetooth, stream, zeroconf and friends).
CONFIG_TEMPLATE = """\
# Written by tests/e2e/harness.py for a throw-away Home Assistant process.
homeassistant:
  name: Hotel
  time_zone: {time_zone}
  country: CN
  currency: CNY
  unit_system: metric
frontend:
config:
conversation:
automation: !include automations.yaml
script:
rest_command:
  bench_open:
    url: "{emulator_url}/Api/GatewayOpen"
    method: post
    content_type: "application/x-www-form-urlencoded"
    payload: "appid={appid}&appsecret={appsecret}&rm_id={{{{ rm_id }}}}"
logger:
  default: warning
  logs:
    custom_components.hotel_lock: info
    homeassistant.setup: info
    # Not used here; the ffmpeg binary and libturbojpeg are not installed.
    haffmpeg: critical
    homeassistant.components.camera.img_util: critical
"""


def _die_with_parent() -> None:
    """Let the kernel stop the child should this process die unexpectedly.

    Runs in the child between fork and exec (Linux ``PR_SET_PDEATHSIG``), so a
    killed test run or benchmark leaves no Home Assistant or emulator behind.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class ManagedProcess:
    """A child process in its own process group, its output in a log file."""

    name: str
    args: Sequence[str]
    log_path: Path
    env: Mapping[str, str] | None = None
    popen: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> None:
        """Start the process."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603
                list(self.args),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=ROOT,
                env=dict(self.env) if self.env is not None else None,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # noqa: PLW1509
            )

    @property
    def running(self) -> bool:
        """Whether the process is still alive."""
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = 30) -> None:
        """Terminate the whole process group; kill it if it does not stop in time."""
        if self.popen is None:
            return
        pgid = self.popen.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self.popen.wait(10)
        # Anything left in the group (grandchildren) goes too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)

    def log_tail(self, lines: int = 80) -> str:
        """Return the last lines of the process's output."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return f"({self.log_path} does not exist)"
        return "\n".join(text.splitlines()[-lines:])

    def failure(self, message: str) -> RuntimeError:
        """Build an error carrying the process's recent output."""
        return RuntimeError(
            f"{message}\n--- last lines of {self.name} ({self.log_path}) ---\n"
            f"{self.log_tail()}"
        )


def wait_http(
    url: str, proc: ManagedProcess, timeout: float, ok: frozenset[int] | None = None
) -> None:
    """Poll ``url`` until it answers (with a status in ``ok``) or time runs out."""
    deadline = time.monotonic() + timeout
    last: str = "no answer"
    while time.monotonic() < deadline:
        if not proc.running:
            raise proc.failure(f"{proc.name} exited while waiting for {url}")
        try:
            answer = requests.get(url, timeout=2)
        except requests.RequestException as err:
            last = repr(err)
        else:
            if ok is None or answer.status_code in ok:
                return
            last = f"HTTP {answer.status_code}"
        time.sleep(0.2)
    raise proc.failure(f"{url} did not answer within {timeout:.0f} s ({last})")


# --- The emulator ----------------------------------------------------------


@dataclass
class Emulator:
    """The platform emulator as a separate process."""

    port: int
    log_path: Path
    rooms: int = 20
    latency: float = 0.0
    seed: int | None = None
    state_file: Path | None = None
    appid: str | None = None
    process: ManagedProcess = field(init=False)

    def __post_init__(self) -> None:
        """Build the command line."""
        args = [
            sys.executable,
            "-m",
            "simulator",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--rooms",
            str(self.rooms),
            "--latency",
            str(self.latency),
        ]
        if self.seed is not None:
            args += ["--seed", str(self.seed)]
        if self.state_file is not None:
            args += ["--state", str(self.state_file)]
        if self.appid is not None:
            args += ["--appid", self.appid]
        self.process = ManagedProcess("emulator", args, self.log_path)

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 20) -> None:
        """Start and wait until it serves."""
        self.process.start()
        wait_http(f"{self.url}/_sim/state", self.process, timeout)

    def stop(self) -> None:
        """Stop."""
        self.process.stop()

    def get(self, path: str) -> Any:
        """GET a control-plane path, return the JSON answer."""
        answer = requests.get(f"{self.url}{path}", timeout=30)
        answer.raise_for_status()
        return answer.json()

    def post(self, path: str, body: Mapping[str, Any] | None = None) -> Any:
        """POST to a control-plane path, return the JSON answer."""
        answer = requests.post(f"{self.url}{path}", json=body or {}, timeout=30)
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def log(self) -> list[dict[str, Any]]:
        """Return the operation log."""
        result: list[dict[str, Any]] = self.get("/_sim/log")
        return result

    def rooms_by_name(self) -> dict[str, str]:
        """Room name → room ID."""
        state = self.get("/_sim/state")
        rooms = state["rooms"]
        if isinstance(rooms, dict):
            rooms = list(rooms.values())
        return {room["rm_name"]: room["rm_id"] for room in rooms}

    def credentials(self) -> tuple[str, str]:
        """Return the emulator's appid and appsecret (the defaults unless given)."""
        from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET

        return self.appid or DEFAULT_APPID, DEFAULT_APPSECRET


# --- Home Assistant over its REST and WebSocket APIs -----------------------


class HassApi:
    """A small authenticated client of a running Home Assistant."""

    def __init__(self, base_url: str, token: str) -> None:
        """Keep the URL and access token."""
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        expect: Sequence[int] = (200, 201),
        timeout: float = 60,
    ) -> Any:
        """Send a request; raise with the answer when the status is unexpected."""
        answer = self.session.request(
            method, f"{self.base_url}{path}", json=body, timeout=timeout
        )
        if answer.status_code not in expect:
            raise AssertionError(
                f"{method} {path} → HTTP {answer.status_code}: {answer.text[:2000]}"
            )
        if not answer.content:
            return None
        try:
            return answer.json()
        except ValueError:
            return answer.text

    def get(self, path: str, **kwargs: Any) -> Any:
        """GET."""
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        """POST."""
        return self.request("POST", path, body, **kwargs)

    def state(self, entity_id: str) -> dict[str, Any]:
        """Return the state object of an entity."""
        result: dict[str, Any] = self.get(f"/api/states/{entity_id}")
        return result

    def states(self) -> list[dict[str, Any]]:
        """Return all state objects."""
        result: list[dict[str, Any]] = self.get("/api/states")
        return result

    def call(
        self, domain: str, service: str, data: Mapping[str, Any] | None = None
    ) -> Any:
        """Call an action through the REST API."""
        return self.post(f"/api/services/{domain}/{service}", dict(data or {}))

    def ws(self, *messages: Mapping[str, Any]) -> list[Any]:
        """Send WebSocket commands one after the other; return their results."""
        return asyncio.run(_ws_commands(self.base_url, self.token, messages))


async def _ws_commands(
    base_url: str, token: str, messages: Sequence[Mapping[str, Any]]
) -> list[Any]:
    """Authenticate on the WebSocket API and run commands."""
    results: list[Any] = []
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{base_url}/api/websocket") as ws,
    ):
        await ws.receive_json()  # auth_required
        await ws.send_json({"type": "auth", "access_token": token})
        answer = await ws.receive_json()
        if answer.get("type") != "auth_ok":
            raise AssertionError(f"WebSocket authentication failed: {answer}")
        for number, message in enumerate(messages, start=1):
            await ws.send_json({**message, "id": number})
            while True:
                answer = await ws.receive_json(timeout=60)
                if answer.get("id") == number and answer.get("type") == "result":
                    break
            if not answer.get("success"):
                raise AssertionError(f"WebSocket {message} failed: {answer}")
            results.append(answer.get("result"))
    return results


def _client_id(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/"


def _token_from_code(base_url: str, code: str) -> str:
    answer = requests.post(
        f"{base_url}/auth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": _client_id(base_url),
        },
        timeout=30,
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def login(base_url: str, username: str, password: str) -> str:
    """Log in through the login flow; return an access token."""
    client_id = _client_id(base_url)
    flow = requests.post(
        f"{base_url}/auth/login_flow",
        json={
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client_id,
        },
        timeout=30,
    )
    flow.raise_for_status()
    answer = requests.post(
        f"{base_url}/auth/login_flow/{flow.json()['flow_id']}",
        json={"username": username, "password": password, "client_id": client_id},
        timeout=30,
    )
    answer.raise_for_status()
    result = answer.json()
    if result.get("type") != "create_entry":
        raise AssertionError(f"login as {username!r} failed: {result}")
    return _token_from_code(base_url, result["result"])


def onboard(
    base_url: str,
    *,
    name: str,
    username: str,
    password: str,
    language: str = "en",
    core_config: Mapping[str, Any] | None = None,
) -> HassApi:
    """Finish onboarding (skipping steps already done); return an API client.

    ``core_config`` (time zone, country, ...) is applied once, right after the
    user is created, as the onboarding UI's location step would.
    """
    base_url = base_url.rstrip("/")
    client_id = _client_id(base_url)
    steps = requests.get(f"{base_url}/api/onboarding", timeout=30)
    if steps.status_code == 404:  # onboarded: the onboarding API is gone
        done = {"user", "core_config", "analytics", "integration"}
    else:
        steps.raise_for_status()
        done = {step["step"] for step in steps.json() if step["done"]}
    if "user" not in done:
        answer = requests.post(
            f"{base_url}/api/onboarding/users",
            json={
                "name": name,
                "username": username,
                "password": password,
                "client_id": client_id,
                "language": language,
            },
            timeout=60,
        )
        if answer.status_code != 200:
            raise AssertionError(
                f"onboarding user step → HTTP {answer.status_code}: {answer.text}"
            )
        token = _token_from_code(base_url, answer.json()["auth_code"])
        api = HassApi(base_url, token)
        if core_config:
            api.ws({"type": "config/core/update", **core_config})
    else:
        api = HassApi(base_url, login(base_url, username, password))
    if "core_config" not in done:
        api.post("/api/onboarding/core_config", {})
    if "analytics" not in done:
        api.post("/api/onboarding/analytics", {})
    if "integration" not in done:
        api.post(
            "/api/onboarding/integration",
            {"client_id": client_id, "redirect_uri": f"{client_id}?auth_callback=1"},
        )
    return api


def config_entries(api: HassApi, domain: str = DOMAIN) -> list[dict[str, Any]]:
    """Return the config entries of a domain."""
    result: list[dict[str, Any]] = api.get(
        f"/api/config/config_entries/entry?domain={domain}"
    )
    return result


def _user_input(
    schema: Sequence[Mapping[str, Any]], url: str, appid: str, appsecret: str
) -> dict[str, Any]:
    """Fill the user step's fields by their names."""
    data: dict[str, Any] = {}
    for item in schema:
        key = item["name"]
        if "secret" in key:
            data[key] = appsecret
        elif "appid" in key or key in {"app_id", "username"}:
            data[key] = appid
        elif "url" in key or "host" in key:
            data[key] = url
        elif "default" in item:
            data[key] = item["default"]
        elif "suggested_value" in (item.get("description") or {}):
            data[key] = item["description"]["suggested_value"]
        elif "boolean" in (item.get("selector") or {}):
            data[key] = True
    return data


def add_integration(
    api: HassApi, url: str, appid: str, appsecret: str, *, force_new: bool = False
) -> str:
    """Add the integration through the config-flow REST API (unless it exists)."""
    for entry in [] if force_new else config_entries(api):
        return str(entry["entry_id"])
    flow = api.post(
        "/api/config/config_entries/flow",
        {"handler": DOMAIN, "show_advanced_options": False},
    )
    if flow.get("type") != "form":
        raise AssertionError(f"config flow did not show a form: {flow}")
    result = api.post(
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        _user_input(flow["data_schema"], url, appid, appsecret),
    )
    if result.get("type") != "create_entry":
        raise AssertionError(f"config flow did not create an entry: {result}")
    return str(result["result"]["entry_id"])


def wait_entities(
    api: HassApi, domain: str, count: int, timeout: float = 60
) -> list[dict[str, Any]]:
    """Wait until ``count`` entities of this integration's ``domain`` have a state."""
    deadline = time.monotonic() + timeout
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        entities = api.ws({"type": "config/entity_registry/list"})[0]
        ours = {
            e["entity_id"]
            for e in entities
            if e["platform"] == DOMAIN and e["entity_id"].startswith(f"{domain}.")
        }
        found = [
            s
            for s in api.states()
            if s["entity_id"] in ours and s["state"] != "unavailable"
        ]
        if len(found) >= count:
            return found
        time.sleep(0.5)
    raise AssertionError(
        f"only {len(found)} of {count} {domain} entities of {DOMAIN} came up"
    )


def expose_to_assist(api: HassApi, entity_ids: Sequence[str]) -> None:
    """Expose entities to the built-in conversation agent (locks are not by default)."""
    api.ws(
        {
            "type": "homeassistant/expose_entity",
            "assistants": ["conversation"],
            "entity_ids": list(entity_ids),
            "should_expose": True,
        }
    )


# --- Home Assistant process ------------------------------------------------


def write_config(
    config_dir: Path,
    *,
    port: int,
    emulator_url: str,
    appid: str,
    appsecret: str,
    time_zone: str = "UTC",
) -> None:
    """Write a minimal configuration and link the integration into it."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "configuration.yaml").write_text(
        CONFIG_TEMPLATE.format(
            host=HOST,
            port=port,
            emulator_url=emulator_url,
            appid=appid,
            appsecret=appsecret,
            time_zone=time_zone,
        )
    )
    automations = config_dir / "automations.yaml"
    if not automations.exists():
        automations.write_text("[]\n")
    link_integration(config_dir)
    preseed_http(config_dir, port)
    preseed_onboarding(config_dir)


def preseed_http(config_dir: Path, port: int) -> None:
    """Make Home Assistant listen on 127.0.0.1:``port`` only.

    Since 2026.x the ``http:`` YAML is migrated once into ``.storage/http`` as
    a *pending* setting that must be confirmed in the UI within five minutes,
    or Home Assistant restarts with the default (all interfaces). Writing the
    store directly (its version 1 layout, which Home Assistant migrates) makes
    127.0.0.1 the confirmed setting from the first start.
    """
    storage = config_dir / ".storage" / "http"
    storage.parent.mkdir(parents=True, exist_ok=True)
    storage.write_text(
        json.dumps(
            {
                "version": 1,
                "minor_version": 1,
                "key": "http",
                "data": {"server_host": [HOST], "server_port": port},
            },
            indent=2,
        )
    )


def preseed_onboarding(config_dir: Path) -> None:
    """Mark onboarding's core_config step done before the first start.

    Its REST handler starts the met, radio_browser and google_translate config
    flows, which would reach out to the internet (and fail here); a hotel lock
    demo needs none of them. The other steps go through the REST API.
    """
    storage = config_dir / ".storage" / "onboarding"
    if storage.exists():
        return
    storage.parent.mkdir(parents=True, exist_ok=True)
    storage.write_text(
        json.dumps(
            {
                "version": 4,
                "minor_version": 1,
                "key": "onboarding",
                "data": {"done": ["core_config"]},
            },
            indent=2,
        )
    )


def link_integration(config_dir: Path) -> None:
    """Symlink custom_components/hotel_lock into the config directory."""
    target = config_dir / "custom_components" / DOMAIN
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        if target.resolve() == INTEGRATION.resolve():
            return
        if target.is_symlink():
            target.unlink()
        else:
            shutil.rmtree(target)
    target.symlink_to(INTEGRATION, target_is_directory=True)


@dataclass
class Hass:
    """A real ``hass`` process on a configuration directory."""

    config_dir: Path
    port: int
    log_path: Path
    process: ManagedProcess = field(init=False)

    def __post_init__(self) -> None:
        """Build the command line."""
        hass = Path(sys.executable).with_name("hass")
        self.process = ManagedProcess(
            "hass",
            [str(hass), "-c", str(self.config_dir), "--skip-pip"],
            self.log_path,
        )

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 120) -> None:
        """Start and wait until the HTTP API answers."""
        self.process.start()
        wait_http(f"{self.url}/manifest.json", self.process, timeout, frozenset({200}))

    def stop(self) -> None:
        """Stop (HA shuts down cleanly on SIGTERM)."""
        self.process.stop(timeout=60)

    def home_assistant_log(self) -> str:
        """Return Home Assistant's own log file."""
        path = self.config_dir / "home-assistant.log"
        return path.read_text(errors="replace") if path.exists() else ""


@contextlib.contextmanager
def running(*processes: Emulator | Hass) -> Iterator[None]:
    """Start processes in order; stop them in reverse order whatever happens."""
    started: list[Emulator | Hass] = []
    try:
        for proc in processes:
            started.append(proc)
            proc.start()
        yield
    finally:
        for proc in reversed(started):
            proc.stop()
