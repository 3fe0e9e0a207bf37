"""Front desk: the panel in a real browser, light and dark, desk and phone, en and zh.

Screenshots of each step are saved in artifacts/e2e/ (frontdesk-*.png).
"""

from __future__ import annotations

import shutil

from playwright.async_api import Page, async_playwright, expect
import pytest

from .conftest import ARTIFACTS, Stack
from .test_dashboard import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e

ROOM = "1-103"
TIMEOUT_MS = 30_000
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


async def _log_in(page: Page, stack: Stack) -> None:
    await page.goto(stack.hass.url)
    await page.get_by_label("Username").fill(stack.username)
    await page.get_by_label("Password", exact=True).fill(stack.password)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/home/**")


async def _open_panel(page: Page, stack: Stack, *, language: str, dark: bool) -> None:
    """Open the panel with the browser's language and theme settings."""
    await page.evaluate(
        """([language, dark]) => {
          localStorage.setItem("selectedLanguage", JSON.stringify(language));
          localStorage.setItem("selectedTheme", JSON.stringify({theme: "default", dark}));
        }""",
        [language, dark],
    )
    await page.goto(f"{stack.hass.url}/hotel-lock")
    await expect(page.locator("hotel-lock-frontdesk .tile")).to_have_count(
        len(stack.rooms)
    )
    await _settle(page)


async def _settle(page: Page) -> None:
    """Wait until Home Assistant's launch screen has faded out."""
    await page.wait_for_function("!document.getElementById('ha-launch-screen')")
    # Its fade-out transition (and the panel's first paint) for the screenshot.
    await page.wait_for_timeout(500)


@pytest.mark.usefixtures("socket_enabled")
async def test_front_desk(e2e_stack: Stack) -> None:
    """See every room, unlock one, open its card; then in Chinese, dark, on a phone."""
    if shutil.which("chromium") is None:
        pytest.fail("chromium is not installed (scripts/install-chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = await browser.new_context(viewport=DESK)
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            await _log_in(page, e2e_stack)
            await _open_panel(page, e2e_stack, language="en", dark=False)
            panel = page.locator("hotel-lock-frontdesk")
            await expect(panel.get_by_text("Building 1 · Floor 1")).to_be_visible()
            await page.screenshot(path=ARTIFACTS / "frontdesk-desk-light-en.png")
            await page.set_viewport_size(PHONE)
            await _settle(page)
            await page.screenshot(path=ARTIFACTS / "frontdesk-phone-light-en.png")
            await page.set_viewport_size(DESK)

            since = len(e2e_stack.emulator.log())
            tile = panel.locator(".tile").filter(has_text=ROOM)
            await tile.get_by_role("button", name=f"Unlock room {ROOM}").click()
            await expect(tile.get_by_text("Unlocked", exact=True)).to_be_visible()
            await page.screenshot(path=ARTIFACTS / "frontdesk-unlocked.png")
            assert e2e_stack.opened_rooms(since) == [e2e_stack.rooms[ROOM]]

            # The room's card, while the door is open.
            await tile.locator("button.main").click()
            dialog = page.locator("hl-room-dialog ha-dialog")
            await expect(dialog.get_by_text("Credentials")).to_be_visible()
            await expect(dialog.get_by_text("Unlocked", exact=True)).to_be_visible()
            await page.screenshot(path=ARTIFACTS / "frontdesk-room.png")
            await page.keyboard.press("Escape")
            await expect(page.locator("hl-room-dialog")).to_have_count(0)
            # The lock relocks by itself, and the tile follows.
            await expect(tile.get_by_text("Locked", exact=True)).to_be_visible(
                timeout=15_000
            )

            await _open_panel(page, e2e_stack, language="zh-Hans", dark=True)
            await expect(panel.get_by_text("1号楼 · 1 层")).to_be_visible()
            await expect(panel.get_by_text("已上锁").first).to_be_visible()
            await page.screenshot(path=ARTIFACTS / "frontdesk-desk-dark-zh-Hans.png")

            await page.set_viewport_size(PHONE)
            await _settle(page)
            await page.screenshot(path=ARTIFACTS / "frontdesk-phone-dark-zh-Hans.png")
        except Exception:
            await page.screenshot(path=ARTIFACTS / "frontdesk-failure.png")
            raise
        finally:
            await browser.close()
