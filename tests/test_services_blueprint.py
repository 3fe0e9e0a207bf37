"""The arrival blueprint: accepted by Home Assistant's blueprint loader."""

from __future__ import annotations

from datetime import timedelta
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
from homeassistant.util import dt as dt_util, yaml as yaml_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_mock_service,
)

from custom_components.hotel_lock.service_schemas import DATETIME
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID

ROOT = Path(__file__).parent.parent
BLUEPRINT = ROOT / "blueprints/automation/hotel_lock/guest_arrival.yaml"


def load() -> Blueprint:
    """Load the blueprint as Home Assistant does."""
    data = yaml_util.load_yaml_dict(BLUEPRINT)
    return Blueprint(
        data,
        path="hotel_lock/guest_arrival.yaml",
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
        {"use_blueprint": {"path": "hotel_lock/guest_arrival.yaml", "input": inputs}},
    )
    blueprint_inputs.validate()
    config: dict[str, Any] = blueprint_inputs.async_substitute()
    config["id"] = "arrival"
    validated = await async_validate_config_item(hass, "arrival", config)
    assert validated is not None
    assert validated.validation_status == "ok", validated.validation_error
    return dict(validated)


@pytest.mark.parametrize("length", [6, 8, 10])
@pytest.mark.usefixtures("init_integration")
async def test_blueprint_pin_drawn_by_the_integration(
    hass: HomeAssistant, platform: Platform, length: int
) -> None:
    """Arrival: the PIN comes from set_pin's response, not from the action data.

    The notify action gets a PIN of the chosen length that opens the door;
    the set_pin call Home Assistant fires as an event carries no PIN.
    Departure clears it.
    """
    notified = async_mock_service(hass, "notify", "front_desk")
    calls = async_capture_events(hass, EVENT_CALL_SERVICE)
    config = await _validated(
        hass,
        {
            "booking_calendar": "calendar.room_101",
            "room_lock": FIRST_LOCK,
            "credential": "pin",
            "pin_length": length,
            "notify_actions": [
                {
                    "action": "notify.front_desk",
                    "data": {"message": "{{ room }}: {{ code }}"},
                }
            ],
        },
    )
    script = Script(
        hass,
        config["actions"],
        "arrival",
        "automation",
        variables=config["variables"],
        script_mode="queued",
    )
    booking = {
        "start": dt_util.now().isoformat(),
        "end": (dt_util.now() + timedelta(days=1)).isoformat(),
        "summary": "Ann",
    }
    await script.async_run(
        {"trigger": {"id": "arrival", "calendar_event": booking}}, Context()
    )
    await hass.async_block_till_done()

    (message,) = [call.data["message"] for call in notified]
    room, code = message.split(": ")
    assert room == "1-101"
    assert len(code) == length
    assert code.isdigit()
    assert platform.present(FIRST_RM_ID, "pin", code).opens
    (set_pin,) = [e for e in calls if e.data[ATTR_SERVICE] == "set_pin"]
    assert "pin" not in set_pin.data[ATTR_SERVICE_DATA]
    assert code not in repr(set_pin.data)

    await script.async_run(
        {"trigger": {"id": "departure", "calendar_event": booking}}, Context()
    )
    await hass.async_block_till_done()
    assert not platform.present(FIRST_RM_ID, "pin", code).opens


@pytest.mark.usefixtures("init_integration")
async def test_blueprint_offline_password(
    hass: HomeAssistant, platform: Platform
) -> None:
    """Arrival with an offline password: generated, sent, revoked at departure.

    The password sent opens the door until the departure revokes it through
    the gateway with the expiry it was generated with (the booking's end plus
    the margin).
    """
    notified = async_mock_service(hass, "notify", "front_desk")
    config = await _validated(
        hass,
        {
            "booking_calendar": "calendar.room_101",
            "room_lock": FIRST_LOCK,
            "credential": "offline_password",
            "expiry_margin": 30,
            "notify_actions": [
                {
                    "action": "notify.front_desk",
                    "data": {"message": "{{ code }} {{ valid_until }}"},
                }
            ],
        },
    )
    script = Script(
        hass,
        config["actions"],
        "arrival",
        "automation",
        variables=config["variables"],
        script_mode="queued",
    )
    end = (dt_util.now() + timedelta(days=1)).replace(microsecond=0)
    booking = {"start": dt_util.now().isoformat(), "end": end.isoformat()}
    await script.async_run(
        {"trigger": {"id": "arrival", "calendar_event": booking}}, Context()
    )
    await hass.async_block_till_done()

    (message,) = [call.data["message"] for call in notified]
    code, valid_until = message.split(" ", 1)
    assert valid_until == f"{end + timedelta(minutes=30):%Y-%m-%d %H:%M:%S}"
    assert platform.present(FIRST_RM_ID, "offline_password", code).opens

    await script.async_run(
        {"trigger": {"id": "departure", "calendar_event": booking}}, Context()
    )
    await hass.async_block_till_done()
    assert not platform.present(FIRST_RM_ID, "offline_password", code).opens
    assert len(notified) == 1


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        ("2030-05-02T11:00:00-07:00", "2030-05-02 12:00:00"),
        ("2030-05-02", "2030-05-02 01:00:00"),
    ],
)
async def test_blueprint_valid_until_template(
    hass: HomeAssistant, end: str, expected: str
) -> None:
    """The expiry is the booking's end plus the margin, in HA's time zone."""
    assert str(dt_util.get_default_time_zone()) == "US/Pacific"
    template = Template(load().data["variables"]["valid_until"], hass)
    rendered = template.async_render(
        {"trigger": {"calendar_event": {"end": end}}, "expiry_margin": 60}
    )
    assert rendered == expected
    assert DATETIME(rendered).strftime("%Y-%m-%d %H:%M:%S") == expected
