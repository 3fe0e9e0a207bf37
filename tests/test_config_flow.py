"""Tests for the config flow: user, reauth, reconfigure and options."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import time, timedelta
from unittest.mock import patch

from aiohttp import web
from aiohttp.test_utils import TestServer
from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import pytest_socket
from yarl import URL

from custom_components.hotel_lock.const import (
    CONF_APPID,
    CONF_APPSECRET,
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
    DEFAULT_URL,
    DOMAIN,
)
from simulator.app import create_app
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform

from .conftest import FIRST_RM_ID

DOMAIN_MODULE = "custom_components.hotel_lock"
CONFIG_FLOW = f"{DOMAIN_MODULE}.config_flow"


def _user_input(url: str, appsecret: str = DEFAULT_APPSECRET) -> dict[str, object]:
    return {
        CONF_URL: url,
        CONF_APPID: f" {DEFAULT_APPID} ",
        CONF_APPSECRET: appsecret,
        CONF_VERIFY_SSL: True,
    }


async def _closed_url() -> str:
    """Return the URL of a port nobody listens on."""
    server = TestServer(web.Application(), host="127.0.0.1")
    await server.start_server()
    url = str(server.make_url("")).rstrip("/")
    await server.close()
    return url


@pytest.fixture
async def served_port(
    hass: HomeAssistant, platform: Platform, socket_enabled: None
) -> AsyncIterator[int]:
    """Serve the emulator on 127.0.0.1 at / and behind the path /lock.

    The platform's default port becomes the served one, so that addresses
    without a port reach the emulator too.
    """
    app = create_app(platform)
    app.add_subapp("/lock", create_app(platform))
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    with patch(f"{DOMAIN_MODULE}.platform_url.DEFAULT_PORT", server.port):
        yield server.port
    await server.close()


@pytest.fixture
async def ipv6_port(
    hass: HomeAssistant, platform: Platform, served_port: int
) -> AsyncIterator[int | None]:
    """Serve the emulator on [::1] too, or yield None where there is no IPv6.

    The platform's default port becomes the IPv6 server's.
    """
    pytest_socket.socket_allow_hosts(["127.0.0.1", "::1"])
    server = TestServer(create_app(platform), host="::1")
    try:
        await server.start_server()
    except OSError:
        yield None
        return
    with patch(f"{DOMAIN_MODULE}.platform_url.DEFAULT_PORT", server.port):
        yield server.port
    await server.close()


async def _submit_url(
    hass: HomeAssistant, url: str, result: ConfigFlowResult | None = None
) -> ConfigFlowResult:
    """Submit the default credentials with a URL to the user step.

    Without ``result`` a new flow is started; with it, the form it showed is
    answered (the corrected input after an error).
    """
    if result is None:
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USER}
        )
    with patch(f"{DOMAIN_MODULE}.async_setup_entry", return_value=True):
        return await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(url)
        )


async def test_user_flow(
    hass: HomeAssistant, platform_url: str, platform: Platform
) -> None:
    """The user step checks the credentials live and creates the entry."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    schema = result["data_schema"].schema
    defaults = {str(key): key.description for key in schema}
    assert defaults[CONF_URL] == {"suggested_value": DEFAULT_URL}
    assert defaults[CONF_VERIFY_SSL] == {"suggested_value": True}

    with patch(
        "custom_components.hotel_lock.async_setup_entry", return_value=True
    ) as mock_setup:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(platform_url + "/")
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    port = platform_url.rsplit(":", 1)[1]
    assert result["title"] == f"Hotel Lock 127.0.0.1:{port}"
    assert result["data"] == {
        CONF_URL: platform_url,
        CONF_APPID: DEFAULT_APPID,
        CONF_APPSECRET: DEFAULT_APPSECRET,
        CONF_VERIFY_SSL: True,
    }
    assert result["result"].unique_id == DEFAULT_APPID
    assert len(mock_setup.mock_calls) == 1
    assert [entry["call"] for entry in platform.log_dicts()] == ["GetRoomList"]


async def test_user_flow_without_verify_ssl(
    hass: HomeAssistant, platform_url: str
) -> None:
    """Input without the certificate check (an API client) checks certificates."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    user_input = _user_input(platform_url)
    del user_input[CONF_VERIFY_SSL]
    with patch(f"{DOMAIN_MODULE}.async_setup_entry", return_value=True):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], user_input
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VERIFY_SSL] is True


@pytest.mark.parametrize(
    ("appsecret", "error"),
    [("wrong-secret", "invalid_auth")],
)
async def test_user_flow_invalid_auth_then_recovers(
    hass: HomeAssistant, platform_url: str, appsecret: str, error: str
) -> None:
    """A wrong secret shows invalid_auth; the corrected one is accepted."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(platform_url, appsecret)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    with patch("custom_components.hotel_lock.async_setup_entry", return_value=True):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(platform_url)
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_cannot_connect(hass: HomeAssistant, platform_url: str) -> None:
    """Nobody listening at the URL shows cannot_connect; the right URL works."""
    result = await _submit_url(hass, await _closed_url())
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}

    result = await _submit_url(hass, platform_url, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_not_the_platform(
    hass: HomeAssistant, platform_url: str, platform: Platform
) -> None:
    """Something that answers HTML is not the platform: cannot_connect.

    Once the platform answers, the same input is accepted.
    """
    platform.add_fault("GetRoomList", "html", times=1)
    result = await _submit_url(hass, platform_url)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}

    result = await _submit_url(hass, platform_url, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    "failing",
    [f"{CONFIG_FLOW}.HotelLockClient", f"{CONFIG_FLOW}.HotelLockClient.get_room_list"],
)
async def test_user_flow_unknown_error(
    hass: HomeAssistant, platform_url: str, failing: str
) -> None:
    """An unexpected exception, building the client or calling it, shows unknown.

    Nothing escapes the form; the next try is accepted.
    """
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    with patch(failing, side_effect=RuntimeError("boom")):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(platform_url)
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "unknown"}

    result = await _submit_url(hass, platform_url, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("http://127.0.0.1:{port}", "http://127.0.0.1:{port}"),
        ("HTTP://127.0.0.1:{port}/", "http://127.0.0.1:{port}"),
        ("  http://127.0.0.1:{port}  ", "http://127.0.0.1:{port}"),
        ("127.0.0.1:{port}", "http://127.0.0.1:{port}"),
        ("127.0.0.1", "http://127.0.0.1:{port}"),
        ("http://127.0.0.1", "http://127.0.0.1:{port}"),
        ("http://127.0.0.1:{port}/lock/", "http://127.0.0.1:{port}/lock"),
        ("HTTPS://127.0.0.1:{port}", None),
    ],
)
async def test_user_flow_url_forms(
    hass: HomeAssistant, served_port: int, typed: str, stored: str | None
) -> None:
    """Every way of typing the emulator's address reaches it.

    Without a scheme it is http://, without a port the platform's port; an
    https:// address at a plain HTTP server cannot connect, then the corrected
    address is accepted.
    """
    url = f"http://127.0.0.1:{served_port}"
    result = await _submit_url(hass, typed.format(port=served_port))
    if stored is None:
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {"base": "cannot_connect"}
        result = await _submit_url(hass, url, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_URL] == (stored or url).format(port=served_port)
    assert result["title"] == f"Hotel Lock 127.0.0.1:{served_port}"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "not a url",
        "http://",
        "http://[::1",
        "http:/127.0.0.1:{port}",
        "ftp://127.0.0.1:{port}",
        "http://user:pass@127.0.0.1:{port}",
        "http://127.0.0.1:{port}/?appid=x",
        "http://127.0.0.1:{port}/#rooms",
        "http://127.0.0.1:99999",
        "http://127.0.0.1:0",
        "http://127 0 0 1:{port}",
    ],
)
async def test_user_flow_invalid_url(
    hass: HomeAssistant, served_port: int, platform: Platform, typed: str
) -> None:
    """A URL the platform cannot have is refused before any request.

    The corrected URL is then accepted.
    """
    result = await _submit_url(hass, typed.format(port=served_port))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_URL: "invalid_url"}
    assert platform.log_dicts() == []

    result = await _submit_url(hass, f"http://127.0.0.1:{served_port}", result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    "typed",
    [
        "http://[::1]:{port}",
        "HTTP://[::1]:{port}/",
        "[::1]:{port}",
        "http://[::1]",
        "::1",
        "http://[0:0:0:0:0:0:0:1]:{port}",
    ],
)
async def test_user_flow_ipv6(
    hass: HomeAssistant, ipv6_port: int | None, served_port: int, typed: str
) -> None:
    """An IPv6 literal keeps its brackets and reaches the platform.

    Where the machine has no IPv6, the flow says cannot_connect instead
    (never an exception) and the corrected IPv4 address is accepted.
    """
    port = ipv6_port or served_port
    result = await _submit_url(hass, typed.format(port=port))
    if ipv6_port is None:
        assert result["errors"] == {"base": "cannot_connect"}
        result = await _submit_url(hass, f"http://127.0.0.1:{port}", result)
        assert result["type"] is FlowResultType.CREATE_ENTRY
        return
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_URL] == f"http://[::1]:{port}"
    assert result["title"] == f"Hotel Lock [::1]:{port}"


async def test_unique_id_is_the_account(
    hass: HomeAssistant, platform_url: str, served_port: int
) -> None:
    """The flow's unique ID is the appid, whatever the address.

    The same account at another address (the same PC by another way) is refused.
    """
    result = await _submit_url(hass, platform_url)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == DEFAULT_APPID

    result = await _submit_url(hass, f"http://127.0.0.1:{served_port}/lock")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_user_flow_already_configured(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, platform: Platform
) -> None:
    """An appid already set up is refused, at any address, before any request."""
    mock_config_entry.add_to_hass(hass)
    result = await _submit_url(hass, await _closed_url())
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert platform.log_dicts() == []


@pytest.mark.parametrize("loaded", [True, False])
async def test_user_flow_same_platform_other_appid(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    platform: Platform,
    platform_url: str,
    loaded: bool,
) -> None:
    """A second appid of a platform already set up is refused: same rooms.

    A loaded entry tells its rooms from its room list; one that is not loaded
    from its room devices.
    """
    mock_config_entry.add_to_hass(hass)
    if loaded:
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    else:
        for identifier in (mock_config_entry.entry_id, FIRST_RM_ID):
            dr.async_get(hass).async_get_or_create(
                config_entry_id=mock_config_entry.entry_id,
                identifiers={(DOMAIN, identifier)},
            )
    platform.set_credentials("second-appid", "second-secret")

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: platform_url,
            CONF_APPID: "second-appid",
            CONF_APPSECRET: "second-secret",
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "platform_already_configured"
    assert result["description_placeholders"] == {"title": "Hotel Lock"}
    assert hass.config_entries.async_entries(DOMAIN) == [mock_config_entry]


async def test_user_flow_second_platform(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Another platform, with rooms of its own, is a second entry."""
    annex = Platform(
        2, seed=7, appid="annex-appid", appsecret="annex-secret", latency=0.0
    )
    server = TestServer(create_app(annex), host="127.0.0.1")
    await server.start_server()
    try:
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USER}
        )
        with patch(f"{DOMAIN_MODULE}.async_setup_entry", return_value=True):
            result = await hass.config_entries.flow.async_configure(
                result["flow_id"],
                {
                    CONF_URL: str(server.make_url("")),
                    CONF_APPID: "annex-appid",
                    CONF_APPSECRET: "annex-secret",
                },
            )
    finally:
        await server.close()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == "annex-appid"


async def test_reauth_flow(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """Reauth asks for a new appsecret, checks it and reloads the entry."""
    platform.set_credentials(DEFAULT_APPID, "new-secret")
    result = await init_integration.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["appid"] == DEFAULT_APPID

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APPSECRET: "still-wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APPSECRET: "new-secret"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert init_integration.data[CONF_APPSECRET] == "new-secret"
    assert hass.states.get("lock.1_101").state == "locked"


async def test_reconfigure_flow(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    served_port: int,
) -> None:
    """Reconfigure changes the address, certificate check and secret.

    The unique ID (the appid) stays.
    """
    platform.set_credentials(DEFAULT_APPID, "new-secret")
    result = await init_integration.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    url = f"http://127.0.0.1:{served_port}/lock"

    # The current secret is kept when the field is left empty: refused here.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: url, CONF_APPID: DEFAULT_APPID, CONF_VERIFY_SSL: False},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: "ftp://nonsense", CONF_APPID: DEFAULT_APPID},
    )
    assert result["errors"] == {CONF_URL: "invalid_url"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: f"HTTP://127.0.0.1:{served_port}/lock/",
            CONF_APPID: f" {DEFAULT_APPID} ",
            CONF_APPSECRET: "new-secret",
            CONF_VERIFY_SSL: False,
        },
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert init_integration.unique_id == DEFAULT_APPID
    assert init_integration.title == "Hotel Lock"  # the user's title
    assert init_integration.data == {
        CONF_URL: url,
        CONF_APPID: DEFAULT_APPID,
        CONF_APPSECRET: "new-secret",
        CONF_VERIFY_SSL: False,
    }
    assert hass.states.get("lock.1_101").state == "locked"


async def test_reconfigure_renames_only_a_title_it_gave(
    hass: HomeAssistant, init_integration: MockConfigEntry, served_port: int
) -> None:
    """A new address renames an entry still titled after its old address.

    A title the user gave the entry stays (the previous test).
    """
    old_port = URL(init_integration.data[CONF_URL]).port
    assert old_port != served_port
    hass.config_entries.async_update_entry(
        init_integration, title=f"Hotel Lock 127.0.0.1:{old_port}"
    )
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: f"127.0.0.1:{served_port}/lock", CONF_APPID: DEFAULT_APPID},
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert init_integration.data[CONF_URL] == f"http://127.0.0.1:{served_port}/lock"
    assert init_integration.title == f"Hotel Lock 127.0.0.1:{served_port}"


async def test_reconfigure_other_appid_aborts(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform: Platform
) -> None:
    """An entry keeps its appid: another one aborts, before any request."""
    platform.set_credentials("other-appid", "other-secret")
    platform.log.clear()
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: init_integration.data[CONF_URL],
            CONF_APPID: "other-appid",
            CONF_APPSECRET: "other-secret",
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert init_integration.data[CONF_APPID] == DEFAULT_APPID
    assert init_integration.unique_id == DEFAULT_APPID
    assert platform.log_dicts() == []


async def test_reconfigure_keeps_secret(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform_url: str
) -> None:
    """Reconfigure without a secret keeps the current one."""
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: platform_url + "/",
            CONF_APPID: DEFAULT_APPID,
            CONF_VERIFY_SSL: True,
        },
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert init_integration.data[CONF_APPSECRET] == DEFAULT_APPSECRET


async def test_reconfigure_without_verify_ssl_keeps_it(
    hass: HomeAssistant, init_integration: MockConfigEntry, platform_url: str
) -> None:
    """Reconfigure input without the certificate check keeps the entry's."""
    hass.config_entries.async_update_entry(
        init_integration, data={**init_integration.data, CONF_VERIFY_SSL: False}
    )
    result = await init_integration.start_reconfigure_flow(hass)
    verify_ssl = next(
        key for key in result["data_schema"].schema if key == CONF_VERIFY_SSL
    )
    assert verify_ssl.default() is False

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: platform_url, CONF_APPID: DEFAULT_APPID}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert init_integration.data[CONF_VERIFY_SSL] is False


async def test_reconfigure_onto_a_platform_set_up_aborts(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    platform: Platform,
    platform_url: str,
) -> None:
    """Moving an entry to a platform another entry has (its rooms) aborts."""
    closed_url = await _closed_url()
    other = MockConfigEntry(
        domain=DOMAIN,
        title="Annex",
        unique_id="annex-appid",
        minor_version=2,
        data={
            CONF_URL: closed_url,
            CONF_APPID: "annex-appid",
            CONF_APPSECRET: "annex-secret",
            CONF_VERIFY_SSL: True,
        },
    )
    other.add_to_hass(hass)
    platform.set_credentials("annex-appid", "annex-secret")
    result = await other.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: platform_url, CONF_APPID: "annex-appid"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "platform_already_configured"
    assert result["description_placeholders"] == {"title": "Hotel Lock"}
    assert other.data[CONF_URL] == closed_url


async def test_options_flow(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Options are validated, saved, and the entry reloads with them."""
    result = await _options_step(hass, init_integration, "general")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "general"

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_INTERVAL: 30,
            CONF_RELOCK_SECONDS: 8,
            CONF_UNLOCK_CODE: "12ab",
            CONF_GATEWAY_CONCURRENCY: 2,
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_UNLOCK_CODE: "invalid_unlock_code"}

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_INTERVAL: 30.0,
            CONF_RELOCK_SECONDS: 8.0,
            CONF_UNLOCK_CODE: " 123456 ",
            CONF_GATEWAY_CONCURRENCY: 2.0,
        },
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options == {
        CONF_SCAN_INTERVAL: 30,
        CONF_RELOCK_SECONDS: 8,
        CONF_UNLOCK_CODE: "123456",
        CONF_GATEWAY_CONCURRENCY: 2,
        CONF_SHOW_PANEL: True,
    }
    # Reloaded: the lock now asks for a code.
    coordinator = init_integration.runtime_data.coordinator
    assert coordinator.update_interval.total_seconds() == 30
    assert hass.states.get("lock.1_101").attributes["code_format"] == r"^(\d{4,10})?$"

    # Clearing the PIN removes it.
    result = await _options_step(hass, init_integration, "general")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_INTERVAL: 30,
            CONF_RELOCK_SECONDS: 8,
            CONF_GATEWAY_CONCURRENCY: 2,
        },
    )
    await hass.async_block_till_done()
    assert CONF_UNLOCK_CODE not in init_integration.options
    assert "code_format" not in hass.states.get("lock.1_101").attributes


async def _options_step(
    hass: HomeAssistant, entry: MockConfigEntry, step: str
) -> ConfigFlowResult:
    """Open the options and choose a step of the menu."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["general", "stays"]
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )


async def test_stays_options(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The stays step shows the defaults, saves its options and keeps the others."""
    result = await _options_step(hass, init_integration, "general")
    await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_INTERVAL: 30,
            CONF_RELOCK_SECONDS: 8,
            CONF_UNLOCK_CODE: "123456",
            CONF_GATEWAY_CONCURRENCY: 2,
        },
    )
    await hass.async_block_till_done()
    result = await _options_step(hass, init_integration, "stays")
    assert result["step_id"] == "stays"
    shown = {
        key.schema: key.description["suggested_value"]
        for key in result["data_schema"].schema
    }
    assert shown == {
        CONF_STAY_CREDENTIALS: ["pin"],
        CONF_STAY_PIN_LENGTH: 6,
        CONF_STAY_LEAD_HOURS: 24,
        CONF_STAY_MARGIN_MINUTES: 60,
        CONF_STAY_ALERT_HOURS: 12,
        CONF_CHECK_IN_TIME: "14:00:00",
        CONF_CHECK_OUT_TIME: "12:00:00",
        CONF_BOOKING_READ_INTERVAL: 15,
    }
    chosen = {
        CONF_STAY_CREDENTIALS: [],
        CONF_STAY_PIN_LENGTH: 8.0,
        CONF_STAY_LEAD_HOURS: 48.0,
        CONF_STAY_MARGIN_MINUTES: 30.0,
        CONF_STAY_ALERT_HOURS: 6.0,
        CONF_CHECK_IN_TIME: "15:00:00",
        CONF_CHECK_OUT_TIME: "11:00:00",
        CONF_BOOKING_READ_INTERVAL: 5.0,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], chosen
    )
    assert result["errors"] == {CONF_STAY_CREDENTIALS: "no_stay_credentials"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        chosen | {CONF_STAY_CREDENTIALS: ["offline_password", "pin"]},
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options == {
        CONF_SCAN_INTERVAL: 30,
        CONF_RELOCK_SECONDS: 8,
        CONF_UNLOCK_CODE: "123456",
        CONF_GATEWAY_CONCURRENCY: 2,
        CONF_SHOW_PANEL: True,
        CONF_STAY_CREDENTIALS: ["offline_password", "pin"],
        CONF_STAY_PIN_LENGTH: 8,
        CONF_STAY_LEAD_HOURS: 48,
        CONF_STAY_MARGIN_MINUTES: 30,
        CONF_STAY_ALERT_HOURS: 6,
        CONF_CHECK_IN_TIME: "15:00:00",
        CONF_CHECK_OUT_TIME: "11:00:00",
        CONF_BOOKING_READ_INTERVAL: 5,
    }
    # Reloaded: the stay book reads them.
    options = init_integration.runtime_data.stays.options
    assert options.kinds == ("pin", "offline_password")
    assert (options.pin_length, options.lead, options.margin, options.alert) == (
        8,
        timedelta(hours=48),
        timedelta(minutes=30),
        timedelta(hours=6),
    )
    assert (options.check_in, options.check_out) == (time(15), time(11))
    # The stays step shows what was saved.
    result = await _options_step(hass, init_integration, "stays")
    shown = {
        key.schema: key.description["suggested_value"]
        for key in result["data_schema"].schema
    }
    assert shown[CONF_STAY_LEAD_HOURS] == 48
