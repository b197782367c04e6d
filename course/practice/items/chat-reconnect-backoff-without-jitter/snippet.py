"""Client-side reconnect for the chat websocket."""
from __future__ import annotations

import time
from typing import Callable, TypeVar

Conn = TypeVar("Conn")


def reconnect(
    connect: Callable[[], Conn],
    sleep: Callable[[float], None] = time.sleep,
    max_attempts: int = 8,
    base: float = 0.5,
    cap: float = 30.0,
) -> Conn:
    """Reconnect after the socket drops, with capped exponential backoff.

    Every client runs this when the gateway restarts; returns the new connection,
    or raises the last error after `max_attempts`.
    """
    for attempt in range(max_attempts):
        try:
            return connect()
        except OSError:
            if attempt == max_attempts - 1:
                raise
            sleep(min(cap, base * 2 ** attempt))
    raise RuntimeError("max_attempts must be at least 1")
