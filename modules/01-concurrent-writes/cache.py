"""Read-through cache for the product catalogue client.

Product pages ask for the same SKUs over and over, so `ProductCache` keeps each
loaded product for `ttl` seconds and only calls the catalogue service on a miss.
The clock is injectable so tests can move time forward without sleeping.
"""
from __future__ import annotations

from dataclasses import dataclass
import time
from typing import Any, Awaitable, Callable

Loader = Callable[[str], Awaitable[Any]]


@dataclass
class _Entry:
    value: Any
    expires_at: float


class ProductCache:
    """Cache-aside wrapper around an async loader, with a time-to-live per entry."""

    def __init__(self, loader: Loader, ttl: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._loader = loader
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, _Entry] = {}

    async def get(self, key: str) -> Any:
        """Return the product for `key`, loading it from the catalogue on a miss or expiry."""
        entry = self._entries.get(key)
        if entry is not None and self._clock() <= entry.expires_at:
            return entry.value  # cache hit

        value = await self._loader(key)
        self._entries[key] = _Entry(value, expires_at=self._clock() + self._ttl)
        return value
