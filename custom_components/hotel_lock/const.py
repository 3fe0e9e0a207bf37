"""Constants for the Hotel Lock integration."""

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "hotel_lock"
LOGGER: Final = logging.getLogger(__package__)

# The platform's WebAPI speaks plain HTTP on this port. An https:// address
# is a TLS proxy in front of it, on the usual HTTPS port unless one is given.
DEFAULT_PORT: Final = 19952
DEFAULT_HTTPS_PORT: Final = 443
DEFAULT_URL: Final = f"http://127.0.0.1:{DEFAULT_PORT}"

CONF_APPID: Final = "appid"
CONF_APPSECRET: Final = "appsecret"

# Options
CONF_SCAN_INTERVAL: Final = "scan_interval"
CONF_RELOCK_SECONDS: Final = "relock_seconds"
CONF_UNLOCK_CODE: Final = "unlock_code"
CONF_GATEWAY_CONCURRENCY: Final = "gateway_concurrency"
# Whether the entry shows the Front desk panel (shown while any loaded entry does).
CONF_SHOW_PANEL: Final = "show_panel"

DEFAULT_SCAN_INTERVAL: Final = 60
MIN_SCAN_INTERVAL: Final = 10
MAX_SCAN_INTERVAL: Final = 3600
DEFAULT_RELOCK_SECONDS: Final = 5
MIN_RELOCK_SECONDS: Final = 1
MAX_RELOCK_SECONDS: Final = 60
DEFAULT_GATEWAY_CONCURRENCY: Final = 4
MIN_GATEWAY_CONCURRENCY: Final = 1
MAX_GATEWAY_CONCURRENCY: Final = 32

# Timeouts of one request, in seconds. Gateway calls travel over radio to a
# battery-powered lock and take seconds; everything else is answered by the PC.
REQUEST_TIMEOUT: Final = 10.0
GATEWAY_TIMEOUT: Final = 30.0

# The remote unlock code the lock entity asks for before it unlocks (the
# code_format shown to the frontend; it does not reveal the code's length).
# Home Assistant checks it on lock too: empty is let through, so that a lock,
# which sends nothing, needs no code; the entity refuses an unlock without one.
UNLOCK_CODE_PATTERN: Final = r"^(\d{4,10})?$"

SCAN_INTERVAL: Final = timedelta(seconds=DEFAULT_SCAN_INTERVAL)

# A room the platform stops listing loses its device and entities only when
# this many successful polls in a row (the first one after a start included)
# did not list it; in between its entities are unavailable.
MISSING_POLLS_BEFORE_REMOVAL: Final = 3

# Booking sources: calendar entities whose events become stays, one config
# subentry each, either for fixed rooms or finding room names in the events.
SUBENTRY_BOOKING_SOURCE: Final = "booking_source"
CONF_CALENDAR_ENTITY_ID: Final = "calendar_entity_id"
CONF_MATCH: Final = "match"
CONF_ROOMS: Final = "rooms"
MATCH_ROOMS: Final = "rooms"
MATCH_TEXT: Final = "text"

# Stays options read by the booking sources: check-in and check-out times of
# all-day bookings (in Home Assistant's time zone), and how often (minutes)
# each source is read.
CONF_CHECK_IN_TIME: Final = "check_in_time"
CONF_CHECK_OUT_TIME: Final = "check_out_time"
CONF_BOOKING_READ_INTERVAL: Final = "booking_read_interval"
DEFAULT_CHECK_IN_TIME: Final = "14:00:00"
DEFAULT_CHECK_OUT_TIME: Final = "12:00:00"
DEFAULT_BOOKING_READ_INTERVAL: Final = 15

# A booking missing from a source is handed on (kept) until this many
# successful reads in a row did not have it; a source that cannot be read this
# many times in a row gets a repair issue.
MISSING_READS_BEFORE_DROP: Final = 3
FAILED_READS_BEFORE_ISSUE: Final = 3

# Fired for every credential change (the logbook describes it); never a secret.
EVENT_CREDENTIAL_CHANGED: Final = f"{DOMAIN}_credential_changed"

# Credential values, checked by the action schemas and by the desk alike.
PIN_LENGTH_MIN: Final = 6
PIN_LENGTH_MAX: Final = 10
DEFAULT_PIN_LENGTH: Final = 6
NAME_MAX_LENGTH: Final = 64
# A face photo for a lock is small; anything larger than this is refused.
IMAGE_MAX_BYTES: Final = 1024 * 1024
# Fingerprint templates of these locks are a few hundred bytes to a few KiB.
TEMPLATE_MAX_BYTES: Final = 8192

# Stays: options of the "Stays" step (defaults below; the check-in and
# check-out times and the booking sources' read interval are above) and events.
CONF_STAY_CREDENTIALS: Final = "stay_credentials"
CONF_STAY_PIN_LENGTH: Final = "stay_pin_length"
CONF_STAY_LEAD_HOURS: Final = "stay_lead_hours"
CONF_STAY_MARGIN_MINUTES: Final = "stay_margin_minutes"
CONF_STAY_ALERT_HOURS: Final = "stay_alert_hours"

DEFAULT_STAY_CREDENTIALS: Final = ("pin",)
DEFAULT_STAY_LEAD_HOURS: Final = 24
MIN_STAY_LEAD_HOURS: Final = 1
MAX_STAY_LEAD_HOURS: Final = 720
DEFAULT_STAY_MARGIN_MINUTES: Final = 60
MIN_STAY_MARGIN_MINUTES: Final = 0
MAX_STAY_MARGIN_MINUTES: Final = 1440
DEFAULT_STAY_ALERT_HOURS: Final = 12
MIN_STAY_ALERT_HOURS: Final = 0
MAX_STAY_ALERT_HOURS: Final = 720
# The booking sources' read interval (CONF_BOOKING_READ_INTERVAL), in minutes.
MIN_BOOKING_READ_INTERVAL: Final = 5
MAX_BOOKING_READ_INTERVAL: Final = 1440

# Fired once a stay's codes may be handed out (from arrival - margin), and for
# each credential of a stay confirmed at the lock; never a guest name or code.
EVENT_STAY_READY: Final = f"{DOMAIN}_stay_ready"
EVENT_STAY_CONFIRMED: Final = f"{DOMAIN}_stay_confirmed"
GUEST_MAX_LENGTH: Final = 100
