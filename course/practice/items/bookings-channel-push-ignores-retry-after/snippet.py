"""Push room availability to the channel manager (OTA distribution)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Protocol


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: dict[str, Any]


class ChannelClient(Protocol):
    def post(self, path: str, payload: dict[str, Any]) -> Response: ...


def push_availability(
    client: ChannelClient,
    room_type: str,
    free_by_date: dict[str, int],
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = 5,
) -> Response:
    """Send availability for `room_type`; back off and retry on 429 and 5xx answers."""
    payload = {"room_type": room_type, "availability": free_by_date}
    for attempt in range(attempts):
        resp = client.post("/v1/availability", payload)
        if resp.status != 429 and resp.status < 500:
            return resp
        if attempt < attempts - 1:
            sleep(0.5 * 2 ** attempt)
    return resp
