"""Tests of the credential registry and its storage."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import UnsupportedStorageVersionError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.credential_record import (
    BIOMETRIC_SLOT_MAX,
    PIN_SLOT_MAX,
    CredentialKind,
    CredentialRecord,
)
from custom_components.hotel_lock.registry import (
    STORAGE_MINOR_VERSION,
    STORAGE_VERSION,
    CredentialRegistry,
    async_remove_registry,
    storage_key,
)
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK
from tests.services_common import act, put, tomorrow

ENTRY = "entry1"
ROOM = "775032240849920"
OTHER_ROOM = "775032240899999"


def record(
    kind: CredentialKind = CredentialKind.PIN,
    *,
    room: str = ROOM,
    hours: float = 24,
    **fields: Any,
) -> CredentialRecord:
    """Return a record valid for some hours from now."""
    now = dt_util.now()
    return CredentialRecord(
        room_id=room,
        kind=kind,
        valid_until=now + timedelta(hours=hours),
        created=now,
        **fields,
    )


async def fresh(hass: HomeAssistant, entry_id: str = ENTRY) -> CredentialRegistry:
    """Return the entry's registry as loaded from storage."""
    registry = CredentialRegistry(hass, entry_id)
    await registry.async_load()
    return registry


async def test_add_find_remove(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Records are found by slot, name, password and card, and forgotten."""
    registry = await fresh(hass)
    pin = await put(registry, record(slot=1, name="Ann"))
    face = await put(registry, record(CredentialKind.FACE, slot=1))
    offline = await put(
        registry, record(CredentialKind.OFFLINE_PASSWORD, password="0356241", name="Pw")
    )
    card = await put(registry, record(CredentialKind.CARD, card_id="03F56240"))
    await put(registry, record(slot=1, room=OTHER_ROOM))

    assert registry.by_slot(ROOM, CredentialKind.PIN, 1) == pin
    assert registry.by_slot(ROOM, CredentialKind.FACE, 1) == face
    assert registry.by_slot(ROOM, CredentialKind.FINGERPRINT, 1) is None
    assert registry.by_name(ROOM, CredentialKind.PIN, "ann") == pin
    assert registry.by_name(ROOM, CredentialKind.FACE, "Ann") is None
    assert registry.by_password(ROOM, "0356241") == offline
    assert registry.by_password(OTHER_ROOM, "0356241") is None
    assert registry.by_card("03f56240") == card
    assert len(registry.records(ROOM)) == 4
    assert len(registry.records(kind=CredentialKind.PIN)) == 2

    await registry.async_update(remove=[pin])
    await registry.async_update(remove=[offline])
    await registry.async_remove_cards(card_id="03f56240")
    assert registry.records(ROOM) == [face]
    # Written at once, private: the offline password lives in this file.
    assert registry._store._private is True
    stored = hass_storage[storage_key(ENTRY)]
    assert stored["version"] == STORAGE_VERSION
    assert stored["minor_version"] == STORAGE_MINOR_VERSION
    assert len(stored["data"]["records"]) == 2


async def test_remove_cards_of_a_room(hass: HomeAssistant) -> None:
    """Cards are forgotten by room too."""
    registry = await fresh(hass)
    await put(registry, record(CredentialKind.CARD, card_id="AA"))
    await put(registry, record(CredentialKind.CARD, card_id="BB", room=OTHER_ROOM))
    await registry.async_remove_cards(room_id=ROOM)
    assert [r.card_id for r in registry.records()] == ["BB"]


async def test_same_place_is_replaced(hass: HomeAssistant) -> None:
    """A slot pushed again holds the new record only; a card written again too."""
    registry = await fresh(hass)
    await put(registry, record(slot=3, name="old"))
    await put(registry, record(slot=3, name="new"))
    await put(registry, record(CredentialKind.CARD, card_id="AA", name="one"))
    await put(registry, record(CredentialKind.CARD, card_id="aa", name="two"))
    await put(registry, record(CredentialKind.OFFLINE_PASSWORD, password="1"))
    await put(registry, record(CredentialKind.OFFLINE_PASSWORD, password="2"))
    assert [r.name for r in registry.records(kind=CredentialKind.PIN)] == ["new"]
    assert [r.name for r in registry.records(kind=CredentialKind.CARD)] == ["two"]
    assert len(registry.records(kind=CredentialKind.OFFLINE_PASSWORD)) == 2


async def test_cards_without_id_are_their_own(hass: HomeAssistant) -> None:
    """Cards whose writing lost its answer (no ID) replace nothing but themselves."""
    registry = await fresh(hass)
    first = await put(
        registry, record(CredentialKind.CARD, confirmed=False, name="one")
    )
    second = await put(registry, record(CredentialKind.CARD, confirmed=False, hours=48))
    other_room = await put(
        registry, record(CredentialKind.CARD, confirmed=False, room=OTHER_ROOM)
    )
    named = await put(registry, record(CredentialKind.CARD, card_id="AA"))
    assert registry.records() == [first, second, other_room, named]
    assert registry.by_card("AA") == named
    # Added again, a record without ID replaces itself only.
    await put(registry, first)
    await registry.async_remove_cards(card_id="AA")
    await registry.async_update(remove=[second])
    assert registry.records() == [other_room, first]
    await registry.async_remove_cards(room_id=OTHER_ROOM)
    assert registry.records() == [first]


async def test_lowest_free_slot(hass: HomeAssistant) -> None:
    """The lowest unused slot of a kind and room, None when all are used."""
    registry = await fresh(hass)
    assert registry.free_slot(ROOM, CredentialKind.PIN) == 1
    for slot in (1, 2, 4):
        await put(registry, record(slot=slot))
    assert registry.free_slot(ROOM, CredentialKind.PIN) == 3
    assert registry.free_slot(OTHER_ROOM, CredentialKind.PIN) == 1
    assert registry.free_slot(ROOM, CredentialKind.FACE) == 1
    await registry.async_update(
        put=[
            record(CredentialKind.FINGERPRINT, slot=slot)
            for slot in range(1, BIOMETRIC_SLOT_MAX + 1)
        ]
    )
    assert registry.free_slot(ROOM, CredentialKind.FINGERPRINT) is None
    await registry.async_update(
        put=[record(slot=slot) for slot in range(1, PIN_SLOT_MAX + 1)]
    )
    assert registry.free_slot(ROOM, CredentialKind.PIN) is None


async def test_expired_records_pruned(
    hass: HomeAssistant, hass_storage: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """An expired record is not listed, frees its slot and leaves storage."""
    registry = await fresh(hass)
    await put(registry, record(slot=1, hours=1))
    await put(registry, record(slot=2, hours=48))
    freezer.tick(timedelta(hours=2))
    assert [r.slot for r in registry.records()] == [2]
    assert registry.free_slot(ROOM, CredentialKind.PIN) == 1
    assert len(hass_storage[storage_key(ENTRY)]["data"]["records"]) == 2
    await registry.async_update()  # any write drops them
    assert len(hass_storage[storage_key(ENTRY)]["data"]["records"]) == 1
    # Loading drops expired records as well.
    freezer.tick(timedelta(days=3))
    registry = await fresh(hass)
    assert registry.records() == []
    assert hass_storage[storage_key(ENTRY)]["data"]["records"] == []


async def test_survives_restart(hass: HomeAssistant) -> None:
    """A new load from storage returns the same records, time zones intact."""
    registry = await fresh(hass)
    start = dt_util.now() - timedelta(hours=1)
    kept = await put(
        registry,
        CredentialRecord(
            room_id=ROOM,
            kind=CredentialKind.FACE,
            slot=7,
            name="Zoë",
            valid_from=start,
            valid_until=start + timedelta(days=1),
            created=start,
        ),
    )
    offline = await put(
        registry, record(CredentialKind.OFFLINE_PASSWORD, password="0356241")
    )
    loaded = await fresh(hass)
    assert loaded is not registry
    assert loaded.records() == [kept, offline]


async def test_each_setup_reads_storage(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A reload loads the entry's registry again from storage, into runtime_data."""
    registry = init_integration.runtime_data.registry
    await put(registry, record(slot=1, name="Ann"))
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    reloaded = init_integration.runtime_data.registry
    assert reloaded is not registry
    assert reloaded.records() == registry.records()
    assert not any("credential" in str(key) for key in hass.data)


async def test_remove_registry(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Removing the entry deletes its storage, loaded or not."""
    registry = await fresh(hass)
    await put(registry, record(slot=1))
    assert storage_key(ENTRY) in hass_storage
    await async_remove_registry(hass, ENTRY)
    assert storage_key(ENTRY) not in hass_storage
    await async_remove_registry(hass, "never-loaded")
    assert (await fresh(hass)).records() == []


def stored_record(**changes: Any) -> dict[str, Any]:
    """Return a stored record as a newer or older release may write it."""
    until = (dt_util.utcnow() + timedelta(days=1)).isoformat()
    data: dict[str, Any] = {
        "room_id": ROOM,
        "kind": "pin",
        "slot": 2,
        "name": "Ann",
        "valid_from": None,
        "valid_until": until,
        "created": dt_util.utcnow().isoformat(),
        "password": None,
        "card_id": None,
        "confirmed": True,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


async def test_migration_from_newer_minor_version(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Data of a newer 1.x keeps every readable record, rewritten as 1.2."""
    hass_storage[storage_key(ENTRY)] = {
        "version": 1,
        "minor_version": 5,
        "key": storage_key(ENTRY),
        "data": {
            "records": [
                stored_record(color="blue"),  # a field this release does not know
                stored_record(slot=3, created=..., name=...),  # fields it misses
                stored_record(kind="retina"),  # a kind it does not know
                stored_record(valid_until="not a date"),
                {"kind": "pin"},
            ],
            "something_new": True,
        },
    }
    registry = await fresh(hass)
    assert [(r.slot, r.name) for r in registry.records()] == [(2, "Ann"), (3, None)]
    migrated = hass_storage[storage_key(ENTRY)]
    assert migrated["minor_version"] == STORAGE_MINOR_VERSION
    assert set(migrated["data"]) == {"records"}
    assert "color" not in migrated["data"]["records"][0]
    # A record without a creation time takes its validity instead.
    assert registry.records()[1].created == registry.records()[1].valid_until


async def test_naive_stored_date_times(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Naive date-times in storage are taken in HA's time zone."""
    naive = (dt_util.now() + timedelta(days=1)).replace(tzinfo=None)
    hass_storage[storage_key(ENTRY)] = {
        "version": STORAGE_VERSION,
        "minor_version": STORAGE_MINOR_VERSION,
        "key": storage_key(ENTRY),
        "data": {"records": [stored_record(valid_until=naive.isoformat())]},
    }
    registry = await fresh(hass)
    (loaded,) = registry.records()
    assert loaded.valid_until.tzinfo is not None
    assert loaded.valid_until.replace(tzinfo=None) == naive


async def test_newer_major_version_refused(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A registry written by a future major version is not overwritten."""
    hass_storage[storage_key(ENTRY)] = {
        "version": STORAGE_VERSION + 1,
        "minor_version": 1,
        "key": storage_key(ENTRY),
        "data": {"rooms": {}},
    }
    with pytest.raises(UnsupportedStorageVersionError):
        await fresh(hass)
    assert hass_storage[storage_key(ENTRY)]["version"] == STORAGE_VERSION + 1


async def test_migrate_func_refuses_other_major(hass: HomeAssistant) -> None:
    """The migration hook knows only major version 1."""
    registry = CredentialRegistry(hass, ENTRY)
    with pytest.raises(NotImplementedError):
        await registry._store._async_migrate_func(0, 1, {"records": []})


async def test_migration_from_1_1(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """1.1 records had no ``confirmed``: they were all confirmed."""
    old = stored_record()
    del old["confirmed"]
    hass_storage[storage_key(ENTRY)] = {
        "version": 1,
        "minor_version": 1,
        "key": storage_key(ENTRY),
        "data": {"records": [old]},
    }
    registry = await fresh(hass)
    (loaded,) = registry.records()
    assert loaded.confirmed is True
    migrated = hass_storage[storage_key(ENTRY)]
    assert (migrated["version"], migrated["minor_version"]) == (
        1,
        STORAGE_MINOR_VERSION,
    )
    assert migrated["data"]["records"][0]["confirmed"] is True


async def test_credential_ids_are_stable(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """1.2 records get a credential ID at the first load, kept from then on."""
    hass_storage[storage_key(ENTRY)] = {
        "version": 1,
        "minor_version": 2,
        "key": storage_key(ENTRY),
        "data": {"records": [stored_record(), stored_record(slot=3, name="Bo")]},
    }
    registry = await fresh(hass)
    ids = [r.credential_id for r in registry.records()]
    assert len(set(ids)) == 2
    assert all(ids)
    stored = hass_storage[storage_key(ENTRY)]["data"]["records"]
    assert [item["credential_id"] for item in stored] == ids
    again = await fresh(hass)
    assert [r.credential_id for r in again.records()] == ids
    assert registry.get(ids[1]) == again.get(ids[1])
    assert again.get("no-such-id") is None
    # A record put again under its ID replaces it; records compare by content.
    (first,) = await again.async_update(put=[replace(again.get(ids[0]), name="Cy")])
    assert first.name == "Ann"
    assert again.get(ids[0]).name == "Cy"
    one = record(slot=9)
    assert replace(one, credential_id="another") == one


async def test_unconfirmed_survives_restart(hass: HomeAssistant) -> None:
    """An unconfirmed record keeps its flag through storage."""
    registry = await fresh(hass)
    await put(registry, record(slot=4, confirmed=False))
    (loaded,) = (await fresh(hass)).records()
    assert loaded.confirmed is False
    assert (await fresh(hass)).free_slot(ROOM, CredentialKind.PIN) == 1


async def test_entry_removal_deletes_its_storage(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    platform: Platform,
    init_integration: MockConfigEntry,
) -> None:
    """Deleting the config entry deletes its registry file, not another's."""
    entry_id = init_integration.entry_id
    await act(
        hass,
        "set_pin",
        {"entity_id": FIRST_LOCK, "pin_length": 6, "valid_until": tomorrow()},
    )
    other = await fresh(hass)
    await put(other, record(slot=1))
    assert storage_key(entry_id) in hass_storage

    assert await hass.config_entries.async_remove(entry_id) == {
        "require_restart": False
    }
    await hass.async_block_till_done()

    assert storage_key(entry_id) not in hass_storage
    assert storage_key(ENTRY) in hass_storage
    assert (await fresh(hass)).records() == other.records()
