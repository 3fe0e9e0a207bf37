"""Front desk: the panel in a real browser against a real hass and the emulator.

One browser page does it all, as the staff would: open the panel, check that
every control has a name, unlock a room with the keyboard and see it open
and relock, open the room's card; give a guest a stay and read the PIN shown
once, which the emulator's door then accepts; write a key card for the stay
and read it back (its room and its stay; the door opens for it, and no
longer once it is cleared); check the guest out and see the door refuse the
PIN; then switch the profile to 简体中文, dark, desk and phone: in a fresh
session the first error (a refused unlock on its tile, then in the room's
activity) is in Chinese and the tile's problem wraps; a stay next year shows
its year, its key card reads as written at the encoder, and not begun it is
cancelled (Cancel stay, not Check out). Screenshots of each step go to
artifacts/e2e/ (frontdesk-*.png).
"""

from __future__ import annotations

import re
import shutil
from typing import Any

from playwright.async_api import Locator, Page, async_playwright, expect
import pytest

from .conftest import ARTIFACTS, Stack
from .test_dashboard import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e

ROOM = "1-103"
STAY_ROOM = "1-104"
GUEST = "Ms. Li"
# A room whose unlock the platform refuses (once), with a long message.
FAIL_ROOM = "1-108"
REFUSAL = "锁体无响应，请检查门锁电池和网关之间的连接后重试"
# A room for a stay next year, cancelled before it begins.
FUTURE_ROOM = "1-107"
FUTURE_GUEST = "王先生"
TIMEOUT_MS = 30_000
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Interactive roles that must carry a name (an aria snapshot line without one
# is "- button" or "- button:" with nothing quoted after the role).
CONTROLS = "button|textbox|checkbox|combobox|link|switch|radio|option|menuitem|tab"
UNNAMED = re.compile(rf"^\s*- ({CONTROLS})(:|$| \[)", re.MULTILINE)
# Resolves once six frames in a row had no animation running and every open
# dialog (through the shadow roots) is fully shown.
CALM = """() => new Promise((done) => {
  const dialogs = (root) => [...root.querySelectorAll("*")].flatMap((el) =>
    [...(el.tagName === "DIALOG" ? [el] : []), ...(el.shadowRoot ? dialogs(el.shadowRoot) : [])]);
  let calm = 0;
  const frame = () => {
    const busy = document.getAnimations().some((a) => a.playState === "running") ||
      dialogs(document).some((d) => d.open && getComputedStyle(d).opacity !== "1");
    calm = busy ? 0 : calm + 1;
    if (calm >= 6) done(); else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})"""
# The element that has the focus, through the shadow roots.
FOCUSED = """() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el ? (el.getAttribute("aria-label") || el.textContent || "").trim() : "";
}"""


async def _log_in(page: Page, stack: Stack) -> None:
    await page.goto(stack.hass.url)
    await page.get_by_label("Username").fill(stack.username)
    await page.get_by_label("Password", exact=True).fill(stack.password)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/home/**")


async def _set_language(page: Page, language: str) -> None:
    """Set the user's profile language (on the server, as the profile page does)."""
    await page.evaluate(
        """(language) => document.querySelector("home-assistant").hass.connection
             .sendMessagePromise({type: "frontend/set_user_data", key: "language",
                                  value: {language}})""",
        language,
    )


async def _settled(page: Page) -> None:
    """Wait until the launch screen is gone and no animation runs."""
    await page.wait_for_function("!document.getElementById('ha-launch-screen')")
    await page.evaluate(CALM)


async def _shot(page: Page, name: str) -> None:
    await _settled(page)
    await page.screenshot(path=ARTIFACTS / f"frontdesk-{name}.png")


async def _assert_controls_named(locator: Locator) -> None:
    """Every control in the accessibility tree has an accessible name."""
    snapshot = await locator.aria_snapshot()
    assert "- button" in snapshot
    assert not UNNAMED.findall(snapshot), snapshot


async def _tab_to(page: Page, label: str, presses: int = 40) -> None:
    """Press Tab until the control named ``label`` has the focus."""
    for _ in range(presses):
        await page.keyboard.press("Tab")
        if await page.evaluate(FOCUSED) == label:
            return
    pytest.fail(f"{label!r} cannot be reached with the Tab key")


def _tile(panel: Locator, room: str) -> Locator:
    return panel.locator(".tile").filter(has_text=room)


def _present(stack: Stack, room: str, **credential: Any) -> bool:
    """Present a credential at a room's door (the emulator's door model)."""
    answer = stack.emulator.post(f"/_sim/door/{stack.rooms[room]}/present", credential)
    return bool(answer["opens"])


async def _cut_off(tile: Locator) -> list[str]:
    """Return the texts of a tile's lines that do not fit (cut, not wrapped)."""
    texts = await tile.locator(".line").evaluate_all(
        "(lines) => lines.filter((l) => l.scrollWidth > l.clientWidth + 1)"
        ".map((l) => l.textContent.trim())"
    )
    return [str(text) for text in texts]


async def _first_error_in_chinese(page: Page, panel: Locator, stack: Stack) -> None:
    """Check that the first error of a fresh session is in the user's language.

    A refused unlock: its message on the tile; after a reload, in the room's
    activity the first time its card opens. The tile's problem wraps instead
    of being cut off.
    """
    stack.emulator.post(
        "/_sim/faults",
        {"call": "GatewayOpen", "kind": "error", "msg": REFUSAL, "times": 1},
    )
    tile = _tile(panel, FAIL_ROOM)
    await tile.get_by_role("button", name=f"打开房间 {FAIL_ROOM} 的门锁").click()
    await expect(tile.locator(".tile-error")).to_have_text(
        f"门锁平台拒绝了请求：{REFUSAL}"
    )
    await expect(tile.locator(".problems")).to_contain_text(REFUSAL)
    assert await _cut_off(tile) == []
    await tile.locator(".tile-error button").click()
    await _shot(page, "problem-zh-Hans")
    # A fresh session whose first error is the one in the room's activity.
    await page.reload()
    await expect(tile.locator(".problems")).to_contain_text(REFUSAL)
    await tile.locator("button.main").click()
    dialog = page.locator("hl-room-dialog ha-dialog")
    failure = dialog.locator("ul.activity li").first
    await expect(failure).to_contain_text("开锁")
    await expect(failure.locator("div.error")).to_have_text(
        f"门锁平台拒绝了请求：{REFUSAL}"
    )
    await page.keyboard.press("Escape")
    await expect(page.locator("hl-room-dialog")).to_have_count(0)


async def _future_stay_in_chinese(page: Page, panel: Locator) -> None:
    """Give a stay next year: its year shown, a key card written; cancel it."""
    # The browser's year (the dates are the browser's, as the panel shows them).
    year = await page.evaluate("new Date().getFullYear()") + 1
    tile = _tile(panel, FUTURE_ROOM)
    await tile.locator("button.main").click()
    dialog = page.locator("hl-room-dialog ha-dialog")
    await dialog.get_by_role("button", name="发放密码").click()
    stay_dialog = page.locator("hl-stay-dialog ha-dialog")
    await stay_dialog.get_by_role("textbox", name="客人").fill(FUTURE_GUEST)
    dates = stay_dialog.locator("input[type=datetime-local]")
    await dates.nth(0).fill(f"{year}-02-10T14:00")  # arrival
    await dates.nth(1).fill(f"{year}-02-12T12:00")  # departure
    await stay_dialog.get_by_role("button", name="创建入住").click()
    await expect(stay_dialog.locator(".code")).to_have_text(re.compile(r"^\d{6}$"))
    await expect(stay_dialog).to_contain_text(f"{year}年")
    await stay_dialog.get_by_role("button", name="关闭").last.click()
    await expect(tile).to_contain_text(f"下一位：{FUTURE_GUEST}，{year}年2月10日")

    # A key card for it: written at the encoder, not "confirmed at the lock".
    await tile.locator("button.main").click()
    await dialog.get_by_role("button", name="房卡").click()
    cards = page.locator("hl-card-dialog ha-dialog")
    await expect(cards.get_by_text(FUTURE_GUEST)).to_be_visible()
    await cards.get_by_role("button", name="发卡", exact=True).click()
    await expect(cards.get_by_text(f"已为房间 {FUTURE_ROOM} 发卡")).to_be_visible()
    await cards.get_by_role("button", name="关闭").last.click()
    await expect(page.locator("hl-card-dialog")).to_have_count(0)
    await tile.locator("button.main").click()
    credential = dialog.locator("ul.list li").filter(has_text="房卡")
    await expect(credential).to_contain_text("已在发卡器上写卡")
    await expect(credential).not_to_contain_text("门锁已确认")

    # Not begun: Cancel stay, not Check out (its confirmation and toast too).
    stay = (
        dialog.locator("ul.list").first.locator("li").filter(has_text=FUTURE_GUEST)
    )  # the stays
    await expect(stay).to_contain_text(f"{FUTURE_GUEST} · 待入住")
    await expect(stay.get_by_role("button", name="退房")).to_have_count(0)
    await stay.get_by_role("button", name="取消入住").click()
    await expect(dialog).to_contain_text(f"现在取消 {FUTURE_GUEST} 的入住")
    await _shot(page, "cancel-stay-zh-Hans")
    await dialog.get_by_role("button", name="取消入住").click()
    await expect(page.get_by_text(f"{FUTURE_GUEST} 的入住已取消").first).to_be_visible()
    # A cancelled stay goes at once.
    await expect(dialog.get_by_text("当前及之后均无入住。")).to_be_visible()
    await _shot(page, "cancelled-zh-Hans")
    await page.keyboard.press("Escape")
    await expect(page.locator("hl-room-dialog")).to_have_count(0)


async def _unlock_again(page: Page, panel: Locator, stack: Stack) -> None:
    """Unlock the refused room again: its problem goes (the stack is shared)."""
    since = len(stack.emulator.log())
    tile = _tile(panel, FAIL_ROOM)
    await tile.get_by_role("button", name=f"打开房间 {FAIL_ROOM} 的门锁").click()
    await expect(tile.locator(".problems")).to_have_count(0)
    assert stack.opened_rooms(since) == [stack.rooms[FAIL_ROOM]]


@pytest.mark.usefixtures("socket_enabled")
async def test_front_desk(e2e_stack: Stack) -> None:
    """Unlock, a room's card, a stay and its PIN, a card, check-out; then Chinese."""
    if shutil.which("chromium") is None:
        pytest.fail("chromium is not installed (scripts/install-chromium)")
    stack = e2e_stack
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = await browser.new_context(viewport=DESK, color_scheme="light")
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            await _log_in(page, stack)
            await page.goto(f"{stack.hass.url}/hotel-lock")
            panel = page.locator("hotel-lock-frontdesk")
            await expect(panel.locator(".tile")).to_have_count(len(stack.rooms))
            await expect(panel.get_by_text("Building 1 · Floor 1")).to_be_visible()
            await _shot(page, "desk-light-en")
            await _assert_controls_named(panel)

            # Unlock with the keyboard alone: the tile shows the door open,
            # then locked again when the lock relocks by itself.
            since = len(stack.emulator.log())
            tile = _tile(panel, ROOM)
            await panel.get_by_role("textbox", name="Search rooms or guests").focus()
            await _tab_to(page, f"Unlock room {ROOM}")
            await page.keyboard.press("Enter")
            await expect(tile.get_by_text("Unlocked", exact=True)).to_be_visible()
            await _shot(page, "unlocked")
            assert stack.opened_rooms(since) == [stack.rooms[ROOM]]

            # The room's card (opened with the keyboard): the unlock and who asked.
            await page.keyboard.press("Shift+Tab")
            await page.keyboard.press("Enter")
            dialog = page.locator("hl-room-dialog ha-dialog")
            activity = dialog.locator("ul.activity li").first
            await expect(activity).to_contain_text("Unlock")
            await expect(activity).to_contain_text("by E2E")  # the onboarded user
            # With one platform, its name (the entry's title) is left out.
            await expect(dialog).not_to_contain_text("127.0.0.1")
            await _shot(page, "room")
            await _assert_controls_named(page.locator("hl-room-dialog"))
            await page.keyboard.press("Escape")
            await expect(page.locator("hl-room-dialog")).to_have_count(0)
            await expect(tile.get_by_text("Locked", exact=True)).to_be_visible()

            # A stay for another room: its PIN, shown once, opens the door.
            await _tile(panel, STAY_ROOM).locator("button.main").click()
            await dialog.get_by_role("button", name="Give a code").click()
            stay_dialog = page.locator("hl-stay-dialog ha-dialog")
            await stay_dialog.get_by_role("textbox", name="Guest").fill(GUEST)
            await _assert_controls_named(page.locator("hl-stay-dialog"))
            await stay_dialog.get_by_role("button", name="Create stay").click()
            code = stay_dialog.locator(".code")
            await expect(code).to_have_text(re.compile(r"^\d{6}$"))
            pin = (await code.text_content() or "").strip()
            await _shot(page, "stay-codes")
            await _assert_controls_named(page.locator("hl-stay-dialog"))
            assert _present(stack, STAY_ROOM, pin=pin)
            await stay_dialog.get_by_role("button", name="Close").last.click()
            await expect(_tile(panel, STAY_ROOM)).to_contain_text(f"Guest: {GUEST}")
            await expect(_tile(panel, STAY_ROOM)).to_contain_text("1 credential out")

            # A key card for the stay: written, read back (its room and its
            # stay), it opens the door; cleared, it opens nothing.
            await _tile(panel, STAY_ROOM).locator("button.main").click()
            await dialog.get_by_role("button", name="Key cards").click()
            cards = page.locator("hl-card-dialog ha-dialog")
            await expect(cards.get_by_text(GUEST)).to_be_visible()
            await cards.get_by_role("button", name="Write a card").click()
            await expect(cards.get_by_text(f"for room {STAY_ROOM}")).to_be_visible()
            card_id = stack.emulator.get("/_sim/state")["encoder"]["card_id"]
            await cards.get_by_role("button", name="Read the card").click()
            await expect(cards.get_by_text(f"Card {card_id}")).to_be_visible()
            await expect(
                cards.get_by_text(f"Room {STAY_ROOM} · {GUEST}")
            ).to_be_visible()
            await _shot(page, "card-read")
            await _assert_controls_named(page.locator("hl-card-dialog"))
            assert _present(stack, STAY_ROOM, card_id=card_id)
            await cards.get_by_role("button", name="Clear the card").click()
            await expect(cards.get_by_text(f"Card {card_id} cleared")).to_be_visible()
            assert not _present(stack, STAY_ROOM, card_id=card_id)
            await cards.get_by_role("button", name="Close").last.click()
            await expect(page.locator("hl-card-dialog")).to_have_count(0)

            # Check out from the room's card: the door refuses the PIN.
            await _tile(panel, STAY_ROOM).locator("button.main").click()
            await expect(dialog.get_by_text(GUEST).first).to_be_visible()
            await _shot(page, "room-stay")
            await dialog.get_by_role("button", name="Check out").click()
            await dialog.get_by_role("button", name="Check out").click()
            await expect(dialog.get_by_text(f"{GUEST} · Ended")).to_be_visible()
            assert not _present(stack, STAY_ROOM, pin=pin)
            await page.keyboard.press("Escape")
            await expect(page.locator("hl-room-dialog")).to_have_count(0)

            # The profile in Simplified Chinese: the panel follows at once.
            await _set_language(page, "zh-Hans")
            await expect(panel.get_by_text("1号楼 · 1 层")).to_be_visible()
            await expect(panel.get_by_text("已上锁").first).to_be_visible()
            await _shot(page, "desk-light-zh-Hans")
            # Dark, as the browser asks for it (a fresh load: Home Assistant's
            # search field keeps its light colours when switched live).
            await page.emulate_media(color_scheme="dark")
            await page.reload()
            await expect(panel.get_by_text("已上锁").first).to_be_visible()
            await _shot(page, "desk-dark-zh-Hans")
            await _first_error_in_chinese(page, panel, stack)
            await _future_stay_in_chinese(page, panel)
            await page.set_viewport_size(PHONE)
            # A room's problem wraps on the phone too (it is not cut off).
            await expect(_tile(panel, FAIL_ROOM).locator(".problems")).to_be_visible()
            assert await _cut_off(_tile(panel, FAIL_ROOM)) == []
            await _shot(page, "phone-dark-zh-Hans")
            await _unlock_again(page, panel, stack)
        except Exception:
            await page.screenshot(path=ARTIFACTS / "frontdesk-failure.png")
            raise
        finally:
            # The stack is shared: the next tests expect English.
            await _set_language(page, "en")
            await browser.close()
