"""Offline passwords and key cards: their actions against the emulator."""

from __future__ import annotations

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    CONF_URL,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
)
from homeassistant.helpers import (
    entity_registry as er,
)
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.hotel_lock.const import (
    CONF_APPID,
    CONF_APPSECRET,
    DOMAIN,
    EVENT_CREDENTIAL_CHANGED,
)
from simulator.app import create_app
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.services_common import (
    SECOND_LOCK,
    act,
    at,
    calls_of,
    opens,
    records,
    secrets_absent,
    text,
    tomorrow,
)

pytestmark = pytest.mark.usefixtures("init_integration")


async def test_offline_password_lifecycle(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """An offline password opens until revoked; the expiry comes from the registry."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    until = at(days=1)
    response = await act(
        hass,
        "generate_offline_password",
        {"entity_id": FIRST_LOCK, "valid_until": until.isoformat(), "name": "Cy"},
    )
    password = response["password"]
    assert response == {"password": password, "valid_until": until.isoformat()}
    assert opens(platform, "offline_password", password)
    record = (await records(hass, init_integration))[0]
    assert record.password == password

    response = await act(
        hass, "revoke_offline_password", {"entity_id": FIRST_LOCK, "name": "Cy"}
    )
    assert set(response) == {"battery"}
    sent = calls_of(platform, "GatewayStopOffline")[-1]["fields"]
    assert sent["unValid"] == text(until)
    assert not opens(platform, "offline_password", password)
    assert await records(hass, init_integration) == []
    secrets_absent(events, password)
    assert [event.data["action"] for event in events] == [
        "generate_offline_password",
        "revoke_offline_password",
    ]


async def test_revoke_offline_password_by_password(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """Revoking by the password itself, from the registry or with an expiry."""
    until = at(days=3)
    first = (
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": FIRST_LOCK, "valid_until": text(until)},
        )
    )["password"]
    second = (
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": FIRST_LOCK, "valid_until": text(until)},
        )
    )["password"]
    await act(
        hass, "revoke_offline_password", {"entity_id": FIRST_LOCK, "password": first}
    )
    assert not opens(platform, "offline_password", first)
    assert opens(platform, "offline_password", second)
    # Forget it in the registry: the expiry must then be given.
    registry = init_integration.runtime_data.registry
    await registry.async_update(remove=[registry.by_password(FIRST_RM_ID, second)])
    await act(
        hass,
        "revoke_offline_password",
        {"entity_id": FIRST_LOCK, "password": second, "valid_until": text(until)},
    )
    assert not opens(platform, "offline_password", second)


async def test_card_lifecycle(
    hass: HomeAssistant,
    platform: Platform,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Issue a card, read it, clear it by room: it opens until cleared."""
    events = async_capture_events(hass, EVENT_CREDENTIAL_CHANGED)
    freezer.move_to("2026-07-01 09:30:15.750000+00:00")
    now = at()
    until = at(days=2)
    response = await act(
        hass,
        "issue_card",
        {"entity_id": FIRST_LOCK, "valid_until": text(until), "name": "Di"},
    )
    card_id = response["card_id"]
    # Authorized now (the vendor's advice), to the second.
    assert response["authorized_at"] == now.isoformat() == "2026-07-01T02:30:15-07:00"
    assert response["valid_until"] == until.isoformat()
    sent = calls_of(platform, "MarkRoomCard")[-1]["fields"]
    assert sent["abkp"] == "2026-07-01 02:30:15"
    assert sent["unValid"] == text(until)
    assert opens(platform, "card_id", card_id)

    read = await act(hass, "read_card", {})
    assert read == {
        "card_id": card_id,
        "room": {"entity_id": FIRST_LOCK, "name": "1-101", "room_id": FIRST_RM_ID},
        "valid_from": response["authorized_at"],
        "valid_until": until.isoformat(),
    }

    cleared = await act(hass, "clear_card", {"entity_id": FIRST_LOCK})
    assert cleared == {
        "card_id": card_id,
        "room": {"entity_id": FIRST_LOCK, "name": "1-101", "room_id": FIRST_RM_ID},
    }
    assert not opens(platform, "card_id", card_id)
    assert await records(hass, init_integration) == []
    assert [event.data["action"] for event in events] == ["issue_card", "clear_card"]
    assert events[1].data["card_id"] == card_id


async def test_clear_card_by_id(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A card is cleared by its ID, with the config entry named or implied."""
    card_id = (
        await act(
            hass, "issue_card", {"entity_id": SECOND_LOCK, "valid_until": tomorrow()}
        )
    )["card_id"]
    cleared = await act(
        hass,
        "clear_card",
        {"card_id": card_id.lower(), "config_entry_id": init_integration.entry_id},
    )
    assert cleared["card_id"] == card_id
    assert cleared["room"]["entity_id"] == SECOND_LOCK
    assert calls_of(platform, "ClearRoomCard")[-1]["fields"]["card_id"] == card_id
    assert not opens(platform, "card_id", card_id, rm_id=cleared["room"]["room_id"])
    assert await records(hass, init_integration) == []
    # The platform refuses to clear a blank card: its message comes through.
    platform.put_card()
    blank = platform.encoder
    assert blank is not None
    with pytest.raises(HomeAssistantError) as err:
        await act(hass, "clear_card", {"card_id": blank.card_id})
    assert err.value.translation_key == "platform_error"


async def test_read_card_of_a_room_without_device(
    hass: HomeAssistant, platform: Platform
) -> None:
    """A card of a room Home Assistant has no device for yet names the room ID."""
    room = platform.add_room("9-901")
    until = text(at(days=1))
    reply = await platform.call(
        "MarkRoomCard",
        {
            "appid": DEFAULT_APPID,
            "appsecret": DEFAULT_APPSECRET,
            "rm_id": room.rm_id,
            "abkp": text(at()),
            "unValid": until,
        },
    )
    assert reply.json()["code"] == 1
    read = await act(hass, "read_card", {})
    assert read["room"] == {
        "entity_id": None,
        "name": room.rm_id,
        "room_id": room.rm_id,
    }


async def test_entry_bound_actions_with_two_entries(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """read_card and clear_card by ID need the entry when there are two."""
    annex = Platform(2, seed=7, latency=0.0, tz=dt_util.get_default_time_zone)
    server = TestServer(create_app(annex), host="127.0.0.1")
    await server.start_server()
    try:
        annex_url = str(server.make_url("")).rstrip("/")
        other = MockConfigEntry(
            domain=DOMAIN,
            title="Annex",
            unique_id=f"{annex_url}|{DEFAULT_APPID}",
            data={
                CONF_URL: annex_url,
                CONF_APPID: DEFAULT_APPID,
                CONF_APPSECRET: DEFAULT_APPSECRET,
                CONF_VERIFY_SSL: True,
            },
        )
        other.add_to_hass(hass)
        assert await hass.config_entries.async_setup(other.entry_id)
        await hass.async_block_till_done()
        with pytest.raises(HomeAssistantError) as err:
            await act(hass, "read_card", {})
        assert (
            err.value.translation_key
            == "service_found_multiple_config_entry_for_domain"
        )
        read = await act(hass, "read_card", {"config_entry_id": other.entry_id})
        assert annex.encoder is not None
        assert read["card_id"] == annex.encoder.card_id
        assert read["room"] is None  # a blank card
        assert calls_of(platform, "ReadCard") == []
        # Each entry keeps its own registry.
        other_lock = next(
            e.entity_id
            for e in er.async_entries_for_config_entry(
                er.async_get(hass), other.entry_id
            )
            if e.domain == "lock"
        )
        await act(
            hass,
            "set_pin",
            {"entity_id": other_lock, "pin": "123123", "valid_until": tomorrow()},
        )
        assert len(other.runtime_data.registry.records()) == 1
        assert await records(hass, init_integration) == []
        assert await hass.config_entries.async_unload(other.entry_id)
    finally:
        await server.close()
