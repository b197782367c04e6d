"""Store-and-forward for the edge agent: keep events while the uplink is down."""
from __future__ import annotations

from collections import deque
from typing import Any, Callable

Event = dict[str, Any]


class Forwarder:
    """Buffers events and sends them upstream in batches, oldest first."""

    def __init__(self, send: Callable[[list[Event]], None], batch_size: int = 200) -> None:
        self._send = send
        self._batch_size = batch_size
        self._backlog: deque[Event] = deque()

    def submit(self, event: Event) -> None:
        """Queue an event; it goes out with the next successful flush."""
        self._backlog.append(event)

    def flush(self) -> int:
        """Send the backlog; on the first failure stop and keep the rest for later."""
        sent = 0
        while self._backlog:
            batch = [self._backlog[i] for i in range(min(self._batch_size, len(self._backlog)))]
            try:
                self._send(batch)
            except OSError:
                break
            for _ in batch:
                self._backlog.popleft()
            sent += len(batch)
        return sent

    def backlog_size(self) -> int:
        return len(self._backlog)
