"""The credential desk, called directly (no action call), against the emulator.

Every operation the platform offers, through ``entry.runtime_data.desk``:
what it returns, what the registry holds, what the door accepts, the events
it fires, the errors a caller tells apart by type, and write-ahead (the
registry saved before the request leaves, so that a restart in between
hands no slot out twice).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any
from unittest.mock import patch

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.const import EVENT_CREDENTIAL_CHANGED
from custom_components.hotel_lock.credential_record import CredentialKind
from custom_components.hotel_lock.credentials import CredentialDesk
from custom_components.hotel_lock.errors import (
    PlatformAnswerLost,
    PlatformNotCarriedOut,
    PlatformRefused,
    PlatformUnreachable,
)
from custom_components.hotel_lock.platform_answers import HotelLockNotSentError
from custom_components.hotel_lock.registry import storage_key
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.services_common import JPEG, PNG, TEMPLATE_SENT, at

SECOND_RM_ID = "775032240901414"  # room 1-102 of the default seed

pytestmark = pytest.mark.usefixtures("init_integration")


@pytest.fixture
def desk(init_integration: MockConfigEntry) -> CredentialDesk:
    """Return the entry's credential desk."""
    return init_integration.runtime_data.desk


def opens(
    platform: Platform, kind: str, value: str | int, rm_id: str = FIRST_RM_ID
) -> bool:
    """Present a credential at a door."""
    return platform.present(rm_id, kind, value).opens


def stored(
    hass_storage: dict[str, Any], entry: MockConfigEntry
) -> list[dict[str, Any]]:
    """Return the registry's records as written to storage."""
    records: list[dict[str, Any]] = hass_storage[storage_key(entry.entry_id)]["data"][
        "records"
    ]
    return records


async def test_set_and_clear_pin(
    hass: HomeAssistant, platform: Platform, desk: CredentialDesk
) -> None:
    """A PIN given or drawn, by name and slot; cleared by name, by slot."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    context = Context()
    until = at(days=1)
    given = await desk.async_set_pin(
        FIRST_RM_ID, valid_until=until, pin="0123456", name="Ann", context=context
    )
    assert (given.secret, given.record.slot, given.record.name) == ("0123456", 1, "Ann")
    assert given.record.confirmed
    assert given.battery == platform.room(FIRST_RM_ID).ce
    assert given.room.room_id == FIRST_RM_ID
    assert given.room.lock_entity_id == FIRST_LOCK
    assert opens(platform, "pin", "0123456")
    drawn = await desk.async_set_pin(FIRST_RM_ID, valid_until=until, pin_length=8)
    assert drawn.record.slot == 2
    assert drawn.secret is not None
    assert len(drawn.secret) == 8
    assert opens(platform, "pin", drawn.secret)
    assert [r.slot for r in desk.credentials(FIRST_RM_ID)] == [1, 2]
    assert desk.credentials(SECOND_RM_ID) == []

    cleared = await desk.async_clear_slot(
        FIRST_RM_ID, CredentialKind.PIN, name="ann", context=context
    )
    assert (cleared.slot, cleared.record) == (1, given.record)
    assert not opens(platform, "pin", "0123456")
    await desk.async_clear_slot(FIRST_RM_ID, CredentialKind.PIN, slot=2)
    assert not opens(platform, "pin", drawn.secret)
    assert desk.credentials() == []
    assert [e.data["action"] for e in events] == [
        "set_pin",
        "set_pin",
        "clear_pin",
        "clear_pin",
    ]
    assert events[0].context is context
    assert events[2].context is context
    assert events[0].data["entity_id"] == FIRST_LOCK
    assert "0123456" not in repr([e.data for e in events])


async def test_pin_pushed_again_keeps_its_credential(
    platform: Platform, desk: CredentialDesk
) -> None:
    """The same PIN into the same slot with a new expiry: one credential, new window."""
    first = await desk.async_set_pin(
        FIRST_RM_ID, valid_until=at(hours=2), pin="24682468", name="Stay 7"
    )
    again = await desk.async_set_pin(
        FIRST_RM_ID, valid_until=at(days=2), pin="24682468", slot=1, name="Stay 7"
    )
    assert again.record.credential_id == first.record.credential_id
    assert again.record.valid_until == at(days=2)
    (held,) = desk.credentials(FIRST_RM_ID)
    assert held.credential_id == first.record.credential_id
    platform.set_time_offset(3 * 3600)
    assert opens(platform, "pin", "24682468")  # the new expiry is at the lock
    # Another name in that slot is another credential.
    other = await desk.async_set_pin(
        FIRST_RM_ID, valid_until=at(days=1), pin="13571357", slot=1
    )
    assert other.record.credential_id != first.record.credential_id


async def test_face_and_fingerprint(platform: Platform, desk: CredentialDesk) -> None:
    """Faces and fingerprints go into slots 1-49 with their window."""
    start, until = at(hours=-1), at(days=1)
    face = await desk.async_set_face(
        FIRST_RM_ID, image=PNG, valid_from=start, valid_until=until
    )
    assert (face.record.slot, face.record.valid_from, face.secret) == (1, start, None)
    assert opens(platform, "face_slot", 1)
    finger = await desk.async_set_fingerprint(
        FIRST_RM_ID, template=TEMPLATE_SENT, valid_until=until, slot=49
    )
    assert finger.record.slot == 49
    assert platform.room(FIRST_RM_ID).fingerprints[49].data == TEMPLATE_SENT
    await desk.async_clear_slot(FIRST_RM_ID, CredentialKind.FACE, slot=1)
    await desk.async_clear_slot(FIRST_RM_ID, CredentialKind.FINGERPRINT, slot=49)
    assert not opens(platform, "face_slot", 1)
    assert not opens(platform, "fingerprint_slot", 49)
    # A slot the registry does not know is cleared only with force.
    with pytest.raises(ServiceValidationError) as err:
        await desk.async_clear_slot(FIRST_RM_ID, CredentialKind.FACE, slot=3)
    assert err.value.translation_key == "unknown_slot"
    forced = await desk.async_clear_slot(
        FIRST_RM_ID, CredentialKind.FACE, slot=3, force=True
    )
    assert (forced.slot, forced.record) == (3, None)


async def test_offline_password(platform: Platform, desk: CredentialDesk) -> None:
    """Generated, kept with its expiry, revoked by name or by password."""
    until = at(days=3)
    first = await desk.async_generate_offline_password(
        FIRST_RM_ID, valid_until=until, name="Cy"
    )
    assert first.secret is not None
    assert first.secret == first.record.password
    assert first.battery is None
    assert opens(platform, "offline_password", first.secret)
    second = await desk.async_generate_offline_password(FIRST_RM_ID, valid_until=until)
    assert second.secret is not None
    revoked = await desk.async_revoke_offline_password(FIRST_RM_ID, name="cy")
    assert revoked.record == first.record
    assert not opens(platform, "offline_password", first.secret)
    await desk.async_revoke_offline_password(FIRST_RM_ID, password=second.secret)
    assert not opens(platform, "offline_password", second.secret)
    assert desk.credentials() == []


async def test_cards(
    hass: HomeAssistant, platform: Platform, desk: CredentialDesk
) -> None:
    """Cards of one stay share an authorization time; read, cleared by room or ID."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    authorized = at(minutes=-5)
    first = await desk.async_issue_card(
        FIRST_RM_ID, valid_until=at(days=2), authorized_at=authorized, name="Di"
    )
    assert first.record.card_id is not None
    assert first.record.valid_from == authorized
    read = await desk.async_read_card()
    assert (read.card_id, read.room, read.valid_from) == (
        first.record.card_id,
        first.room,
        authorized,
    )
    platform.put_card()
    second = await desk.async_issue_card(
        SECOND_RM_ID, valid_until=at(days=2), authorized_at=authorized
    )
    assert second.record.card_id != first.record.card_id
    cleared = await desk.async_clear_card(room_id=SECOND_RM_ID)
    assert cleared.card_id == second.record.card_id
    assert cleared.room is not None
    assert cleared.room.room_id == SECOND_RM_ID
    platform.put_card(first.record.card_id)
    by_id = await desk.async_clear_card(card_id=first.record.card_id.lower())
    assert by_id.record == first.record
    assert not opens(platform, "card_id", first.record.card_id)
    assert desk.credentials() == []
    assert [e.data["action"] for e in events] == [
        "issue_card",
        "issue_card",
        "clear_card",
        "clear_card",
    ]
    with pytest.raises(ServiceValidationError) as err:
        await desk.async_clear_card()
    assert err.value.translation_key == "room_or_card_id_required"


async def test_revoke_by_credential_id(
    platform: Platform, desk: CredentialDesk
) -> None:
    """Every kind is revoked by its ID alone, as a front desk lists them."""
    until = at(days=1)
    pin = await desk.async_set_pin(FIRST_RM_ID, valid_until=until, pin="80808080")
    face = await desk.async_set_face(FIRST_RM_ID, image=JPEG, valid_until=until)
    password = await desk.async_generate_offline_password(
        FIRST_RM_ID, valid_until=until
    )
    card = await desk.async_issue_card(FIRST_RM_ID, valid_until=until)
    listed = {r.credential_id: r.kind for r in desk.credentials(FIRST_RM_ID)}
    assert listed == {
        pin.record.credential_id: CredentialKind.PIN,
        face.record.credential_id: CredentialKind.FACE,
        password.record.credential_id: CredentialKind.OFFLINE_PASSWORD,
        card.record.credential_id: CredentialKind.CARD,
    }
    assert desk.credential(pin.record.credential_id) == pin.record
    for issued in (pin, face, password, card):
        revoked = await desk.async_revoke(issued.record.credential_id)
        assert revoked.room is not None
        assert revoked.room.room_id == FIRST_RM_ID
    assert not opens(platform, "pin", "80808080")
    assert not opens(platform, "face_slot", 1)
    assert password.secret is not None
    assert not opens(platform, "offline_password", password.secret)
    assert card.record.card_id is not None
    assert not opens(platform, "card_id", card.record.card_id)
    assert desk.credentials() == []
    with pytest.raises(ServiceValidationError) as err:
        await desk.async_revoke(pin.record.credential_id)
    assert err.value.translation_key == "unknown_credential"
    assert err.value.translation_placeholders == {
        "credential_id": pin.record.credential_id
    }


async def test_refusals_before_anything_is_sent(
    platform: Platform, desk: CredentialDesk, init_integration: MockConfigEntry
) -> None:
    """Bad plain values are refused, translated, with nothing sent."""
    await desk.async_set_pin(
        FIRST_RM_ID, valid_until=at(days=1), pin="111111", name="A"
    )
    calls = len(platform.log_dicts())
    cases: list[tuple[Any, str]] = [
        (desk.async_set_pin("nowhere", valid_until=at(days=1)), "unknown_room"),
        (desk.async_set_pin(FIRST_RM_ID, valid_until=at(hours=-1)), "expiry_in_past"),
        (
            desk.async_set_pin(FIRST_RM_ID, valid_until=at(days=1), pin="12ab56"),
            "invalid_pin",
        ),
        (
            desk.async_set_pin(FIRST_RM_ID, valid_until=at(days=1), pin_length=4),
            "invalid_pin_length",
        ),
        (
            desk.async_set_pin(FIRST_RM_ID, valid_until=at(days=1), slot=101),
            "invalid_slot",
        ),
        (
            desk.async_set_pin(FIRST_RM_ID, valid_until=at(days=1), name=" "),
            "invalid_name",
        ),
        (
            desk.async_set_pin(FIRST_RM_ID, valid_until=at(days=1), name="a", slot=2),
            "name_in_use",
        ),
        (
            desk.async_set_face(FIRST_RM_ID, image=b"GIF89a", valid_until=at(days=1)),
            "invalid_image_type",
        ),
        (
            desk.async_set_face(
                FIRST_RM_ID, image=JPEG, valid_from=at(days=2), valid_until=at(days=1)
            ),
            "expiry_before_start",
        ),
        (
            desk.async_set_fingerprint(
                FIRST_RM_ID, template="AB CD", valid_until=at(days=1)
            ),
            "invalid_template",
        ),
        (
            desk.async_clear_slot(FIRST_RM_ID, CredentialKind.PIN),
            "slot_or_name_required",
        ),
        (
            desk.async_clear_slot(FIRST_RM_ID, CredentialKind.PIN, name="B"),
            "unknown_name",
        ),
        (
            desk.async_clear_slot(FIRST_RM_ID, CredentialKind.PIN, name="A", slot=3),
            "slot_name_mismatch",
        ),
        (desk.async_revoke_offline_password(FIRST_RM_ID), "password_or_name_required"),
        (
            desk.async_revoke_offline_password(FIRST_RM_ID, password="1234"),
            "unknown_offline_password",
        ),
        (desk.async_revoke("no-such-credential"), "unknown_credential"),
    ]
    for call, key in cases:
        with pytest.raises(ServiceValidationError) as err:
            await call
        assert err.value.translation_key == key
    # Naive date-times are a programming error, never sent.
    with pytest.raises(ValueError, match="aware"):
        await desk.async_set_pin(
            FIRST_RM_ID, valid_until=at(days=1).replace(tzinfo=None)
        )
    # No free slot left.
    taken = [
        replace(desk.credentials()[0], kind=CredentialKind.FACE, slot=slot)
        for slot in range(1, 50)
    ]
    await init_integration.runtime_data.registry.async_update(
        put=[replace(r, credential_id=str(r.slot)) for r in taken]
    )
    with pytest.raises(ServiceValidationError) as err:
        await desk.async_set_face(FIRST_RM_ID, image=JPEG, valid_until=at(days=1))
    assert err.value.translation_key == "no_free_slot_face"
    assert len(platform.log_dicts()) == calls


async def test_errors_tell_whether_anything_happened(
    platform: Platform, desk: CredentialDesk
) -> None:
    """Not carried out: nothing recorded, safe to repeat. Answer lost: unconfirmed."""
    until = at(days=1)
    platform.set_gateway_online(FIRST_RM_ID, False)
    with pytest.raises(PlatformRefused) as refused:
        await desk.async_set_pin(
            FIRST_RM_ID, valid_until=until, pin="314159", name="Hal"
        )
    assert isinstance(refused.value, PlatformNotCarriedOut)
    assert desk.credentials() == []
    platform.set_gateway_online(FIRST_RM_ID, True)

    platform.add_fault("GatewayUploadOnline", "http500", times=1, apply=True)
    with pytest.raises(PlatformAnswerLost):
        await desk.async_set_pin(
            FIRST_RM_ID, valid_until=until, pin="314159", name="Hal"
        )
    (doubtful,) = desk.credentials()
    assert (doubtful.slot, doubtful.confirmed) == (1, False)
    # Pushed again into the same slot, it is confirmed as the same credential.
    again = await desk.async_set_pin(
        FIRST_RM_ID, valid_until=until, pin="314159", slot=1, name="Hal"
    )
    assert again.record.credential_id == doubtful.credential_id
    assert again.record.confirmed

    # A clear the platform refused keeps the record as it was.
    platform.add_fault("GatewayStopOnline", "error", times=1)
    with pytest.raises(PlatformRefused):
        await desk.async_revoke(again.record.credential_id)
    assert desk.credentials() == [again.record]
    assert desk.credentials()[0].confirmed


async def test_written_ahead(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    platform: Platform,
    desk: CredentialDesk,
    init_integration: MockConfigEntry,
) -> None:
    """Storage holds the unconfirmed record while the request is out."""
    client = desk.coordinator.client
    seen: list[list[dict[str, Any]]] = []
    upload = client.gateway_upload_online
    stop = client.gateway_stop_online

    async def spy_upload(*args: Any) -> Any:
        seen.append([dict(r) for r in stored(hass_storage, init_integration)])
        return await upload(*args)

    async def spy_stop(*args: Any) -> Any:
        seen.append([dict(r) for r in stored(hass_storage, init_integration)])
        return await stop(*args)

    with (
        patch.object(client, "gateway_upload_online", spy_upload),
        patch.object(client, "gateway_stop_online", spy_stop),
    ):
        issued = await desk.async_set_pin(
            FIRST_RM_ID, valid_until=at(days=1), pin="97531864"
        )
        await desk.async_revoke(issued.record.credential_id)
    during_push, during_clear = seen
    assert [(r["slot"], r["confirmed"]) for r in during_push] == [(1, False)]
    assert [(r["slot"], r["confirmed"]) for r in during_clear] == [(1, False)]
    assert during_push[0]["credential_id"] == issued.record.credential_id
    assert stored(hass_storage, init_integration) == []


async def test_restart_during_a_push_hands_no_slot_out_twice(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Stopped while the request is out, then reloaded: the slot stays taken."""
    desk = init_integration.runtime_data.desk
    reached = asyncio.Event()

    async def hanging_upload(*args: Any) -> Any:
        reached.set()  # the request is out; its answer never comes
        await asyncio.Event().wait()

    with patch.object(desk.coordinator.client, "gateway_upload_online", hanging_upload):
        push = hass.async_create_task(
            desk.async_set_pin(FIRST_RM_ID, valid_until=at(days=1), pin="11223344")
        )
        await reached.wait()
        push.cancel()  # Home Assistant stopping, or the process killed
        with pytest.raises(asyncio.CancelledError):
            await push
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    desk = init_integration.runtime_data.desk
    (held,) = desk.credentials(FIRST_RM_ID)
    assert (held.slot, held.confirmed) == (1, False)
    nxt = await desk.async_set_pin(FIRST_RM_ID, valid_until=at(days=1), pin="55667788")
    assert nxt.record.slot == 2


async def test_unreachable_platform_records_nothing(
    platform: Platform, desk: CredentialDesk
) -> None:
    """A request that never left leaves the registry as it was."""
    card = await desk.async_issue_card(FIRST_RM_ID, valid_until=at(days=1))
    with (
        patch.object(
            desk.coordinator.client,
            "clear_room_card",
            side_effect=HotelLockNotSentError("refused"),
        ),
        pytest.raises(PlatformUnreachable),
    ):
        await desk.async_clear_card(room_id=FIRST_RM_ID)
    assert desk.credentials() == [card.record]


async def test_room_lock_per_room(desk: CredentialDesk) -> None:
    """One lock per room, shared by every caller of that room."""
    assert desk.room_lock(FIRST_RM_ID) is desk.room_lock(FIRST_RM_ID)
    assert desk.room_lock(FIRST_RM_ID) is not desk.room_lock(SECOND_RM_ID)


async def test_room(desk: CredentialDesk, platform: Platform) -> None:
    """Rooms are named as their devices; unknown ones are refused."""
    room = desk.room(FIRST_RM_ID)
    assert (room.name, room.lock_entity_id) == ("1-101", FIRST_LOCK)
    new = platform.add_room("9-901")
    assert desk.room_ref(new.rm_id).name == new.rm_id  # not polled yet
    with pytest.raises(ServiceValidationError) as err:
        desk.room(new.rm_id)
    assert err.value.translation_placeholders == {"entity_id": new.rm_id}


async def test_revoke_a_card_not_known_by_id(
    platform: Platform, desk: CredentialDesk
) -> None:
    """A card whose writing lost its answer is revoked by clearing its room's card."""
    platform.add_fault("MarkRoomCard", "http500", times=1, apply=True)
    with pytest.raises(PlatformAnswerLost):
        await desk.async_issue_card(FIRST_RM_ID, valid_until=at(days=1))
    (pending,) = desk.credentials(FIRST_RM_ID)
    assert (pending.card_id, pending.confirmed) == (None, False)
    assert platform.encoder is not None
    card_id = platform.encoder.card_id
    revoked = await desk.async_revoke(pending.credential_id)
    assert revoked.card_id == card_id
    assert not opens(platform, "card_id", card_id)
    assert desk.credentials() == []
