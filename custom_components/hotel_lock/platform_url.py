"""The platform's base URL as the user types it, in one form."""

from __future__ import annotations

from contextlib import suppress
import ipaddress
import re

from yarl import URL

from .const import DEFAULT_HTTPS_PORT, DEFAULT_PORT

# What a URL starts with when it names its scheme; http: or https: without
# the slashes is a typing error, not a host name.
SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
HALF_SCHEME_RE = re.compile(r"^https?:(?!//)", re.IGNORECASE)
# A host name as the resolver takes it (IDNA-encoded), trailing dot allowed.
HOSTNAME_RE = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$", re.IGNORECASE)


def _is_host(host: str) -> bool:
    """Return whether a host (IDNA-encoded) is an IP address or a host name."""
    with suppress(ValueError):
        ipaddress.ip_address(host)
        return True
    return HOSTNAME_RE.match(host) is not None


def normalize_url(url: str) -> str | None:
    """Return the platform's base URL in one form, or None if it is not one.

    Without a scheme the address is http://; without a port it is the
    platform's own port for http:// and the HTTPS port for https://. A user
    name, password, query or fragment has no place in it.
    """
    text = url.strip()
    with suppress(ValueError):
        if ipaddress.ip_address(text).version == 6:
            text = f"[{text}]"  # a bare IPv6 address
    if HALF_SCHEME_RE.match(text):
        return None
    if not SCHEME_RE.match(text):
        text = f"http://{text}"
    try:
        parsed = URL(text)
        if (
            parsed.scheme not in ("http", "https")
            or not parsed.host
            or parsed.user is not None
            or parsed.password is not None
            or parsed.query_string
            or parsed.fragment
            or parsed.explicit_port == 0
        ):
            return None
        port = parsed.explicit_port or (
            DEFAULT_PORT if parsed.scheme == "http" else DEFAULT_HTTPS_PORT
        )
        # URL.build checks and encodes the host (IPv6 literals in brackets).
        normalized = URL.build(
            scheme=parsed.scheme,
            host=parsed.host,
            port=port,
            path=parsed.path.rstrip("/"),
        )
    except ValueError:
        return None
    if not _is_host(normalized.raw_host or ""):
        return None
    # The port stays written out even when it is the scheme's default: read
    # back without it, an http:// address would mean the platform's port.
    path = normalized.raw_path.rstrip("/")
    return f"{normalized.scheme}://{normalized.host_subcomponent}:{port}{path}"
