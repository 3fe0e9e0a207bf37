"""Lost answers: the credential actions when the platform's answer goes missing.

The emulator carries the call out and then loses or garbles its answer
(``apply=True``), or garbles it without carrying it out. The registry must
then neither claim a credential is at the lock nor that it is gone: it keeps
an unconfirmed record, which a later call settles.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.credential_record import (
    CredentialKind,
    CredentialRecord,
)
from custom_components.hotel_lock.platform_answers import ClearedCard
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.services_common import JPEG_B64, TEMPLATE, act, at, text, tomorrow

pytestmark = pytest.mark.usefixtures("init_integration")


async def records(
    hass: HomeAssistant, entry: MockConfigEntry
) -> list[CredentialRecord]:
    """Return the registry's records of an entry."""
    return entry.runtime_data.registry.records()


def opens(platform: Platform, kind: str, value: str | int) -> bool:
    """Present a credential at the first room's door."""
    return platform.present(FIRST_RM_ID, kind, value).opens


async def listed(hass: HomeAssistant) -> list[dict[str, Any]]:
    """Return what list_credentials shows for the first room."""
    response = await act(hass, "list_credentials", {"entity_id": FIRST_LOCK})
    credentials: list[dict[str, Any]] = response["credentials"]
    return credentials


async def lost(
    hass: HomeAssistant, platform: Platform, call: str, service: str, **data: Any
) -> None:
    """Run an action whose answer the platform loses after carrying it out."""
    platform.add_fault(call, "http500", times=1, apply=True)
    with pytest.raises(HomeAssistantError) as err:
        await act(hass, service, {"entity_id": FIRST_LOCK, **data})
    assert err.value.translation_key == "invalid_response"


# ------------------------------------------------------------- every clear


@dataclass(frozen=True)
class Clear:
    """A credential, the clear that removes it, and how the door shows it."""

    service: str
    call: str
    kind: CredentialKind
    issue: Callable[[HomeAssistant], Awaitable[Any]]
    data: dict[str, Any]
    door: Callable[[Platform, Any], bool]


async def _set(hass: HomeAssistant, service: str, **data: Any) -> Any:
    return await act(
        hass,
        service,
        {"entity_id": FIRST_LOCK, "valid_until": tomorrow(), "name": "Kai", **data},
    )


CLEARS = [
    Clear(
        "clear_pin",
        "GatewayStopOnline",
        CredentialKind.PIN,
        lambda hass: _set(hass, "set_pin", pin="20481024"),
        {"name": "Kai"},
        lambda platform, _: opens(platform, "pin", "20481024"),
    ),
    Clear(
        "clear_face",
        "GatewayStopFace",
        CredentialKind.FACE,
        lambda hass: _set(hass, "set_face", image=JPEG_B64),
        {"slot": 1},
        lambda platform, _: opens(platform, "face_slot", 1),
    ),
    Clear(
        "clear_fingerprint",
        "GatewayStopFinger",
        CredentialKind.FINGERPRINT,
        lambda hass: _set(hass, "set_fingerprint", template=TEMPLATE),
        {"name": "Kai"},
        lambda platform, _: opens(platform, "fingerprint_slot", 1),
    ),
    Clear(
        "revoke_offline_password",
        "GatewayStopOffline",
        CredentialKind.OFFLINE_PASSWORD,
        lambda hass: _set(hass, "generate_offline_password"),
        {"name": "Kai"},
        lambda platform, issued: opens(
            platform, "offline_password", issued["password"]
        ),
    ),
    Clear(
        "clear_card",
        "ClearRoomCard",
        CredentialKind.CARD,
        lambda hass: _set(hass, "issue_card"),
        {},
        lambda platform, issued: opens(platform, "card_id", issued["card_id"]),
    ),
]


@pytest.mark.parametrize("clear", CLEARS, ids=[clear.service for clear in CLEARS])
async def test_lost_answer_to_a_clear_unconfirms_its_record(
    hass: HomeAssistant,
    platform: Platform,
    init_integration: MockConfigEntry,
    clear: Clear,
) -> None:
    """Carried out, its answer lost: the record stays, no longer confirmed."""
    issued = await clear.issue(hass)
    assert clear.door(platform, issued)
    (before,) = await records(hass, init_integration)
    assert before.confirmed

    await lost(hass, platform, clear.call, clear.service, **clear.data)

    assert not clear.door(platform, issued)  # the platform did clear it
    (after,) = await records(hass, init_integration)
    assert after.kind is clear.kind
    assert not after.confirmed
    assert after == replace(before, confirmed=False)
    assert [item["confirmed"] for item in await listed(hass)] == [False]


async def test_lost_answer_to_clear_card_by_id(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Cleared by its ID, a card whose answer was lost stays, unconfirmed."""
    card_id = (await _set(hass, "issue_card"))["card_id"]
    platform.add_fault("ClearRoomCard", "malformed_json", times=1, apply=True)
    with pytest.raises(HomeAssistantError):
        await act(hass, "clear_card", {"card_id": card_id})
    assert not opens(platform, "card_id", card_id)
    (record,) = await records(hass, init_integration)
    assert (record.card_id, record.confirmed) == (card_id, False)
    # Reading the card, now blank, settles it: the record goes.
    await act(hass, "read_card", {})
    assert await records(hass, init_integration) == []


# -------------------------------------------------------------------- cards


async def test_lost_answer_to_issue_card_then_read(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A card perhaps written is recorded; reading it gives it its ID."""
    start, until = at(), at(days=2)
    await lost(
        hass,
        platform,
        "MarkRoomCard",
        "issue_card",
        authorized_at=text(start),
        valid_until=text(until),
        name="Lu",
    )
    assert platform.encoder is not None
    card_id = platform.encoder.card_id
    assert opens(platform, "card_id", card_id)  # the card was written
    (record,) = await records(hass, init_integration)
    assert record == CredentialRecord(
        room_id=FIRST_RM_ID,
        kind=CredentialKind.CARD,
        name="Lu",
        valid_from=start,
        valid_until=until,
        created=record.created,
        card_id=None,
        confirmed=False,
    )
    (item,) = await listed(hass)
    assert (item["kind"], item["card_id"], item["confirmed"]) == ("card", None, False)
    assert item["valid_until"] == until.isoformat()

    read = await act(hass, "read_card", {})
    assert read["card_id"] == card_id
    (record,) = await records(hass, init_integration)
    assert (record.card_id, record.confirmed, record.name) == (card_id, True, "Lu")
    (item,) = await listed(hass)
    assert (item["card_id"], item["confirmed"]) == (card_id, True)

    # Known by its ID now, it is cleared like any card.
    cleared = await act(hass, "clear_card", {"card_id": card_id})
    assert cleared["card_id"] == card_id
    assert not opens(platform, "card_id", card_id)
    assert await records(hass, init_integration) == []


async def test_read_card_settles_only_its_own_record(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Another card, or another validity, leaves the unconfirmed record alone."""
    await lost(hass, platform, "MarkRoomCard", "issue_card", valid_until=tomorrow())
    # The same card written again for the room with another validity: the
    # record of the lost answer no longer describes it.
    until = at(days=3)
    card_id = (await _set(hass, "issue_card", valid_until=text(until)))["card_id"]
    await act(hass, "read_card", {})
    pending, issued = sorted(
        await records(hass, init_integration), key=lambda r: r.card_id or ""
    )
    assert (pending.card_id, pending.confirmed) == (None, False)
    assert (issued.card_id, issued.confirmed) == (card_id, True)
    # A card not written at all (not carried out) cannot be read into it.
    platform.put_card()
    platform.add_fault("MarkRoomCard", "html", times=1)
    with pytest.raises(HomeAssistantError):
        await _set(hass, "issue_card", valid_until=text(until))
    assert platform.encoder is not None
    assert platform.encoder.rm_id is None
    read = await act(hass, "read_card", {})
    assert read["room"] is None
    assert [r.card_id for r in await records(hass, init_integration)].count(None) == 2


async def test_clear_of_an_unknown_card_settles_the_lost_issue(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Clearing the room's card the registry did not know removes the record."""
    await lost(hass, platform, "MarkRoomCard", "issue_card", valid_until=tomorrow())
    assert len(await records(hass, init_integration)) == 1
    assert platform.encoder is not None
    card_id = platform.encoder.card_id
    cleared = await act(hass, "clear_card", {"entity_id": FIRST_LOCK})
    assert cleared["card_id"] == card_id
    assert not opens(platform, "card_id", card_id)
    assert await records(hass, init_integration) == []


async def test_lost_answer_to_clear_card_by_room(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Cleared by room, the card is unknown: all the room's cards turn unconfirmed."""
    first = (await _set(hass, "issue_card"))["card_id"]
    platform.put_card()
    second = (await _set(hass, "issue_card", name="Mo"))["card_id"]
    platform.add_fault("ClearRoomCard", "missing_fields", times=1)  # not carried out
    with pytest.raises(HomeAssistantError):
        await act(hass, "clear_card", {"entity_id": FIRST_LOCK})
    assert {
        (r.card_id, r.confirmed) for r in await records(hass, init_integration)
    } == {
        (first, False),
        (second, False),
    }
    # Read as it is (still written), the card on the encoder is confirmed again.
    await act(hass, "read_card", {})
    assert {
        (r.card_id, r.confirmed) for r in await records(hass, init_integration)
    } == {
        (first, False),
        (second, True),
    }
    # The next clear settles the card it clears.
    await act(hass, "clear_card", {"entity_id": FIRST_LOCK})
    assert [
        (r.card_id, r.confirmed) for r in await records(hass, init_integration)
    ] == [(first, False)]


async def test_clear_answer_without_card_id(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """An answer that names no card leaves the room's cards unconfirmed."""
    card_id = (await _set(hass, "issue_card"))["card_id"]
    coordinator = init_integration.runtime_data.coordinator
    with patch.object(
        coordinator.client,
        "clear_room_card",
        AsyncMock(return_value=ClearedCard(card_id="", rm_id=FIRST_RM_ID)),
    ):
        cleared = await act(hass, "clear_card", {"entity_id": FIRST_LOCK})
    assert cleared["card_id"] is None
    assert cleared["room"]["room_id"] == FIRST_RM_ID
    (record,) = await records(hass, init_integration)
    assert (record.card_id, record.confirmed) == (card_id, False)


async def test_clear_card_takes_the_room_lock(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A clear, by room or by a known card's ID, runs under its room's lock."""
    room_lock = init_integration.runtime_data.desk.room_lock(FIRST_RM_ID)
    coordinator = init_integration.runtime_data.coordinator
    original = coordinator.async_call
    locked: list[bool] = []

    async def spy(*args: Any, **kwargs: Any) -> Any:
        locked.append(room_lock.locked())
        return await original(*args, **kwargs)

    first = (await _set(hass, "issue_card"))["card_id"]
    platform.put_card()
    await _set(hass, "issue_card")
    with patch.object(coordinator, "async_call", spy):
        await act(hass, "clear_card", {"entity_id": FIRST_LOCK})
        platform.put_card(first)
        await act(hass, "clear_card", {"card_id": first})
    assert locked == [True, True]
    assert not room_lock.locked()
