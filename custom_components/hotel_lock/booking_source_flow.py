"""The flow of a booking source (a config subentry): a calendar and its rooms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.calendar.const import DOMAIN as CALENDAR_DOMAIN
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntryState,
    ConfigSubentry,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio

from .const import (
    CONF_CALENDAR_ENTITY_ID,
    CONF_MATCH,
    CONF_ROOMS,
    DOMAIN,
    MATCH_ROOMS,
    MATCH_TEXT,
    SUBENTRY_BOOKING_SOURCE,
)

if TYPE_CHECKING:
    # Only typed here: a flow needs none of an entry's runtime objects.
    from .entry_data import HotelLockConfigEntry

MATCH_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=[MATCH_ROOMS, MATCH_TEXT],
        translation_key="booking_source_match",
        mode=SelectSelectorMode.LIST,
    )
)


class BookingSourceFlow(ConfigSubentryFlow):
    """Add or change a booking source: a calendar, fixed rooms or room names."""

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add a booking source."""
        return await self._async_step_source("user", user_input)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change a booking source."""
        return await self._async_step_source("reconfigure", user_input)

    async def _async_step_source(
        self, step_id: str, user_input: dict[str, Any] | None
    ) -> SubentryFlowResult:
        entry: HotelLockConfigEntry = self._get_entry()
        if entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        subentry = (
            self._get_reconfigure_subentry()
            if self.source == SOURCE_RECONFIGURE
            else None
        )
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                CONF_CALENDAR_ENTITY_ID: user_input[CONF_CALENDAR_ENTITY_ID],
                CONF_MATCH: user_input[CONF_MATCH],
                CONF_ROOMS: (
                    list(user_input.get(CONF_ROOMS) or ())
                    if user_input[CONF_MATCH] == MATCH_ROOMS
                    else []
                ),
            }
            errors = self._errors(entry, data, subentry)
            if not errors:
                state = self.hass.states.get(data[CONF_CALENDAR_ENTITY_ID])
                title = state.name if state else data[CONF_CALENDAR_ENTITY_ID]
                if subentry is None:
                    return self.async_create_entry(title=title, data=data)
                return self.async_update_and_abort(
                    entry, subentry, title=title, data=data
                )

        suggested = user_input or (
            dict(subentry.data) if subentry else {CONF_MATCH: MATCH_TEXT}
        )
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                self._schema(entry), suggested
            ),
            errors=errors,
        )

    def _errors(
        self,
        entry: HotelLockConfigEntry,
        data: dict[str, Any],
        subentry: ConfigSubentry | None,
    ) -> dict[str, str]:
        """Return what is wrong with a submitted source, by field."""
        calendar = data[CONF_CALENDAR_ENTITY_ID]
        if self.hass.states.get(calendar) is None:
            return {CONF_CALENDAR_ENTITY_ID: "calendar_not_found"}
        for other in entry.subentries.values():
            if (
                other.subentry_type == SUBENTRY_BOOKING_SOURCE
                and other is not subentry
                and other.data.get(CONF_CALENDAR_ENTITY_ID) == calendar
            ):
                return {CONF_CALENDAR_ENTITY_ID: "calendar_in_use"}
        if data[CONF_MATCH] == MATCH_ROOMS and not data[CONF_ROOMS]:
            return {CONF_ROOMS: "rooms_required"}
        return {}

    def _schema(self, entry: HotelLockConfigEntry) -> probatio.Schema:
        """Return the form: the calendar (not a Stays calendar), how, rooms."""
        own_calendars = [
            registered.entity_id
            for registered in er.async_get(self.hass).entities.values()
            if registered.platform == DOMAIN and registered.domain == CALENDAR_DOMAIN
        ]
        rooms = entry.runtime_data.coordinator.data or {}
        return probatio.Schema(
            {
                probatio.Required(CONF_CALENDAR_ENTITY_ID): EntitySelector(
                    EntitySelectorConfig(
                        domain=CALENDAR_DOMAIN, exclude_entities=own_calendars
                    )
                ),
                probatio.Required(CONF_MATCH): MATCH_SELECTOR,
                probatio.Optional(CONF_ROOMS): SelectSelector(
                    SelectSelectorConfig(
                        options=[
                            SelectOptionDict(value=rm_id, label=room.name)
                            for rm_id, room in rooms.items()
                        ],
                        multiple=True,
                        mode=SelectSelectorMode.DROPDOWN,
                        sort=True,
                    )
                ),
            }
        )
