"""A code always reaches the door: retries, the fallback, the repair, restarts.

A PIN the gateway refuses is retried with backoff; still not at the door at
the alert horizon (arrival - 12 h), the room gets an offline password for the
same window and a repair issue naming room and guest, which goes away once
the PIN arrives. A lost answer is pushed again into the same slot with the
same PIN; so is a push cut off by a restart. Nothing is issued twice.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.const import DOMAIN, EVENT_STAY_READY
from custom_components.hotel_lock.credential_record import CredentialKind
from custom_components.hotel_lock.stay_model import CredentialState
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform
from tests.stays_common import (
    ENTRY_ID,
    FIRST_RM_ID,
    SECOND_RM_ID,
    day,
    gateway_calls,
    move,
    opens,
    platform_time,
    reload,
)

MINUTE = timedelta(minutes=1)


def _uploads(platform: Platform, rm_id: str = FIRST_RM_ID) -> list[dict[str, Any]]:
    return [
        entry
        for entry in platform.log_dicts()
        if entry["call"] == "GatewayUploadOnline" and entry["fields"]["rm_id"] == rm_id
    ]


async def test_retry_fallback_and_repair(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Gateway offline: retries 1, 2, 4 ... min; at A - 12 h an offline password and a repair."""
    ready = async_capture_events(hass, EVENT_STAY_READY)
    arrival = day(1, 14)
    platform.set_gateway_online(FIRST_RM_ID, False)
    stay = await book.async_create(
        guest="Ms. Li",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=arrival,
        departure=day(3, 12),
    )
    pin = stay.pin or ""
    push = arrival - timedelta(hours=24)
    await move(hass, freezer, push)
    first = next(c for c in stay.credentials if c.room_id == FIRST_RM_ID)
    second = next(c for c in stay.credentials if c.room_id == SECOND_RM_ID)
    assert second.confirmed
    assert (first.state, first.attempts, first.error) == (
        CredentialState.PENDING,
        1,
        "platform_error",
    )
    assert first.retry_at == push + MINUTE
    # Backoff: 1, 2, 4 minutes; nothing in between.
    for wait, attempts in ((1, 2), (3, 3), (7, 4)):
        await move(hass, freezer, push + wait * MINUTE - timedelta(seconds=1))
        assert len(_uploads(platform)) == attempts - 1
        await move(hass, freezer, push + wait * MINUTE)
        assert len(_uploads(platform)) == attempts
    await move(hass, freezer, push + timedelta(hours=10))
    # Capped at 30 minutes: at most 2 tries an hour.
    assert len(_uploads(platform)) <= 4 + 2 * 10
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id)) is None
    assert all(entry["fields"]["m1"] == "1" for entry in _uploads(platform))
    assert {entry["fields"]["pwd"] for entry in _uploads(platform)} == {pin}

    # The alert horizon: an offline password for the same window, a repair.
    await move(hass, freezer, arrival - timedelta(hours=12))
    offline = [f for call, f in gateway_calls(platform) if call == "MakeOffline"]
    assert [(f["rm_id"], f["unValid"]) for f in offline] == [
        (FIRST_RM_ID, platform_time(day(3, 13)))
    ]
    issue = issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id))
    assert issue is not None
    assert issue.translation_key == "code_undelivered"
    assert issue.translation_placeholders == {
        "room": "1-101",
        "guest": "Ms. Li",
        "arrival": "2026-06-02 14:00",
    }
    codes = {(c.room_id, c.kind): c for c in book.codes(stay.stay_id)}
    fallback = codes[FIRST_RM_ID, CredentialKind.OFFLINE_PASSWORD]
    assert fallback.confirmed
    assert not codes[FIRST_RM_ID, CredentialKind.PIN].confirmed
    assert opens(platform, FIRST_RM_ID, "offline_password", fallback.code)
    # Only one fallback, however long it takes.
    await move(hass, freezer, arrival - timedelta(hours=11))
    assert len([c for c, _ in gateway_calls(platform) if c == "MakeOffline"]) == 1

    # Ready with what reached the doors: the offline password and the PIN.
    await move(hass, freezer, arrival - timedelta(hours=1))
    assert len(ready) == 1
    # The gateway back: the PIN arrives at the next retry, the repair goes.
    platform.set_gateway_online(FIRST_RM_ID, True)
    await move(hass, freezer, arrival - timedelta(minutes=30))
    assert first.confirmed
    assert opens(platform, FIRST_RM_ID, "pin", pin)
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id)) is None
    # The guest hears of the PIN that now works too.
    assert len(ready) == 2


def _issue(stay_id: str, rm_id: str = FIRST_RM_ID) -> str:
    return f"code_undelivered_{ENTRY_ID}_{stay_id}_{rm_id}"


async def test_repair_goes_with_the_stay(
    hass: HomeAssistant,
    platform: Platform,
    book: StayBook,
    issue_registry: ir.IssueRegistry,
    stays_entry: MockConfigEntry,
) -> None:
    """A repair outlives a restart, and goes when the stay is checked out."""
    platform.set_gateway_online(FIRST_RM_ID, False)
    stay = await book.async_create(
        guest="Mr. Wang",
        room_ids=[FIRST_RM_ID],
        arrival=day(0, 14),
        departure=day(1, 12),
    )
    # Within the alert horizon from the start: the first failure alerts.
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id))
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue("01STALESTAY00000000000000"),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="code_undelivered",
    )
    book = await reload(hass, stays_entry)
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id))
    assert (
        issue_registry.async_get_issue(DOMAIN, _issue("01STALESTAY00000000000000"))
        is None
    )
    platform.set_gateway_online(FIRST_RM_ID, True)
    await book.async_check_out(stay.stay_id)
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id)) is None
    # A room taken out of a stay takes its repair along.
    platform.set_gateway_online(FIRST_RM_ID, False)
    other = await book.async_create(
        guest="B",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=day(0, 14),
        departure=day(1, 12),
    )
    assert issue_registry.async_get_issue(DOMAIN, _issue(other.stay_id))
    await book.async_update(other.stay_id, room_ids=[SECOND_RM_ID])
    assert issue_registry.async_get_issue(DOMAIN, _issue(other.stay_id)) is None


async def test_repair_raised_again_after_a_restart(
    hass: HomeAssistant,
    platform: Platform,
    book: StayBook,
    issue_registry: ir.IssueRegistry,
    stays_entry: MockConfigEntry,
) -> None:
    """A repair is not persistent: loading the stays raises it again.

    Home Assistant restores a non-persistent issue inactive after a restart;
    the PIN is still not at the door, so the stay book raises it again.
    """
    platform.set_gateway_online(FIRST_RM_ID, False)
    stay = await book.async_create(
        guest="Mr. Wang",
        room_ids=[FIRST_RM_ID],
        arrival=day(0, 14),
        departure=day(1, 12),
    )
    key = (DOMAIN, _issue(stay.stay_id))
    issue = issue_registry.issues[key]
    assert issue.active
    assert not issue.is_persistent
    # What the issue registry makes of it when Home Assistant starts again:
    issue_registry.issues[key] = dataclasses.replace(
        issue, active=False, translation_key=None, translation_placeholders=None
    )
    await reload(hass, stays_entry)
    issue = issue_registry.issues[key]
    assert issue.active
    assert issue.translation_key == "code_undelivered"


async def test_answer_lost_then_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """The answer lost, then a reload: the same slot, the same PIN, nothing doubled."""
    # Another guest's PIN sits in slot 1 of the room.
    other = await book.async_create(
        guest="A",
        room_ids=[SECOND_RM_ID, FIRST_RM_ID],
        arrival=day(0, 9),
        departure=day(1, 9),
    )
    platform.add_fault("GatewayUploadOnline", "http500", times=1, apply=True)
    stay = await book.async_create(
        guest="B", room_ids=[FIRST_RM_ID], arrival=day(2, 9), departure=day(3, 9)
    )
    # Not pushed yet (in 25 h): the fault waits for it.
    await move(hass, freezer, day(1, 9))
    (credential,) = stay.credentials
    assert (credential.state, credential.slot, credential.error) == (
        CredentialState.PENDING,
        2,
        "invalid_response",
    )
    (doubtful,) = [
        r for r in book.desk.credentials(FIRST_RM_ID) if r.name == credential.name
    ]
    assert (doubtful.slot, doubtful.confirmed) == (2, False)
    assert platform.room(FIRST_RM_ID).pins[2].pwd == stay.pin  # carried out

    book = await reload(hass, stays_entry)
    stay = book.get(stay.stay_id)
    await move(hass, freezer, day(1, 9) + MINUTE)
    (credential,) = stay.credentials
    assert (credential.state, credential.slot) == (CredentialState.CONFIRMED, 2)
    uploads = _uploads(platform)
    assert [(u["fields"]["m1"], u["fields"]["pwd"]) for u in uploads[-2:]] == [
        ("2", stay.pin),
        ("2", stay.pin),
    ]
    records = [r for r in book.desk.credentials(FIRST_RM_ID) if r.kind == "pin"]
    assert sorted((r.slot, r.confirmed) for r in records) == [(1, True), (2, True)]
    assert sorted(platform.room(FIRST_RM_ID).pins) == [1, 2]
    assert other.stay_id in {s.stay_id for s in book.stays(include_ended=True)}


async def test_restart_in_the_middle_of_a_push(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """Stopped while the push is out, then reloaded: pushed again, same slot and PIN."""
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(2, 9), departure=day(3, 9)
    )
    client = stays_entry.runtime_data.coordinator.client
    reached = asyncio.Event()
    upload = client.gateway_upload_online

    async def hanging_upload(*args: Any) -> Any:
        await upload(*args)  # carried out at the lock, the answer never comes
        reached.set()
        await asyncio.Event().wait()

    with patch.object(client, "gateway_upload_online", hanging_upload):
        freezer.move_to(day(1, 9))
        task = hass.async_create_task(book.async_run_pass())
        await reached.wait()
        task.cancel()
        await asyncio.sleep(0)
    book = await reload(hass, stays_entry)
    stay = book.get(stay.stay_id)
    (credential,) = stay.credentials
    assert credential.confirmed
    uploads = _uploads(platform)
    assert [(u["fields"]["m1"], u["fields"]["pwd"]) for u in uploads] == [
        ("1", stay.pin),
        ("1", stay.pin),
    ]
    (record,) = book.desk.credentials(FIRST_RM_ID)
    assert (record.slot, record.confirmed, record.name) == (1, True, credential.name)


async def test_offline_password_made_before_a_restart_is_kept(
    hass: HomeAssistant,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """Made and recorded, but the stay not saved: the same password, not a second."""
    stay = await book.async_create(
        guest="A",
        room_ids=[FIRST_RM_ID],
        arrival=day(2, 9),
        departure=day(3, 9),
        kinds=["offline_password"],
    )
    desk = stays_entry.runtime_data.desk
    (credential,) = stay.credentials
    made = await desk.async_generate_offline_password(
        FIRST_RM_ID, valid_until=credential.valid_until, name=credential.name
    )
    book = await reload(hass, stays_entry)
    await book.async_update(stay.stay_id, arrival=day(0, 9))
    (code,) = book.codes(stay.stay_id)
    assert code.code == made.secret
    assert len([c for c, _ in gateway_calls(platform) if c == "MakeOffline"]) == 1


async def test_offline_password_refused_is_retried(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """The platform refuses to make an offline password: made at the next try."""
    platform.add_fault("MakeOffline", "error", msg="busy", times=1)
    stay = await book.async_create(
        guest="A",
        room_ids=[FIRST_RM_ID],
        arrival=day(0, 14),
        departure=day(1, 12),
        kinds=["offline_password"],
    )
    (credential,) = stay.credentials
    assert (credential.state, credential.error) == (
        CredentialState.PENDING,
        "platform_error",
    )
    assert book.codes(stay.stay_id) == []
    await move(hass, freezer, day(0, 8) + MINUTE)
    (code,) = book.codes(stay.stay_id)
    assert opens(platform, FIRST_RM_ID, "offline_password", code.code)


async def test_never_delivered_until_the_end(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A gateway offline for the whole stay: the repair goes when the stay is over."""
    platform.set_gateway_online(FIRST_RM_ID, False)
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 9), departure=day(0, 20)
    )
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id))
    # No pushes after departure.
    await move(hass, freezer, day(0, 20))
    tries = len(_uploads(platform))
    await move(hass, freezer, day(0, 20, 50))
    assert len(_uploads(platform)) == tries
    await move(hass, freezer, day(0, 21))
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id)) is None
    assert stay.wiped


async def test_shortened_stay_revokes_the_old_password_until_it_expires(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """The old offline password's revocation outlives the stay, until its expiry."""
    stay = await book.async_create(
        guest="A",
        room_ids=[FIRST_RM_ID],
        arrival=day(0, 9),
        departure=day(3, 12),
        kinds=["offline_password"],
    )
    (old,) = book.codes(stay.stay_id)
    platform.set_gateway_online(FIRST_RM_ID, False)
    await book.async_update(stay.stay_id, departure=day(1, 12))
    (new,) = book.codes(stay.stay_id)
    assert new.code != old.code
    await move(hass, freezer, day(1, 13))  # over: wiped, the old one still to go
    assert stay.wiped
    (revoking,) = stay.credentials
    assert (revoking.state, revoking.secret) == (CredentialState.REVOKING, None)
    await move(hass, freezer, day(3, 13) + MINUTE)  # the old one expired by itself
    assert stay.credentials == []
    assert not opens(platform, FIRST_RM_ID, "offline_password", old.code)


async def test_room_answering_again_retries_at_once(
    hass: HomeAssistant,
    platform: Platform,
    book: StayBook,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A gateway call that succeeds for a room retries what failed there, at once.

    An unlock brings a PIN that did not arrive; another credential pushed to
    the room brings a revocation that did not go. No time passes.
    """
    platform.set_gateway_online(FIRST_RM_ID, False)
    # Arriving in an hour, inside the alert horizon: alerted at the first failure.
    stay = await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(0, 9), departure=day(2, 12)
    )
    (pin,) = [c for c in stay.credentials if c.kind is CredentialKind.PIN]
    assert (pin.state, pin.attempts) == (CredentialState.PENDING, 1)
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id)) is not None
    unlock = {"entity_id": "lock.1_101"}
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call("lock", "unlock", unlock, blocking=True)
    await hass.async_block_till_done()
    assert len(_uploads(platform)) == 1

    platform.set_gateway_online(FIRST_RM_ID, True)
    await hass.services.async_call("lock", "unlock", unlock, blocking=True)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert pin.confirmed
    assert [e["code"] for e in _uploads(platform)] == [0, 1]
    assert opens(platform, FIRST_RM_ID, "pin", stay.pin or "")
    assert issue_registry.async_get_issue(DOMAIN, _issue(stay.stay_id)) is None

    code = stay.pin or ""
    platform.set_gateway_online(FIRST_RM_ID, False)
    await book.async_check_out(stay.stay_id)
    assert opens(platform, FIRST_RM_ID, "pin", code)
    platform.set_gateway_online(FIRST_RM_ID, True)
    await book.desk.async_set_pin(
        FIRST_RM_ID, valid_until=day(1, 12), pin="135790", name="Cleaning"
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not opens(platform, FIRST_RM_ID, "pin", code)
    assert stay.credentials == []
