"""The credential events in the logbook: described, never with a secret."""

from __future__ import annotations

from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.const import (
    DOMAIN,
    EVENT_CREDENTIAL_CHANGED,
    EVENT_STAY_CONFIRMED,
    EVENT_STAY_READY,
)
from custom_components.hotel_lock.logbook import describe_change
from custom_components.hotel_lock.stay_services import STAY_ACTIONS
from tests.conftest import FIRST_LOCK
from tests.services_common import act, at, describe, text


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "PIN set in slot 1 (Ann), valid until {until}"),
        ("zh-Hans", "已下发门锁密码，序号 1（Ann），有效期至 {until}"),
        ("zh-Hant", "已下發門鎖密碼，序號 1（Ann），有效期限至 {until}"),
        # A language without a translation gets English.
        ("de", "PIN set in slot 1 (Ann), valid until {until}"),
    ],
)
async def test_event_described(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    language: str,
    message: str,
) -> None:
    """A set_pin leaves an event the logbook shows on the room's lock.

    The text is in Home Assistant's language, and never holds the PIN.
    """
    hass.config.language = language
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    until = at(days=1)
    await act(
        hass,
        "set_pin",
        {
            "entity_id": FIRST_LOCK,
            "pin": "246802",
            "valid_until": text(until),
            "name": "Ann",
        },
    )
    entry = await describe(hass, events[0])
    assert entry == {
        LOGBOOK_ENTRY_NAME: "1-101",
        LOGBOOK_ENTRY_MESSAGE: message.format(until=f"{until:%Y-%m-%d %H:%M}"),
        LOGBOOK_ENTRY_ENTITY_ID: FIRST_LOCK,
    }
    assert "246802" not in repr(entry)


async def test_language_switched_later(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The logbook follows a change of language, English until it is loaded."""
    event = Event(
        EVENT_CREDENTIAL_CHANGED,
        {"action": "clear_pin", "slot": 2, "room_name": "1-101"},
    )
    # Switched, but the strings of the new language are not loaded (no test
    # loads Dutch into the session's shared translation cache).
    hass.config.language = "nl"
    assert (await describe(hass, event))[LOGBOOK_ENTRY_MESSAGE] == (
        "PIN cleared in slot 2"
    )
    await hass.config.async_update(language="zh-Hans")
    await hass.async_block_till_done()
    assert (await describe(hass, event))[LOGBOOK_ENTRY_MESSAGE] == (
        "已停用门锁密码，序号 2"
    )


async def test_logbook_platform_loads(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The logbook integration picks up the description."""
    hass.config.components.add("recorder")
    assert await async_setup_component(hass, "logbook", {})
    await hass.async_block_till_done()
    external = hass.data["logbook"].external_events
    assert EVENT_CREDENTIAL_CHANGED in external
    assert EVENT_STAY_READY in external
    assert EVENT_STAY_CONFIRMED in external


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "PIN cleared in slot 3",
                "key card issued 03F56240 (Bo)",
                "offline password revoked",
                "something else",
                "face set in slot 1",
            ],
        ),
        (
            "zh-Hans",
            [
                "已停用门锁密码，序号 3",
                "已发卡，卡号 03F56240（Bo）",
                "已停用离线密码",
                "something else",
                "已下发人脸，序号 1",
            ],
        ),
        (
            "zh-Hant",
            [
                "已停用門鎖密碼，序號 3",
                "已發卡，卡號 03F56240（Bo）",
                "已停用離線密碼",
                "something else",
                "已下發人臉，序號 1",
            ],
        ),
    ],
)
async def test_messages(
    hass: HomeAssistant, language: str, expected: list[str]
) -> None:
    """Every kind of change reads well in each language."""
    texts = await async_get_translations(hass, language, "common", [DOMAIN])
    changes: list[dict[str, Any]] = [
        {"action": "clear_pin", "slot": 3},
        {"action": "issue_card", "card_id": "03F56240", "name": "Bo"},
        {"action": "revoke_offline_password"},
        {"action": "something_else"},
        {"action": "set_face", "slot": 1, "valid_until": "bad"},
    ]
    assert [describe_change(texts, change) for change in changes] == expected


async def test_every_action_described(hass: HomeAssistant) -> None:
    """Each credential action has its own logbook text in every language."""
    await async_setup_component(hass, DOMAIN, {})
    actions = hass.services.async_services_for_domain(DOMAIN)
    for language in ("en", "zh-Hans", "zh-Hant"):
        texts = await async_get_translations(hass, language, "common", [DOMAIN])
        described = {
            action
            for action in actions
            if f"component.{DOMAIN}.common.logbook_{action}" in texts
        }
        # Reading a card or the list changes nothing: no event, no text. The
        # stay actions are not credential actions: the desk's events of the
        # credentials they issue are described.
        assert described == set(actions) - {"read_card", "list_credentials"} - set(
            STAY_ACTIONS
        )
