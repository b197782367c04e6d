"""Per-route request counters in the shared key-value store, one key per route and minute."""
from __future__ import annotations

from typing import Protocol


class KeyValueStore(Protocol):
    """The part of the store client (a Redis-style API) the counters use."""

    def get(self, key: str) -> bytes | None: ...
    def set(self, key: str, value: bytes, ttl: int | None = None) -> None: ...


COUNTER_TTL = 2 * 24 * 3600  # keep two days of per-minute counters


def counter_key(route: str, minute: int) -> str:
    return f"req:{route}:{minute}"


def count_requests(store: KeyValueStore, route: str, minute: int, n: int = 1) -> int:
    """Add `n` requests to the route's counter for `minute` and return the new total.

    Called by every ingest worker for each batch of access-log lines it parses.
    """
    key = counter_key(route, minute)
    current = int(store.get(key) or 0)
    total = current + n
    store.set(key, str(total).encode(), ttl=COUNTER_TTL)
    return total


def requests_in(store: KeyValueStore, route: str, minute: int) -> int:
    """The counter for `route` in `minute` (0 when nothing was counted)."""
    return int(store.get(counter_key(route, minute)) or 0)
