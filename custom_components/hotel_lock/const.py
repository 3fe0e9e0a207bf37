"""Constants for the Hotel Lock integration."""

from typing import Final

DOMAIN: Final = "hotel_lock"
