"""Benchmark of the Front desk panel in headless Chromium (part of ``scripts/bench``).

Against a running Home Assistant whose integration lists the rooms (1000 in
the benchmark), as a logged-in administrator:

- first complete render: a full page load of ``/hotel-lock`` (Home
  Assistant's frontend boots, connects, loads the panel's module; the panel
  subscribes and draws every room), from the navigation's start
  (``performance.timeOrigin``) to the later of the panel's
  ``hotel-lock:rendered`` mark (set once every room's tile is in the page, in
  a task after the animation frame that paints them) and the moment Home
  Assistant's launch screen starts to fade out. The median of five loads in
  one browser (its HTTP cache filled, as at a desk that opens the page every
  day), and of three loads in fresh browsers that hold the login only (an
  empty cache). The panel's other marks (its module evaluated, the
  subscription sent, the snapshot received) say where the time goes;
- an unlock's state change shown: ``lock.unlock`` through the REST API, for
  ten rooms; from the state change in Home Assistant (its ``last_changed``,
  carried by the state event) to the animation frame in which the room's
  tile shows it, for ``unlocking`` and then ``unlocked`` (and the browser's
  part: from the WebSocket message bringing the state);
- the bundle's size, gzipped (level 9, as ``build-info.json`` says).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import gzip
import statistics
import sys

from playwright.async_api import Page, ViewportSize, async_playwright

from .harness import ROOT, HassApi
from .test_dashboard import CHROMIUM, CHROMIUM_ARGS

BUNDLE = "custom_components/hotel_lock/frontend/frontdesk.js"
VIEWPORT: ViewportSize = {"width": 1366, "height": 900}
COLD_LOADS = 3
MARKS = ("module", "subscribe", "snapshot", "rendered", "launch-screen-gone")

# Starts watching a lock: window.__hotelLockWatch resolves with, for each
# target state, three epoch times in ms: the state change in Home Assistant
# (its last_changed, which the state event carries), the WebSocket message
# bringing it to the browser, and the animation frame in which the room's
# tile shows it (a state, or a later one: two messages may land in one frame).
WATCH_UNLOCK = """([entityId, key, states]) => {
  const hass = document.querySelector("home-assistant").hass;
  const panel = document.querySelector("home-assistant").shadowRoot
    .querySelector("home-assistant-main").shadowRoot
    .querySelector("hotel-lock-frontdesk");
  const tile = panel.shadowRoot.querySelector(`button[data-key="${key}"]`).closest(".tile");
  const epoch = () => performance.timeOrigin + performance.now();
  const changed = {};
  const arrived = {};
  const onMessage = (message) => {
    const data = JSON.parse(message.data);
    for (const msg of Array.isArray(data) ? data : [data]) {
      const diff = msg.type === "event" && msg.event?.c?.[entityId]?.["+"];
      if (diff && states.includes(diff.s) && !(diff.s in arrived)) {
        arrived[diff.s] = epoch();
        changed[diff.s] = diff.lc * 1000;
      }
    }
  };
  hass.connection.socket.addEventListener("message", onMessage);
  const shown = {};
  window.__hotelLockWatch = new Promise((resolve) => {
    const frame = () => {
      const index = states.findIndex((state) => tile.classList.contains(state));
      states.forEach((state, i) => {
        if (!(state in shown) && index >= i) shown[state] = epoch();
      });
      if (states.every((state) => state in shown)) resolve();
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }).then(() => {
    hass.connection.socket.removeEventListener("message", onMessage);
    return states.map((state) => [changed[state], arrived[state], shown[state]]);
  });
}"""
# Marks the moment Home Assistant's launch screen starts to fade out (the page
# under it shows from then on).
LAUNCH_SCREEN = """new MutationObserver((changes, observer) => {
  const screen = document.getElementById("ha-launch-screen");
  if (screen?.classList.contains("removing") || (!screen && document.body)) {
    performance.mark("hotel-lock:launch-screen-gone");
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ["class"]});"""
ROOMS_OF_PANEL = """(panel) => [...panel.store.rooms.values()]
  .filter((room) => room.name.startsWith("1-1"))
  .sort((a, b) => a.name.localeCompare(b.name))
  .map((room) => [room.key, room.lock_entity_id])"""


@dataclass
class PanelResult:
    """What the panel benchmark measured (milliseconds, bytes)."""

    rooms: int
    cold_ms: float
    loads_ms: list[float]
    marks_ms: dict[str, float]
    unlocking_ms: list[float]
    unlocked_ms: list[float]
    browser_ms: list[float]
    gzip_bytes: int

    @property
    def render_ms(self) -> float:
        """The median of the warm loads."""
        return statistics.median(self.loads_ms)


async def _log_in(page: Page, url: str, username: str, password: str) -> None:
    await page.goto(url)
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password", exact=True).fill(password)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/home/**")


async def _load(page: Page, url: str) -> dict[str, float]:
    """Load the panel once; return its marks (ms from the navigation's start)."""
    await page.goto(f"{url}/hotel-lock")
    await page.wait_for_function(
        "performance.getEntriesByName('hotel-lock:rendered').length > 0",
        timeout=60_000,
    )
    await page.wait_for_function(
        "performance.getEntriesByName('hotel-lock:launch-screen-gone').length > 0"
    )
    marks: dict[str, float] = await page.evaluate(
        """(names) => Object.fromEntries(names.map((name) =>
             [name, performance.getEntriesByName(`hotel-lock:${name}`)[0]?.startTime]))""",
        list(MARKS),
    )
    # Complete: every tile painted, and the launch screen no longer over them.
    marks["complete"] = max(marks["rendered"], marks["launch-screen-gone"])
    return marks


async def _measure(
    url: str, api: HassApi, login: tuple[str, str], loads: int, unlocks: int
) -> PanelResult:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = await browser.new_context(viewport=VIEWPORT)
            await context.add_init_script(LAUNCH_SCREEN)
            page = await context.new_page()
            page.set_default_timeout(60_000)
            await _log_in(page, url, *login)
            logged_in = await context.storage_state()
            cold = []
            for _ in range(COLD_LOADS):
                # A browser with the login only: nothing in its HTTP cache.
                fresh = await browser.new_context(
                    viewport=VIEWPORT, storage_state=logged_in
                )
                await fresh.add_init_script(LAUNCH_SCREEN)
                cold.append(await _load(await fresh.new_page(), url))
                print(f"[bench] panel, cold load: {cold[-1]}", file=sys.stderr)
                await fresh.close()
            await _load(page, url)  # the page's cache filled
            runs = [await _load(page, url) for _ in range(loads)]
            panel = page.locator("hotel-lock-frontdesk")
            rooms = await panel.evaluate("(panel) => panel.store.rooms.size")
            tiles = await panel.evaluate(
                "(p) => p.shadowRoot.querySelectorAll('.tile').length"
            )
            if tiles != rooms:
                raise AssertionError(f"{tiles} tiles for {rooms} rooms")
            targets: list[list[str]] = await panel.evaluate(ROOMS_OF_PANEL)
            unlocking: list[float] = []
            unlocked: list[float] = []
            browser_ms: list[float] = []
            for key, entity_id in targets[:unlocks]:
                await page.evaluate(
                    WATCH_UNLOCK, [entity_id, key, ["unlocking", "unlocked"]]
                )
                await asyncio.to_thread(
                    api.call, "lock", "unlock", {"entity_id": entity_id}
                )
                watched = await asyncio.wait_for(
                    page.evaluate("window.__hotelLockWatch"), timeout=30
                )
                for times, state_ms in zip(watched, (unlocking, unlocked), strict=True):
                    changed, arrived, shown = times
                    state_ms.append(shown - changed)
                    browser_ms.append(shown - arrived)
        finally:
            await browser.close()
    marks = {
        name: statistics.median(run[name] for run in runs)
        for name in MARKS
        if all(run.get(name) is not None for run in runs)
    }
    gzip_bytes = len(gzip.compress((ROOT / BUNDLE).read_bytes(), compresslevel=9))
    return PanelResult(
        rooms=rooms,
        cold_ms=statistics.median(run["complete"] for run in cold),
        loads_ms=[run["complete"] for run in runs],
        marks_ms=marks,
        unlocking_ms=unlocking,
        unlocked_ms=unlocked,
        browser_ms=browser_ms,
        gzip_bytes=gzip_bytes,
    )


def measure_panel(
    url: str,
    api: HassApi,
    username: str,
    password: str,
    *,
    loads: int = 5,
    unlocks: int = 10,
) -> PanelResult:
    """Measure the panel (see the module's docstring)."""
    return asyncio.run(_measure(url, api, (username, password), loads, unlocks))


def rows(result: PanelResult) -> list[tuple[str, str, str, bool]]:
    """Return the table's rows: measurement, result, target, met."""
    marks = ", ".join(f"{name} {value:.0f}" for name, value in result.marks_ms.items())
    shown = result.unlocking_ms + result.unlocked_ms
    unlocking, unlocked = result.unlocking_ms, result.unlocked_ms
    return [
        (
            (
                f"Front desk, first complete render, {result.rooms} rooms: full page "
                "load to every tile painted, launch screen gone (median of "
                f"{len(result.loads_ms)} loads; of {COLD_LOADS} with an empty cache)"
            ),
            (
                f"{result.render_ms / 1000:.2f} s; {result.cold_ms / 1000:.2f} s "
                f"(marks, ms: {marks})"
            ),
            "≤ 1.5 s",
            max(result.render_ms, result.cold_ms) <= 1500,
        ),
        (
            (
                "Front desk, an unlock's state change in HA to the frame showing it "
                f"({len(unlocking)} unlocks: unlocking; unlocked)"
            ),
            (
                f"median {statistics.median(unlocking):.0f} ms, max "
                f"{max(unlocking):.0f} ms; median {statistics.median(unlocked):.0f} ms, "
                f"max {max(unlocked):.0f} ms (in the browser: max "
                f"{max(result.browser_ms):.0f} ms)"
            ),
            "≤ 200 ms",
            max(shown) <= 200,
        ),
        (
            "Front desk bundle, gzipped",
            f"{result.gzip_bytes / 1024:.1f} KB",
            "≤ 100 KB",
            result.gzip_bytes <= 100 * 1024,
        ),
    ]
