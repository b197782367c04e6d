"""Per-account rate limiting for the login endpoint (token buckets)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass
class Bucket:
    """Up to `capacity` attempts, refilled at `rate` attempts per second."""

    capacity: float
    rate: float
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class LoginLimiter:
    """Five login attempts per account, then one every twelve seconds. Shared by the worker threads."""

    def __init__(self, clock: Callable[[], float], capacity: int = 5, rate: float = 1 / 12) -> None:
        self._clock = clock
        self._capacity, self._rate = capacity, rate
        self._buckets: dict[str, Bucket] = {}

    def allow(self, username: str) -> bool:
        """True if this login attempt for `username` may go ahead."""
        now = self._clock()
        if username not in self._buckets:
            self._buckets[username] = self._new_bucket(now)
        return self._buckets[username].take(now)

    def _new_bucket(self, now: float) -> Bucket:
        return Bucket(self._capacity, self._rate, float(self._capacity), now)
