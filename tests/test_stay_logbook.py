"""The stay events in the logbook: in the server's language, no guest, no code."""

from __future__ import annotations

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.hotel_lock.const import (
    DOMAIN,
    EVENT_STAY_CONFIRMED,
    EVENT_STAY_READY,
)
from custom_components.hotel_lock.stays import StayBook
from tests.services_common import describe
from tests.stays_common import FIRST_RM_ID, SECOND_RM_ID, day


@pytest.mark.parametrize(
    ("language", "ready", "pin", "offline"),
    [
        (
            "en",
            (
                "stay ready: its codes may be handed to the guest "
                "(arrival 2026-06-01 09:00, departure 2026-06-03 12:00)"
            ),
            "PIN of a stay at the lock, valid until 2026-06-03 13:00",
            "offline password of a stay generated, valid until 2026-06-03 13:00",
        ),
        (
            "zh-Hans",
            "入住已就绪：可以把密码交给客人（入住 2026-06-01 09:00，离店 2026-06-03 12:00）",
            "入住的门锁密码已送达门锁，有效期至 2026-06-03 13:00",
            "已为入住生成离线密码，有效期至 2026-06-03 13:00",
        ),
        (
            "zh-Hant",
            "入住已就緒：可以把密碼交給客人（入住 2026-06-01 09:00，離店 2026-06-03 12:00）",
            "入住的門鎖密碼已送達門鎖，有效期限至 2026-06-03 13:00",
            "已為入住產生離線密碼，有效期限至 2026-06-03 13:00",
        ),
    ],
)
async def test_stay_events_described(
    hass: HomeAssistant,
    book: StayBook,
    *,
    language: str,
    ready: str,
    pin: str,
    offline: str,
) -> None:
    """A stay's confirmations and its ready event, on the rooms, in the language."""
    await async_get_translations(hass, language, "common", [DOMAIN])
    hass.config.language = language
    confirmed = async_capture_events(hass, EVENT_STAY_CONFIRMED)
    readied = async_capture_events(hass, EVENT_STAY_READY)
    stay = await book.async_create(
        guest="Ms. Li",
        room_ids=[FIRST_RM_ID, SECOND_RM_ID],
        arrival=day(0, 9),
        departure=day(2, 12),
        kinds=["pin", "offline_password"],
    )
    await hass.async_block_till_done()
    codes = [code.code for code in book.codes(stay.stay_id)]
    entries = [await describe(hass, event) for event in (*confirmed, *readied)]
    assert sorted(
        (e[LOGBOOK_ENTRY_NAME], e[LOGBOOK_ENTRY_MESSAGE], e[LOGBOOK_ENTRY_ENTITY_ID])
        for e in entries[:-1]
    ) == sorted(
        [
            ("1-101", offline, "lock.1_101"),
            ("1-101", pin, "lock.1_101"),
            ("1-102", offline, "lock.1_102"),
            ("1-102", pin, "lock.1_102"),
        ]
    )
    assert entries[-1] == {
        LOGBOOK_ENTRY_NAME: "1-101, 1-102",
        LOGBOOK_ENTRY_MESSAGE: ready,
    }
    seen = repr(entries) + repr([event.data for event in (*confirmed, *readied)])
    assert "Ms. Li" not in seen
    assert codes
    assert not any(code in seen for code in codes)
