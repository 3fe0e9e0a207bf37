"""Arrival: stays made in the Stays calendar, their PINs at the doors.

One made with ``calendar.create_event``, its code sent by the stay-ready
blueprint; one made in the calendar's own dialog in Chromium.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
import re

from playwright.async_api import async_playwright, expect
import pytest

from .conftest import ARTIFACTS, Stack
from .stay_steps import (
    gateway_calls,
    install_stay_ready_automation,
    notifications,
    opens,
    platform_time,
    platform_zone,
    respond,
    stays_calendar,
    wait_until,
)
from .test_dashboard import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS

pytestmark = pytest.mark.e2e

ROOM = "1-109"
DIALOG_ROOM = "1-105"


@pytest.mark.usefixtures("socket_enabled")
def test_stay_from_the_calendar_sends_a_pin_that_opens_the_door(
    e2e_stack: Stack,
) -> None:
    """calendar.create_event on the Stays calendar → PIN pushed → ready → sent → opens."""
    stack = e2e_stack
    install_stay_ready_automation(stack)
    since = len(stack.emulator.log())
    # Arriving in 10 minutes: inside the lead time (pushed at once) and the
    # margin (ready at once).
    arrival = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=10)
    stack.api.call(
        "calendar",
        "create_event",
        {
            "entity_id": stays_calendar(stack),
            "summary": "Ms. Li",
            "location": ROOM,
            "start_date_time": arrival.isoformat(),
            "end_date_time": (arrival + timedelta(hours=2)).isoformat(),
        },
    )

    message = wait_until(lambda: notifications(stack, "Ms. Li"), "the codes", 45)[0][
        "message"
    ]
    match = re.fullmatch(rf"{ROOM}: PIN (\d{{6}}) \({ROOM}\)", message)
    assert match, message
    pin = match.group(1)

    rm_id = stack.rooms[ROOM]
    uploads = [
        entry
        for entry in stack.emulator.log()[since:]
        if entry["call"] == "GatewayUploadOnline"
    ]
    assert [(e["fields"]["rm_id"], e["fields"]["pwd"], e["code"]) for e in uploads] == [
        (rm_id, pin, 1)
    ]
    door = stack.emulator.post(f"/_sim/door/{rm_id}/present", {"pin": pin})
    assert door["opens"] is True, door
    other = stack.emulator.post(
        f"/_sim/door/{stack.rooms['1-101']}/present", {"pin": pin}
    )
    assert other["opens"] is False, other


@pytest.mark.usefixtures("socket_enabled")
async def test_stay_from_the_calendar_dialog_issues_its_pin(e2e_stack: Stack) -> None:
    """The Stays calendar's own "Add event" dialog in Chromium makes a stay; its PIN is pushed.

    An all-day event for today: arriving today at the check-in time, leaving
    tomorrow at the check-out time (14:00 and 12:00 by default), so within
    the lead time whenever the test runs.
    """
    stack = e2e_stack
    zone = platform_zone(stack)
    since = len(stack.emulator.log())
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            await page.goto(stack.hass.url)
            await page.get_by_label("Username").fill(stack.username)
            await page.get_by_label("Password", exact=True).fill(stack.password)
            await page.keyboard.press("Enter")
            await page.wait_for_url("**/home/overview")
            # Within the app, as its sidebar does (no second page load).
            await page.evaluate(
                "history.pushState(null, '', '/calendar');"
                "window.dispatchEvent(new CustomEvent('location-changed'));"
            )
            await page.get_by_role("button", name="Add event").click()
            await page.get_by_role("textbox", name="Summary").fill("Ms. Chen")
            await page.get_by_role("textbox", name="Location").fill(DIALOG_ROOM)
            await page.get_by_label("All day").click()
            await page.locator("ha-dialog ha-button", has_text="Add event").click()
            await expect(page.get_by_role("textbox", name="Summary")).to_be_hidden()
            await expect(page.get_by_text("Ms. Chen").first).to_be_visible()
            await page.screenshot(path=ARTIFACTS / "stays-calendar-dialog.png")
        except Exception:
            await page.screenshot(path=ARTIFACTS / "stays-calendar-failure.png")
            raise
        finally:
            await browser.close()

    (upload,) = wait_until(
        lambda: [
            e for e in gateway_calls(stack, since) if e["call"] == "GatewayUploadOnline"
        ],
        "the PIN of the stay",
    )
    tomorrow = datetime.now(zone).date() + timedelta(days=1)
    departure = datetime.combine(tomorrow, time(12), zone)
    assert (upload["fields"]["rm_id"], upload["fields"]["unValid"], upload["code"]) == (
        stack.rooms[DIALOG_ROOM],
        platform_time(stack, departure + timedelta(minutes=60)),
        1,
    )
    stay = respond(stack, "get_stay_codes", {"entity_id": "lock.1_105"})
    assert (stay["guest"], stay["rooms"]) == ("Ms. Chen", [DIALOG_ROOM])
    (code,) = stay["codes"]
    assert code["code"] == upload["fields"]["pwd"]
    assert opens(stack, DIALOG_ROOM, pin=code["code"])
    stack.api.call("hotel_lock", "check_out", {"stay_id": stay["stay_id"]})
