"""Counters for costs that unit tests never see: SQL statements, remote calls, element operations, memory.

Each counts instead of timing (handbook section 7), so what it reports is the same on every run and
every machine, and graded checks can compare counts at n and 2n instead of reading a clock.

- `QueryCounter`  SQL statements run through a sqlite3 connection (its trace callback), like Django's
                  assertNumQueries; `query_plan` shows how SQLite runs one (EXPLAIN QUERY PLAN).
- `SqliteSteps`   the work SQLite itself does (virtual-machine steps): a scan of the whole table or
                  a search on an index.
- `CallCounter`   calls of one function (a fake remote endpoint, a loader), with their arguments.
- `OpCounter`     comparisons, hashes and string conversions of the values it makes (`counter.wrap(v)`):
                  what a dedupe or a join really costs, whichever container it uses.
- `PeakMemory`    the peak of Python allocations inside a block (tracemalloc), above where it started.
"""
from __future__ import annotations

from collections import Counter
import functools
import sqlite3
import sys
import threading
import tracemalloc
from typing import Any, Callable, Generic, Iterable, TypeVar

T = TypeVar("T")

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE")


# ---------------------------------------------------------------- SQL statements

class QueryCounter:
    """Counts the SQL statements run on `conn` while the block runs: `with QueryCounter(conn) as q: ...`.

    `q.count` is the number of queries (statements other than transaction control: BEGIN, COMMIT,
    ROLLBACK, SAVEPOINT, RELEASE, which the sqlite3 module issues on its own); `q.statements` lists
    them as SQLite ran them (parameters filled in); `q.all_statements` includes transaction control.
    `q.connections_opened` counts sqlite3 connections opened while the block runs: their statements
    cannot be traced (a new connection is announced before it can take a callback), so a check that
    counts queries should also require this to be 0. The trace callback is removed when the block ends.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.all_statements: list[str] = []
        self.connections_opened = 0
        self._active = False

    def __enter__(self) -> "QueryCounter":
        if self._active:
            raise RuntimeError("this QueryCounter is already counting; make a new one")
        self._active = True
        self.conn.set_trace_callback(self.all_statements.append)
        _CONNECT_WATCHERS.add(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _CONNECT_WATCHERS.remove(self)
        try:
            self.conn.set_trace_callback(None)
        except sqlite3.ProgrammingError:   # closed inside the block
            pass
        self._active = False

    def _opened(self) -> None:
        self.connections_opened += 1

    @property
    def statements(self) -> list[str]:
        """The queries, without transaction control, in the order SQLite ran them."""
        return [s for s in self.all_statements if not is_transaction_control(s)]

    @property
    def count(self) -> int:
        return len(self.statements)

    def __repr__(self) -> str:
        return f"<QueryCounter: {self.count} queries>"


def is_transaction_control(statement: str) -> bool:
    """BEGIN, COMMIT, ROLLBACK, END, SAVEPOINT or RELEASE (what a transaction, not a query, runs)."""
    words = statement.lstrip().split(None, 1)
    return bool(words) and words[0].upper().rstrip(";") in TRANSACTION_CONTROL


class _ConnectWatchers:
    """Active QueryCounters, told about every sqlite3 connection opened (one audit hook per process).

    Learner code cannot switch it off: audit hooks cannot be removed, and the course's code policy
    refuses set_trace_callback in learner code."""

    def __init__(self) -> None:
        self._counters: list[QueryCounter] = []
        self._lock = threading.Lock()
        self._hooked = False

    def add(self, counter: QueryCounter) -> None:
        with self._lock:
            if not self._hooked:
                sys.addaudithook(self._hook)   # cannot be removed: it does nothing when no counter is active
                self._hooked = True
            self._counters.append(counter)

    def remove(self, counter: QueryCounter) -> None:
        with self._lock:
            self._counters.remove(counter)

    def _hook(self, event: str, args: tuple) -> None:
        if event == "sqlite3.connect" and self._counters:
            for counter in list(self._counters):
                counter._opened()


_CONNECT_WATCHERS = _ConnectWatchers()


class SqliteSteps:
    """Counts the work SQLite itself does inside the block, in virtual-machine steps.

        with SqliteSteps(conn) as work:
            conn.execute("SELECT ... WHERE customer_id = ?", (7,)).fetchall()
        work.steps

    A full table scan takes steps in proportion to the table; a search on an index, in proportion
    to the rows found. Counted every `granularity` instructions through the connection's progress
    handler (removed when the block ends), so `steps` is exact to within `granularity`.
    """

    def __init__(self, conn: sqlite3.Connection, granularity: int = 10) -> None:
        self.conn = conn
        self.granularity = max(1, int(granularity))
        self.steps = 0

    def __enter__(self) -> "SqliteSteps":
        def tick() -> int:
            self.steps += self.granularity
            return 0   # 0: carry on (non-zero would interrupt the statement)
        self.conn.set_progress_handler(tick, self.granularity)
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.set_progress_handler(None, 0)

    def __repr__(self) -> str:
        return f"<SqliteSteps: {self.steps}>"


def query_plan(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> list[str]:
    """`EXPLAIN QUERY PLAN` of `sql`, one line per step, indented as SQLite nests them.

    "SCAN tickets" reads every row of the table; "SEARCH tickets USING INDEX ..." reads only the
    matching ones; "USE TEMP B-TREE FOR ORDER BY" sorts the rows it read.
    """
    rows = conn.execute("EXPLAIN QUERY PLAN " + sql, tuple(params)).fetchall()
    depth: dict[int, int] = {0: -1}
    lines = []
    for node_id, parent, _, detail in rows:
        depth[node_id] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node_id] + detail)
    return lines


# ---------------------------------------------------------------- calls

class CallCounter(Generic[T]):
    """Wraps a function and counts its calls: `fetch = CallCounter(fetch)`; `fetch.count`, `fetch.calls`.

    `calls` holds each call's (args, kwargs), so a test can check what was asked, not only how often.
    """

    def __init__(self, func: Callable[..., T], name: str | None = None) -> None:
        self._func = func
        self.name = name or getattr(func, "__name__", "call")
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        functools.update_wrapper(self, func)

    def __call__(self, *args: Any, **kwargs: Any) -> T:
        self.calls.append((args, dict(kwargs)))
        return self._func(*args, **kwargs)

    @property
    def count(self) -> int:
        return len(self.calls)

    def reset(self) -> None:
        self.calls.clear()

    def __repr__(self) -> str:
        return f"<CallCounter {self.name}: {self.count} calls>"


# ---------------------------------------------------------------- element operations

COMPARISONS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__")
CONVERSIONS = ("__str__", "__repr__", "__format__")


class OpCounter:
    """Counts operations on the values it wraps: comparisons, hashes and conversions to text.

        ops = OpCounter()
        emails = ops.wrap_all(["a@x.org", "b@x.org", "a@x.org"])
        unique = list(dict.fromkeys(emails))     # 3 hashes, 1 comparison
        ops.total, ops.counts["__hash__"]

    A wrapped value compares, hashes, sorts and prints like the value it wraps, and counts each
    `==`, `!=`, `<`, `<=`, `>`, `>=`, `hash()`, `str()`, `repr()` and `format()` (f-strings).
    `in` on a list or `list.index` compares element by element, a set or dict lookup hashes once:
    the count shows which one the code does, whatever the wall clock says. Converting a value to
    text gives a string that keeps counting its comparisons and hashes, so turning values into
    strings first does not hide the work. (Strings built from it, such as `s.lower()` or
    `s + "x"`, are plain strings and no longer counted.)
    The wrapped value itself is not reachable from the wrapper: code under test can only use it
    through the counted operations.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.Value, self.Text = _counted_types(self.counts)

    @property
    def total(self) -> int:
        """Every counted operation so far."""
        return sum(self.counts.values())

    def wrap(self, value: Any) -> Any:
        """A counted stand-in for `value` (a string, a number, anything hashable and comparable)."""
        return self.Value(value)

    def wrap_all(self, values: Iterable[Any]) -> list[Any]:
        """A list of counted stand-ins, one new object per value (equal values are distinct objects)."""
        return [self.Value(v) for v in values]

    def unwrap(self, value: Any) -> Any:
        """The plain value behind a counted stand-in (for the test's own checks; not counted)."""
        return self.Value.unwrap(value)

    def reset(self) -> None:
        self.counts.clear()

    def __repr__(self) -> str:
        return f"<OpCounter: {self.total} operations>"


def _counted_types(counts: Counter[str]) -> tuple[type, type]:
    """A value class and a text class whose operations add to `counts`.

    The wrapped values live in this closure (a dict keyed by the wrapper's id), not on the wrapper,
    so code under test cannot read them past the counted operations.
    """
    values: dict[int, Any] = {}

    def plain(x: Any) -> Any:
        if type(x) is Value:
            return values[id(x)]
        if type(x) is Text:
            return str.__str__(x)
        return x

    class Text(str):
        """Text made from a counted value: its comparisons and hashes count too."""
        __slots__ = ()

        def __hash__(self) -> int:
            counts["__hash__"] += 1
            return str.__hash__(self)

        def __eq__(self, other: object) -> bool:
            counts["__eq__"] += 1
            return str.__str__(self) == plain(other)

        def __ne__(self, other: object) -> bool:
            counts["__ne__"] += 1
            return str.__str__(self) != plain(other)

        def __lt__(self, other: Any) -> bool:
            counts["__lt__"] += 1
            return str.__str__(self) < plain(other)

        def __le__(self, other: Any) -> bool:
            counts["__le__"] += 1
            return str.__str__(self) <= plain(other)

        def __gt__(self, other: Any) -> bool:
            counts["__gt__"] += 1
            return str.__str__(self) > plain(other)

        def __ge__(self, other: Any) -> bool:
            counts["__ge__"] += 1
            return str.__str__(self) >= plain(other)

    class Value:
        """A counted stand-in for a value (see OpCounter)."""
        __slots__ = ("__weakref__",)

        def __init__(self, value: Any) -> None:
            values[id(self)] = plain(value)

        def __del__(self) -> None:
            values.pop(id(self), None)

        @staticmethod
        def unwrap(x: Any) -> Any:
            return plain(x)

        def __hash__(self) -> int:
            counts["__hash__"] += 1
            return hash(values[id(self)])

        def __eq__(self, other: object) -> bool:
            counts["__eq__"] += 1
            return values[id(self)] == plain(other)

        def __ne__(self, other: object) -> bool:
            counts["__ne__"] += 1
            return values[id(self)] != plain(other)

        def __lt__(self, other: Any) -> bool:
            counts["__lt__"] += 1
            return values[id(self)] < plain(other)

        def __le__(self, other: Any) -> bool:
            counts["__le__"] += 1
            return values[id(self)] <= plain(other)

        def __gt__(self, other: Any) -> bool:
            counts["__gt__"] += 1
            return values[id(self)] > plain(other)

        def __ge__(self, other: Any) -> bool:
            counts["__ge__"] += 1
            return values[id(self)] >= plain(other)

        def __str__(self) -> str:
            counts["__str__"] += 1
            return Text(str(values[id(self)]))

        def __repr__(self) -> str:
            counts["__repr__"] += 1
            return Text(repr(values[id(self)]))

        def __format__(self, spec: str) -> str:
            counts["__format__"] += 1
            return Text(format(values[id(self)], spec))

    Value.__name__ = Value.__qualname__ = "Counted"
    Text.__name__ = Text.__qualname__ = "CountedText"
    return Value, Text


# ---------------------------------------------------------------- memory

class PeakMemory:
    """The peak of Python allocations inside a block, in bytes above where the block started.

        with PeakMemory() as mem:
            rows = conn.execute("SELECT * FROM orders").fetchall()
        mem.peak

    Uses tracemalloc (started for the block if it was not running). It sees what Python allocates:
    rows fetched into tuples, lists, strings. SQLite's own page cache is not Python memory and is not
    counted, which is what you want when asking "does this code hold every row at once?".
    """

    def __init__(self) -> None:
        self.peak = 0
        self._started_here = False
        self._base = 0

    def __enter__(self) -> "PeakMemory":
        self._started_here = not tracemalloc.is_tracing()
        if self._started_here:
            tracemalloc.start()
        tracemalloc.reset_peak()
        self._base = tracemalloc.get_traced_memory()[0]
        return self

    def __exit__(self, *exc: object) -> None:
        self.peak = max(0, tracemalloc.get_traced_memory()[1] - self._base)
        if self._started_here:
            tracemalloc.stop()

    def __repr__(self) -> str:
        return f"<PeakMemory: {self.peak} bytes>"


def peak_memory(call: Callable[[], Any]) -> int:
    """Peak bytes Python allocated while `call()` ran (above what was allocated before it)."""
    with PeakMemory() as mem:
        call()
    return mem.peak
