"""The actions as the UI shows them: fields, icons and texts match the handlers.

Everything here is read through Home Assistant's own loaders (the action
descriptions the frontend gets, the icon and translation caches), and the
fields are compared with the schema each handler really applies.
"""

from __future__ import annotations

import json
from pathlib import Path
import sys
from typing import Any

import hass_frontend
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.icon import async_get_icons
from homeassistant.helpers.service import async_get_all_descriptions
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
import probatio as vol
import pytest

from custom_components.hotel_lock import service_schemas
from custom_components.hotel_lock.const import DOMAIN

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
TARGET_FIELDS = set(cv.ENTITY_SERVICE_FIELDS)


class SchemaAppliedError(Exception):
    """Raised by the spy once a handler has applied its schema."""


@pytest.fixture
async def descriptions(hass: HomeAssistant) -> dict[str, dict[str, Any]]:
    """Return the integration's action descriptions, as the frontend gets them."""
    assert await async_setup_component(hass, DOMAIN, {})
    return (await async_get_all_descriptions(hass))[DOMAIN]


@pytest.fixture
def applied(monkeypatch: pytest.MonkeyPatch) -> list[vol.Schema]:
    """Record the schema a handler applies, and stop the handler there."""
    schemas: list[vol.Schema] = []

    def spy(schema: vol.Schema, data: Any) -> dict[str, Any]:
        schemas.append(schema)
        raise SchemaAppliedError

    for module in list(sys.modules.values()):
        if (
            module.__name__.startswith(f"custom_components.{DOMAIN}.")
            and module is not service_schemas
            and getattr(module, "apply_schema", None) is service_schemas.apply_schema
        ):
            monkeypatch.setattr(module, "apply_schema", spy)
    return schemas


async def test_fields_are_the_handlers_schema(
    hass: HomeAssistant,
    descriptions: dict[str, dict[str, Any]],
    applied: list[vol.Schema],
) -> None:
    """Each action offers exactly the fields its handler accepts.

    The same names, the same required ones and the same defaults; a room
    target exactly where the handler takes one.
    """
    assert set(descriptions) == set(hass.services.async_services_for_domain(DOMAIN))
    for action, description in descriptions.items():
        applied.clear()
        with pytest.raises(SchemaAppliedError):
            await hass.services.async_call(
                DOMAIN, action, {}, blocking=True, return_response=True
            )
        (schema,) = applied
        keys = {str(marker.schema): marker for marker in schema.schema}
        fields: dict[str, Any] = description["fields"]
        assert set(fields) == set(keys) - TARGET_FIELDS, action
        assert ("target" in description) == TARGET_FIELDS.issubset(keys), action
        required = {key for key, marker in keys.items() if type(marker) is vol.Required}
        assert required == {
            name for name, field in fields.items() if field.get("required")
        }, action
        for name, field in fields.items():
            marker = keys[name]
            if marker.default is not vol.UNDEFINED:
                assert field["default"] == marker.default(), (action, name)
            else:
                assert "default" not in field, (action, name)


async def test_every_action_has_an_icon(
    hass: HomeAssistant, descriptions: dict[str, dict[str, Any]]
) -> None:
    """Each action has an icon of the frontend's icon set."""
    icon_list = Path(hass_frontend.where()) / "static/mdi/iconList.json"
    known = {icon["name"] for icon in json.loads(icon_list.read_text())}
    icons = (await async_get_icons(hass, "services", [DOMAIN]))[DOMAIN]
    for action in descriptions:
        icon = icons[action]["service"]
        assert icon.startswith("mdi:"), action
        assert icon.removeprefix("mdi:") in known, (action, icon)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_action_translated(
    hass: HomeAssistant, descriptions: dict[str, dict[str, Any]], language: str
) -> None:
    """Each action and each of its fields has a name and a description."""
    # Loaded without the English fallback that fills gaps of other languages.
    path = Path(__file__).parent.parent / (
        f"custom_components/{DOMAIN}/translations/{language}.json"
    )
    own = json.loads(path.read_text(encoding="utf-8"))["services"]
    strings = await async_get_translations(hass, language, "services", [DOMAIN])
    prefix = f"component.{DOMAIN}.services"
    for action, description in descriptions.items():
        assert own[action]["name"] == strings[f"{prefix}.{action}.name"]
        assert own[action]["description"], action
        assert set(own[action].get("fields", {})) == set(description["fields"])
        for field in description["fields"]:
            assert strings[f"{prefix}.{action}.fields.{field}.name"], field
            assert own[action]["fields"][field]["description"], (action, field)


async def test_every_field_has_a_selector_and_an_example(
    descriptions: dict[str, dict[str, Any]],
) -> None:
    """The UI offers each field with a selector, and shows an example of it.

    A switch (a boolean with its default) or a choice among the lock platforms
    needs no example.
    """
    for action, description in descriptions.items():
        for name, field in description["fields"].items():
            selector = field.get("selector")
            assert selector, (action, name)
            if not {"boolean", "config_entry"} & set(selector):
                assert field.get("example") not in (None, ""), (action, name)
