"""HTTPS: a certificate that does not verify is refused unless the user says so.

The emulator is served over TLS on 127.0.0.1 with a self-signed certificate
made here. With *Verify the SSL certificate* on (the default), the config flow
refuses the server (cannot connect) and creates nothing; turned off, the
entry is created and everything works over TLS: the poll, an unlock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
import ipaddress
from pathlib import Path
import ssl
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from homeassistant.components.lock import DOMAIN as LOCK_DOMAIN, LockState
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_URL,
    CONF_VERIFY_SSL,
    SERVICE_UNLOCK,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.hotel_lock.const import CONF_APPID, CONF_APPSECRET, DOMAIN
from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform
from tests.conftest import FIRST_LOCK, FIRST_RM_ID
from tests.emulator_fixtures import EmulatorServer


def _self_signed(directory: Path) -> ssl.SSLContext:
    """Make a self-signed certificate for 127.0.0.1; return a server context."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file = directory / "cert.pem"
    key_file = directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context


@pytest.fixture
async def tls_server(
    hass: HomeAssistant, platform: Platform, socket_enabled: None, tmp_path: Path
) -> AsyncIterator[EmulatorServer]:
    """Serve the emulator over HTTPS with a self-signed certificate.

    The server shares the test's event loop, whose exception handler fails the
    test on any unhandled error: the server's side of a handshake the client
    aborted (it refused the certificate) is expected, and only that is let by.
    """
    loop = asyncio.get_running_loop()
    handler = loop.get_exception_handler()

    def _handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if str(context.get("message", "")).startswith(
            "Error on transport creation for incoming connection"
        ) and isinstance(context.get("exception"), (ConnectionError, ssl.SSLError)):
            return
        if handler is None:
            loop.default_exception_handler(context)
        else:
            handler(loop, context)

    loop.set_exception_handler(_handle)
    emulator = EmulatorServer(platform, _self_signed(tmp_path))
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()
        loop.set_exception_handler(handler)


async def _user_flow(hass: HomeAssistant, url: str, verify_ssl: bool) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    return await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: url,
            CONF_APPID: DEFAULT_APPID,
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: verify_ssl,
        },
    )


async def test_unverified_certificate_refused(
    hass: HomeAssistant, platform: Platform, tls_server: EmulatorServer
) -> None:
    """With verification on, a self-signed certificate cannot connect."""
    assert tls_server.url.startswith("https://127.0.0.1:")
    result = await _user_flow(hass, tls_server.url, verify_ssl=True)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    assert not hass.config_entries.async_entries(DOMAIN)
    # The TLS handshake failed: no call reached the platform.
    assert platform.log_dicts() == []


async def test_verification_off_works_over_tls(
    hass: HomeAssistant, platform: Platform, tls_server: EmulatorServer
) -> None:
    """With verification off, setup, polls and unlocks work over HTTPS."""
    result = await _user_flow(hass, tls_server.url, verify_ssl=True)
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: tls_server.url,
            CONF_APPID: DEFAULT_APPID,
            CONF_APPSECRET: DEFAULT_APPSECRET,
            CONF_VERIFY_SSL: False,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VERIFY_SSL] is False
    assert result["data"][CONF_URL] == tls_server.url
    await hass.async_block_till_done()

    assert hass.states.get(FIRST_LOCK).state == LockState.LOCKED
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_UNLOCK, {ATTR_ENTITY_ID: FIRST_LOCK}, blocking=True
    )
    assert hass.states.get(FIRST_LOCK).state == LockState.UNLOCKED
    assert [entry["call"] for entry in platform.log_dicts()] == [
        "GetRoomList",  # the config flow's check
        "GetRoomList",  # the first refresh
        "GatewayOpen",
    ]
    assert len(platform.room(FIRST_RM_ID).openings) == 1
