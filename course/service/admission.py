"""Who may be judged now: a per-learner rate limit and a bounded queue, both with an honest "try again in N s".

Counted, never timed by sleeping: the clock is injected (tests drive it), and the queue is a count of checks
admitted and not yet answered. Both are used from the service's event loop thread only.
"""
from __future__ import annotations

from collections import deque
import math
import time
from typing import Callable


class RateLimit:
    """At most `per_window` checks per learner in any `window` seconds (a sliding window of their check times)."""

    def __init__(self, per_window: int = 20, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.per_window, self.window, self.clock = per_window, window, clock
        self._seen: dict[str, deque[float]] = {}

    def retry_after(self, user: str) -> float | None:
        """None and the check is counted; or the seconds until this learner may check again (nothing counted)."""
        now = self.clock()
        seen = self._seen.setdefault(user, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.per_window:
            return max(0.0, seen[0] + self.window - now)
        seen.append(now)
        return None


class Queue:
    """At most `workers` checks judged at once and `waiting` more queued, at most `per_learner` of them one learner's
    (red team: one learner's 20 checks a minute, sent at once, held every place and everyone else was "busy");
    beyond that, busy."""

    def __init__(self, workers: int, waiting: int, typical_seconds: float = 5.0, per_learner: int = 2):
        self.workers, self.waiting = max(1, workers), max(0, waiting)
        self.typical_seconds = typical_seconds
        self.per_learner = max(1, per_learner)
        self.admitted = 0
        self._of: dict[str | None, int] = {}

    def enter(self, user: str | None = None) -> float | None:
        """None when admitted (call `leave` with the same user when answered); else the seconds after which a retry
        may get in."""
        if user is not None and self._of.get(user, 0) >= self.per_learner:
            return math.ceil(self.typical_seconds)
        if self.admitted >= self.workers + self.waiting:
            ahead = self.admitted - self.workers + 1
            return math.ceil(ahead * self.typical_seconds / self.workers)
        self.admitted += 1
        self._of[user] = self._of.get(user, 0) + 1
        return None

    def leave(self, seconds: float | None = None, user: str | None = None) -> None:
        """One admitted check answered; `seconds` it took to judge updates the typical time (a moving average)."""
        self.admitted = max(0, self.admitted - 1)
        left = self._of.get(user, 0) - 1
        if left > 0:
            self._of[user] = left
        else:
            self._of.pop(user, None)
        if seconds is not None:
            self.typical_seconds = 0.8 * self.typical_seconds + 0.2 * seconds
