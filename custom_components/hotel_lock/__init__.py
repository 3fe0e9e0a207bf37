"""The Hotel Lock integration: rooms of a hotel door lock platform as locks."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

from .activity import ActivityLog, async_remove_activity
from .api import HotelLockClient
from .bookings import async_remove_booking_sources, async_setup_booking_sources
from .const import (
    CONF_APPID,
    CONF_APPSECRET,
    DOMAIN,
    GATEWAY_TIMEOUT,
    LOGGER,
    REQUEST_TIMEOUT,
)
from .coordinator import HotelLockCoordinator, hub_identifier
from .credentials import CredentialDesk
from .entry_data import HotelLockConfigEntry, HotelLockData
from .panel import async_register_panel, async_unregister_panel
from .registry import CredentialRegistry, async_remove_registry
from .services import async_setup_services
from .stays import StayBook, async_remove_stays
from .texts import (
    MANUFACTURER,
    PLATFORM_DEVICE_MODEL,
    async_setup_device_texts,
    async_texts,
    text,
)
from .websocket import async_setup_websocket

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.LOCK,
    Platform.SENSOR,
]

# Set up from the UI only; a hotel_lock: key in YAML is reported, not used.
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the Hotel Lock integration."""
    async_setup_services(hass)
    async_setup_device_texts(hass)
    async_setup_websocket(hass)
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: HotelLockConfigEntry) -> bool:
    """Bring an entry up to the current version.

    1.1 -> 1.2: the unique ID becomes the appid alone (it was "URL|appid"), so
    that a new address of the PC is a reconfiguration, not another entry.
    Entity unique IDs are room IDs and the hub device is keyed by the entry ID:
    no entity or device changes.
    """
    if entry.version == 1 and entry.minor_version < 2:
        appid = entry.data[CONF_APPID].strip()
        holder = hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, appid)
        if holder is None or holder.entry_id == entry.entry_id:
            hass.config_entries.async_update_entry(
                entry, unique_id=appid, minor_version=2
            )
        else:
            # Two entries of one appid (the same account at two addresses):
            # unique IDs must stay unique, so this one keeps its old one and
            # both go on working as before.
            LOGGER.warning(
                "Config entry '%s' uses the same appid as '%s' and keeps its "
                "old unique ID; remove the entry you do not need",
                entry.title,
                holder.title,
            )
            hass.config_entries.async_update_entry(entry, minor_version=2)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: HotelLockConfigEntry) -> bool:
    """Set up a lock platform from a config entry."""
    client = HotelLockClient(
        async_get_clientsession(hass, verify_ssl=entry.data.get(CONF_VERIFY_SSL, True)),
        entry.data[CONF_URL],
        entry.data[CONF_APPID],
        entry.data[CONF_APPSECRET],
        # The platform PC keeps Home Assistant's zone (README); read at use.
        time_zone=dt_util.get_default_time_zone,
        request_timeout=REQUEST_TIMEOUT,
        gateway_timeout=GATEWAY_TIMEOUT,
    )
    registry = CredentialRegistry(hass, entry.entry_id)
    await registry.async_load()
    coordinator = HotelLockCoordinator(hass, entry, client)
    await coordinator.async_config_entry_first_refresh()

    texts = async_texts(hass)
    hub = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={coordinator.hub_identifier},
        name=entry.title,
        manufacturer=text(texts, MANUFACTURER),
        model=text(texts, PLATFORM_DEVICE_MODEL),
    )
    coordinator.hub_device_id = hub.id
    activity = ActivityLog(hass, entry.entry_id)
    await activity.async_load()
    desk = CredentialDesk(hass, coordinator, registry)
    stays = StayBook(hass, entry, desk)
    await stays.async_load()
    entry.async_on_unload(activity.async_start(stays.guest))
    entry.async_on_unload(desk.async_add_failure_listener(activity.async_add_failure))
    entry.async_on_unload(activity.async_save)
    entry.runtime_data = HotelLockData(
        client=client,
        coordinator=coordinator,
        registry=registry,
        desk=desk,
        stays=stays,
        activity=activity,
    )
    coordinator.async_track_rooms()

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_register_panel(hass, entry)
    stays.async_start()
    entry.runtime_data.bookings = await async_setup_booking_sources(
        hass, entry, coordinator, stays
    )
    return True


async def async_unload_entry(hass: HomeAssistant, entry: HotelLockConfigEntry) -> bool:
    """Unload a config entry (and the panel with the last one)."""
    if unloaded := await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        async_unregister_panel(hass, entry)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: HotelLockConfigEntry) -> None:
    """Delete the stores (credentials, activity, booking sources, stays) of a removed entry."""
    await async_remove_registry(hass, entry.entry_id)
    await async_remove_activity(hass, entry.entry_id)
    await async_remove_booking_sources(hass, entry.entry_id)
    await async_remove_stays(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: HotelLockConfigEntry, device_entry: dr.DeviceEntry
) -> bool:
    """Allow removing a room device only once the platform no longer lists it.

    While the entry is not loaded the room list is unknown: a room device may
    go (the next setup brings back every room the platform lists), the
    platform's own device may not.
    """
    if entry.state is not ConfigEntryState.LOADED:
        return hub_identifier(entry.entry_id) not in device_entry.identifiers
    coordinator = entry.runtime_data.coordinator
    return not any(
        identifier == coordinator.hub_identifier
        or (identifier[0] == DOMAIN and coordinator.lists_room(identifier[1]))
        for identifier in device_entry.identifiers
    )
