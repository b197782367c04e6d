"""Send a chat message from the mobile client, retrying over flaky connections."""
from __future__ import annotations

import time
from typing import Callable, Protocol
import uuid


class SendTimeout(Exception):
    """No answer from the server in time; the message may or may not have arrived."""


class ChatApi(Protocol):
    def post_message(self, room: str, text: str, client_msg_id: str) -> int:
        """Store the message and return its server id."""


def send_message(api: ChatApi, room: str, text: str, attempts: int = 4,
                 sleep: Callable[[float], None] = time.sleep) -> int:
    """Send `text` to `room`, retrying timeouts with backoff; returns the server's message id.

    The server ignores a message whose client_msg_id it has already stored, so retrying is safe.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    delay = 0.25
    for attempt in range(1, attempts + 1):
        client_msg_id = uuid.uuid4().hex
        try:
            return api.post_message(room, text, client_msg_id=client_msg_id)
        except SendTimeout:
            if attempt == attempts:
                raise
            sleep(delay)
            delay *= 2
    raise SendTimeout(f"no answer after {attempts} attempts")
