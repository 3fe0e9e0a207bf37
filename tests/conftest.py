"""Shared fixtures for the Hotel Lock tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest.mock import PropertyMock, patch

from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from xdist.scheduler import LoadFileScheduling

from custom_components.hotel_lock.const import CONF_APPID, CONF_APPSECRET, DOMAIN
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET

pytest_plugins = ["tests.emulator_fixtures", "tests.stays_common"]


class E2EAsOneFile(LoadFileScheduling):
    """Whole test files to each worker; all end-to-end tests as one file.

    The end-to-end tests share one Home Assistant and one emulator process
    (a package-scoped fixture). Spread over two workers, or interleaved with
    other files on one, that stack would be started more than once.
    """

    def _split_scope(self, nodeid: str) -> str:
        scope: str = super()._split_scope(nodeid)
        return "tests/e2e" if scope.startswith("tests/e2e/") else scope


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> E2EAsOneFile:
    """Schedule the workers' tests (``--dist loadfile``) as ``E2EAsOneFile``."""
    return E2EAsOneFile(config, log)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Enable the entities that are disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


# The first room of the emulator's default seed, and its lock's entity.
FIRST_RM_ID = "775032240849920"
FIRST_LOCK = "lock.1_101"
ENTRY_ID = "01JHOTELLOCKENTRY000000000"


@pytest.fixture
def mock_config_entry(platform_url: str) -> MockConfigEntry:
    """Return a config entry for the in-process emulator (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Hotel Lock",
        entry_id=ENTRY_ID,
        unique_id=DEFAULT_APPID,
        minor_version=2,
        data={
            CONF_URL: platform_url,
            CONF_APPID: DEFAULT_APPID,
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: True,
        },
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the integration against the in-process emulator."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry
