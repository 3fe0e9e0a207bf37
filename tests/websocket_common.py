"""What the Front desk command tests share: a command sent and its answer."""

from __future__ import annotations

from typing import Any

from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket


async def ws_send(client: MockHAClientWebSocket, message: dict[str, Any]) -> Any:
    """Send a command (its ID added) and return the answer to it."""
    await client.send_json_auto_id(message)
    return await client.receive_json()
