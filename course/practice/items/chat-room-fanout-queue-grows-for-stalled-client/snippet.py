"""Fan-out of room messages to connected websocket clients."""
from __future__ import annotations

import queue
from typing import Any

Message = dict[str, Any]


class Room:
    """One chat room; each connected client has a writer thread draining its queue."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._subscribers: dict[str, queue.Queue[Message]] = {}

    def subscribe(self, client_id: str) -> queue.Queue[Message]:
        """Register a client and return the queue its websocket writer drains."""
        q: queue.Queue[Message] = queue.Queue()
        self._subscribers[client_id] = q
        return q

    def unsubscribe(self, client_id: str) -> None:
        self._subscribers.pop(client_id, None)

    def publish(self, message: Message) -> None:
        """Deliver `message` to every subscriber without ever waiting on a slow one."""
        for q in list(self._subscribers.values()):
            q.put_nowait(message)
