"""Who and what an action acts on: target rooms, permissions, list_credentials."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.const import DOMAIN
from simulator.platform import Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.services_common import (
    SECOND_LOCK,
    act,
    calls_of,
    opens,
    tomorrow,
)

pytestmark = pytest.mark.usefixtures("init_integration")


async def test_list_credentials(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """The registry's records come back with PINs and passwords masked."""
    await act(
        hass,
        "set_pin",
        {
            "entity_id": FIRST_LOCK,
            "pin": "918273",
            "valid_until": tomorrow(),
            "name": "Ed",
        },
    )
    password = (
        await act(
            hass,
            "generate_offline_password",
            {"entity_id": SECOND_LOCK, "valid_until": tomorrow()},
        )
    )["password"]
    card_id = (
        await act(
            hass, "issue_card", {"entity_id": SECOND_LOCK, "valid_until": tomorrow()}
        )
    )["card_id"]

    listed = await act(hass, "list_credentials", {"entity_id": FIRST_LOCK})
    assert [
        (c["kind"], c["slot"], c["name"], c["secret"]) for c in listed["credentials"]
    ] == [("pin", 1, "Ed", "******")]
    everything = await act(hass, "list_credentials", {})
    kinds = sorted(c["kind"] for c in everything["credentials"])
    assert kinds == ["card", "offline_password", "pin"]
    assert "918273" not in repr(everything)
    assert password not in repr(everything)
    assert card_id in repr(everything)
    by_device = await act(
        hass,
        "list_credentials",
        {"device_id": er.async_get(hass).async_get(SECOND_LOCK).device_id},
    )
    assert {c["entity_id"] for c in by_device["credentials"]} == {SECOND_LOCK}


async def test_area_and_device_targets(hass: HomeAssistant, platform: Platform) -> None:
    """Rooms are found through their device or their area."""
    entity = er.async_get(hass).async_get(SECOND_LOCK)
    area = ar.async_get(hass).async_create("Room 102")
    dr.async_get(hass).async_update_device(entity.device_id, area_id=area.id)
    response = await act(
        hass,
        "set_pin",
        {"area_id": area.id, "pin": "246810", "valid_until": tomorrow()},
    )
    assert response["slot"] == 1
    assert opens(
        platform,
        "pin",
        "246810",
        rm_id=calls_of(platform, "GatewayUploadOnline")[-1]["fields"]["rm_id"],
    )
    response = await act(
        hass,
        "set_pin",
        {"device_id": entity.device_id, "pin": "135791", "valid_until": tomorrow()},
    )
    assert response["slot"] == 2


async def test_area_target_passes_over_other_entities(
    hass: HomeAssistant, platform: Platform
) -> None:
    """Another integration's entity in the room's area is not a room: skipped."""
    ent_reg = er.async_get(hass)
    lock = ent_reg.async_get(SECOND_LOCK)
    area = ar.async_get(hass).async_create("Room 102")
    dr.async_get(hass).async_update_device(lock.device_id, area_id=area.id)
    light = ent_reg.async_get_or_create("light", "demo", "room_102_ceiling")
    ent_reg.async_update_entity(light.entity_id, area_id=area.id)
    response = await act(
        hass,
        "set_pin",
        {"area_id": area.id, "pin": "975310", "valid_until": tomorrow()},
    )
    assert response["slot"] == 1
    (upload,) = calls_of(platform, "GatewayUploadOnline")
    assert upload["fields"]["rm_id"] != FIRST_RM_ID
    assert opens(platform, "pin", "975310", rm_id=upload["fields"]["rm_id"])


async def test_permissions(
    hass: HomeAssistant, hass_read_only_user: Any, platform: Platform
) -> None:
    """A user who may not control the lock (or is no admin) is refused."""
    context = Context(user_id=hass_read_only_user.id)
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "set_pin",
            {"entity_id": FIRST_LOCK, "pin": "123456", "valid_until": tomorrow()},
            blocking=True,
            context=context,
        )
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "read_card",
            {},
            blocking=True,
            return_response=True,
            context=context,
        )
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "list_credentials",
            {},
            blocking=True,
            return_response=True,
            context=Context(user_id="no-such-user"),
        )
    assert calls_of(platform, "GatewayUploadOnline") == []
    assert calls_of(platform, "ReadCard") == []


async def test_admin_may_act(
    hass: HomeAssistant, hass_admin_user: Any, platform: Platform
) -> None:
    """An administrator's calls go through."""
    context = Context(user_id=hass_admin_user.id)
    response = await hass.services.async_call(
        DOMAIN, "read_card", {}, blocking=True, return_response=True, context=context
    )
    assert response["card_id"] == platform.encoder.card_id
    response = await hass.services.async_call(
        DOMAIN,
        "set_pin",
        {"entity_id": FIRST_LOCK, "pin": "123456", "valid_until": tomorrow()},
        blocking=True,
        return_response=True,
        context=context,
    )
    assert response["slot"] == 1


async def test_user_who_may_control_the_lock(
    hass: HomeAssistant, hass_read_only_user: Any, platform: Platform
) -> None:
    """Control of the targeted lock is enough for its room; not for the encoder."""
    hass_read_only_user.mock_policy(
        {"entities": {"entity_ids": {FIRST_LOCK: {"control": True}}}}
    )
    context = Context(user_id=hass_read_only_user.id)
    response = await hass.services.async_call(
        DOMAIN,
        "set_pin",
        {"entity_id": FIRST_LOCK, "pin": "123456", "valid_until": tomorrow()},
        blocking=True,
        return_response=True,
        context=context,
    )
    assert response["slot"] == 1
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "set_pin",
            {"entity_id": SECOND_LOCK, "pin": "123456", "valid_until": tomorrow()},
            blocking=True,
            context=context,
        )
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "read_card",
            {},
            blocking=True,
            return_response=True,
            context=context,
        )
    assert len(calls_of(platform, "GatewayUploadOnline")) == 1


async def test_lock_without_room_device(
    hass: HomeAssistant, platform: Platform, init_integration: MockConfigEntry
) -> None:
    """A lock entity of this integration without its room device is no room."""
    entity = er.async_get(hass).async_get_or_create(
        "lock", DOMAIN, "orphan", config_entry=init_integration
    )
    with pytest.raises(ServiceValidationError) as err:
        await act(
            hass,
            "set_pin",
            {"entity_id": entity.entity_id, "pin": "123456", "valid_until": tomorrow()},
        )
    assert err.value.translation_key == "unknown_room"
    assert calls_of(platform, "GatewayUploadOnline") == []
