"""A threaded load generator for live, ungraded experiments: real threads, a real SQLite file, the wall clock.

Graded checks never use this (they use course.kits.race, which counts instead of timing). Here timing
is the point: N app servers hit the same database at once, and a "think time" between reading
and writing stands in for the latency of a real app server (a template render, a call to the
payment service) during which another request can slip in.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import sqlite3
import threading
import time
from typing import Any, Callable, Sequence

__all__ = ["Outcome", "ThinkingConnection", "hammer"]


@dataclass
class Outcome:
    worker: int
    result: Any                    # the call's return value (None if it raised)
    error: BaseException | None    # what it raised, if anything
    seconds: float                 # wall-clock time of the call


class ThinkingConnection:
    """A connection that pauses `think_s` seconds after every SELECT, like an app doing work between read and write.

    The code under test is unchanged: it just receives this instead of the bare connection.
    """

    def __init__(self, conn: sqlite3.Connection, think_s: float) -> None:
        self._conn = conn
        self._think_s = think_s

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        cursor = self._conn.execute(sql, parameters)
        if self._think_s > 0 and sql.lstrip().upper().startswith("SELECT"):
            time.sleep(self._think_s)
        return cursor

    def __enter__(self) -> "ThinkingConnection":
        self._conn.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._conn.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def hammer(database: str | Path, calls: Sequence[Callable[[Any], Any]], *, think_s: float = 0.0,
           busy_timeout_s: float = 5.0, start_timeout_s: float = 10.0, fsync: bool = True) -> list[Outcome]:
    """Run every `call(conn)` in its own thread, all released at once; return their outcomes in order.

    Each thread opens its own connection (with a busy timeout, as an app server would). Threads
    are joined here and results are reported from the calling thread, never printed from workers.
    `fsync=False` skips the disk sync on commit (shorter runs; locking is unchanged).
    """
    outcomes: list[Outcome | None] = [None] * len(calls)
    gate = threading.Barrier(len(calls) + 1)

    def work(i: int, call: Callable[[Any], Any]) -> None:
        conn = sqlite3.connect(database, timeout=busy_timeout_s, check_same_thread=False)
        if not fsync:
            conn.execute("PRAGMA synchronous = OFF")
        try:
            gate.wait(timeout=start_timeout_s)
            started = time.perf_counter()
            try:
                outcomes[i] = Outcome(i, call(ThinkingConnection(conn, think_s)), None, time.perf_counter() - started)
            except Exception as exc:
                outcomes[i] = Outcome(i, None, exc, time.perf_counter() - started)
        finally:
            conn.close()

    threads = [threading.Thread(target=work, args=(i, call), daemon=True) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    gate.wait(timeout=start_timeout_s)
    for t in threads:
        t.join(timeout=start_timeout_s + busy_timeout_s * 4)
    return [o if o is not None else Outcome(i, None, TimeoutError("worker did not finish"), float("nan"))
            for i, o in enumerate(outcomes)]
