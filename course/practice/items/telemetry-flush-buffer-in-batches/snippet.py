"""Flush the ingest buffer to the collector in arrival order."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    name: str
    ts: float
    attrs: dict


Sender = Callable[[list[Event]], None]


def flush(buffer: list[Event], send: Sender, batch_size: int = 100) -> int:
    """Send buffered events oldest first, batch_size per request, and return how many were sent.

    Events leave the buffer only once their batch was handed to `send`, so if a send raises the
    unsent events are still buffered for the next flush.
    """
    sent = 0
    while buffer:
        batch = buffer[:batch_size]
        send(batch)
        for _ in batch:
            buffer.pop(0)
        sent += len(batch)
    return sent
