"""The integration's typed errors: what every caller can catch by type.

A platform call that fails raises one of these (from
``HotelLockCoordinator.async_call``), translated like any Home Assistant
error. A caller that changes a lock decides on the type alone:

- ``PlatformNotCarriedOut``: the platform certainly did nothing, so the call
  can be repeated as it was. Its kinds: ``PlatformUnreachable`` (the request
  never reached it), ``PlatformRefused`` (it answered code != 1, with its
  message) and ``CredentialsRefused`` (it refused the appid or appsecret).
- ``PlatformAnswerLost``: the request may have been carried out, but its
  answer was lost (a timeout, a connection broken after sending, a garbled
  answer). What the lock holds is unknown until something settles it.

Requests the integration refuses itself, before anything is sent (bad
values, a name in use, no free slot, an unknown room or credential), are
``ServiceValidationError``s made by ``validation_error``: repeating them
unchanged cannot succeed.
"""

from __future__ import annotations

from typing import ClassVar

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN


class PlatformError(HomeAssistantError):
    """A call to the lock platform failed (translated)."""

    default_key: ClassVar[str] = "invalid_response"

    def __init__(self, translation_key: str | None = None, **placeholders: str) -> None:
        """Make the translated error of a key (the class's own by default)."""
        super().__init__(
            translation_domain=DOMAIN,
            translation_key=translation_key or self.default_key,
            translation_placeholders=placeholders or None,
        )


class PlatformAnswerLost(PlatformError):  # noqa: N818 - named for what happened
    """The call may have been carried out, but its answer was lost.

    Its translation key is ``cannot_connect`` for a timeout or a broken
    connection and ``invalid_response`` for a garbled answer.
    """


class PlatformNotCarriedOut(PlatformError):  # noqa: N818 - named for what happened
    """The platform certainly did not carry the call out."""


class PlatformUnreachable(PlatformNotCarriedOut):
    """The request never reached the platform (connection refused, DNS, TLS)."""

    default_key = "cannot_connect"


class PlatformRefused(PlatformNotCarriedOut):
    """The platform refused the call with a message (code != 1)."""

    default_key = "platform_error"


class CredentialsRefused(PlatformNotCarriedOut):
    """The platform refused the appid or the appsecret.

    Its translation key is ``call_refused`` for a refusal that may pass, and
    ``invalid_auth`` once reauthentication has started.
    """

    default_key = "invalid_auth"


def validation_error(key: str, **placeholders: str) -> ServiceValidationError:
    """Return a translated refusal of a request, made before anything is sent."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )
