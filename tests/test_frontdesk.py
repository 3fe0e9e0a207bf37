"""Tests for what the Front desk shows: the building and floor rule, credentials."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.hotel_lock.credential_record import (
    CredentialKind,
    CredentialRecord,
)
from custom_components.hotel_lock.frontdesk import (
    building_and_floor,
    credential_counts,
    credential_payload,
)

UNTIL = datetime(2030, 1, 2, 12, tzinfo=UTC)
CREATED = datetime(2030, 1, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2号楼-201", ("2号楼", "2")),
        ("1-101", ("1", "1")),
        ("A-1203", ("A", "12")),
        ("Suite Rose", (None, None)),
        ("B1-0305", ("B1", "3")),
        ("1-101A", ("1", "1")),
        ("2号楼 - 201", ("2号楼", "2")),
        ("2号楼\uff0d201", ("2号楼", "2")),  # full-width hyphen
        ("A-12-03", ("A-12", None)),  # the last hyphen splits; 03 is no room number
        ("305", (None, "3")),
        ("005", (None, "0")),
        ("1-大堂", ("1", None)),
        ("大堂", (None, None)),
        ("-101", (None, None)),
        ("1-", (None, None)),
        ("1-12", ("1", None)),
    ],
)
def test_building_and_floor(name: str, expected: tuple[str | None, str | None]) -> None:
    """The README's rule, case by case."""
    assert building_and_floor(name) == expected


def _record(kind: CredentialKind, **kwargs: object) -> CredentialRecord:
    return CredentialRecord(
        room_id="r1", kind=kind, valid_until=UNTIL, created=CREATED, **kwargs
    )


def test_credential_ids_are_stable_and_reveal_no_secret() -> None:
    """A credential's ID is the registry's, never its slot or its secret."""
    password = _record(CredentialKind.OFFLINE_PASSWORD, password="0356241")
    pin = _record(CredentialKind.PIN, slot=3)
    assert credential_payload(password)["credential_id"] == password.credential_id
    assert credential_payload(password) == credential_payload(password)
    assert credential_payload(pin)["credential_id"] == pin.credential_id
    assert credential_payload(pin)["credential_id"] != "pin:3"
    # Another credential in the same slot is another credential.
    again = _record(CredentialKind.PIN, slot=3)
    assert credential_payload(again)["credential_id"] != pin.credential_id
    assert "0356241" not in credential_payload(password)["credential_id"]


def test_credential_payload_masks_secrets() -> None:
    """The panel gets the window and confirmation, never the password."""
    payload = credential_payload(
        _record(CredentialKind.OFFLINE_PASSWORD, password="0356241", name="Guest")
    )
    assert "0356241" not in str(payload)
    assert payload["kind"] == "offline_password"
    assert payload["name"] == "Guest"
    assert payload["confirmed"] is True
    assert payload["valid_until"].startswith("2030-01-0")


def test_credential_counts() -> None:
    """Counts per room, unconfirmed ones separately."""
    counts = credential_counts(
        [
            _record(CredentialKind.PIN, slot=1),
            _record(CredentialKind.PIN, slot=2, confirmed=False),
            CredentialRecord(
                room_id="r2",
                kind=CredentialKind.CARD,
                valid_until=UNTIL,
                created=CREATED,
                card_id="AA",
            ),
        ]
    )
    assert (counts["r1"].out, counts["r1"].unconfirmed) == (2, 1)
    assert (counts["r2"].out, counts["r2"].unconfirmed) == (1, 0)
