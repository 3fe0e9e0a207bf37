"""Concurrency: many rooms at once, one room many times, the gateway limit.

- 50 unlocks of 50 rooms sent at once each land on their own room (the
  emulator's operation log and its doors' openings);
- 20 concurrent ``set_pin`` on one room get 20 distinct slots, all working;
- gateway calls in flight at the emulator never exceed the configured limit,
  and reach it, whatever the mix of unlocks and credential actions.

The emulator's gateway takes a little time per call so that calls overlap.
Reaching the limit does not rest on timing luck: until as many calls as the
limit are in flight at once, the emulator's gateway holds each call for
``HOLD`` seconds (far longer than it takes a loaded machine to queue them
all); from then on calls take ``GATEWAY_LATENCY`` again, so the test stays
short and the calls after the first ones still overlap.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager

from homeassistant.components.lock import DOMAIN as LOCK_DOMAIN, LockState
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_UNLOCK
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest

from custom_components.hotel_lock.const import CONF_GATEWAY_CONCURRENCY, DOMAIN
from custom_components.hotel_lock.credential_record import CredentialKind
from simulator.platform import Platform
from tests.emulator_fixtures import EmulatorServer
from tests.services_common import JPEG_B64, TEMPLATE, act, tomorrow

from .conftest import async_setup_entry, entry_for

ROOMS = 50
GATEWAY_LATENCY = 0.02
HOLD = 1.0


@pytest.fixture
def platform() -> Platform:
    """Return an emulated platform of 50 rooms whose gateway takes a moment."""
    return Platform(ROOMS, latency=GATEWAY_LATENCY, tz=dt_util.get_default_time_zone)


def _locks(hass: HomeAssistant, platform: Platform) -> dict[str, str]:
    """Return the lock entity of every room."""
    registry = er.async_get(hass)
    locks = {}
    for rm_id in platform.rooms:
        entity_id = registry.async_get_entity_id(LOCK_DOMAIN, DOMAIN, rm_id)
        assert entity_id is not None
        locks[rm_id] = entity_id
    return locks


@asynccontextmanager
async def _held_until_full(platform: Platform, limit: int) -> AsyncIterator[None]:
    """Hold gateway calls until ``limit`` of them are in flight at once.

    The first calls sleep ``HOLD`` seconds at the emulator; as soon as the
    emulator has counted ``limit`` calls in flight, later calls take
    ``GATEWAY_LATENCY`` again. If the limit is never reached, every call
    takes ``HOLD`` and the test's assertion on the peak fails.
    """
    platform.set_latency(HOLD)
    platform.reset_counters()

    async def release() -> None:
        # The emulator has no event to wait on: look at its count each ms.
        while True:
            if platform.max_concurrent_gateway >= limit:
                platform.set_latency(GATEWAY_LATENCY)
                return
            await asyncio.sleep(0.001)

    watcher = asyncio.create_task(release())
    try:
        yield
    finally:
        watcher.cancel()
        platform.set_latency(GATEWAY_LATENCY)


async def _all_held(
    platform: Platform, limit: int, calls: list[Awaitable[object]]
) -> None:
    """Run ``calls`` at once, the first ones held until ``limit`` are in flight."""
    async with _held_until_full(platform, limit):
        await asyncio.gather(*calls)


async def _unlock(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_UNLOCK, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_fifty_unlocks_land_on_their_rooms(
    hass: HomeAssistant, platform: Platform, server: EmulatorServer
) -> None:
    """50 unlocks of 50 rooms at once: one GatewayOpen per room, no other."""
    limit = 8
    await async_setup_entry(
        hass, entry_for(server.url, options={CONF_GATEWAY_CONCURRENCY: limit})
    )
    locks = _locks(hass, platform)
    assert len(locks) == ROOMS

    await _all_held(
        platform, limit, [_unlock(hass, entity_id) for entity_id in locks.values()]
    )

    opened = Counter(
        entry["fields"]["rm_id"]
        for entry in platform.log_dicts()
        if entry["call"] == "GatewayOpen" and entry["code"] == 1
    )
    assert opened == Counter(dict.fromkeys(platform.rooms, 1))
    for rm_id, entity_id in locks.items():
        assert len(platform.room(rm_id).openings) == 1
        assert hass.states.get(entity_id).state == LockState.UNLOCKED
    assert platform.max_concurrent_gateway == limit
    print(
        f"concurrency: {ROOMS} unlocks of {ROOMS} rooms at once,"
        f" at most {platform.max_concurrent_gateway} gateway calls in flight"
        f" (limit {limit})"
    )


async def test_twenty_set_pin_on_one_room(
    hass: HomeAssistant, platform: Platform, server: EmulatorServer
) -> None:
    """20 concurrent set_pin on one room: 20 distinct slots, every PIN works."""
    await async_setup_entry(hass, entry_for(server.url))
    rm_id, entity_id = next(iter(_locks(hass, platform).items()))
    pins = [f"{31_415_926 + i:08d}" for i in range(20)]

    responses = await asyncio.gather(
        *(
            act(
                hass,
                "set_pin",
                {"entity_id": entity_id, "pin": pin, "valid_until": tomorrow()},
            )
            for pin in pins
        )
    )

    slots = [response["slot"] for response in responses]
    assert sorted(slots) == list(range(1, 21))
    assert {int(slot): pin.pwd for slot, pin in platform.room(rm_id).pins.items()} == (
        dict(zip(slots, pins, strict=True))
    )
    assert all(platform.present(rm_id, "pin", pin).opens for pin in pins)
    registry = next(
        iter(hass.config_entries.async_entries(DOMAIN))
    ).runtime_data.registry
    assert sorted(r.slot or 0 for r in registry.records(rm_id, CredentialKind.PIN)) == (
        list(range(1, 21))
    )
    print("concurrency: 20 set_pin on one room, 20 distinct slots")


@pytest.mark.parametrize("limit", [1, 3, 8])
async def test_gateway_limit_holds_for_a_mix(
    hass: HomeAssistant, platform: Platform, server: EmulatorServer, limit: int
) -> None:
    """Unlocks and credential pushes on many rooms never exceed the limit."""
    await async_setup_entry(
        hass, entry_for(server.url, options={CONF_GATEWAY_CONCURRENCY: limit})
    )
    locks = list(_locks(hass, platform).values())
    until = tomorrow()
    calls: list[Awaitable[object]] = []
    for index, entity_id in enumerate(locks[:30]):
        match index % 4:
            case 0:
                calls.append(_unlock(hass, entity_id))
            case 1:
                calls.append(
                    act(
                        hass,
                        "set_pin",
                        {
                            "entity_id": entity_id,
                            "pin": "20261128",
                            "valid_until": until,
                        },
                    )
                )
            case 2:
                calls.append(
                    act(
                        hass,
                        "set_face",
                        {
                            "entity_id": entity_id,
                            "image": JPEG_B64,
                            "valid_until": until,
                        },
                    )
                )
            case _:
                calls.append(
                    act(
                        hass,
                        "set_fingerprint",
                        {
                            "entity_id": entity_id,
                            "template": TEMPLATE,
                            "valid_until": until,
                        },
                    )
                )
    await _all_held(platform, limit, calls)
    gateway_calls = [
        entry for entry in platform.log_dicts() if entry["call"].startswith("Gateway")
    ]
    assert len(gateway_calls) == 30
    assert all(entry["code"] == 1 for entry in gateway_calls)
    assert platform.max_concurrent_gateway == limit
    assert platform.gateway_in_flight == 0
