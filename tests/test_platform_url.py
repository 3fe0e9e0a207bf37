"""Tests for the platform's base URL as the user types it."""

from __future__ import annotations

import pytest

from custom_components.hotel_lock.platform_url import normalize_url


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        (" HTTP://LockPC.Local:19952/ ", "http://lockpc.local:19952"),
        ("lockpc", "http://lockpc:19952"),
        ("LOCKPC:8080", "http://lockpc:8080"),
        ("https://lock.example.com", "https://lock.example.com:443"),
        ("https://lock.example.com:8443/Lock/", "https://lock.example.com:8443/Lock"),
        ("https://127.0.0.1", "https://127.0.0.1:443"),
        ("http://127.0.0.1:80", "http://127.0.0.1:80"),
        ("http://127.0.0.1/lock/", "http://127.0.0.1:19952/lock"),
        ("http://[::1]:19952", "http://[::1]:19952"),
        ("http://[::1]", "http://[::1]:19952"),
        ("HTTP://[FE80::1]:80/", "http://[fe80::1]:80"),
        ("[::1]:8080", "http://[::1]:8080"),
        ("::1", "http://[::1]:19952"),
        ("https://[::1]", "https://[::1]:443"),
        ("http://bücher.example/", "http://xn--bcher-kva.example:19952"),
        ("http://a%20b:19952", None),
        ("http://lock pc:19952", None),
        ("http://user@lockpc:19952", None),
        ("https:lockpc", None),
        ("http://lockpc:port", None),
        ("//lockpc:19952", None),
    ],
)
def test_normalize_url(typed: str, normalized: str | None) -> None:
    """One form: lower case, the port written out, no trailing slash.

    A normalized URL stays what it is when it is normalized again (the form
    of reconfigure shows it).
    """
    assert normalize_url(typed) == normalized
    if normalized is not None:
        assert normalize_url(normalized) == normalized
