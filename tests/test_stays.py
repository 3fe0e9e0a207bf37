"""The stay book's lifecycle, against the emulator under a frozen clock.

A stay is pushed at arrival - lead time with the lock-side expiry departure +
margin, announced ready at arrival - margin (never earlier), left alone at
departure and wiped at departure + margin; check-out and cancellation revoke
at once. The options are the defaults: lead time 24 h, margin 60 min, alert
horizon 12 h, a 6-digit PIN per stay.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.hotel_lock.const import (
    EVENT_STAY_CONFIRMED,
    EVENT_STAY_READY,
)
from custom_components.hotel_lock.credential_record import CredentialKind
from custom_components.hotel_lock.stay_model import (
    CredentialState,
    StaySource,
    StayStatus,
    stays_storage_key,
)
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

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


async def test_stay_from_push_to_wipe(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    hass_storage: dict[str, Any],
) -> None:
    """Pushed at A - 24 h to every room, ready at A - 1 h, nothing at D, wiped at D + 1 h."""
    ready = async_capture_events(hass, EVENT_STAY_READY)
    confirmed = async_capture_events(hass, EVENT_STAY_CONFIRMED)
    arrival, departure = day(3, 14), day(5, 12)
    context = Context()
    stay = await book.async_create(
        guest="Ms. Li",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=arrival,
        departure=departure,
        context=context,
    )
    pin = stay.pin
    assert pin is not None
    assert len(pin) == 6
    assert stay.source is StaySource.DESK
    assert gateway_calls(platform) == []
    # Saved before anything is sent: the stay and its PIN.
    stored = hass_storage[stays_storage_key(ENTRY_ID)]["data"]["stays"]
    assert [(s["stay_id"], s["pin"]) for s in stored] == [(stay.stay_id, pin)]
    assert [(c.room_id, c.code, c.confirmed) for c in book.codes(stay.stay_id)] == [
        (FIRST_RM_ID, pin, False),
        (SECOND_RM_ID, pin, False),
    ]

    await move(hass, freezer, arrival - timedelta(hours=24) - MINUTE)
    assert gateway_calls(platform) == []
    await move(hass, freezer, arrival - timedelta(hours=24))
    uploads = gateway_calls(platform)
    assert sorted(
        (f["rm_id"], f["m1"], f["pwd"], f["unValid"]) for _, f in uploads
    ) == [
        (FIRST_RM_ID, "1", pin, platform_time(departure + HOUR)),
        (SECOND_RM_ID, "1", pin, platform_time(departure + HOUR)),
    ]
    assert opens(platform, FIRST_RM_ID, "pin", pin)
    assert opens(platform, SECOND_RM_ID, "pin", pin)
    assert sorted(e.data["room_id"] for e in confirmed) == [FIRST_RM_ID, SECOND_RM_ID]
    assert confirmed[0].data["kind"] == "pin"
    assert confirmed[0].data["stay_id"] == stay.stay_id
    assert pin not in repr([e.data for e in confirmed])
    assert all(c.confirmed for c in book.codes(stay.stay_id))

    # Ready at A - margin, never earlier.
    await move(hass, freezer, arrival - HOUR - MINUTE)
    assert ready == []
    assert book.status(stay) is StayStatus.UPCOMING
    await move(hass, freezer, arrival - HOUR)
    (event,) = ready
    assert event.data == {
        "config_entry_id": ENTRY_ID,
        "stay_id": stay.stay_id,
        "room_ids": [FIRST_RM_ID, SECOND_RM_ID],
        "room_names": ["1-101", "1-102"],
        "arrival": arrival.isoformat(),
        "departure": departure.isoformat(),
    }
    assert book.status(stay) is StayStatus.READY
    await move(hass, freezer, arrival)
    assert book.status(stay) is StayStatus.IN_PROGRESS

    # At departure nothing is sent: the lock's own expiry ends the PIN.
    sent = len(gateway_calls(platform))
    await move(hass, freezer, departure)
    assert len(gateway_calls(platform)) == sent
    assert book.status(stay) is StayStatus.ENDED
    assert opens(platform, FIRST_RM_ID, "pin", pin)
    await move(hass, freezer, departure + HOUR + timedelta(seconds=1))
    assert not opens(platform, FIRST_RM_ID, "pin", pin)
    assert len(gateway_calls(platform)) == sent
    with pytest.raises(ServiceValidationError) as err:
        book.codes(stay.stay_id)
    assert err.value.translation_key == "stay_codes_gone"
    stored = hass_storage[stays_storage_key(ENTRY_ID)]["data"]["stays"]
    assert stored[0]["pin"] is None
    assert pin not in repr(stored)
    assert len(ready) == 1
    # Kept on the calendar for a while, then forgotten.
    assert book.stays(include_ended=True) == [stay]
    assert book.stays() == []
    await move(hass, freezer, departure + timedelta(days=31))
    assert book.stays(include_ended=True) == []


async def test_stay_inside_lead_time_is_pushed_at_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Arriving in 3 hours: pushed while it is made, ready only at A - 1 h."""
    ready = async_capture_events(hass, EVENT_STAY_READY)
    arrival = day(0, 11)
    stay = await book.async_create(
        guest="Mr. Wang", room_ids=[FIRST_RM_ID], arrival=arrival, departure=day(1, 11)
    )
    assert [call for call, _ in gateway_calls(platform)] == ["GatewayUploadOnline"]
    assert stay.credentials[0].confirmed
    await hass.async_block_till_done()
    assert ready == []
    await move(hass, freezer, arrival - HOUR)
    assert len(ready) == 1


async def test_stay_already_begun_is_ready_at_once(
    hass: HomeAssistant, platform: Platform, book: StayBook
) -> None:
    """A guest already in the room: pushed and ready while it is made."""
    ready = async_capture_events(hass, EVENT_STAY_READY)
    stay = await book.async_create(
        guest="Walk-in",
        room_ids=[FIRST_RM_ID],
        arrival=day(0, 7),
        departure=day(1, 12),
        pin_length=8,
    )
    assert stay.pin is not None
    assert len(stay.pin) == 8
    assert [e.data["stay_id"] for e in ready] == [stay.stay_id]
    assert book.status(stay) is StayStatus.IN_PROGRESS
    assert opens(platform, FIRST_RM_ID, "pin", stay.pin)


async def test_offline_passwords(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """Offline passwords only: one per room, made at the push time."""
    stay = await book.async_create(
        guest="Ms. Chen",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=day(2, 14),
        departure=day(3, 12),
        kinds=["offline_password"],
    )
    assert stay.pin is None
    assert book.codes(stay.stay_id) == []
    await move(hass, freezer, day(1, 14))
    calls = gateway_calls(platform)
    assert sorted((call, f["rm_id"], f["unValid"]) for call, f in calls) == [
        ("MakeOffline", FIRST_RM_ID, platform_time(day(3, 13))),
        ("MakeOffline", SECOND_RM_ID, platform_time(day(3, 13))),
    ]
    codes = book.codes(stay.stay_id)
    assert [(c.room_id, c.kind) for c in codes] == [
        (FIRST_RM_ID, CredentialKind.OFFLINE_PASSWORD),
        (SECOND_RM_ID, CredentialKind.OFFLINE_PASSWORD),
    ]
    for code in codes:
        assert code.confirmed
        assert opens(platform, code.room_id, "offline_password", code.code)


async def test_restart_keeps_stays_and_their_times(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """Reloaded before the push time: the stay is kept and pushed on time, once."""
    stay = await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(2, 14), departure=day(4, 12)
    )
    book = await reload(hass, stays_entry)
    (kept,) = book.stays()
    assert (kept.stay_id, kept.pin, kept.arrival) == (
        stay.stay_id,
        stay.pin,
        stay.arrival,
    )
    assert gateway_calls(platform) == []
    await move(hass, freezer, day(1, 14))
    book = await reload(hass, stays_entry)
    await move(hass, freezer, day(1, 15))
    assert [call for call, _ in gateway_calls(platform)] == ["GatewayUploadOnline"]
    assert book.get(stay.stay_id).credentials[0].confirmed


async def test_listeners_hear_of_changes(
    book: StayBook, freezer: FrozenDateTimeFactory, hass: HomeAssistant
) -> None:
    """Every listener hears of a change; a room's listeners of their room only."""
    heard: list[str] = []
    remove_all = book.async_add_listener(lambda: heard.append("all"))
    book.async_add_listener(lambda: heard.append("first"), room_id=FIRST_RM_ID)
    book.async_add_listener(lambda: heard.append("second"), room_id=SECOND_RM_ID)
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(3, 14), departure=day(4, 12)
    )
    assert heard == ["all", "first"]
    heard.clear()
    await book.async_update(stay.stay_id, room_ids=[SECOND_RM_ID])
    assert sorted(heard) == ["all", "first", "second"]
    heard.clear()
    remove_all()
    await move(hass, freezer, day(3, 14))  # the arrival: the room's sensors change
    assert heard == ["second"]


async def test_card_window(book: StayBook) -> None:
    """Every card of a stay carries its one authorization time; until D + margin."""
    stay = await book.async_create(
        guest="A",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=day(0, 14),
        departure=day(2, 12),
    )
    first = await book.async_card_window(stay.stay_id, FIRST_RM_ID)
    again = await book.async_card_window(stay.stay_id, SECOND_RM_ID)
    assert first == again == (day(0, 8), day(2, 13))
    assert book.get(stay.stay_id).card_authorized_at == day(0, 8)
    with pytest.raises(ServiceValidationError) as err:
        await book.async_card_window(stay.stay_id, "775032240955392")
    assert err.value.translation_key == "room_not_in_stay"


async def test_pin_state_kept_in_storage(
    book: StayBook, hass_storage: dict[str, Any]
) -> None:
    """Storage holds each credential's state, slot and expiry."""
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(2, 12)
    )
    (stored,) = hass_storage[stays_storage_key(ENTRY_ID)]["data"]["stays"]
    (credential,) = stored["credentials"]
    assert credential["state"] == CredentialState.CONFIRMED
    assert credential["slot"] == 1
    assert credential["name"] == f"Stay {stay.stay_id}"
    assert credential["valid_until"] == day(2, 13).isoformat()
    assert hass_storage[stays_storage_key(ENTRY_ID)]["version"] == 1


async def test_passes_take_turns(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """A pass asked for while one runs follows it; a stay is worked once."""
    await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(2, 14), departure=day(3, 12)
    )
    client = stays_entry.runtime_data.coordinator.client
    upload = client.gateway_upload_online
    reached, release = asyncio.Event(), asyncio.Event()

    async def slow_upload(*args: Any) -> Any:
        reached.set()
        await release.wait()
        return await upload(*args)

    with patch.object(client, "gateway_upload_online", slow_upload):
        freezer.move_to(day(1, 14))
        first = hass.async_create_task(book.async_run_pass())
        await reached.wait()
        await book.async_run_pass()  # returns at once: the running pass goes on
        assert not first.done()
        release.set()
        await first
    assert [call for call, _ in gateway_calls(platform)] == ["GatewayUploadOnline"]


async def test_unload_cancels_a_running_pass(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """A pass still waiting for a gateway ends with the entry, not after it.

    Left running, it held a reload for 10 s and then saved its stale stays
    over those of the entry set up again.
    """
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(2, 14), departure=day(3, 12)
    )
    client = stays_entry.runtime_data.coordinator.client
    upload = client.gateway_upload_online
    reached, cancelled = asyncio.Event(), asyncio.Event()

    async def stuck_upload(*args: Any) -> Any:
        if reached.is_set():
            return await upload(*args)
        reached.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    with patch.object(client, "gateway_upload_online", stuck_upload):
        freezer.move_to(day(1, 14))  # the stay's push time: its pass starts
        async_fire_time_changed(hass, day(1, 14))
        await asyncio.wait_for(reached.wait(), 5)
        assert await asyncio.wait_for(
            hass.config_entries.async_reload(stays_entry.entry_id), 5
        )
        assert cancelled.is_set()
        await move(hass, freezer, day(1, 14, 1))
    [credential] = stays_entry.runtime_data.stays.get(stay.stay_id).credentials
    assert credential.confirmed  # pushed by the entry set up again


async def test_stay_cancelled_while_a_pass_waits_for_it(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
    stays_entry: MockConfigEntry,
) -> None:
    """A pass waiting for a stay that is cancelled meanwhile leaves it alone."""
    stay = await book.async_create(
        guest="A", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(1, 12)
    )
    client = stays_entry.runtime_data.coordinator.client
    stop = client.gateway_stop_online
    reached, release = asyncio.Event(), asyncio.Event()

    async def slow_stop(*args: Any) -> Any:
        reached.set()
        await release.wait()
        return await stop(*args)

    with patch.object(client, "gateway_stop_online", slow_stop):
        cancel = hass.async_create_task(book.async_cancel(stay.stay_id))
        await reached.wait()
        freezer.move_to(day(0, 13))  # the stay's ready time: due for the pass
        waiting = hass.async_create_task(book.async_run_pass())
        await asyncio.sleep(0)
        release.set()
        await cancel
        await waiting
    assert book.stays(include_ended=True) == []
    assert [call for call, _ in gateway_calls(platform)] == [
        "GatewayUploadOnline",
        "GatewayStopOnline",
    ]
