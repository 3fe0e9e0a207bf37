"""No secret in a log record, on the event bus or in diagnostics.

The whole life of an entry runs with every logger at DEBUG: the config flow,
polls, an appsecret rotated on the platform and re-entered (reauth), a
remote unlock code set in the options and used, every credential action (successes,
platform refusals, garbled answers, malformed input), diagnostics. Then the
appsecrets, every PIN, offline password, face image (base64) and fingerprint
template must appear in no log record (message, arguments or traceback), in
no event, and not in the diagnostics.

One exception, made by Home Assistant itself: the ``call_service`` event
repeats an action's data as the caller gave it, so a PIN, image or template
the caller passed in appears there (see the README for keeping it out of the
recorder). Secrets the caller did not pass — offline passwords, drawn PINs,
the appsecret — must not appear even there.
"""

from __future__ import annotations

from datetime import timedelta
import logging

from homeassistant.components.lock import DOMAIN as LOCK_DOMAIN
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import (
    ATTR_CODE,
    ATTR_ENTITY_ID,
    CONF_URL,
    CONF_VERIFY_SSL,
    EVENT_CALL_SERVICE,
    MATCH_ALL,
    SERVICE_UNLOCK,
)
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.hotel_lock.const import (
    CONF_APPID,
    CONF_APPSECRET,
    CONF_GATEWAY_CONCURRENCY,
    CONF_RELOCK_SECONDS,
    CONF_SCAN_INTERVAL,
    CONF_UNLOCK_CODE,
    DOMAIN,
)
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform
from tests.conftest import FIRST_LOCK
from tests.emulator_fixtures import EmulatorServer
from tests.services_common import (
    JPEG_B64,
    PNG_B64,
    SECOND_LOCK,
    TEMPLATE,
    TEMPLATE_SENT,
    act,
    tomorrow,
)

ROTATED_APPSECRET = "c0ffee5ecret0rotated77aa11bb22cc"
UNLOCK_CODE = "738291"
GIVEN_PINS = ("5081726354", "0098123")
BAD_PIN = "55512x"
# Loggers whose records are not the integration's: the test harness's
# in-memory storage logs what it writes (real storage does not log).
NOT_OURS = ("pytest_homeassistant_custom_component",)


def _record_text(record: logging.LogRecord) -> str:
    """Return everything a log record could write out."""
    parts = [record.getMessage(), repr(record.args)]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append(repr(record.exc_info[1]))
        parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


async def _poll(hass: HomeAssistant) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=3600))
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_no_secret_anywhere(
    hass: HomeAssistant,
    platform: Platform,
    server: EmulatorServer,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Run everything at DEBUG; find no secret in logs, events or diagnostics."""
    caplog.set_level(logging.DEBUG)
    events: list[Event] = []
    hass.bus.async_listen(MATCH_ALL, events.append)

    # Config flow, first setup and polls.
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: server.url,
            CONF_APPID: DEFAULT_APPID,
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: True,
        },
    )
    entry = result["result"]
    await hass.async_block_till_done()
    await _poll(hass)

    # The appsecret rotated on the platform: reauthentication with the new one
    # (it starts at the second refused poll in a row).
    platform.set_credentials(DEFAULT_APPID, ROTATED_APPSECRET)
    await _poll(hass)
    await _poll(hass)
    flow = hass.config_entries.flow.async_progress()[0]
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_APPSECRET: "not-the-secret"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_APPSECRET: ROTATED_APPSECRET}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()

    # A remote unlock code in the options, then unlocks with a wrong and the
    # right code.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "general"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_INTERVAL: 60,
            CONF_RELOCK_SECONDS: 5,
            CONF_UNLOCK_CODE: UNLOCK_CODE,
            CONF_GATEWAY_CONCURRENCY: 4,
        },
    )
    await hass.async_block_till_done()
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            LOCK_DOMAIN,
            SERVICE_UNLOCK,
            {ATTR_ENTITY_ID: FIRST_LOCK, ATTR_CODE: "000000"},
            blocking=True,
        )
    await hass.services.async_call(
        LOCK_DOMAIN,
        SERVICE_UNLOCK,
        {ATTR_ENTITY_ID: FIRST_LOCK, ATTR_CODE: UNLOCK_CODE},
        blocking=True,
    )
    await _poll(hass)

    # Every credential action, with refusals and garbled answers among them.
    until = tomorrow()
    lock = {"entity_id": FIRST_LOCK, "valid_until": until}
    drawn: list[str] = []
    for pin in GIVEN_PINS:
        await act(hass, "set_pin", {**lock, "pin": pin})
    drawn.append((await act(hass, "set_pin", {**lock, "pin_length": 8}))["pin"])
    platform.add_fault("GatewayUploadOnline", "error", msg="busy", times=1)
    with pytest.raises(HomeAssistantError):
        await act(hass, "set_pin", {**lock, "pin": "66778899"})
    platform.add_fault("GatewayUploadOnline", "malformed_json", times=1, apply=True)
    with pytest.raises(HomeAssistantError):
        await act(hass, "set_pin", {**lock, "pin": "44556677"})
    with pytest.raises(HomeAssistantError):
        await act(hass, "set_pin", {**lock, "pin": BAD_PIN})
    await act(hass, "clear_pin", {"entity_id": FIRST_LOCK, "slot": 1})
    await act(hass, "set_face", {**lock, "image": JPEG_B64, "name": "Ann"})
    await act(
        hass,
        "set_face",
        {"entity_id": SECOND_LOCK, "valid_until": until, "image": PNG_B64},
    )
    platform.add_fault("GatewayUploadFace", "html", times=1)
    with pytest.raises(HomeAssistantError):
        await act(hass, "set_face", {**lock, "image": PNG_B64})
    await act(hass, "clear_face", {"entity_id": FIRST_LOCK, "name": "Ann"})
    await act(hass, "set_fingerprint", {**lock, "template": TEMPLATE, "name": "Bo"})
    platform.add_fault("GatewayUploadFinger", "http500", times=1)
    with pytest.raises(HomeAssistantError):
        await act(hass, "set_fingerprint", {**lock, "template": TEMPLATE})
    await act(hass, "clear_fingerprint", {"entity_id": FIRST_LOCK, "name": "Bo"})
    passwords = [
        (await act(hass, "generate_offline_password", {**lock, "name": name}))[
            "password"
        ]
        for name in ("Cy", "Di", "Ed")
    ]
    await act(hass, "revoke_offline_password", {"entity_id": FIRST_LOCK, "name": "Cy"})
    platform.add_fault("GatewayStopOffline", "missing_fields", times=1)
    with pytest.raises(HomeAssistantError):
        await act(
            hass,
            "revoke_offline_password",
            {"entity_id": FIRST_LOCK, "password": passwords[1]},
        )
    card = await act(hass, "issue_card", lock)
    await act(hass, "read_card", {})
    await act(hass, "list_credentials", {})
    await act(hass, "clear_card", {"card_id": card["card_id"]})
    await hass.async_block_till_done()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    caller_given = [*GIVEN_PINS, "66778899", "44556677", BAD_PIN, UNLOCK_CODE]
    caller_given += [JPEG_B64, PNG_B64, JPEG_B64[:40], PNG_B64[:40], TEMPLATE]
    caller_given.append(passwords[1])  # revoked by the password itself
    never_given = [DEFAULT_APPSECRET, ROTATED_APPSECRET, TEMPLATE_SENT]
    never_given += [*drawn, passwords[0], passwords[2]]
    secrets = caller_given + never_given

    logged = [
        _record_text(record)
        for record in caplog.records
        if not record.name.startswith(NOT_OURS)
    ]
    assert len(logged) > 100  # DEBUG really was on
    assert any(
        record.name.startswith("custom_components.hotel_lock")
        for record in caplog.records
    )
    for secret in secrets:
        leaks = [text for text in logged if secret in text]
        assert not leaks, (secret, leaks[:3])

    echoed = [e for e in events if e.event_type == EVENT_CALL_SERVICE]
    others = [e for e in events if e.event_type != EVENT_CALL_SERVICE]
    assert echoed
    assert any(e.event_type == f"{DOMAIN}_credential_changed" for e in others)
    for secret in secrets:
        assert not [e for e in others if secret in repr(e.data)], secret
    for secret in never_given:
        assert not [e for e in echoed if secret in repr(e.data)], secret

    dumped = repr(diagnostics)
    for secret in secrets:
        assert secret not in dumped
    print(
        f"secrets: {len(secrets)} secrets checked against {len(logged)} log records,"
        f" {len(events)} events and the diagnostics"
    )
