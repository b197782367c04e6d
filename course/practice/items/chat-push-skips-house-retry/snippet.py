"""Mobile push notifications for new direct messages."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")

# --- house helpers (existing, chat/net.py) ---


class TransientError(Exception):
    """A remote call failed in a way worth retrying (timeout, 503, connection reset)."""


sleep = time.sleep


def retrying(call: Callable[[], T], attempts: int = 4, base_delay: float = 0.2) -> T:
    """Run `call`, retrying TransientError with exponential backoff; re-raise after `attempts`."""
    attempt = 1
    while True:
        try:
            return call()
        except TransientError:
            if attempt >= attempts:
                raise
            sleep(base_delay * 2 ** (attempt - 1))
            attempt += 1


# --- the assistant's change ---


class PushGateway(Protocol):
    def send(self, device_token: str, title: str, body: str) -> str: ...


def notify_direct_message(gateway: PushGateway, devices: list[str], sender: str, preview: str) -> list[str]:
    """Push a notification to each of the recipient's devices; return the gateway's message ids."""
    title = f"New message from {sender}"
    body = preview if len(preview) <= 120 else preview[:117] + "..."
    return [gateway.send(device, title, body) for device in devices]
