"""A fake clock with an injected sleep: backoff and timeouts become exact and instant (handbook 7).

Code under test takes `sleep` (and, where it reads the time, `clock`) as parameters; tests hand it
`clock.sleep` and `clock`. Nothing waits: `sleep(s)` records s and moves the clock forward by s.
"""
from __future__ import annotations

import math
import threading


class FakeClock:
    """A clock that moves only when told: `clock()` reads it, `clock.sleep(s)` and `clock.advance(s)` move it.

    `clock.sleeps` lists every sleep in call order, so a test can check each wait of a backoff.
    Thread-safe.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = float(start)
        self._sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        """The current (fake) time in seconds, like time.monotonic()."""
        return self.now

    def sleep(self, seconds: float) -> None:
        """What code under test calls instead of time.sleep: returns at once, the clock moves by `seconds`."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"sleep() takes a number of seconds, got {type(seconds).__name__}")
        if math.isnan(seconds) or seconds < 0:
            raise ValueError(f"sleep length must be a non-negative number, got {seconds!r}")
        with self._lock:
            self._sleeps.append(float(seconds))
            self.now += seconds

    def advance(self, seconds: float) -> None:
        """Move the clock forward (time passing outside any sleep: a call waiting for its timeout)."""
        if not seconds >= 0:
            raise ValueError(f"the clock only moves forward, got {seconds!r}")
        with self._lock:
            self.now += seconds

    @property
    def sleeps(self) -> list[float]:
        """Every sleep so far, in seconds, in call order (a copy)."""
        with self._lock:
            return list(self._sleeps)

    @property
    def slept(self) -> float:
        """Total seconds spent in sleep()."""
        with self._lock:
            return sum(self._sleeps)

    def __repr__(self) -> str:
        return f"<FakeClock at {self.now:g} s, {len(self._sleeps)} sleep(s)>"
