"""Tests for the coordinator: polling, outages, rooms coming and going, calls."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
import logging
from unittest.mock import patch

from aiohttp import web
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from yarl import URL

from custom_components.hotel_lock.api import HotelLockClient
from custom_components.hotel_lock.const import (
    CONF_APPID,
    CONF_APPSECRET,
    CONF_GATEWAY_CONCURRENCY,
    DOMAIN,
    MISSING_POLLS_BEFORE_REMOVAL,
)
from custom_components.hotel_lock.coordinator import HotelLockCoordinator
from custom_components.hotel_lock.errors import (
    CredentialsRefused,
    PlatformAnswerLost,
    PlatformError,
    PlatformNotCarriedOut,
    PlatformRefused,
    PlatformUnreachable,
)
from custom_components.hotel_lock.platform_answers import (
    HotelLockAuthenticationError,
)
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform

from .conftest import ENTRY_ID, FIRST_LOCK, FIRST_RM_ID
from .emulator_fixtures import EmulatorServer

POLL = timedelta(seconds=60)


@pytest.fixture
async def entry_on_server(
    hass: HomeAssistant, server: EmulatorServer
) -> MockConfigEntry:
    """Set up an entry against the restartable server."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Hotel Lock",
        unique_id=f"{server.url}|{DEFAULT_APPID}",
        data={
            CONF_URL: server.url,
            CONF_APPID: DEFAULT_APPID,
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: True,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def _poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    freezer.tick(POLL)
    async_fire_time_changed(hass)
    # The refresh runs as a background task doing real I/O: wait for it.
    await hass.async_block_till_done(wait_background_tasks=True)


def _coordinator(entry: MockConfigEntry) -> HotelLockCoordinator:
    coordinator: HotelLockCoordinator = entry.runtime_data.coordinator
    return coordinator


async def test_one_request_per_poll(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each cycle sends exactly one GetRoomList, whatever the number of rooms."""
    for _ in range(3):
        await _poll(hass, freezer)
    assert [entry["call"] for entry in platform.log_dicts()] == ["GetRoomList"] * 4


async def test_outage_and_recovery(
    hass: HomeAssistant,
    entry_on_server: MockConfigEntry,
    server: EmulatorServer,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With the emulator stopped, entities go unavailable within one poll and come back."""
    assert hass.states.get(FIRST_LOCK).state == "locked"
    await server.stop()
    await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.1_101_battery").state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.hotel_lock_rooms").state == STATE_UNAVAILABLE
    await _poll(hass, freezer)
    assert entry_on_server.state is ConfigEntryState.LOADED

    await server.start()
    await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == "locked"
    assert hass.states.get("sensor.hotel_lock_rooms").state == "5"

    # Unavailability is logged once, and so is the recovery.
    unavailable = [r for r in caplog.records if "Error fetching" in r.getMessage()]
    recovered = [r for r in caplog.records if "recovered" in r.getMessage()]
    assert len(unavailable) == 1
    assert unavailable[0].levelno == logging.ERROR
    # It names the platform's entry: there may be several.
    assert f"hotel_lock ({entry_on_server.title})" in unavailable[0].getMessage()
    assert len(recovered) == 1


@pytest.mark.parametrize(
    "kind", ["http500", "html", "malformed_json", "missing_fields"]
)
async def test_poll_faults_make_entities_unavailable(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    kind: str,
) -> None:
    """A malformed answer to the poll is an outage, not a crash; it recovers."""
    platform.add_fault("GetRoomList", kind, times=1)
    await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
    assert init_integration.state is ConfigEntryState.LOADED
    await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == "locked"


async def test_secret_revoked_starts_reauth(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A secret revoked while running starts reauth at the second refused poll."""
    platform.set_credentials(DEFAULT_APPID, "rotated")
    # The first refusal may be a passing one: entities unavailable, no reauth.
    await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
    assert hass.config_entries.flow.async_progress() == []
    # The second in a row: the credentials are refused.
    await _poll(hass, freezer)
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == init_integration.entry_id
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
    # Polling stops until the appsecret is re-entered.
    requests = len(platform.log_dicts())
    await _poll(hass, freezer)
    assert len(platform.log_dicts()) == requests


async def test_one_refusal_is_an_outage(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A single refused poll makes entities unavailable; the next good one heals."""
    coordinator = _coordinator(init_integration)
    for _ in range(2):
        platform.add_fault(
            "GetRoomList", "error", msg="数据库忙 (database busy)", times=1
        )
        await _poll(hass, freezer)
        assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
        assert hass.states.get("sensor.hotel_lock_rooms").state == STATE_UNAVAILABLE
        assert hass.config_entries.flow.async_progress() == []
        # A good poll in between resets the count: two refusals, not in a row,
        # start no reauth.
        await _poll(hass, freezer)
        assert hass.states.get(FIRST_LOCK).state == "locked"
        assert hass.states.get("sensor.hotel_lock_rooms").state == "5"
        assert hass.config_entries.flow.async_progress() == []
    assert init_integration.state is ConfigEntryState.LOADED
    assert _coordinator(init_integration) is coordinator  # no reload
    assert "The lock platform refused the room list: 数据库忙 (database busy)" in (
        caplog.text
    )


async def test_refusal_without_message(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A refusal without a message names the platform's code instead."""
    coordinator = _coordinator(init_integration)
    with patch.object(
        coordinator.client,
        "get_room_list",
        side_effect=HotelLockAuthenticationError("GetRoomList", 0, ""),
    ):
        await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
    assert "refused the room list: code 0." in caplog.text
    assert hass.config_entries.flow.async_progress() == []


async def test_rooms_added_and_removed_at_run_time(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """New rooms get devices and entities without a reload; gone rooms lose theirs."""
    entity_registry = er.async_get(hass)
    new_room = platform.add_room("2-201")
    await _poll(hass, freezer)
    assert hass.states.get("lock.2_201").state == "locked"
    assert hass.states.get("sensor.2_201_battery") is not None
    assert hass.states.get("sensor.hotel_lock_rooms").state == "6"
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, new_room.rm_id), ENTRY_ID
    )

    platform.remove_room(FIRST_RM_ID)
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL):
        await _poll(hass, freezer)
    assert (
        device_registry.async_get_device_by_identifier((DOMAIN, FIRST_RM_ID), ENTRY_ID)
        is None
    )
    assert entity_registry.async_get(FIRST_LOCK) is None
    assert hass.states.get(FIRST_LOCK) is None
    assert hass.states.get("sensor.hotel_lock_rooms").state == "5"
    assert init_integration.state is ConfigEntryState.LOADED

    # The new room's lock works without any reload.
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": "lock.2_201"}, blocking=True
    )
    assert platform.log_dicts()[-1]["fields"]["rm_id"] == new_room.rm_id


async def test_room_gone_after_its_device_was_deleted(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A room whose device was already deleted by hand disappears quietly."""
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )
    assert device is not None
    device_registry.async_remove_device(device.id)
    platform.remove_room(FIRST_RM_ID)
    for _ in range(MISSING_POLLS_BEFORE_REMOVAL):
        await _poll(hass, freezer)
    assert hass.states.get("sensor.hotel_lock_rooms").state == "4"
    assert init_integration.state is ConfigEntryState.LOADED


async def test_room_renamed_after_its_device_was_deleted(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A room renamed after its device was deleted by hand makes no device."""
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )
    assert device is not None
    device_registry.async_remove_device(device.id)
    platform.rooms[FIRST_RM_ID].rm_name = "VIP-1"
    await _poll(hass, freezer)
    assert (
        device_registry.async_get_device_by_identifier((DOMAIN, FIRST_RM_ID), ENTRY_ID)
        is None
    )
    assert init_integration.state is ConfigEntryState.LOADED


async def test_room_renamed(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A room renamed on the platform renames its device."""
    platform.rooms[FIRST_RM_ID].rm_name = "VIP-1"
    await _poll(hass, freezer)
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )
    assert device is not None
    assert device.name == "VIP-1"


async def test_poll_without_changes_looks_up_no_device(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A poll that finds the same rooms costs no device registry lookup."""
    with patch.object(
        device_registry,
        "async_get_device_by_identifier",
        wraps=device_registry.async_get_device_by_identifier,
    ) as lookup:
        await _poll(hass, freezer)
        assert lookup.call_count == 0
        platform.rooms[FIRST_RM_ID].rm_name = "VIP-1"
        await _poll(hass, freezer)
        assert lookup.call_count == 1


async def test_room_renamed_while_not_running(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A room renamed while the entry was not loaded is renamed at setup."""
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    platform.rooms[FIRST_RM_ID].rm_name = "VIP-1"
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, FIRST_RM_ID), ENTRY_ID
    )
    assert device is not None
    assert device.name == "VIP-1"


async def test_new_rooms_logged_at_debug(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """New rooms are named in the debug log."""
    caplog.set_level(logging.DEBUG, logger="custom_components.hotel_lock")
    platform.add_room("2-201")
    await _poll(hass, freezer)
    assert "New rooms: 2-201" in caplog.text


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_async_call_records_gateway_answer(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """A gateway answer's battery and timestamp reach the room's sensors."""
    coordinator = _coordinator(init_integration)
    platform.set_battery(FIRST_RM_ID, 42)
    result = await coordinator.async_call(
        coordinator.client.gateway_stop_online, FIRST_RM_ID, 3, rm_id=FIRST_RM_ID
    )
    await hass.async_block_till_done()
    assert hass.states.get("sensor.1_101_battery").state == str(result.battery)
    assert result.battery in (41, 42)
    assert coordinator.room_status[FIRST_RM_ID].last_contact == result.timestamp
    assert hass.states.get("sensor.1_101_last_gateway_contact").state == (
        result.timestamp.isoformat(timespec="seconds")
    )
    # Not a remote unlock.
    assert hass.states.get("sensor.1_101_last_remote_unlock").state == "unknown"


@pytest.mark.parametrize(
    ("kind", "translation_key"),
    [
        ("http500", "invalid_response"),
        ("html", "invalid_response"),
        ("malformed_json", "invalid_response"),
        ("missing_fields", "invalid_response"),
        ("error", "platform_error"),
    ],
)
async def test_async_call_maps_errors(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    kind: str,
    translation_key: str,
) -> None:
    """Client errors become translated HomeAssistantErrors."""
    coordinator = _coordinator(init_integration)
    platform.add_fault("GatewayStopFace", kind, msg="锁体忙 (lock busy)")
    with pytest.raises(HomeAssistantError) as err:
        await coordinator.async_call(
            coordinator.client.gateway_stop_face, FIRST_RM_ID, 1, rm_id=FIRST_RM_ID
        )
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == translation_key
    if kind == "error":
        assert err.value.translation_placeholders == {"message": "锁体忙 (lock busy)"}
        assert "锁体忙 (lock busy)" in str(err.value)
    # No gateway answer, but the room's last call failed (until one succeeds).
    status = coordinator.status(FIRST_RM_ID)
    assert (status.battery, status.last_contact) == (None, None)
    assert status.failure is err.value
    platform.clear_faults()
    await coordinator.async_call(
        coordinator.client.gateway_stop_face, FIRST_RM_ID, 1, rm_id=FIRST_RM_ID
    )
    assert coordinator.status(FIRST_RM_ID).failure is None


async def test_async_call_connection_error(
    hass: HomeAssistant,
    entry_on_server: MockConfigEntry,
    server: EmulatorServer,
) -> None:
    """A platform that cannot be reached gives the cannot_connect error."""
    await server.stop()
    coordinator = _coordinator(entry_on_server)
    with pytest.raises(HomeAssistantError) as err:
        await coordinator.async_call(
            coordinator.client.gateway_open, FIRST_RM_ID, rm_id=FIRST_RM_ID
        )
    assert err.value.translation_key == "cannot_connect"
    assert str(err.value).startswith("Could not reach the lock platform")


@pytest.mark.parametrize(
    ("fault", "error", "translation_key"),
    [
        ("refused", PlatformUnreachable, "cannot_connect"),
        ("timeout", PlatformAnswerLost, "cannot_connect"),
        ("http500", PlatformAnswerLost, "invalid_response"),
        ("malformed_json", PlatformAnswerLost, "invalid_response"),
        ("error", PlatformRefused, "platform_error"),
        ("http401", CredentialsRefused, "call_refused"),
    ],
)
async def test_async_call_says_whether_the_call_was_carried_out(
    hass: HomeAssistant,
    entry_on_server: MockConfigEntry,
    platform: Platform,
    *,
    fault: str,
    error: type[PlatformError],
    translation_key: str,
) -> None:
    """Only a lost answer leaves open whether the platform carried a call out.

    A stopped platform (connection refused), a refusal with a message and
    refused credentials are certainly not carried out; a timeout and a
    garbled answer may have been.
    """
    coordinator = _coordinator(entry_on_server)
    with contextlib.ExitStack() as stack:
        match fault:
            case "refused":
                # A port nobody listens on: a new connection, refused (an
                # idle kept-alive one to a stopped server may break instead).
                closed = TestServer(web.Application(), host="127.0.0.1")
                await closed.start_server()
                refused = URL(str(closed.make_url("")))
                await closed.close()
                stack.enter_context(
                    patch.object(coordinator.client, "_base_url", refused)
                )
            case "timeout":
                platform.add_fault("GatewayStopOnline", "delay", seconds=2, times=1)
                stack.enter_context(
                    patch.object(coordinator.client, "_gateway_timeout", 0.05)
                )
            case "http401":
                stack.enter_context(
                    patch.object(
                        coordinator.client,
                        "gateway_stop_online",
                        side_effect=_refused("GatewayStopOnline"),
                    )
                )
            case _:
                platform.add_fault("GatewayStopOnline", fault, times=1)
        with pytest.raises(PlatformError) as err:
            await coordinator.async_call(
                coordinator.client.gateway_stop_online,
                FIRST_RM_ID,
                3,
                rm_id=FIRST_RM_ID,
            )
    assert type(err.value) is error
    assert err.value.translation_key == translation_key
    carried_out_unknown = isinstance(err.value, PlatformAnswerLost)
    assert carried_out_unknown == (fault in ("timeout", "http500", "malformed_json"))
    assert carried_out_unknown != isinstance(err.value, PlatformNotCarriedOut)
    await hass.async_block_till_done()


def _refused(call: str) -> HotelLockAuthenticationError:
    return HotelLockAuthenticationError(call, 401, "HTTP 401")


def _polls(platform: Platform) -> int:
    return sum(1 for entry in platform.log_dicts() if entry["call"] == "GetRoomList")


def _reauth_flows(hass: HomeAssistant) -> list[str]:
    return [
        flow["context"]["source"] for flow in hass.config_entries.flow.async_progress()
    ]


async def test_one_refused_call_asks_for_a_poll(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """An unlock answered 401: no reauth yet, the lock stays locked, a poll checks."""
    coordinator = _coordinator(init_integration)
    polls = _polls(platform)
    with (
        patch.object(
            coordinator.client, "gateway_open", side_effect=_refused("GatewayOpen")
        ),
        pytest.raises(HomeAssistantError) as err,
    ):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": FIRST_LOCK}, blocking=True
        )
    assert err.value.translation_key == "call_refused"
    assert err.value.translation_placeholders == {"message": "HTTP 401"}
    assert "asks for the appsecret" in str(err.value)
    await hass.async_block_till_done()
    # The poll asked for went out at once and was accepted: all is well.
    assert _polls(platform) == polls + 1
    assert _reauth_flows(hass) == []
    assert hass.states.get(FIRST_LOCK).state == "locked"
    assert hass.states.get("sensor.hotel_lock_rooms").state == "5"
    assert init_integration.state is ConfigEntryState.LOADED


async def test_refused_call_then_refused_poll_starts_reauth(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """A revoked appsecret seen by a call is confirmed by the poll it asks for."""
    platform.set_credentials(DEFAULT_APPID, "rotated")

    async def rooms(client: HotelLockClient) -> int:
        return len(await client.get_room_list())

    coordinator = _coordinator(init_integration)
    with pytest.raises(HomeAssistantError) as err:
        await coordinator.async_call(rooms, coordinator.client)
    assert err.value.translation_key == "call_refused"
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == init_integration.entry_id
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE


async def test_refused_poll_then_refused_call_starts_reauth(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Two refusals in a row start reauth, whichever call saw the second."""
    coordinator = _coordinator(init_integration)
    platform.add_fault("GetRoomList", "error", msg="appsecret错误", times=1)
    await _poll(hass, freezer)
    assert _reauth_flows(hass) == []
    with (
        patch.object(
            coordinator.client, "gateway_open", side_effect=_refused("GatewayOpen")
        ),
        pytest.raises(HomeAssistantError) as err,
    ):
        await coordinator.async_call(
            coordinator.client.gateway_open, FIRST_RM_ID, rm_id=FIRST_RM_ID
        )
    assert err.value.translation_key == "invalid_auth"
    await hass.async_block_till_done()
    assert _reauth_flows(hass) == [SOURCE_REAUTH]


async def test_success_resets_the_refusals(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Any call that succeeds resets the count: refusals not in a row never reauth."""
    coordinator = _coordinator(init_integration)
    platform.add_fault("GetRoomList", "error", msg="数据库忙 (database busy)", times=1)
    await _poll(hass, freezer)
    assert hass.states.get(FIRST_LOCK).state == STATE_UNAVAILABLE
    # A gateway call goes through: the credentials are fine.
    await coordinator.async_call(
        coordinator.client.gateway_stop_online, FIRST_RM_ID, 3, rm_id=FIRST_RM_ID
    )
    with (
        patch.object(
            coordinator.client,
            "gateway_stop_online",
            side_effect=_refused("GatewayStopOnline"),
        ),
        pytest.raises(HomeAssistantError) as err,
    ):
        await coordinator.async_call(
            coordinator.client.gateway_stop_online, FIRST_RM_ID, 3, rm_id=FIRST_RM_ID
        )
    assert err.value.translation_key == "call_refused"
    await hass.async_block_till_done()
    assert _reauth_flows(hass) == []
    # The poll it asked for was accepted and reset the count again.
    assert hass.states.get(FIRST_LOCK).state == "locked"
    platform.add_fault("GetRoomList", "error", msg="数据库忙 (database busy)", times=1)
    await _poll(hass, freezer)
    assert _reauth_flows(hass) == []
    assert init_integration.state is ConfigEntryState.LOADED


async def test_gateway_concurrency_limit(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, platform: Platform
) -> None:
    """Gateway calls never exceed the configured concurrency at the emulator."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={CONF_GATEWAY_CONCURRENCY: 2}
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    platform.set_latency(0.05)
    coordinator = _coordinator(mock_config_entry)
    results = await asyncio.gather(
        *(
            coordinator.async_call(coordinator.client.gateway_open, rm_id, rm_id=rm_id)
            for rm_id in platform.rooms
        )
    )
    assert len(results) == 5
    assert platform.max_concurrent_gateway == 2
