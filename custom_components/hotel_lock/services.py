"""The credential actions: PINs, faces, fingerprints, offline passwords, cards.

This module registers them; each concern lives in its own module:

- ``targets``: resolving entity/device/area targets to rooms, permissions;
- ``slots``: choosing, pushing and clearing the slots of PINs, faces and
  fingerprints (``clear_pin``, ``clear_face``, ``clear_fingerprint``);
- ``actions_pin``, ``actions_biometric``, ``actions_offline_password``,
  ``actions_card``, ``actions_list``: the handlers, by credential kind;
- ``changes``: the change event and date-times of events and responses;
- ``validation``: the fields, checked before any request leaves.

The platform call runs under the room's registry lock (so automatic slot
choice never double-books) and through the coordinator (which limits gateway
concurrency and translates platform errors). A record is written only after
the platform accepted, or kept unconfirmed when its answer was lost.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any, Final

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)

from .actions_biometric import async_set_face, async_set_fingerprint
from .actions_card import async_clear_card, async_issue_card, async_read_card
from .actions_list import async_list_credentials
from .actions_offline_password import (
    async_generate_offline_password,
    async_revoke_offline_password,
)
from .actions_pin import async_set_pin
from .const import DOMAIN, LOGGER
from .registry import CredentialKind
from .slots import async_clear_slot

SERVICE_SET_PIN: Final = "set_pin"
SERVICE_CLEAR_PIN: Final = "clear_pin"
SERVICE_SET_FACE: Final = "set_face"
SERVICE_CLEAR_FACE: Final = "clear_face"
SERVICE_SET_FINGERPRINT: Final = "set_fingerprint"
SERVICE_CLEAR_FINGERPRINT: Final = "clear_fingerprint"
SERVICE_GENERATE_OFFLINE_PASSWORD: Final = "generate_offline_password"  # noqa: S105
SERVICE_REVOKE_OFFLINE_PASSWORD: Final = "revoke_offline_password"  # noqa: S105
SERVICE_ISSUE_CARD: Final = "issue_card"
SERVICE_CLEAR_CARD: Final = "clear_card"
SERVICE_READ_CARD: Final = "read_card"
SERVICE_LIST_CREDENTIALS: Final = "list_credentials"


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the credential actions."""
    optional = SupportsResponse.OPTIONAL
    handlers: dict[
        str,
        tuple[
            Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]],
            SupportsResponse,
        ],
    ] = {
        SERVICE_SET_PIN: (async_set_pin, optional),
        SERVICE_CLEAR_PIN: (partial(async_clear_slot, CredentialKind.PIN), optional),
        SERVICE_SET_FACE: (async_set_face, optional),
        SERVICE_CLEAR_FACE: (partial(async_clear_slot, CredentialKind.FACE), optional),
        SERVICE_SET_FINGERPRINT: (async_set_fingerprint, optional),
        SERVICE_CLEAR_FINGERPRINT: (
            partial(async_clear_slot, CredentialKind.FINGERPRINT),
            optional,
        ),
        SERVICE_GENERATE_OFFLINE_PASSWORD: (async_generate_offline_password, optional),
        SERVICE_REVOKE_OFFLINE_PASSWORD: (async_revoke_offline_password, optional),
        SERVICE_ISSUE_CARD: (async_issue_card, optional),
        SERVICE_CLEAR_CARD: (async_clear_card, optional),
        SERVICE_READ_CARD: (async_read_card, SupportsResponse.ONLY),
        SERVICE_LIST_CREDENTIALS: (async_list_credentials, SupportsResponse.ONLY),
    }
    for service, (handler, supports_response) in handlers.items():
        hass.services.async_register(
            DOMAIN,
            service,
            handler,
            # Validated inside the handlers, so that every problem is reported
            # translated and the raw data (with secrets) is never logged.
            schema=None,
            supports_response=supports_response,
        )
    LOGGER.debug("Registered %s credential actions", len(handlers))
