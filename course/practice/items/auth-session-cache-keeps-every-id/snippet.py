"""Session lookup for every API request, with an in-process cache."""
from __future__ import annotations

import time
from typing import Any, Callable, Protocol

Session = dict[str, Any]


class SessionStore(Protocol):
    def load(self, session_id: str) -> Session | None: ...


class SessionCache:
    """Caches lookups (misses too) for 60 s, so most requests skip the store."""

    TTL = 60.0

    def __init__(self, store: SessionStore, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._clock = clock
        self._entries: dict[str, tuple[float, Session | None]] = {}

    def get(self, session_id: str) -> Session | None:
        now = self._clock()
        hit = self._entries.get(session_id)
        if hit is not None and now - hit[0] < self.TTL:
            return hit[1]
        session = self._store.load(session_id)
        self._entries[session_id] = (now, session)
        return session

    def __len__(self) -> int:
        """Number of cached entries, for the /metrics endpoint."""
        return len(self._entries)
