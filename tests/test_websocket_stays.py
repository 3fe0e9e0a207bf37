"""Tests for the Front desk's stay commands, the stays in its feed and cards of stays.

Under a frozen clock (``stays_common``): 1 June 2026, 08:00 local; the
default options (a PIN per stay, pushed 24 h before arrival, margin 60 min).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import (
    WebSocketGenerator,
)

from custom_components.hotel_lock.booking_events import Booking
from custom_components.hotel_lock.frontdesk_feed import FrontDeskFeed
from custom_components.hotel_lock.stays import StayBook
from simulator.platform import Platform
from tests.bookings_common import add_source, source_subentry
from tests.stays_common import (
    ENTRY_ID,
    FIRST_RM_ID,
    SECOND_RM_ID,
    day,
    move,
    opens,
    start_of_test,
)
from tests.websocket_common import ws_send

FIRST_KEY = f"{ENTRY_ID}:{FIRST_RM_ID}"


def _create(**fields: Any) -> dict[str, Any]:
    """Return a stay/create message: the first room, 09:00 today to 12:00 in 2 days."""
    return {
        "type": "hotel_lock/stay/create",
        "entry_id": ENTRY_ID,
        "guest": "Ms. Li",
        "room_ids": [FIRST_RM_ID],
        "arrival": day(0, 9).isoformat(),
        "departure": day(2, 12).isoformat(),
        **fields,
    }


def _room(event: dict[str, Any], key: str = FIRST_KEY) -> dict[str, Any]:
    return next(room for room in event["rooms"] if room["key"] == key)


async def test_create_show_codes_check_out(
    hass: HomeAssistant,
    stays_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    platform: Platform,
) -> None:
    """A stay's PIN opens its door; shown again on request; checked out, it opens nothing."""
    client = await hass_ws_client(hass)
    created = await ws_send(client, _create(room_ids=[FIRST_RM_ID, SECOND_RM_ID]))
    assert created["success"], created
    stay = created["result"]["stay"]
    assert stay["guest"] == "Ms. Li"
    assert stay["room_names"] == ["1-101", "1-102"]
    assert stay["status"] == "ready"  # from arrival - 60 min, its PIN at the door
    assert (stay["source"], stay["editable"], stay["codes_available"]) == (
        "desk",
        True,
        True,
    )
    assert stay["kinds"] == ["pin"]
    assert {c["room_id"] for c in stay["credentials"]} == {FIRST_RM_ID, SECOND_RM_ID}
    codes = created["result"]["codes"]
    assert [(c["room_name"], c["kind"]) for c in codes] == [
        ("1-101", "pin"),
        ("1-102", "pin"),
    ]
    pin = codes[0]["code"]
    assert codes[1]["code"] == pin  # one PIN for every door of the stay
    assert opens(platform, FIRST_RM_ID, "pin", pin)
    assert opens(platform, SECOND_RM_ID, "pin", pin)
    # The desk pushed it as the connection's user.
    [pushed] = [
        a
        for a in stays_entry.runtime_data.activity.entries(FIRST_RM_ID)
        if a.action == "set_pin"
    ]
    assert pushed.user_id == hass_admin_user.id

    again = await ws_send(
        client,
        {
            "type": "hotel_lock/stay/codes",
            "entry_id": ENTRY_ID,
            "stay_id": stay["stay_id"],
        },
    )
    assert [c["code"] for c in again["result"]["codes"]] == [pin, pin]

    out = await ws_send(
        client,
        {
            "type": "hotel_lock/stay/check_out",
            "entry_id": ENTRY_ID,
            "stay_id": stay["stay_id"],
        },
    )
    assert out["success"], out
    assert out["result"]["stay"]["codes_available"] is False
    assert not opens(platform, FIRST_RM_ID, "pin", pin)
    assert not opens(platform, SECOND_RM_ID, "pin", pin)
    gone = await ws_send(
        client,
        {
            "type": "hotel_lock/stay/codes",
            "entry_id": ENTRY_ID,
            "stay_id": stay["stay_id"],
        },
    )
    assert gone["error"]["translation_key"] == "stay_codes_gone"


@pytest.mark.usefixtures("stays_entry")
async def test_extend(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
) -> None:
    """A later departure keeps the PIN, which then opens until then."""
    client = await hass_ws_client(hass)
    created = (await ws_send(client, _create()))["result"]
    pin = created["codes"][0]["code"]
    departure = day(4, 12)
    extended = await ws_send(
        client,
        {
            "type": "hotel_lock/stay/update",
            "entry_id": ENTRY_ID,
            "stay_id": created["stay"]["stay_id"],
            "departure": departure.isoformat(),
        },
    )
    assert extended["success"], extended
    assert dt_util.parse_datetime(extended["result"]["stay"]["departure"]) == departure
    await move(hass, freezer, day(3, 12))
    assert opens(platform, FIRST_RM_ID, "pin", pin)


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"departure": day(0, 8).isoformat()}, "departure_not_after_arrival"),
        ({"room_ids": ["nope"]}, "unknown_room"),
        ({"guest": " "}, "invalid_guest"),
    ],
)
@pytest.mark.usefixtures("stays_entry")
async def test_create_refused(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
    fields: dict[str, Any],
    key: str,
) -> None:
    """The book's guard rails answer as translated errors; nothing is sent."""
    answer = await ws_send(await hass_ws_client(hass), _create(**fields))
    assert answer["error"]["code"] == "service_validation_error"
    assert answer["error"]["translation_key"] == key
    assert "GatewayUploadOnline" not in {e["call"] for e in platform.log_dicts()}


@pytest.mark.usefixtures("stays_entry")
async def test_unknown_stay(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A stay the book does not know is a translated refusal, for every command."""
    client = await hass_ws_client(hass)
    for command in ("update", "check_out", "codes"):
        answer = await ws_send(
            client,
            {
                "type": f"hotel_lock/stay/{command}",
                "entry_id": ENTRY_ID,
                "stay_id": "x",
            },
        )
        assert answer["error"]["translation_key"] == "unknown_stay"


@pytest.mark.usefixtures("stays_entry")
async def test_feed_shows_stays_and_moves_on_in_time(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    book: StayBook,
) -> None:
    """Next arrival, then the stay in progress at its arrival; arrivals and departures today."""
    events: list[dict[str, Any]] = []
    feed = FrontDeskFeed(hass, events.append)
    feed.async_start()
    stay = await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(1, 12)
    )
    await move(hass, freezer, start_of_test() + timedelta(seconds=1))
    room = _room(events[-1])
    assert room["stay"] is None
    assert room["next_stay"]["stay_id"] == stay.stay_id
    assert room["next_stay"]["guest"] == "Ms. Li"
    assert (room["arrival_today"], room["departure_today"]) == (True, False)

    # At its arrival, with nothing else happening, it is the stay in progress.
    await move(hass, freezer, day(0, 14, 1))
    room = _room(events[-1])
    assert room["stay"]["stay_id"] == stay.stay_id
    assert room["stay"]["status"] == "in_progress"
    assert room["next_stay"] is None
    # After midnight it leaves today.
    await move(hass, freezer, day(1, 0, 1))
    room = _room(events[-1])
    assert (room["arrival_today"], room["departure_today"]) == (False, True)
    # The next day the ended stay is gone from the room.
    await move(hass, freezer, day(2, 0, 1))
    room = _room(events[-1])
    assert (room["stay"], room["next_stay"], room["departure_today"]) == (
        None,
        None,
        False,
    )
    feed.async_stop()


@pytest.mark.usefixtures("stays_entry")
async def test_undelivered_code_is_a_problem(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform: Platform,
    book: StayBook,
) -> None:
    """A stay's PIN the gateway did not take is the room's problem until it is at the door."""
    platform.set_gateway_online(FIRST_RM_ID, False)
    await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(0, 14), departure=day(1, 12)
    )
    events: list[dict[str, Any]] = []
    feed = FrontDeskFeed(hass, events.append)
    feed.async_start()
    keys = [p["key"] for p in _room(events[0])["problems"]]
    assert "code_undelivered" in keys
    assert {"key": "code_undelivered", "placeholders": {"guest": "Ms. Li"}} in _room(
        events[0]
    )["problems"]
    feed.async_stop()


@pytest.mark.usefixtures("stays_entry")
async def test_room_lists_stays_and_their_credentials(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, book: StayBook
) -> None:
    """A room's card: its stays, and each credential with the stay it belongs to."""
    stay = await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(0, 9), departure=day(2, 12)
    )
    later = await book.async_create(
        guest="Mr. Wu", room_ids=[FIRST_RM_ID], arrival=day(3, 14), departure=day(4, 12)
    )
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/frontdesk/room",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        },
    )
    result = answer["result"]
    assert [s["stay_id"] for s in result["stays"]] == [later.stay_id, stay.stay_id]
    [pin] = result["credentials"]
    assert (pin["kind"], pin["stay_id"]) == ("pin", stay.stay_id)
    activity = result["activity"]
    assert [a["action"] for a in activity] == ["stay_ready", "set_pin"]
    # The stay's PIN is named after its guest, not its registry name.
    assert [a["name"] for a in activity] == ["Ms. Li", "Ms. Li"]


async def test_booking_stay_names_its_source(
    hass: HomeAssistant,
    stays_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A stay made from a booking names its source; the desk cannot edit it, only check it out."""
    source_id = add_source(
        hass,
        stays_entry,
        source_subentry("calendar.pms_bookings", [FIRST_RM_ID], "PMS bookings"),
    )
    await hass.async_block_till_done()
    book = stays_entry.runtime_data.stays
    await book.async_sync_source(
        source_id,
        [Booking("b-1", "Ms. Li", (FIRST_RM_ID,), day(0, 14), day(1, 12))],
    )
    client = await hass_ws_client(hass)
    answer = await ws_send(
        client,
        {
            "type": "hotel_lock/frontdesk/room",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
        },
    )
    [stay] = answer["result"]["stays"]
    assert (stay["guest"], stay["source"], stay["source_name"], stay["editable"]) == (
        "Ms. Li",
        "booking",
        "PMS bookings",
        False,
    )
    # The desk checks it out all the same (the panel offers it for any open
    # stay); before its arrival that cancels it, as the answer says.
    assert (stay["status"], stay["codes_available"]) == ("upcoming", True)
    out = await ws_send(
        client,
        {
            "type": "hotel_lock/stay/check_out",
            "entry_id": ENTRY_ID,
            "stay_id": stay["stay_id"],
        },
    )
    assert out["success"], out
    assert out["result"]["stay"]["status"] == "cancelled"


@pytest.mark.usefixtures("stays_entry")
async def test_cards_of_a_stay(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    platform: Platform,
    book: StayBook,
) -> None:
    """Every card of a stay has its one authorization time; a read tells the stay."""
    stay = await book.async_create(
        guest="Ms. Li", room_ids=[FIRST_RM_ID], arrival=day(0, 9), departure=day(2, 12)
    )
    client = await hass_ws_client(hass)
    written = []
    for _ in range(2):
        platform.put_card()
        answer = await ws_send(
            client,
            {
                "type": "hotel_lock/card/write",
                "entry_id": ENTRY_ID,
                "room_id": FIRST_RM_ID,
                "stay_id": stay.stay_id,
            },
        )
        assert answer["success"], answer
        written.append(answer["result"])
    assert written[0]["authorized_at"] == written[1]["authorized_at"]
    assert dt_util.parse_datetime(written[0]["valid_until"]) == stay.expires
    for card in written:
        assert opens(platform, FIRST_RM_ID, "card_id", card["card_id"])

    read = await ws_send(client, {"type": "hotel_lock/card/read", "entry_id": ENTRY_ID})
    assert read["result"]["stay"]["stay_id"] == stay.stay_id
    assert read["result"]["stay"]["guest"] == "Ms. Li"
    [card] = [
        c
        for c in (
            await ws_send(
                client,
                {
                    "type": "hotel_lock/frontdesk/room",
                    "entry_id": ENTRY_ID,
                    "room_id": FIRST_RM_ID,
                },
            )
        )["result"]["credentials"]
        if c["card_id"] == written[1]["card_id"]
    ]
    assert (card["name"], card["stay_id"]) == ("Ms. Li", stay.stay_id)

    both = await ws_send(
        client,
        {
            "type": "hotel_lock/card/write",
            "entry_id": ENTRY_ID,
            "room_id": FIRST_RM_ID,
            "stay_id": stay.stay_id,
            "valid_until": day(3, 12).isoformat(),
        },
    )
    assert both["error"]["translation_key"] == "stay_sets_card_window"
    neither = await ws_send(
        client,
        {"type": "hotel_lock/card/write", "entry_id": ENTRY_ID, "room_id": FIRST_RM_ID},
    )
    assert neither["error"]["translation_key"] == "missing_field"


@pytest.mark.parametrize(
    "message",
    [
        {"type": "hotel_lock/stay/create", "entry_id": ENTRY_ID},
        {
            "type": "hotel_lock/stay/create",
            "entry_id": ENTRY_ID,
            "guest": "x",
            "room_ids": [],
            "arrival": "2026-06-02 14:00:00",
            "departure": "2026-06-03 12:00:00",
        },
        {
            "type": "hotel_lock/stay/create",
            "entry_id": ENTRY_ID,
            "guest": "x",
            "room_ids": [FIRST_RM_ID],
            "arrival": "soon",
            "departure": "2026-06-03 12:00:00",
        },
        {
            "type": "hotel_lock/stay/create",
            "entry_id": ENTRY_ID,
            "guest": "x",
            "room_ids": [FIRST_RM_ID],
            "arrival": "2026-06-02 14:00:00",
            "departure": "2026-06-03 12:00:00",
            "credentials": ["face"],
        },
        {"type": "hotel_lock/stay/update", "entry_id": ENTRY_ID},
        {"type": "hotel_lock/stay/check_out", "stay_id": "x"},
        {"type": "hotel_lock/stay/codes", "entry_id": ENTRY_ID},
    ],
)
@pytest.mark.usefixtures("init_integration")
async def test_schemas(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, message: dict[str, Any]
) -> None:
    """Messages without their fields, or with wrong values, are refused."""
    answer = await ws_send(await hass_ws_client(hass), message)
    assert answer["error"]["code"] == "invalid_format"


@pytest.mark.parametrize(
    "message",
    [
        _create(),
        {"type": "hotel_lock/stay/update", "entry_id": ENTRY_ID, "stay_id": "x"},
        {"type": "hotel_lock/stay/check_out", "entry_id": ENTRY_ID, "stay_id": "x"},
        {"type": "hotel_lock/stay/codes", "entry_id": ENTRY_ID, "stay_id": "x"},
    ],
)
async def test_non_admin_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    message: dict[str, Any],
) -> None:
    """A user who is not an administrator is refused; no stay is made."""
    client = await hass_ws_client(hass, hass_read_only_access_token)
    answer = await ws_send(client, message)
    assert answer["error"]["code"] == "unauthorized"
    assert init_integration.runtime_data.stays.stays(include_ended=True) == []
