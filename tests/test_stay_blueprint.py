"""The stay-ready blueprint: accepted by Home Assistant, and what it sends.

On ``hotel_lock_stay_ready`` it reads the stay's codes with
``get_stay_codes`` and runs the user's notify actions with the guest, the
rooms and the codes as text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import patch
from urllib.parse import quote

from awesomeversion import AwesomeVersion
from homeassistant.components.automation.config import (
    AUTOMATION_BLUEPRINT_SCHEMA,
    async_validate_config_item,
)
from homeassistant.components.blueprint import importer
from homeassistant.components.blueprint.models import Blueprint, BlueprintInputs
from homeassistant.const import ATTR_SERVICE, ATTR_SERVICE_DATA, EVENT_CALL_SERVICE
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers.script import Script
from homeassistant.helpers.template import Template
from homeassistant.util import yaml as yaml_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_mock_service,
)

from custom_components.hotel_lock.const import EVENT_STAY_READY
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform
from tests.stays_common import FIRST_RM_ID, SECOND_RM_ID, day

ROOT = Path(__file__).parent.parent
BLUEPRINT = ROOT / "blueprints/automation/hotel_lock/stay_ready.yaml"


def load() -> Blueprint:
    """Load the blueprint as Home Assistant does."""
    data = yaml_util.load_yaml_dict(BLUEPRINT)
    return Blueprint(
        data,
        path="hotel_lock/stay_ready.yaml",
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )


def test_blueprint_loads() -> None:
    """Home Assistant's blueprint schema accepts the file."""
    blueprint = load()
    assert blueprint.domain == "automation"
    assert blueprint.validate() is None


def test_blueprint_min_version_is_the_integrations() -> None:
    """The blueprint asks for the Home Assistant the integration needs, no less.

    An older Home Assistant refuses it (as it refuses the integration, through
    HACS), the minimum and newer ones take it.
    """
    hacs = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))
    minimum = hacs["homeassistant"]
    assert load().metadata["homeassistant"]["min_version"] == minimum
    older = str(AwesomeVersion(minimum).major) + ".9.0"
    with patch("homeassistant.components.blueprint.models.__version__", older):
        assert load().validate() == [f"Requires at least Home Assistant {minimum}"]
    with patch("homeassistant.components.blueprint.models.__version__", minimum):
        assert load().validate() is None


def test_blueprint_source_url_is_the_import_link() -> None:
    """The source URL is this file in the repository, as the README's link imports it.

    Home Assistant's importer maps it to the file's raw content (so that
    "re-import" in the UI works), and the README's import badge carries it.
    """
    source_url = load().metadata["source_url"]
    assert source_url.endswith("/" + str(BLUEPRINT.relative_to(ROOT)))
    raw = importer._get_github_import_url(source_url)
    assert raw.startswith("https://raw.githubusercontent.com/hotel-lock/hotel_lock/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"blueprint_url={quote(source_url, safe='')})" in readme


async def _validated(hass: HomeAssistant, inputs: dict[str, Any]) -> dict[str, Any]:
    """Return the automation config the blueprint gives with these inputs."""
    blueprint_inputs = BlueprintInputs(
        load(),
        {"use_blueprint": {"path": "hotel_lock/stay_ready.yaml", "input": inputs}},
    )
    blueprint_inputs.validate()
    config: dict[str, Any] = blueprint_inputs.async_substitute()
    config["id"] = "stay_ready"
    validated = await async_validate_config_item(hass, "stay_ready", config)
    assert validated is not None
    assert validated.validation_status == "ok", validated.validation_error
    return dict(validated)


NOTIFY = [
    {
        "action": "notify.front_desk",
        "data": {
            "title": "{{ guest }}",
            "message": "{{ rooms }} | {{ codes }} | {{ arrival }} - {{ departure }}"
            " | {{ valid_until }} | {{ code_list | count }}",
        },
    }
]


async def test_sends_the_codes_of_a_ready_stay(
    hass: HomeAssistant, platform: Platform, book: StayBook
) -> None:
    """The ready event's stay: its guest, rooms and codes reach the notify action.

    The codes come from get_stay_codes' response; the event and the action
    call Home Assistant records carry none.
    """
    notified = async_mock_service(hass, "notify", "front_desk")
    calls = async_capture_events(hass, EVENT_CALL_SERVICE)
    ready = async_capture_events(hass, EVENT_STAY_READY)
    config = await _validated(hass, {"notify_actions": NOTIFY})
    stay = await book.async_create(
        guest="Ms. Li",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=day(0, 7),
        departure=day(2, 12),
        kinds=["pin", "offline_password"],
    )
    (event,) = ready
    await _run(hass, config, event.data)

    (call,) = notified
    assert call.data["title"] == "Ms. Li"
    rooms, codes, times, valid_until, count = call.data["message"].split(" | ")
    assert rooms == "1-101, 1-102"
    assert times == "2026-06-01 07:00 - 2026-06-03 12:00"
    assert valid_until == "2026-06-03 13:00"
    assert count == "4"
    offline = {c.room_id: c.code for c in book.codes(stay.stay_id) if c.kind != "pin"}
    assert sorted(codes.split("; ")) == sorted(
        [
            f"PIN {stay.pin} (1-101, 1-102)",
            f"offline password {offline[FIRST_RM_ID]} (1-101)",
            f"offline password {offline[SECOND_RM_ID]} (1-102)",
        ]
    )
    assert platform.present(FIRST_RM_ID, "pin", stay.pin or "").opens
    (read,) = [e for e in calls if e.data[ATTR_SERVICE] == "get_stay_codes"]
    assert read.data[ATTR_SERVICE_DATA] == {"stay_id": stay.stay_id}
    assert (stay.pin or "-") not in repr([e.data for e in ready])


async def test_sends_only_the_codes_at_the_doors(
    hass: HomeAssistant, platform: Platform, book: StayBook
) -> None:
    """A PIN still on its way is not sent; it is, with the others, once it arrives."""
    notified = async_mock_service(hass, "notify", "front_desk")
    ready = async_capture_events(hass, EVENT_STAY_READY)
    config = await _validated(hass, {"notify_actions": NOTIFY})
    platform.set_gateway_online(FIRST_RM_ID, False)
    # Arriving within the alert horizon: 1-101 gets an offline password at once.
    stay = await book.async_create(
        guest="Ms. Li",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=day(0, 7),
        departure=day(2, 12),
    )
    (event,) = ready
    await _run(hass, config, event.data)
    (offline,) = [c.code for c in book.codes(stay.stay_id) if c.kind != "pin"]
    codes = notified[0].data["message"].split(" | ")[1]
    assert sorted(codes.split("; ")) == sorted(
        [f"PIN {stay.pin} (1-102)", f"offline password {offline} (1-101)"]
    )
    # The PIN arrives: ready again, and the guest hears of it everywhere.
    platform.set_gateway_online(FIRST_RM_ID, True)
    await book.desk.async_set_pin(
        FIRST_RM_ID, valid_until=day(1, 12), pin="135790", name="Cleaning"
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    await _run(hass, config, ready[1].data)
    codes = notified[1].data["message"].split(" | ")[1]
    assert sorted(codes.split("; ")) == sorted(
        [f"PIN {stay.pin} (1-101, 1-102)", f"offline password {offline} (1-101)"]
    )


async def _run(
    hass: HomeAssistant, config: dict[str, Any], data: dict[str, Any]
) -> None:
    """Run the automation's actions for a ready event."""
    script = Script(
        hass,
        config["actions"],
        "stay_ready",
        "automation",
        variables=config["variables"],
        script_mode="queued",
    )
    await script.async_run({"trigger": {"event": {"data": data}}}, Context())
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("chosen", "passes"),
    [("", True), ("01JHOTELLOCKENTRY000000000", True), ("another", False)],
)
async def test_only_the_chosen_platform(
    hass: HomeAssistant, chosen: str, passes: bool
) -> None:
    """With a lock platform chosen, the stays of other platforms are left out."""
    await _validated(hass, {"config_entry": chosen, "notify_actions": NOTIFY})
    (condition,) = load().data["conditions"]
    template = Template(condition["value_template"], hass)
    rendered = template.async_render(
        {
            "config_entry": chosen,
            "trigger": {
                "event": {"data": {"config_entry_id": "01JHOTELLOCKENTRY000000000"}}
            },
        }
    )
    assert rendered is passes
