"""Options flow of the Hotel Lock integration: a menu of two steps.

"General" holds the polling, the relock window, the remote unlock code, the
gateway concurrency and whether the Front desk shows in the sidebar; "Stays" holds what a stay issues and when (the
credentials per stay, the PIN length, lead time, margin, alert horizon), the
check-in and check-out times of all-day stays and how often booking sources
are read. Each step saves its own options and keeps the other step's; saving
reloads the entry. Kept apart from ``config_flow`` (set-up, reauthentication,
reconfiguration) so that each module reads in one sitting.
"""

from __future__ import annotations

import re
from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlowWithReload
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
    TimeSelector,
)
import probatio

from .const import (
    CONF_BOOKING_READ_INTERVAL,
    CONF_CHECK_IN_TIME,
    CONF_CHECK_OUT_TIME,
    CONF_GATEWAY_CONCURRENCY,
    CONF_RELOCK_SECONDS,
    CONF_SCAN_INTERVAL,
    CONF_SHOW_PANEL,
    CONF_STAY_ALERT_HOURS,
    CONF_STAY_CREDENTIALS,
    CONF_STAY_LEAD_HOURS,
    CONF_STAY_MARGIN_MINUTES,
    CONF_STAY_PIN_LENGTH,
    CONF_UNLOCK_CODE,
    DEFAULT_BOOKING_READ_INTERVAL,
    DEFAULT_CHECK_IN_TIME,
    DEFAULT_CHECK_OUT_TIME,
    DEFAULT_GATEWAY_CONCURRENCY,
    DEFAULT_PIN_LENGTH,
    DEFAULT_RELOCK_SECONDS,
    DEFAULT_SCAN_INTERVAL,
    DEFAULT_STAY_ALERT_HOURS,
    DEFAULT_STAY_CREDENTIALS,
    DEFAULT_STAY_LEAD_HOURS,
    DEFAULT_STAY_MARGIN_MINUTES,
    MAX_BOOKING_READ_INTERVAL,
    MAX_GATEWAY_CONCURRENCY,
    MAX_RELOCK_SECONDS,
    MAX_SCAN_INTERVAL,
    MAX_STAY_ALERT_HOURS,
    MAX_STAY_LEAD_HOURS,
    MAX_STAY_MARGIN_MINUTES,
    MIN_BOOKING_READ_INTERVAL,
    MIN_GATEWAY_CONCURRENCY,
    MIN_RELOCK_SECONDS,
    MIN_SCAN_INTERVAL,
    MIN_STAY_ALERT_HOURS,
    MIN_STAY_LEAD_HOURS,
    MIN_STAY_MARGIN_MINUTES,
    PIN_LENGTH_MAX,
    PIN_LENGTH_MIN,
)
from .stay_model import STAY_KINDS

UNLOCK_CODE_RE = re.compile(r"^\d{4,10}$")
PASSWORD_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="off")
)
STAY_CREDENTIALS_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=[kind.value for kind in STAY_KINDS],
        multiple=True,
        mode=SelectSelectorMode.LIST,
        translation_key=CONF_STAY_CREDENTIALS,
    )
)
# The stays step: each option, its default and its selector.
STAY_OPTIONS: dict[str, tuple[Any, Any]] = {
    CONF_STAY_CREDENTIALS: (list(DEFAULT_STAY_CREDENTIALS), STAY_CREDENTIALS_SELECTOR),
    CONF_STAY_PIN_LENGTH: (
        DEFAULT_PIN_LENGTH,
        NumberSelector(
            NumberSelectorConfig(
                min=PIN_LENGTH_MIN,
                max=PIN_LENGTH_MAX,
                step=1,
                mode=NumberSelectorMode.BOX,
            )
        ),
    ),
    CONF_STAY_LEAD_HOURS: (DEFAULT_STAY_LEAD_HOURS, None),
    CONF_STAY_MARGIN_MINUTES: (DEFAULT_STAY_MARGIN_MINUTES, None),
    CONF_STAY_ALERT_HOURS: (DEFAULT_STAY_ALERT_HOURS, None),
    CONF_CHECK_IN_TIME: (DEFAULT_CHECK_IN_TIME, TimeSelector()),
    CONF_CHECK_OUT_TIME: (DEFAULT_CHECK_OUT_TIME, TimeSelector()),
    CONF_BOOKING_READ_INTERVAL: (DEFAULT_BOOKING_READ_INTERVAL, None),
}
NUMBER_OPTIONS = (
    CONF_STAY_PIN_LENGTH,
    CONF_STAY_LEAD_HOURS,
    CONF_STAY_MARGIN_MINUTES,
    CONF_STAY_ALERT_HOURS,
    CONF_BOOKING_READ_INTERVAL,
)


def _number(minimum: int, maximum: int, unit: str | None = None) -> NumberSelector:
    config = NumberSelectorConfig(
        min=minimum, max=maximum, step=1, mode=NumberSelectorMode.BOX
    )
    if unit:
        config["unit_of_measurement"] = unit
    return NumberSelector(config)


def _stays_schema() -> probatio.Schema:
    selectors = {
        key: selector for key, (_, selector) in STAY_OPTIONS.items() if selector
    } | {
        CONF_STAY_LEAD_HOURS: _number(MIN_STAY_LEAD_HOURS, MAX_STAY_LEAD_HOURS, "h"),
        CONF_STAY_MARGIN_MINUTES: _number(
            MIN_STAY_MARGIN_MINUTES, MAX_STAY_MARGIN_MINUTES, "min"
        ),
        CONF_STAY_ALERT_HOURS: _number(MIN_STAY_ALERT_HOURS, MAX_STAY_ALERT_HOURS, "h"),
        CONF_BOOKING_READ_INTERVAL: _number(
            MIN_BOOKING_READ_INTERVAL, MAX_BOOKING_READ_INTERVAL, "min"
        ),
    }
    return probatio.Schema(
        {probatio.Required(key): selectors[key] for key in STAY_OPTIONS}
    )


class HotelLockOptionsFlow(OptionsFlowWithReload):
    """The options: a menu of the general step and the stays step."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer the two steps."""
        return self.async_show_menu(step_id="init", menu_options=["general", "stays"])

    async def async_step_general(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Set polling, relock window, unlock code, gateway calls, the Front desk."""
        errors: dict[str, str] = {}
        current = self.config_entry.options
        if user_input is not None:
            code = str(user_input.get(CONF_UNLOCK_CODE) or "").strip()
            if code and not UNLOCK_CODE_RE.match(code):
                errors[CONF_UNLOCK_CODE] = "invalid_unlock_code"
            else:
                options: dict[str, Any] = {
                    key: value
                    for key, value in current.items()
                    if key != CONF_UNLOCK_CODE
                }
                options |= {
                    CONF_SCAN_INTERVAL: int(user_input[CONF_SCAN_INTERVAL]),
                    CONF_RELOCK_SECONDS: int(user_input[CONF_RELOCK_SECONDS]),
                    CONF_GATEWAY_CONCURRENCY: int(user_input[CONF_GATEWAY_CONCURRENCY]),
                    CONF_SHOW_PANEL: bool(user_input.get(CONF_SHOW_PANEL, True)),
                }
                if code:
                    options[CONF_UNLOCK_CODE] = code
                return self.async_create_entry(data=options)

        suggested = user_input or {
            CONF_SCAN_INTERVAL: current.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL),
            CONF_RELOCK_SECONDS: current.get(
                CONF_RELOCK_SECONDS, DEFAULT_RELOCK_SECONDS
            ),
            CONF_UNLOCK_CODE: current.get(CONF_UNLOCK_CODE),
            CONF_GATEWAY_CONCURRENCY: current.get(
                CONF_GATEWAY_CONCURRENCY, DEFAULT_GATEWAY_CONCURRENCY
            ),
            CONF_SHOW_PANEL: current.get(CONF_SHOW_PANEL, True),
        }
        return self.async_show_form(
            step_id="general",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(
                    {
                        probatio.Required(CONF_SCAN_INTERVAL): _number(
                            MIN_SCAN_INTERVAL, MAX_SCAN_INTERVAL, "s"
                        ),
                        probatio.Required(CONF_RELOCK_SECONDS): _number(
                            MIN_RELOCK_SECONDS, MAX_RELOCK_SECONDS, "s"
                        ),
                        probatio.Optional(CONF_UNLOCK_CODE): PASSWORD_SELECTOR,
                        probatio.Required(CONF_GATEWAY_CONCURRENCY): _number(
                            MIN_GATEWAY_CONCURRENCY, MAX_GATEWAY_CONCURRENCY
                        ),
                        probatio.Optional(CONF_SHOW_PANEL): BooleanSelector(),
                    }
                ),
                {k: v for k, v in suggested.items() if v is not None},
            ),
            errors=errors,
        )

    async def async_step_stays(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Set what a stay issues and when, and the times of all-day stays."""
        errors: dict[str, str] = {}
        current = self.config_entry.options
        if user_input is not None:
            if not user_input[CONF_STAY_CREDENTIALS]:
                errors[CONF_STAY_CREDENTIALS] = "no_stay_credentials"
            else:
                stays = {
                    key: int(value) if key in NUMBER_OPTIONS else value
                    for key, value in user_input.items()
                    if key in STAY_OPTIONS
                }
                return self.async_create_entry(data={**current, **stays})

        suggested = user_input or {
            key: current.get(key, default) for key, (default, _) in STAY_OPTIONS.items()
        }
        return self.async_show_form(
            step_id="stays",
            data_schema=self.add_suggested_values_to_schema(_stays_schema(), suggested),
            errors=errors,
        )
