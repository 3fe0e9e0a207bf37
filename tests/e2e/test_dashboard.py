"""Dashboard: a person logs in with a real browser and opens a room's door."""

from __future__ import annotations

import shutil

from playwright.async_api import async_playwright, expect
import pytest

from .conftest import ARTIFACTS, Stack

pytestmark = pytest.mark.e2e

# Debian's chromium, never a browser downloaded by Playwright.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOM = "1-102"
TIMEOUT_MS = 30_000


@pytest.mark.usefixtures("socket_enabled")
async def test_unlock_from_dashboard(e2e_stack: Stack) -> None:
    """Log in, open the default dashboard, tap the room's Unlock; the door opens."""
    if shutil.which("chromium") is None:
        pytest.fail(
            "chromium is not installed; scripts/setup installs it (scripts/install-chromium)"
        )
    since = len(e2e_stack.emulator.log())
    screenshot = ARTIFACTS / "dashboard-unlock.png"

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            await page.goto(e2e_stack.hass.url)
            await page.get_by_label("Username").fill(e2e_stack.username)
            await page.get_by_label("Password", exact=True).fill(e2e_stack.password)
            await page.keyboard.press("Enter")
            # The default dashboard (Overview); rooms without an area are
            # listed under its "Devices" card.
            await page.wait_for_url("**/home/overview")
            await page.get_by_role("button", name="Devices", exact=True).click()
            await page.wait_for_url("**/home/other-devices")
            row = page.locator("hui-lock-entity-row").filter(has_text=ROOM)
            await expect(row).to_have_count(1)
            await row.get_by_role("button", name="Unlock").click()
            # The row confirms: the door is open, so it offers to lock.
            await expect(row.get_by_role("button", name="Lock")).to_be_visible()
            await page.screenshot(path=screenshot)
        except Exception:
            await page.screenshot(path=ARTIFACTS / "dashboard-failure.png")
            raise
        finally:
            await browser.close()

    assert e2e_stack.opened_rooms(since) == [e2e_stack.rooms[ROOM]]
    assert e2e_stack.api.state(f"lock.{ROOM.replace('-', '_')}")["state"] in {
        "unlocking",
        "unlocked",
        "open",
    }
