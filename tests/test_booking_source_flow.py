"""Tests for the booking-source subentry flow: add, reconfigure, errors."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType, InvalidData
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hotel_lock.const import (
    CONF_CALENDAR_ENTITY_ID,
    CONF_MATCH,
    CONF_ROOMS,
    DOMAIN,
    MATCH_ROOMS,
    MATCH_TEXT,
    SUBENTRY_BOOKING_SOURCE,
)
from simulator.platform import Platform

from .bookings_common import DESK, add_source, async_add_desk_calendar, source_subentry
from .conftest import FIRST_RM_ID

POOL = "calendar.pool_house"


@pytest.fixture(autouse=True)
async def calendars(hass: HomeAssistant) -> None:
    """Add the test calendar, and a second calendar's state."""
    await async_add_desk_calendar(hass)
    hass.states.async_set(POOL, "off", {"friendly_name": "Pool house"})


async def _user_flow(hass: HomeAssistant, entry: MockConfigEntry) -> FlowResult:
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_BOOKING_SOURCE), context={"source": SOURCE_USER}
    )


async def _reconfigure_flow(
    hass: HomeAssistant, entry: MockConfigEntry, subentry_id: str
) -> FlowResult:
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_BOOKING_SOURCE),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id},
    )


async def _submit(
    hass: HomeAssistant, result: FlowResult, **user_input: Any
) -> FlowResult:
    return await hass.config_entries.subentries.async_configure(
        result["flow_id"], user_input
    )


def _fields(result: FlowResult) -> dict[str, Any]:
    """Return each field's selector config and suggested value."""
    return {
        str(key): (
            selector.config,
            (key.description or {}).get("suggested_value"),
        )
        for key, selector in result["data_schema"].schema.items()
    }


async def test_add_a_source_finding_room_names(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The form offers calendars and rooms; "find names" keeps no rooms."""
    result = await _user_flow(hass, init_integration)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    fields = _fields(result)
    assert fields[CONF_CALENDAR_ENTITY_ID][0]["domain"] == ["calendar"]
    assert fields[CONF_MATCH] == (
        {
            "options": [MATCH_ROOMS, MATCH_TEXT],
            "translation_key": "booking_source_match",
            "mode": "list",
            "multiple": False,
            "custom_value": False,
            "sort": False,
        },
        MATCH_TEXT,
    )
    rooms = fields[CONF_ROOMS][0]
    assert rooms["multiple"] is True
    assert {"value": FIRST_RM_ID, "label": "1-101"} in rooms["options"]
    assert len(rooms["options"]) == 5

    result = await _submit(
        hass,
        result,
        calendar_entity_id=DESK,
        match=MATCH_TEXT,
        rooms=[FIRST_RM_ID],
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Front desk"
    (subentry,) = init_integration.subentries.values()
    assert subentry.subentry_type == SUBENTRY_BOOKING_SOURCE
    assert subentry.title == "Front desk"
    assert dict(subentry.data) == {
        CONF_CALENDAR_ENTITY_ID: DESK,
        CONF_MATCH: MATCH_TEXT,
        CONF_ROOMS: [],
    }


async def test_add_a_source_for_fixed_rooms(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """Fixed rooms need at least one room."""
    second = next(rm_id for rm_id in platform.rooms if rm_id != FIRST_RM_ID)
    result = await _user_flow(hass, init_integration)
    result = await _submit(hass, result, calendar_entity_id=POOL, match=MATCH_ROOMS)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_ROOMS: "rooms_required"}
    result = await _submit(
        hass,
        result,
        calendar_entity_id=POOL,
        match=MATCH_ROOMS,
        rooms=[second, FIRST_RM_ID],
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Pool house"
    assert result["data"] == {
        CONF_CALENDAR_ENTITY_ID: POOL,
        CONF_MATCH: MATCH_ROOMS,
        CONF_ROOMS: [second, FIRST_RM_ID],
    }


async def test_calendar_errors(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A calendar that does not exist, or that is already a source, is refused."""
    add_source(hass, init_integration, source_subentry(DESK))
    result = await _user_flow(hass, init_integration)
    result = await _submit(
        hass, result, calendar_entity_id="calendar.nope", match=MATCH_TEXT
    )
    assert result["errors"] == {CONF_CALENDAR_ENTITY_ID: "calendar_not_found"}
    result = await _submit(hass, result, calendar_entity_id=DESK, match=MATCH_TEXT)
    assert result["errors"] == {CONF_CALENDAR_ENTITY_ID: "calendar_in_use"}
    # The entered values are kept in the form.
    assert _fields(result)[CONF_CALENDAR_ENTITY_ID][1] == DESK
    assert len(init_integration.subentries) == 1


async def test_own_calendars_are_no_source(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The integration's own (Stays) calendars are not offered, nor taken."""
    stays = "calendar.hotel_lock_stays"
    assert er.async_get(hass).async_get(stays).platform == DOMAIN
    result = await _user_flow(hass, init_integration)
    selector = _fields(result)[CONF_CALENDAR_ENTITY_ID][0]
    assert selector["exclude_entities"] == [stays]
    with pytest.raises(InvalidData):
        await _submit(hass, result, calendar_entity_id=stays, match=MATCH_TEXT)


async def test_reconfigure_a_source(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Reconfiguring shows the source as it is and saves the change and title."""
    source_id = add_source(hass, init_integration, source_subentry(DESK))
    result = await _reconfigure_flow(hass, init_integration, source_id)
    assert result["step_id"] == "reconfigure"
    fields = _fields(result)
    assert fields[CONF_CALENDAR_ENTITY_ID][1] == DESK
    assert fields[CONF_MATCH][1] == MATCH_TEXT
    # Its own calendar is not "in use" by another source.
    result = await _submit(
        hass, result, calendar_entity_id=DESK, match=MATCH_ROOMS, rooms=[]
    )
    assert result["errors"] == {CONF_ROOMS: "rooms_required"}
    result = await _submit(
        hass,
        result,
        calendar_entity_id=POOL,
        match=MATCH_ROOMS,
        rooms=[FIRST_RM_ID],
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    subentry = init_integration.subentries[source_id]
    assert subentry.title == "Pool house"
    assert dict(subentry.data) == {
        CONF_CALENDAR_ENTITY_ID: POOL,
        CONF_MATCH: MATCH_ROOMS,
        CONF_ROOMS: [FIRST_RM_ID],
    }


async def test_entry_not_loaded(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Without the platform's rooms, sources can be neither added nor changed."""
    mock_config_entry.add_to_hass(hass)
    source_id = add_source(hass, mock_config_entry, source_subentry(DESK))
    for result in (
        await _user_flow(hass, mock_config_entry),
        await _reconfigure_flow(hass, mock_config_entry, source_id),
    ):
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "entry_not_loaded"
