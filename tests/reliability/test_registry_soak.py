"""Registry soak: a seeded random run of credential operations with restarts.

Two thousand operations — set and clear PINs, faces and fingerprints, generate
and revoke offline passwords, issue, re-issue and clear key cards — across the
emulator's rooms, with platform faults injected before some of them and Home
Assistant restarted at random points: the entry reloaded, or a brand-new
``hass`` reading the same storage. The test keeps its own model of what the
registry must hold and of what each lock holds. At the end:

- the registry equals the model, record for record (including whether the
  platform confirmed it);
- every confirmed credential the registry holds opens its door at the
  emulator's door model, and every credential it dropped does not.

Faults are of two sorts. A refusal (code ≠ 1, gateway offline) means nothing
was done. A garbled answer (HTTP 500, HTML, malformed JSON, missing fields)
says nothing of what the platform did; the emulator is told at random to
carry the call out anyway (``apply``) or not, and the registry must then keep
the credential unconfirmed — never claim it is at the lock, or gone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass, field
import random
import time
from typing import Any

from homeassistant import loader
from homeassistant.components.lock import DOMAIN as LOCK_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, frame
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.hotel_lock.credential_record import (
    BIOMETRIC_SLOT_MAX,
    PIN_SLOT_MAX,
    CredentialKind,
)
from simulator.platform import Platform
from tests.emulator_fixtures import EmulatorServer
from tests.services_common import JPEG_B64, TEMPLATE, act, at, text

from .conftest import entry_for

SEED = 20261128
OPERATIONS = 2000
RELOADS = 10
NEW_INSTANCES = 10
FAULT_RATE = 0.08
ENTRY_ID = "01JRELIABILITYSOAK00000000"

SLOT_MAX = {
    CredentialKind.PIN: PIN_SLOT_MAX,
    CredentialKind.FACE: BIOMETRIC_SLOT_MAX,
    CredentialKind.FINGERPRINT: BIOMETRIC_SLOT_MAX,
}
SET_SERVICE = {
    CredentialKind.PIN: ("set_pin", "GatewayUploadOnline"),
    CredentialKind.FACE: ("set_face", "GatewayUploadFace"),
    CredentialKind.FINGERPRINT: ("set_fingerprint", "GatewayUploadFinger"),
}
CLEAR_SERVICE = {
    CredentialKind.PIN: ("clear_pin", "GatewayStopOnline"),
    CredentialKind.FACE: ("clear_face", "GatewayStopFace"),
    CredentialKind.FINGERPRINT: ("clear_fingerprint", "GatewayStopFinger"),
}
DOOR_KIND = {
    CredentialKind.FACE: "face_slot",
    CredentialKind.FINGERPRINT: "fingerprint_slot",
}
REFUSALS = ("error", "gateway_offline")
GARBLED = ("http500", "html", "malformed_json", "missing_fields")


@dataclass
class Held:
    """A credential the registry must hold, and whether the lock has it."""

    name: str | None
    confirmed: bool
    at_lock: bool
    value: str | None = None  # the PIN, for PINs


@dataclass
class Card:
    """A key card the registry must hold."""

    room: str
    order: int
    confirmed: bool = True
    at_lock: bool = True


@dataclass
class Model:
    """What the registry must hold, and what was dropped from it."""

    slots: dict[tuple[str, CredentialKind, int], Held] = field(default_factory=dict)
    passwords: dict[tuple[str, str], Held] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)
    # Cards whose writing lost its answer: the registry holds them without
    # an ID (the test knows it, to present the card at the door).
    unnamed_cards: dict[str, Card] = field(default_factory=dict)
    dropped_pins: list[tuple[str, str]] = field(default_factory=list)
    dropped_passwords: list[tuple[str, str]] = field(default_factory=list)
    dropped_cards: list[tuple[str, str]] = field(default_factory=list)

    def free_slot(self, room: str, kind: CredentialKind) -> int | None:
        """Return the lowest slot the registry must see free."""
        used = {slot for (r, k, slot) in self.slots if r == room and k is kind}
        return next(
            (s for s in range(1, SLOT_MAX[kind] + 1) if s not in used),
            None,
        )

    def expected_records(self) -> set[tuple[Any, ...]]:
        """Return the records the registry must hold."""
        records: set[tuple[Any, ...]] = {
            (room, kind.value, slot, held.name, held.confirmed, None, None)
            for (room, kind, slot), held in self.slots.items()
        }
        records |= {
            (room, "offline_password", None, held.name, held.confirmed, pw, None)
            for (room, pw), held in self.passwords.items()
        }
        records |= {
            (card.room, "card", None, None, card.confirmed, None, card_id)
            for card_id, card in self.cards.items()
        }
        records |= {
            (card.room, "card", None, None, False, None, None)
            for card in self.unnamed_cards.values()
        }
        return records


@dataclass
class Figures:
    """What the soak did, for the README."""

    operations: int = 0
    succeeded: int = 0
    refused: int = 0
    garbled: int = 0
    reloads: int = 0
    new_instances: int = 0
    by_service: dict[str, int] = field(default_factory=dict)


class Soak:
    """Run the operations against the current Home Assistant."""

    def __init__(
        self, hass: HomeAssistant, platform: Platform, server: EmulatorServer
    ) -> None:
        """Start with an empty model."""
        self.hass = hass
        self.platform = platform
        self.server = server
        self.rng = random.Random(SEED)
        self.model = Model()
        self.figures = Figures()
        self.rooms = list(platform.rooms)
        self.counter = 0
        self.never_held_pins: list[tuple[str, str]] = []

    # --------------------------------------------------------------- helpers

    def lock_of(self, room: str) -> str:
        """Return the lock entity of a room in the current Home Assistant."""
        entity_id = er.async_get(self.hass).async_get_entity_id(
            LOCK_DOMAIN, "hotel_lock", room
        )
        assert entity_id is not None
        return entity_id

    def unique(self) -> int:
        """Return a number never returned before."""
        self.counter += 1
        return self.counter

    def name(self) -> str | None:
        """Return a new label, or None."""
        return f"guest {self.unique()}" if self.rng.random() < 0.5 else None

    def valid_until(self) -> str:
        """Return an expiry one to twenty days ahead."""
        return text(at(days=self.rng.randint(1, 20), hours=self.rng.randint(0, 23)))

    def fault(
        self, call: str, room: str, *, gateway: bool, garbled: bool = True
    ) -> tuple[str, bool] | None:
        """Inject a fault before an operation, maybe; return (kind, apply)."""
        if self.rng.random() >= FAULT_RATE:
            return None
        kind = self.rng.choice(REFUSALS + GARBLED if garbled else REFUSALS)
        if kind == "gateway_offline":
            if not gateway:
                kind = "error"
            else:
                self.platform.set_gateway_online(room, False)
                return kind, False
        if kind == "error":
            self.platform.add_fault(call, "error", msg="模拟故障", times=1)
            return kind, False
        apply = self.rng.random() < 0.5
        self.platform.add_fault(call, kind, times=1, apply=apply)
        return kind, apply

    def heal(self, room: str) -> None:
        """Take the faults away."""
        self.platform.clear_faults()
        self.platform.set_gateway_online(room, True)

    async def call(
        self,
        service: str,
        data: dict[str, Any],
        fault: tuple[str, bool] | None,
        room: str,
    ) -> dict[str, Any] | None:
        """Call an action; it must fail exactly when a fault was injected."""
        self.figures.operations += 1
        self.figures.by_service[service] = self.figures.by_service.get(service, 0) + 1
        try:
            if fault is None:
                response: dict[str, Any] = await act(self.hass, service, data)
                self.figures.succeeded += 1
                return response
            with pytest.raises(HomeAssistantError) as caught:
                await act(self.hass, service, data)
            expected = "platform_error" if fault[0] in REFUSALS else "invalid_response"
            assert caught.value.translation_key == expected
            if fault[0] in REFUSALS:
                self.figures.refused += 1
            else:
                self.figures.garbled += 1
            return None
        finally:
            self.heal(room)

    # ------------------------------------------------------------ operations

    async def set_slotted(self, room: str, kind: CredentialKind) -> None:
        """Set a PIN, face or fingerprint, in a free slot or the lowest one."""
        service, call = SET_SERVICE[kind]
        free = self.model.free_slot(room, kind)
        if free is None:
            return
        explicit = self.rng.random() < 0.3
        if explicit:
            taken = {s for (r, k, s) in self.model.slots if r == room and k is kind}
            choices = [s for s in range(1, SLOT_MAX[kind] + 1) if s not in taken]
            slot = self.rng.choice(choices)
        else:
            slot = free
        name = self.name()
        data: dict[str, Any] = {
            "entity_id": self.lock_of(room),
            "valid_until": self.valid_until(),
        }
        value = None
        if kind is CredentialKind.PIN:
            value = f"{self.unique():08d}"
            data["pin"] = value
        elif kind is CredentialKind.FACE:
            data["image"] = JPEG_B64
        else:
            data["template"] = TEMPLATE
        if explicit:
            data["slot"] = slot
        if name is not None:
            data["name"] = name
        fault = self.fault(call, room, gateway=True)
        response = await self.call(service, data, fault, room)
        if fault is None:
            assert response is not None
            assert response["slot"] == slot
            self.model.slots[(room, kind, slot)] = Held(name, True, True, value)
        elif fault[0] in GARBLED:
            self.model.slots[(room, kind, slot)] = Held(name, False, fault[1], value)
        elif value is not None:
            self.never_held_pins.append((room, value))

    async def clear_slotted(self, room: str, kind: CredentialKind) -> None:
        """Clear a held PIN, face or fingerprint, by name or slot."""
        held_slots = [
            (slot, held)
            for (r, k, slot), held in self.model.slots.items()
            if r == room and k is kind
        ]
        if not held_slots:
            return
        slot, held = self.rng.choice(held_slots)
        service, call = CLEAR_SERVICE[kind]
        data: dict[str, Any] = {"entity_id": self.lock_of(room)}
        if held.name is not None and self.rng.random() < 0.5:
            data["name"] = held.name
        else:
            data["slot"] = slot
        fault = self.fault(call, room, gateway=True)
        response = await self.call(service, data, fault, room)
        key = (room, kind, slot)
        if fault is None:
            assert response is not None
            assert response["slot"] == slot
            del self.model.slots[key]
            if held.value is not None:
                self.model.dropped_pins.append((room, held.value))
        elif fault[0] in GARBLED:
            # Perhaps cleared: the registry keeps it, unconfirmed.
            held.confirmed = False
            held.at_lock = held.at_lock and not fault[1]

    async def generate_password(self, room: str) -> None:
        """Generate an offline password."""
        name = self.name()
        data: dict[str, Any] = {
            "entity_id": self.lock_of(room),
            "valid_until": self.valid_until(),
        }
        if name is not None:
            data["name"] = name
        fault = self.fault("MakeOffline", room, gateway=False)
        response = await self.call("generate_offline_password", data, fault, room)
        if response is not None:
            self.model.passwords[(room, response["password"])] = Held(name, True, True)

    async def revoke_password(self, room: str) -> None:
        """Revoke a held offline password, by name or password."""
        held_passwords = [
            (pw, held) for (r, pw), held in self.model.passwords.items() if r == room
        ]
        if not held_passwords:
            return
        password, held = self.rng.choice(held_passwords)
        data: dict[str, Any] = {"entity_id": self.lock_of(room)}
        if held.name is not None and self.rng.random() < 0.5:
            data["name"] = held.name
        else:
            data["password"] = password
        fault = self.fault("GatewayStopOffline", room, gateway=True)
        await self.call("revoke_offline_password", data, fault, room)
        if fault is None:
            del self.model.passwords[(room, password)]
            self.model.dropped_passwords.append((room, password))
        elif fault[0] in GARBLED:
            held.confirmed = False
            held.at_lock = held.at_lock and not fault[1]

    async def issue_card(self, room: str, *, fresh: bool) -> None:
        """Issue a blank card, or write the card on the encoder again."""
        if fresh or self.platform.encoder is None:
            self.platform.put_card()
        encoder = self.platform.encoder
        assert encoder is not None
        card_id = encoder.card_id
        previous = self.model.cards.get(card_id)
        if not fresh and (encoder.rm_id == room or previous is None):
            return
        data = {"entity_id": self.lock_of(room), "valid_until": self.valid_until()}
        # A lost answer to re-writing a card the registry holds is left out:
        # the card ID is then unknown, so its old record cannot be doubted.
        fault = self.fault(
            "MarkRoomCard", room, gateway=False, garbled=previous is None
        )
        response = await self.call("issue_card", data, fault, room)
        if response is not None:
            assert response["card_id"] == card_id
            if previous is not None:
                self.model.dropped_cards.append((previous.room, card_id))
            self.model.cards[card_id] = Card(room, self.unique())
        elif fault is not None and fault[0] in GARBLED:
            # Perhaps written: recorded for the room, unconfirmed, without ID.
            self.model.unnamed_cards[card_id] = Card(
                room, self.unique(), confirmed=False, at_lock=fault[1]
            )

    async def clear_card(self, room: str) -> None:
        """Lay a held card on the encoder and clear it, by room or card ID."""
        issued = [card for card, held in self.model.cards.items() if held.room == room]
        if not issued:
            return
        card_id = self.rng.choice(issued)
        held = self.model.cards[card_id]
        self.platform.put_card(card_id)
        by_room = self.rng.random() < 0.5
        if by_room:
            data: dict[str, Any] = {"entity_id": self.lock_of(room)}
        else:
            data = {"card_id": card_id}
        fault: tuple[str, bool] | None = ("error", False)
        if held.at_lock:
            fault = self.fault("ClearRoomCard", room, gateway=False)
        # Otherwise it was blanked already, though the answer was lost: the
        # platform refuses to clear a blank card, so the doubted record stays
        # until the card is written again or expires.
        response = await self.call("clear_card", data, fault, room)
        if response is not None:
            assert response["card_id"] == card_id
            del self.model.cards[card_id]
            self.model.dropped_cards.append((room, card_id))
        elif fault is not None and fault[0] in GARBLED:
            # Perhaps blanked: the registry keeps it, unconfirmed; cleared by
            # room, the card is named only in the lost answer, so every card
            # of the room is kept unconfirmed.
            if by_room:
                for card in self.model.cards.values():
                    if card.room == room:
                        card.confirmed = False
            held.confirmed = False
            held.at_lock = held.at_lock and not fault[1]

    async def step(self) -> None:
        """Run one random operation on a random room."""
        room = self.rng.choice(self.rooms)
        kind = self.rng.choice(list(SET_SERVICE))
        match self.rng.choices(
            ["set", "clear", "generate", "revoke", "issue", "reissue", "clear_card"],
            weights=[30, 24, 10, 8, 8, 4, 6],
        )[0]:
            case "set":
                await self.set_slotted(room, kind)
            case "clear":
                await self.clear_slotted(room, kind)
            case "generate":
                await self.generate_password(room)
            case "revoke":
                await self.revoke_password(room)
            case "issue":
                await self.issue_card(room, fresh=True)
            case "reissue":
                await self.issue_card(room, fresh=False)
            case _:
                await self.clear_card(room)

    # ---------------------------------------------------------------- checks

    async def check_registry(self, entry_id: str) -> None:
        """Assert that the registry holds exactly the model."""
        entry = self.hass.config_entries.async_get_entry(entry_id)
        assert entry is not None
        registry = entry.runtime_data.registry
        held = {
            (
                r.room_id,
                r.kind.value,
                r.slot,
                r.name,
                r.confirmed,
                r.password,
                r.card_id,
            )
            for r in registry.records()
        }
        expected = self.model.expected_records()
        extra = sorted(held - expected, key=str)
        missing = sorted(expected - held, key=str)
        assert not extra, f"held but not expected: {extra}; expected: {missing}"
        assert not missing, f"expected but not held: {missing}"

    def check_doors(self) -> None:
        """Assert what each door accepts, held and dropped."""
        present = self.platform.present
        for (room, kind, slot), held in self.model.slots.items():
            if kind is CredentialKind.PIN:
                assert held.value is not None
                opens = present(room, "pin", held.value).opens
            else:
                opens = present(room, DOOR_KIND[kind], slot).opens
            assert opens == held.at_lock, (room, kind, slot, held)
            assert held.at_lock or not held.confirmed
        for room in self.rooms:
            for kind, door_kind in DOOR_KIND.items():
                for slot in range(1, BIOMETRIC_SLOT_MAX + 1):
                    if (room, kind, slot) not in self.model.slots:
                        assert not present(room, door_kind, slot).opens
        for room, pin in self.model.dropped_pins + self.never_held_pins:
            assert not present(room, "pin", pin).opens
        for (room, password), held in self.model.passwords.items():
            assert present(room, "offline_password", password).opens == held.at_lock
        for room, password in self.model.dropped_passwords:
            assert not present(room, "offline_password", password).opens
        # Cards in the order they were issued: a newer card seen at the door
        # supersedes older ones of its room, as on a real lock.
        for card_id, card in sorted(
            [*self.model.cards.items(), *self.model.unnamed_cards.items()],
            key=lambda item: item[1].order,
        ):
            opens = present(card.room, "card_id", card_id).opens
            assert opens == card.at_lock, (card_id, card)
            assert card.at_lock or not card.confirmed
        for room, card_id in self.model.dropped_cards:
            card = self.model.cards.get(card_id)
            if card is None or card.room != room:
                assert not present(room, "card_id", card_id).opens, (room, card_id)


@contextlib.asynccontextmanager
async def _new_instance(config_dir: str) -> AsyncIterator[HomeAssistant]:
    """Start a brand-new Home Assistant on the same (mocked) storage."""
    async with async_test_home_assistant(config_dir=config_dir) as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        frame.async_setup(hass)
        try:
            yield hass
        finally:
            for entry in hass.config_entries.async_entries():
                if entry.state is ConfigEntryState.LOADED:
                    await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_stop(force=True)


async def _setup(hass: HomeAssistant, url: str) -> MockConfigEntry:
    entry = entry_for(url, entry_id=ENTRY_ID)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_registry_soak(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    platform: Platform,
    server: EmulatorServer,
) -> None:
    """2000 random operations with restarts: the registry stays true."""
    started = time.monotonic()
    soak = Soak(hass, platform, server)
    entry = await _setup(hass, server.url)
    config_dir = hass.config.config_dir
    # Restart points, counted in operations actually sent.
    restarts = soak.rng.sample(range(1, OPERATIONS), RELOADS + NEW_INSTANCES)
    kinds = dict.fromkeys(restarts[:NEW_INSTANCES], "new") | dict.fromkeys(
        restarts[NEW_INSTANCES:], "reload"
    )
    pending = sorted(kinds)

    async with contextlib.AsyncExitStack() as stack:
        while soak.figures.operations < OPERATIONS:
            if pending and soak.figures.operations >= pending[0]:
                if kinds[pending.pop(0)] == "reload":
                    assert await soak.hass.config_entries.async_reload(entry.entry_id)
                    await soak.hass.async_block_till_done()
                    soak.figures.reloads += 1
                else:
                    assert await soak.hass.config_entries.async_unload(entry.entry_id)
                    await stack.aclose()
                    soak.hass = await stack.enter_async_context(
                        _new_instance(config_dir)
                    )
                    entry = await _setup(soak.hass, server.url)
                    soak.figures.new_instances += 1
                # What Home Assistant holds after the restart is the model.
                await soak.check_registry(entry.entry_id)
            await soak.step()

        await soak.check_registry(entry.entry_id)
        assert len(soak.hass.config_entries.async_entries()) == 1

    soak.check_doors()
    figures = soak.figures
    print(
        f"registry soak: {figures.operations} operations"
        f" ({figures.succeeded} succeeded, {figures.refused} refused,"
        f" {figures.garbled} garbled answers), {figures.reloads} reloads,"
        f" {figures.new_instances} new instances,"
        f" {len(soak.model.expected_records())} records at the end"
        f" ({sum(1 for r in soak.model.expected_records() if not r[4])} unconfirmed),"
        f" {time.monotonic() - started:.1f} s; {figures.by_service}"
    )
    assert figures.operations == OPERATIONS
    assert figures.reloads == RELOADS
    assert figures.new_instances == NEW_INSTANCES
    assert figures.refused > 0
    assert figures.garbled > 0
    assert f"hotel_lock.{ENTRY_ID}.credentials" in hass_storage
