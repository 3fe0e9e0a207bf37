"""The arrival blueprint: accepted by Home Assistant's blueprint loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.components.automation.config import (
    AUTOMATION_BLUEPRINT_SCHEMA,
    async_validate_config_item,
)
from homeassistant.components.blueprint.models import Blueprint, BlueprintInputs
from homeassistant.core import HomeAssistant
from homeassistant.helpers.template import Template
from homeassistant.util import dt as dt_util, yaml as yaml_util
import pytest

from custom_components.hotel_lock.validation import datetime_value, pin_value

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
    inputs = BlueprintInputs(
        load(),
        {
            "use_blueprint": {
                "path": "hotel_lock/guest_arrival.yaml",
                "input": {
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
            }
        },
    )
    inputs.validate()
    config: dict[str, Any] = inputs.async_substitute()
    config["id"] = "arrival"
    validated = await async_validate_config_item(hass, "arrival", config)
    assert validated is not None
    assert validated.validation_status == "ok", validated.validation_error
    actions = str(validated["actions"])
    assert "hotel_lock.set_pin" in actions
    assert "hotel_lock.generate_offline_password" in actions
    assert "notify.front_desk" in actions


@pytest.mark.parametrize("length", [6, 8, 10])
async def test_blueprint_pin_template(hass: HomeAssistant, length: int) -> None:
    """The generated PIN passes the action's PIN validation."""
    variables = load().data["actions"][0]["choose"][0]["sequence"][0]["variables"]
    template = Template(variables["code"], hass)
    for _ in range(20):
        code = template.async_render({"pin_length": length})
        assert len(pin_value(code)) == length


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
