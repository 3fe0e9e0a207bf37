"""The in-process fixtures serve a working emulator."""

from __future__ import annotations

import aiohttp

from simulator.platform import DEFAULT_APPID, DEFAULT_APPSECRET, Platform


async def test_platform_url_serves_the_platform(
    platform: Platform, platform_url: str
) -> None:
    """GetRoomList over real HTTP lists the fixture's five rooms."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{platform_url}/Api/GetRoomList",
            data={"appid": DEFAULT_APPID, "appsecret": DEFAULT_APPSECRET},
        ) as response,
    ):
        answer = await response.json()
    assert answer["code"] == 1
    assert [room["rm_name"] for room in answer["data"]] == [
        "1-101",
        "1-102",
        "1-103",
        "1-104",
        "1-105",
    ]
    assert [room["rm_id"] for room in answer["data"]] == list(platform.rooms)
    assert platform.log[-1].call == "GetRoomList"
