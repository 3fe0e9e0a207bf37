"""The stay actions: create_stay, check_out, get_stay_codes, issue_card for a stay."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.const import CONF_APPID, CONF_APPSECRET, DOMAIN
from custom_components.hotel_lock.stays import StayBook
from simulator.app import create_app
from simulator.platform import DEFAULT_APPSECRET, Platform
from tests.emulator_fixtures import _ha_time_zone
from tests.stays_common import (
    FIRST_RM_ID,
    SECOND_RM_ID,
    day,
    move,
    opens,
)

FIRST_LOCK = "lock.1_101"
SECOND_LOCK = "lock.1_102"


async def _act(
    hass: HomeAssistant,
    action: str,
    data: dict[str, Any],
    *,
    context: Context | None = None,
) -> Any:
    return await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True, context=context
    )


async def _create(hass: HomeAssistant, **fields: Any) -> dict[str, Any]:
    data = {
        "entity_id": [FIRST_LOCK, SECOND_LOCK],
        "guest": "Ms. Li",
        "arrival": "2026-06-01 14:00:00",
        "departure": "2026-06-03 12:00:00",
    }
    result: dict[str, Any] = await _act(hass, "create_stay", data | fields)
    return result


async def test_create_stay(
    hass: HomeAssistant, platform: Platform, book: StayBook
) -> None:
    """Rooms by target, times in HA's zone: the stay and its codes in the response."""
    response = await _create(hass)
    (stay,) = book.stays()
    pin = stay.pin or ""
    assert response == {
        "stay_id": stay.stay_id,
        "guest": "Ms. Li",
        "room_ids": [FIRST_RM_ID, SECOND_RM_ID],
        "rooms": ["1-101", "1-102"],
        "arrival": day(0, 14).isoformat(),
        "departure": day(2, 12).isoformat(),
        "valid_until": day(2, 13).isoformat(),
        "status": "upcoming",
        "codes": [
            {
                "room_id": room_id,
                "room_name": name,
                "kind": "pin",
                "code": pin,
                "valid_until": day(2, 13).isoformat(),
                "confirmed": True,
            }
            for room_id, name in ((FIRST_RM_ID, "1-101"), (SECOND_RM_ID, "1-102"))
        ],
    }
    assert opens(platform, SECOND_RM_ID, "pin", pin)
    # Both kinds, a longer PIN, far ahead: codes known, not at the doors yet.
    response = await _create(
        hass,
        arrival="2026-06-10 14:00:00",
        departure="2026-06-11 12:00:00",
        credentials=["offline_password", "pin"],
        pin_length=8,
    )
    assert [(c["kind"], len(c["code"]), c["confirmed"]) for c in response["codes"]] == [
        ("pin", 8, False),
        ("pin", 8, False),
    ]


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"entity_id": []}, "no_room_targeted"),
        ({"guest": ""}, "invalid_guest"),
        ({"arrival": "soon"}, "invalid_datetime"),
        ({"credentials": ["face"]}, "invalid_stay_credentials"),
        ({"pin_length": 4}, "invalid_pin_length"),
        ({"departure": "2026-06-01 07:00:00"}, "departure_not_after_arrival"),
    ],
)
async def test_create_stay_refused(
    hass: HomeAssistant,
    book: StayBook,
    platform: Platform,
    fields: dict[str, Any],
    key: str,
) -> None:
    """Translated refusals, nothing made."""
    with pytest.raises(ServiceValidationError) as err:
        await _create(hass, **fields)
    assert err.value.translation_key == key
    assert book.stays() == []


async def test_check_out(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """By a room (its stay in progress) or by the stay's ID; everything revoked."""
    first = await _create(hass, entity_id=FIRST_LOCK)
    second = await _create(hass, entity_id=SECOND_LOCK)
    with pytest.raises(ServiceValidationError) as err:
        await _act(hass, "check_out", {"entity_id": FIRST_LOCK})
    assert err.value.translation_key == "no_stay_in_room"
    assert err.value.translation_placeholders == {"room": "1-101"}
    await move(hass, freezer, day(1, 9))
    response = await _act(hass, "check_out", {"entity_id": FIRST_LOCK})
    assert (response["stay_id"], response["status"]) == (first["stay_id"], "ended")
    assert response["departure"] == day(1, 9).isoformat()
    assert not opens(platform, FIRST_RM_ID, "pin", first["codes"][0]["code"])
    await _act(hass, "check_out", {"stay_id": second["stay_id"]})
    assert not opens(platform, SECOND_RM_ID, "pin", second["codes"][0]["code"])
    for data, key in (
        ({}, "stay_id_or_room"),
        ({"stay_id": first["stay_id"], "entity_id": FIRST_LOCK}, "stay_id_or_room"),
        ({"stay_id": "01NOSUCHSTAY"}, "unknown_stay"),
        ({"stay_id": first["stay_id"]}, "stay_ended"),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await _act(hass, "check_out", data)
        assert err.value.translation_key == key


async def test_get_stay_codes(
    hass: HomeAssistant,
    book: StayBook,
    hass_admin_user: User,
    hass_read_only_user: User,
) -> None:
    """Administrators read a stay's codes, by ID or by room, until it is over."""
    later = await _create(
        hass,
        entity_id=FIRST_LOCK,
        arrival="2026-06-05 14:00:00",
        departure="2026-06-06 12:00:00",
    )
    admin = Context(user_id=hass_admin_user.id)
    # A room without a stay in progress: its next one.
    response = await _act(
        hass, "get_stay_codes", {"entity_id": FIRST_LOCK}, context=admin
    )
    assert response == later
    response = await _act(
        hass, "get_stay_codes", {"stay_id": later["stay_id"]}, context=admin
    )
    assert response["codes"] == later["codes"]
    with pytest.raises(Unauthorized):
        await _act(
            hass,
            "get_stay_codes",
            {"stay_id": later["stay_id"]},
            context=Context(user_id=hass_read_only_user.id),
        )
    await _act(hass, "check_out", {"stay_id": later["stay_id"]})
    with pytest.raises(ServiceValidationError) as err:
        await _act(hass, "get_stay_codes", {"stay_id": later["stay_id"]})
    assert err.value.translation_key == "stay_codes_gone"
    with pytest.raises(ServiceValidationError) as err:
        await _act(hass, "get_stay_codes", {"entity_id": SECOND_LOCK})
    assert err.value.translation_key == "no_stay_in_room"


async def test_check_out_needs_control_of_the_rooms(
    hass: HomeAssistant, book: StayBook, hass_read_only_user: User
) -> None:
    """Control of a stay's doors lets a user check it out, not read its codes."""
    stay = await _create(hass, entity_id=[FIRST_LOCK, SECOND_LOCK])
    user = Context(user_id=hass_read_only_user.id)
    hass_read_only_user.mock_policy(
        {"entities": {"entity_ids": {FIRST_LOCK: {"control": True}}}}
    )
    for action in ("check_out", "get_stay_codes"):
        with pytest.raises(Unauthorized):
            await _act(hass, action, {"stay_id": stay["stay_id"]}, context=user)
    assert book.stays()
    hass_read_only_user.mock_policy(
        {
            "entities": {
                "entity_ids": {
                    FIRST_LOCK: {"control": True},
                    SECOND_LOCK: {"control": True},
                }
            }
        }
    )
    with pytest.raises(Unauthorized):
        await _act(hass, "get_stay_codes", {"stay_id": stay["stay_id"]}, context=user)
    await _act(hass, "check_out", {"stay_id": stay["stay_id"]}, context=user)
    assert book.stays() == []


async def test_issue_card_for_a_stay(
    hass: HomeAssistant, platform: Platform, book: StayBook
) -> None:
    """Every card of a stay carries its one authorization time and its window."""
    stay = await _create(hass)
    first = await _act(
        hass, "issue_card", {"entity_id": FIRST_LOCK, "stay_id": stay["stay_id"]}
    )
    platform.put_card()
    second = await _act(
        hass, "issue_card", {"entity_id": SECOND_LOCK, "stay_id": stay["stay_id"]}
    )
    assert first["authorized_at"] == second["authorized_at"] == day(0, 8).isoformat()
    assert first["valid_until"] == second["valid_until"] == day(2, 13).isoformat()
    assert first["card_id"] != second["card_id"]
    assert opens(platform, SECOND_RM_ID, "card_id", second["card_id"])
    for data, key in (
        (
            {"stay_id": stay["stay_id"], "valid_until": "2026-06-09 12:00:00"},
            "stay_sets_card_window",
        ),
        (
            {"stay_id": stay["stay_id"], "authorized_at": "2026-06-01 07:00:00"},
            "stay_sets_card_window",
        ),
        ({}, "missing_field"),
        ({"stay_id": "01NOSUCHSTAY"}, "unknown_stay"),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await _act(hass, "issue_card", {"entity_id": FIRST_LOCK} | data)
        assert err.value.translation_key == key


async def test_rooms_of_two_platforms_refused(
    hass: HomeAssistant, book: StayBook, socket_enabled: None
) -> None:
    """One stay is one platform's: rooms of two are refused."""
    annex = Platform(1, appid="annex", seed=7, tz=_ha_time_zone)
    server = TestServer(create_app(annex), host="127.0.0.1")
    await server.start_server(access_log=None)
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="annex",
        minor_version=2,
        data={
            CONF_URL: str(server.make_url("")).rstrip("/"),
            CONF_APPID: "annex",
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: True,
        },
    )
    entry.add_to_hass(hass)
    try:
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        (annex_lock,) = [
            state.entity_id
            for state in hass.states.async_all("lock")
            if state.entity_id not in (FIRST_LOCK, SECOND_LOCK)
            and state.entity_id.endswith("_2")
        ]
        with pytest.raises(ServiceValidationError) as err:
            await _create(hass, entity_id=[FIRST_LOCK, annex_lock])
        assert err.value.translation_key == "rooms_of_several_platforms"
    finally:
        assert await hass.config_entries.async_unload(entry.entry_id)
        await server.close()
