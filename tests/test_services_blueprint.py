"""The arrival blueprint: accepted by Home Assistant's blueprint loader."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from homeassistant.components.automation.config import (
    AUTOMATION_BLUEPRINT_SCHEMA,
    async_validate_config_item,
)
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

from custom_components.hotel_lock.validation import datetime_value
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID

BLUEPRINT = (
    Path(__file__).parent.parent / "blueprints/automation/hotel_lock/guest_arrival.yaml"
)


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
    """The blueprint's schema, domain and inputs are accepted."""
    blueprint = load()
    assert blueprint.domain == "automation"
    assert blueprint.validate() is None
    assert set(blueprint.inputs) == {
        "booking_calendar",
        "room_lock",
        "credential",
        "pin_length",
        "expiry_margin",
        "notify_actions",
    }


@pytest.mark.parametrize("credential", ["pin", "offline_password"])
async def test_blueprint_automation_validates(
    hass: HomeAssistant, credential: str
) -> None:
    """With its inputs filled in, the automation is a valid configuration."""
    validated = await _validated(
        hass,
        {
            "booking_calendar": "calendar.room_101",
            "room_lock": "lock.1_101",
            "credential": credential,
            "notify_actions": [
                {
                    "action": "notify.front_desk",
                    "data": {"message": "{{ room }}: {{ code }}"},
                }
            ],
        },
    )
    actions = str(validated["actions"])
    assert "hotel_lock.set_pin" in actions
    assert "hotel_lock.generate_offline_password" in actions
    assert "notify.front_desk" in actions


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
    assert datetime_value(rendered).strftime("%Y-%m-%d %H:%M:%S") == expected
