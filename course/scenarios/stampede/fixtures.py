"""Trusted pytest plugin for the cache-stampede drill: what learner tests and the grader's runs receive.

Concurrency here is cooperative asyncio, so it is deterministic: the event loop runs ready tasks in
FIFO order, and the fake catalogue yields to the loop while it "loads" (one turn by default). Fifty
gets started together therefore all reach the cache before the first load finishes, on every run,
on any machine. Nothing here reads the wall clock.

Fixtures (take them as test arguments):
- `cache`      a `ProductCache(loader=upstream.load, ttl=30.0, clock=clock)` from `cache.py` under test,
               behind a facade that offers only what the spec defines: `cache.get(key)`
- `make_cache` `make_cache(ttl=30.0)` -> another cache wired to the same upstream and clock
- `upstream`   the fake catalogue: `.calls`, `.calls_for(key)`, `.keys`, `.max_in_flight`,
               `.fail_next(times=1)`, `.turns`, `.Error`; the n-th successful load of a key
               returns "<key>:v<n>" (so you can tell which load a result came from)
- `clock`      a fake clock: `clock()` reads it, `clock.advance(seconds)` moves it
- `run`        `run(cache.get("sku-1"))` runs one call to completion and returns its value (or raises)
- `crowd`      `crowd(cache, "sku-1", n=50)` starts n gets together and returns their results in
               order; a get that raised gives its exception object instead of a value
"""
from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
import importlib
from typing import Any

import pytest

from course.kits.faults.clock import FakeClock

IMPORT_NAME = "cache"
TTL = 30.0          # the `cache` fixture's time-to-live, in (fake) seconds
MAX_TURNS = 10_000  # event-loop turns after which a call counts as stuck (correct code needs a handful)


class UpstreamError(Exception):
    """What the fake catalogue raises when a failure is scripted."""


class FakeUpstream:
    """The catalogue service: counts loads, yields to the event loop while loading, fails on cue."""

    Error = UpstreamError

    def __init__(self, turns: int = 1) -> None:
        self.turns = turns            # event-loop turns one load takes (0 = finishes without yielding)
        self.calls = 0                # loads started, failed ones included
        self.keys: list[str] = []     # the key of every load, in call order
        self.in_flight = 0            # loads started and not yet finished
        self.max_in_flight = 0        # the most loads that were running at once
        self._per_key: Counter[str] = Counter()    # loads started, per key
        self._versions: Counter[str] = Counter()   # loads that succeeded, per key
        self._failures = 0

    def fail_next(self, times: int = 1) -> None:
        """Make the next `times` loads raise `UpstreamError` (after taking their usual turns)."""
        self._failures += times

    def calls_for(self, key: str) -> int:
        """How many loads of `key` have started."""
        return self._per_key[key]

    async def load(self, key: str) -> str:
        """The loader the cache calls: returns "<key>:v<n>" for the n-th successful load of `key`."""
        self.calls += 1
        self.keys.append(key)
        self._per_key[key] += 1
        fail = self._failures > 0
        if fail:
            self._failures -= 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for _ in range(self.turns):
                await asyncio.sleep(0)
        finally:
            self.in_flight -= 1
        if fail:
            raise UpstreamError(f"catalogue unavailable while loading {key!r}")
        self._versions[key] += 1
        return f"{key}:v{self._versions[key]}"


class Driver:
    """Runs cache calls on one event loop per test and reports calls that never finish."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def run(self, call: Awaitable[Any]) -> Any:
        """Run one call (for example `cache.get("sku-1")`) to completion; return its value or raise."""
        (result,) = self._drive([call])
        if isinstance(result, BaseException):
            raise result
        return result

    def crowd(self, cache: Any, key: str | Sequence[str], n: int = 50) -> list[Any]:
        """Start `n` gets of `key` (or one get per key in a list) together; results in start order."""
        keys = [key] * n if isinstance(key, str) else list(key)
        return self._drive([cache.get(k) for k in keys])

    def close(self) -> None:
        self.loop.close()

    def _drive(self, calls: list[Awaitable[Any]]) -> list[Any]:
        return self.loop.run_until_complete(self._all(calls))

    @staticmethod
    async def _all(calls: list[Awaitable[Any]]) -> list[Any]:
        tasks = [asyncio.ensure_future(c) for c in calls]
        for _ in range(MAX_TURNS):
            if all(t.done() for t in tasks):
                break
            await asyncio.sleep(0)
        stuck = [t for t in tasks if not t.done()]
        if stuck:
            for t in stuck:
                t.cancel()
            for _ in range(100):
                if all(t.done() for t in stuck):
                    break
                await asyncio.sleep(0)
            raise AssertionError(f"{len(stuck)} of {len(tasks)} calls never finished "
                                 f"(still waiting after {MAX_TURNS} event-loop turns)")
        return [_outcome(t) for t in tasks]


def _outcome(task: asyncio.Task) -> Any:
    """A finished task's value, or the exception it raised (as an object, not raised)."""
    if task.cancelled():
        return asyncio.CancelledError()
    return task.exception() or task.result()


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock starting at 1000.0 (seconds); move it with `clock.advance(seconds)`."""
    return FakeClock()


@pytest.fixture
def upstream() -> FakeUpstream:
    """The fake catalogue the cache loads from; each load takes one event-loop turn."""
    return FakeUpstream()


class CacheUnderTest:
    """A ProductCache under test, as the spec defines it: `await cache.get(key)`, nothing else.

    Tests get this facade, not the implementation's object, so its private state and helpers
    (`_entries`, `_locks`, `_inflight`, ...) cannot tell versions apart through `hasattr` or `dir`.
    `get` is a wrapper coroutine function that awaits the real `get` directly (no extra task, no
    extra event-loop turn), so every interleaving is exactly the implementation's own.
    """

    __slots__ = ("get",)

    def __init__(self, get: Callable[[str], Awaitable[Any]]) -> None:
        self.get = get

    def __repr__(self) -> str:
        return "<ProductCache under test>"


def new_cache(loader: Callable[[str], Awaitable[Any]], ttl: float, clock: Callable[[], float]) -> CacheUnderTest:
    """`ProductCache(loader, ttl=ttl, clock=clock)` from the implementation under test, behind the facade."""
    implementation = importlib.import_module(IMPORT_NAME).ProductCache(loader, ttl=ttl, clock=clock)

    async def get(key: str) -> Any:
        """The product for `key` (the implementation under test's `get`)."""
        return await implementation.get(key)

    return CacheUnderTest(get)


@pytest.fixture
def make_cache(upstream: FakeUpstream, clock: FakeClock) -> Callable[..., CacheUnderTest]:
    """`make_cache(ttl=30.0)`: a fresh ProductCache (the implementation under test) on the fakes."""
    def make(ttl: float = TTL) -> CacheUnderTest:
        return new_cache(upstream.load, ttl, clock)

    return make


@pytest.fixture
def cache(make_cache: Callable[..., CacheUnderTest]) -> CacheUnderTest:
    """The ProductCache under test, ttl=30 seconds, loading from `upstream`, timed by `clock`."""
    return make_cache()


@pytest.fixture
def driver() -> Iterator[Driver]:
    d = Driver()
    yield d
    d.close()


@pytest.fixture
def run(driver: Driver) -> Callable[[Awaitable[Any]], Any]:
    """`run(cache.get(key))`: run one call to completion and return its value (exceptions propagate)."""
    return driver.run


@pytest.fixture
def crowd(driver: Driver) -> Callable[..., list[Any]]:
    """`crowd(cache, key, n=50)`: n gets started together; a list of values (or exceptions)."""
    return driver.crowd
