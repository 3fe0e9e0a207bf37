"""Config flow of the Hotel Lock integration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
)
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import AbortFlow
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.typing import UNDEFINED
import probatio
from yarl import URL

from .api import HotelLockClient
from .booking_source_flow import BookingSourceFlow
from .const import (
    CONF_APPID,
    CONF_APPSECRET,
    DEFAULT_URL,
    DOMAIN,
    LOGGER,
    REQUEST_TIMEOUT,
    SUBENTRY_BOOKING_SOURCE,
)
from .options_flow import PASSWORD_SELECTOR, HotelLockOptionsFlow
from .platform_answers import (
    HotelLockAuthenticationError,
    HotelLockConnectionError,
    HotelLockResponseError,
)
from .platform_url import normalize_url

if TYPE_CHECKING:
    # Only typed here: a flow needs none of an entry's runtime objects.
    from .entry_data import HotelLockConfigEntry

URL_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
TEXT_SELECTOR = TextSelector()


def _connection_schema(
    *, appsecret_required: bool, verify_ssl: bool
) -> probatio.Schema:
    """Return the form for the platform's address and credentials.

    ``verify_ssl`` is the certificate check's default when the input leaves
    it out (a flow driven without the frontend).
    """
    appsecret = probatio.Required if appsecret_required else probatio.Optional
    return probatio.Schema(
        {
            probatio.Required(CONF_URL): URL_SELECTOR,
            probatio.Required(CONF_APPID): TEXT_SELECTOR,
            appsecret(CONF_APPSECRET): PASSWORD_SELECTOR,
            probatio.Required(CONF_VERIFY_SSL, default=verify_ssl): BooleanSelector(),
        }
    )


def _entry_room_ids(hass: HomeAssistant, entry: ConfigEntry) -> set[str]:
    """Return the room IDs an entry has: its room devices, and its last list.

    An entry that is not loaded has only its devices to tell; a loaded one
    may list rooms whose devices are not made yet.
    """
    room_ids = {
        identifier
        for device in dr.async_entries_for_config_entry(
            dr.async_get(hass), entry.entry_id
        )
        for domain, identifier in device.identifiers
        if domain == DOMAIN and identifier != entry.entry_id
    }
    if entry.state is ConfigEntryState.LOADED:
        room_ids.update(entry.runtime_data.coordinator.data or ())
    return room_ids


def _title(url: str) -> str:
    """Return a readable title for a platform."""
    parsed = URL(url)
    return f"Hotel Lock {parsed.host_subcomponent}:{parsed.port}"


class HotelLockConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a lock platform: server URL and the WebAPI credentials."""

    VERSION = 1
    # 1.2: the unique ID is the appid (it was "URL|appid").
    MINOR_VERSION = 2

    @staticmethod
    @callback
    @override
    def async_get_options_flow(
        config_entry: HotelLockConfigEntry,
    ) -> HotelLockOptionsFlow:
        """Return the options flow."""
        return HotelLockOptionsFlow()

    @classmethod
    @callback
    @override
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Return the subentries an entry has: its booking sources."""
        return {SUBENTRY_BOOKING_SOURCE: BookingSourceFlow}

    async def _async_room_ids(
        self, data: Mapping[str, Any]
    ) -> tuple[set[str], str | None]:
        """Try the connection with GetRoomList: the room IDs, or an error key."""
        try:
            client = HotelLockClient(
                async_get_clientsession(self.hass, verify_ssl=data[CONF_VERIFY_SSL]),
                data[CONF_URL],
                data[CONF_APPID],
                data[CONF_APPSECRET],
                request_timeout=REQUEST_TIMEOUT,
            )
            rooms = await client.get_room_list()
        except HotelLockAuthenticationError:
            return set(), "invalid_auth"
        except HotelLockConnectionError, HotelLockResponseError:
            return set(), "cannot_connect"
        except Exception:  # noqa: BLE001 - the form must show an error, not crash
            LOGGER.exception("Unexpected error while checking the platform")
            return set(), "unknown"
        return {room.rm_id for room in rooms}, None

    @callback
    def _abort_if_platform_configured(
        self, room_ids: set[str], *, replacing: str | None = None
    ) -> None:
        """Abort if another entry already has one of these rooms.

        Room IDs are platform-wide: the same platform under a second appid
        would give the same rooms twice. ``replacing`` is the entry that is
        being reconfigured.
        """
        for entry in self._async_current_entries(include_ignore=False):
            if entry.entry_id != replacing and not room_ids.isdisjoint(
                _entry_room_ids(self.hass, entry)
            ):
                raise AbortFlow("platform_already_configured", {"title": entry.title})

    def _connection_data(
        self, user_input: Mapping[str, Any], url: str, appsecret: str
    ) -> dict[str, Any]:
        """Return the entry data of a submitted connection form."""
        return {
            CONF_URL: url,
            CONF_APPID: user_input[CONF_APPID].strip(),
            CONF_APPSECRET: appsecret,
            CONF_VERIFY_SSL: user_input[CONF_VERIFY_SSL],
        }

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the server URL and the credentials."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if (url := normalize_url(user_input[CONF_URL])) is None:
                errors[CONF_URL] = "invalid_url"
            else:
                data = self._connection_data(
                    user_input, url, user_input[CONF_APPSECRET]
                )
                await self.async_set_unique_id(data[CONF_APPID])
                self._abort_if_unique_id_configured()
                room_ids, error = await self._async_room_ids(data)
                if error is None:
                    self._abort_if_platform_configured(room_ids)
                    return self.async_create_entry(title=_title(url), data=data)
                errors["base"] = error

        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                _connection_schema(appsecret_required=True, verify_ssl=True),
                user_input or {CONF_URL: DEFAULT_URL, CONF_VERIFY_SSL: True},
            ),
            errors=errors,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start reauthentication when the platform refuses the credentials."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new appsecret."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                CONF_VERIFY_SSL: True,
                **entry.data,
                CONF_APPSECRET: user_input[CONF_APPSECRET],
            }
            _, error = await self._async_room_ids(data)
            if error is None:
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_APPSECRET: user_input[CONF_APPSECRET]}
                )
            errors["base"] = error

        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=probatio.Schema(
                {probatio.Required(CONF_APPSECRET): PASSWORD_SELECTOR}
            ),
            description_placeholders={
                "url": entry.data[CONF_URL],
                "appid": entry.data[CONF_APPID],
            },
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the server URL or the certificate check (and the appsecret).

        The appid is the entry's account: a different one aborts.
        """
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            if (url := normalize_url(user_input[CONF_URL])) is None:
                errors[CONF_URL] = "invalid_url"
            else:
                data = self._connection_data(
                    user_input,
                    url,
                    user_input.get(CONF_APPSECRET) or entry.data[CONF_APPSECRET],
                )
                await self.async_set_unique_id(data[CONF_APPID])
                self._abort_if_unique_id_mismatch(reason="wrong_account")
                room_ids, error = await self._async_room_ids(data)
                if error is None:
                    self._abort_if_platform_configured(
                        room_ids, replacing=entry.entry_id
                    )
                    # A title the user gave the entry is theirs to keep.
                    renamed = entry.title != _title(entry.data[CONF_URL])
                    return self.async_update_reload_and_abort(
                        entry,
                        title=UNDEFINED if renamed else _title(url),
                        data=data,
                    )
                errors["base"] = error

        suggested = user_input or {
            CONF_URL: entry.data[CONF_URL],
            CONF_APPID: entry.data[CONF_APPID],
            CONF_VERIFY_SSL: entry.data.get(CONF_VERIFY_SSL, True),
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _connection_schema(
                    appsecret_required=False,
                    verify_ssl=entry.data.get(CONF_VERIFY_SSL, True),
                ),
                {k: v for k, v in suggested.items() if k != CONF_APPSECRET},
            ),
            errors=errors,
        )
