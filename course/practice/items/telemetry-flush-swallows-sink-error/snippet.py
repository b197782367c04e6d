"""Buffered event shipping for the metrics agent."""
from __future__ import annotations

import logging
from typing import Any, Protocol

log = logging.getLogger(__name__)


class Sink(Protocol):
    def write_batch(self, events: list[dict[str, Any]]) -> None: ...


class EventBuffer:
    """Collects events in memory and ships them to the sink in batches."""

    def __init__(self, sink: Sink, batch_size: int = 500) -> None:
        self.sink = sink
        self.batch_size = batch_size
        self.pending: list[dict[str, Any]] = []

    def add(self, event: dict[str, Any]) -> None:
        self.pending.append(event)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Ship everything pending; the agent calls this on a timer and at shutdown."""
        batch, self.pending = self.pending, []
        try:
            self.sink.write_batch(batch)
        except Exception:
            pass  # a flaky sink must never crash the agent
