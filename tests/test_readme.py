"""The README: the sections the quality scale claims, and an example that runs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
import re
import textwrap
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)
import yaml

from custom_components.hotel_lock.const import CONF_APPID, CONF_APPSECRET, DOMAIN
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform
from tests.emulator_fixtures import EmulatorServer

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
QUALITY_SCALE = ROOT / f"custom_components/{DOMAIN}/quality_scale.yaml"
# The README section each documentation rule of the quality scale asks for.
DOCS_SECTIONS = {
    "docs-high-level-description": "# Hotel Lock for Home Assistant",
    "docs-installation-instructions": "## Installation",
    "docs-installation-parameters": "## Installation",
    "docs-configuration-parameters": "### Options",
    "docs-removal-instructions": "## Removal",
    "docs-actions": "## Actions",
    "docs-data-update": "### Data updates",
    "docs-examples": "## Stay ready blueprint",
    "docs-known-limitations": "## Known limitations",
    "docs-supported-devices": "## Supported devices",
    "docs-supported-functions": "## Entities",
    "docs-troubleshooting": "## Troubleshooting",
    "docs-use-cases": "## Use cases",
}
# What a user reads first, in this order; development comes after all of it.
USER_PATH = [
    "## Installation",
    "## Configuration",
    "### Options",
    "### Stays options",
    "### Booking sources",
    "## Entities",
    "### Lock behaviour",
    "## Front desk",
    "## Stays",
    "## Actions",
    "## Stay ready blueprint",
    "## Supported devices",
    "## Use cases",
    "## Known limitations",
    "## Troubleshooting",
    "## Removal",
    "## Development",
]
HEADINGS = re.findall(r"^#+ .*$", README, re.M)


def _status(rule: Any) -> str:
    return str(rule["status"] if isinstance(rule, dict) else rule)


def test_docs_rules_have_their_sections() -> None:
    """Each documentation rule marked done has its section in the README."""
    rules = yaml.safe_load(QUALITY_SCALE.read_text(encoding="utf-8"))["rules"]
    for name, rule in rules.items():
        if name.startswith("docs-") and _status(rule) == "done":
            assert DOCS_SECTIONS[name] in HEADINGS, name


def test_user_path_first() -> None:
    """Installation to removal come in the user's order, development last."""
    positions = [HEADINGS.index(heading) for heading in USER_PATH]
    assert positions == sorted(positions)
    assert "scripts/develop" not in README[: README.index("## Development")]


def _anchor(heading: str) -> str:
    """Return a heading's anchor as GitHub makes it."""
    text = heading.lstrip("#").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def test_links_within_the_readme_resolve() -> None:
    """Every link to a section (``](#...)``) names a heading of the README."""
    headings = re.findall(
        r"^#+ .*$", re.sub(r"```.*?```", "", README, flags=re.S), re.M
    )
    anchors = {_anchor(heading) for heading in headings}
    links = re.findall(r"\]\(#([^)]+)\)", README)
    assert links
    assert sorted(set(links) - anchors) == []


def example(after: str) -> dict[str, Any]:
    """Return the first YAML example of the README after a text."""
    start = README.index(after)
    match = re.search(r"\n *```yaml\n(.*?)\n *```", README[start:], re.S)
    assert match is not None
    return dict(yaml.safe_load(textwrap.dedent(match.group(1))))


@pytest.mark.usefixtures("socket_enabled")
async def test_cleaning_staff_example(
    hass: HomeAssistant, platform: Platform, freezer: FrozenDateTimeFactory
) -> None:
    """The cleaning staff's script, as printed: a PIN per room until 15:00.

    Housekeeping gets each room's PIN, which opens that door until 15:00 and
    not after; the next morning's run replaces it in the same slot.
    """
    freezer.move_to(dt_util.now().replace(hour=8, minute=0, second=0, microsecond=0))
    # The emulator without an access log, which a frozen clock breaks.
    server = EmulatorServer(platform)
    await server.start()
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={
            CONF_URL: server.url,
            CONF_APPID: DEFAULT_APPID,
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: True,
        },
    )
    entry.add_to_hass(hass)
    try:
        assert await hass.config_entries.async_setup(entry.entry_id)
        sent = async_mock_service(hass, "notify", "mobile_app_housekeeping")
        assert await async_setup_component(hass, "script", example("**Cleaning staff"))
        rooms = {
            state.entity_id: state.attributes["friendly_name"]
            for state in hass.states.async_all("lock")
        }

        await hass.services.async_call("script", "cleaning_codes", blocking=True)
        codes = dict(call.data["message"].split(": ") for call in sent)
        assert set(codes) == {"lock.1_101", "lock.1_102", "lock.1_103"}
        for entity_id, code in codes.items():
            rm_id = next(
                rm_id
                for rm_id, room in platform.rooms.items()
                if room.rm_name == rooms[entity_id]
            )
            assert platform.present(rm_id, "pin", code).opens

        freezer.tick(timedelta(hours=7, minutes=1))
        assert not any(
            platform.present(rm_id, "pin", code).opens
            for rm_id in platform.rooms
            for code in codes.values()
        )

        freezer.tick(timedelta(hours=17))
        await hass.services.async_call("script", "cleaning_codes", blocking=True)
        registry = entry.runtime_data.registry
        assert (
            sorted((r.slot, r.name) for r in registry.records())
            == [(1, "Cleaning")] * 3
        )
    finally:
        assert await hass.config_entries.async_unload(entry.entry_id)
        await server.stop()
