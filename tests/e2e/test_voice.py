"""Voice: Assist's built-in sentences open a room's door (English and Chinese)."""

from __future__ import annotations

import pytest

from .conftest import Stack

pytestmark = pytest.mark.e2e


def _say(stack: Stack, text: str, language: str) -> dict:
    answer = stack.api.post(
        "/api/conversation/process", {"text": text, "language": language}
    )
    response = answer["response"]
    assert response["response_type"] == "action_done", answer
    return response


@pytest.mark.usefixtures("socket_enabled")
def test_unlock_by_voice(e2e_stack: Stack) -> None:
    """'unlock 1-101' sends GatewayOpen for exactly that room."""
    since = len(e2e_stack.emulator.log())

    response = _say(e2e_stack, "unlock 1-101", "en")

    assert [t["id"] for t in response["data"]["success"]] == ["lock.1_101"]
    assert e2e_stack.opened_rooms(since) == [e2e_stack.rooms["1-101"]]


@pytest.mark.parametrize(
    ("language", "sentence", "room", "speech"),
    [
        # Home Assistant's own Chinese sentences (home-assistant-intents):
        # zh-CN "(打开|解锁){name}[的][锁]", zh-TW and zh-HK "解鎖{name}".
        ("zh-CN", "解锁1-103", "1-103", "1-103已解锁"),
        ("zh-CN", "把1-104的锁打开", "1-104", "1-104已解锁"),
        ("zh-Hans", "解锁1-105", "1-105", "1-105已解锁"),
        ("zh-TW", "解鎖1-106", "1-106", "1-106已解鎖"),
        ("zh-Hant", "解鎖1-107", "1-107", "1-107已解鎖"),
        ("zh-HK", "解鎖1-108", "1-108", "1-108已解鎖"),
    ],
)
@pytest.mark.usefixtures("socket_enabled")
def test_unlock_by_voice_in_chinese(
    e2e_stack: Stack, language: str, sentence: str, room: str, speech: str
) -> None:
    """The Chinese agent languages unlock the named room and answer in Chinese."""
    since = len(e2e_stack.emulator.log())

    response = _say(e2e_stack, sentence, language)

    assert response["speech"]["plain"]["speech"] == speech
    assert e2e_stack.opened_rooms(since) == [e2e_stack.rooms[room]]


@pytest.mark.usefixtures("socket_enabled")
def test_unexposed_lock_is_not_opened_by_voice(e2e_stack: Stack) -> None:
    """A lock that is not exposed to Assist stays shut whatever is said."""
    e2e_stack.api.ws(
        {
            "type": "homeassistant/expose_entity",
            "assistants": ["conversation"],
            "entity_ids": ["lock.1_110"],
            "should_expose": False,
        }
    )
    since = len(e2e_stack.emulator.log())

    answer = e2e_stack.api.post(
        "/api/conversation/process", {"text": "unlock 1-110", "language": "en"}
    )

    assert answer["response"]["response_type"] == "error", answer
    assert e2e_stack.opened_rooms(since) == []
