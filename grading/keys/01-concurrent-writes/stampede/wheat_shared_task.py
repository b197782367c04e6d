"""Read-through cache for the product catalogue client, with single-flight loading.

Concurrent misses for the same key share one in-flight load: the first caller starts
it as a task and everyone awaits that task. If the load fails, every caller waiting on
it gets the error, and the next `get` starts a fresh load.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
import time
from typing import Any, Awaitable, Callable

Loader = Callable[[str], Awaitable[Any]]


@dataclass(frozen=True)
class _Entry:
    value: Any
    expires_at: float


class ProductCache:
    """Cache-aside wrapper around an async loader: a TTL per entry, one load per key at a time."""

    def __init__(self, loader: Loader, ttl: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._loader = loader
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._inflight: dict[str, asyncio.Task[Any]] = {}

    async def get(self, key: str) -> Any:
        """Return the product for `key`; concurrent misses wait for the same load."""
        entry = self._entries.get(key)
        if entry is not None and entry.expires_at > self._clock():
            return entry.value

        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(key))
            self._inflight[key] = task
        # shield: one caller being cancelled must not cancel the load the others wait for
        return await asyncio.shield(task)

    async def _load(self, key: str) -> Any:
        try:
            value = await self._loader(key)
            self._entries[key] = _Entry(value, expires_at=self._clock() + self._ttl)
            return value
        finally:
            del self._inflight[key]
