"""Shared scaffolding for the practice bank's witnesses (course/practice/items/*/witness.py).

Why: many witnesses need the same fakes (a wait that would never end, a rival caller slipped in
between two statements, an assistant's test run against a broken function, values that count the
work done on them, growth measured at two sizes). Written once here, each witness keeps only what is
particular to its item: the call, the story and the message.

Rules, as for witnesses: standard library only, deterministic, no sleeps, no wall clock; nothing here
knows about any particular item. The one thread is waits_forever's (a call parked in an endless wait
must be left behind; its events make the outcome independent of scheduling). Witnesses import it as
`from course.practice import witness_kit`; snippets never do.
"""
from __future__ import annotations

import sqlite3
import threading
import tracemalloc
from typing import Any, Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")


# ------------------------------------------------------------------------------------- endless waits

class EndlessWait:
    """The trap for a wait with no timeout on something that never comes.

    A fake calls `hold()` where the real object would wait forever (a webhook never delivered, a
    socket that never replies): that notes the wait and parks the caller until the witness lets go,
    so the witness can report "it waited forever" without waiting forever itself.
    """

    def __init__(self) -> None:
        self.entered = threading.Event()   # the code under test started waiting with no way out
        self.settled = threading.Event()   # it either returned or started waiting
        self.release = threading.Event()   # the witness has seen enough: let the parked caller go

    def hold(self) -> None:
        """Note an endless wait and park the caller until `release` is set."""
        self.entered.set()
        self.settled.set()
        self.release.wait()


def waits_forever(trap: EndlessWait, call: Callable[[], object]) -> bool:
    """Run `call` on a daemon thread; True if it entered `trap.hold()` instead of returning.

    `call` stores whatever result it wants the witness to check; once this returns, the parked caller
    has been released (and given a moment to finish), so the result is there if it ever will be.
    """
    def run() -> None:
        try:
            call()
        finally:
            trap.settled.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    trap.settled.wait(1.0)               # returned, or started waiting with no way out
    stuck = trap.entered.is_set()
    trap.release.set()
    worker.join(1.0)
    return stuck


# ------------------------------------------------------------------------------- assistants' tests

def passes(test: Callable[[], object]) -> bool:
    """True if the (assistant's) test `test` passes, False if it fails with an AssertionError.

    Why: a vacuous-test witness runs the test on the correct code (it must pass) and on a broken
    version (it should fail); any other exception is left to break the witness, as it should.
    """
    try:
        test()
    except AssertionError:
        return False
    return True


def first_survivor(impl: Any, test_name: str, function_name: str,
                   broken: dict[str, Callable[..., Any]]) -> str | None:
    """The first description in `broken` whose version the test `impl.<test_name>` still passes, or None.

    Each broken version in turn replaces `impl.<function_name>` (in the dict's order); None means the
    test caught them all. Why: a one-case test is shown up by a list of plausible wrong versions.
    """
    for what, version in broken.items():
        setattr(impl, function_name, version)
        if passes(getattr(impl, test_name)):
            return what
    return None


# ------------------------------------------------------------------------------- forced interleavings

class Rows:
    """The rows (and rowcount, lastrowid) of a statement that already ran, read before a rival runs."""

    def __init__(self, rows: Sequence[Any], rowcount: int = -1, lastrowid: int | None = None) -> None:
        self._rows, self.rowcount, self.lastrowid = list(rows), rowcount, lastrowid

    def fetchone(self) -> Any:
        """The first row, or None, as sqlite3.Cursor.fetchone does the first time."""
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        """All the rows."""
        return list(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class RivalConnection:
    """A sqlite3 connection that, once its first statement has run, lets a rival's whole call run.

    Why: the check-then-act window of a read-modify-write is opened on purpose, at a chosen point,
    instead of hoping real threads hit it. The first statement's results are read before the rival
    runs (so the caller sees the state from before the rival); every other attribute is the real
    connection's.
    """

    def __init__(self, conn: sqlite3.Connection, rival: Callable[[], object] | None) -> None:
        self._conn, self._rival = conn, rival

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Rows:
        cursor = self._conn.execute(sql, params)
        rows = Rows(cursor.fetchall(), cursor.rowcount, cursor.lastrowid)
        if self._rival is not None:
            rival, self._rival = self._rival, None
            rival()
        return rows

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


# ------------------------------------------------------------------------------- counting the work

class CountingStr(str):
    """A str that counts its equality comparisons in its class's `comparisons`.

    Subclass it once per witness (`class Sku(witness_kit.CountingStr): ...`), so each witness has its
    own counter; reset it to 0 before the call. Why: comparisons grow with n for a set or dict lookup
    and with n * n for a scan of a list, so counting them shows quadratic work without a clock.
    """

    comparisons = 0
    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        type(self).comparisons += 1
        return str.__eq__(self, other)


class _CountsCopies:
    """`other + self` counts the elements it copies (len(other) + len(self)) in the class's `copied`."""

    copied = 0
    _plain: type = object

    def __radd__(self, other: Any) -> Any:
        type(self).copied += len(other) + len(self)  # type: ignore[arg-type]
        return self._plain(other) + self._plain(self)


class CopyCountingBytes(_CountsCopies, bytes):
    """Bytes that count the bytes copied when something is concatenated onto them (`acc + chunk`).

    Subclass it once per witness and reset `copied` to 0 before the call: `acc += chunk` in a loop
    copies n * n bytes in all, joining the chunks once copies n.
    """

    _plain = bytes


class CopyCountingList(_CountsCopies, list):  # type: ignore[misc]
    """A list that counts the references copied when a list is concatenated with it (`rows + shard`).

    Subclass it once per witness and reset `copied` to 0 before the call, as for CopyCountingBytes.
    """

    _plain = list


def peak_memory(call: Callable[[], T]) -> tuple[T, int]:
    """`call()`'s result and the peak of memory it allocated beyond what was allocated before, in bytes.

    Why: a witness compares the peaks for two input sizes (memory that grows with the input is the
    flaw); tracemalloc is deterministic where a clock is not. Tracing is stopped again only if it
    was started here.
    """
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = call()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if started:
            tracemalloc.stop()
    return result, peak


# ------------------------------------------------------------------------------------ counting SQL

def traced_statements(conn: sqlite3.Connection, call: Callable[[], T]) -> tuple[T, list[str]]:
    """`call()`'s result and the SQL statements it ran on `conn`, in order (sqlite3's trace callback).

    Why: a query per row (N+1) shows as a statement count that grows with the page size.
    """
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        result = call()
    finally:
        conn.set_trace_callback(None)
    return result, seen


class RowCount:
    """A sqlite3 row factory that counts the rows fetched through it (`rows`) and returns them unchanged."""

    def __init__(self) -> None:
        self.rows = 0

    def __call__(self, cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> tuple[Any, ...]:
        self.rows += 1
        return row


def count_fetched_rows(conn: sqlite3.Connection) -> RowCount:
    """Install a RowCount as `conn.row_factory` and return it.

    Why: loading a whole table to use a few rows shows as fetched rows that grow with the table,
    though the answer does not.
    """
    counter = RowCount()
    conn.row_factory = counter
    return counter


# --------------------------------------------------------------------------------- growth with size

def assert_scales(measure: Callable[[int], float], sizes: tuple[int, int], at_most: float, message: str) -> None:
    """Fail unless `measure(large) <= at_most * measure(small)` for `sizes = (small, large)`.

    Why: a complexity witness measures the same work (comparisons, copies, queries, rows fetched) at
    two input sizes, smaller first; doubling the input may multiply it by at most `at_most` (1: it
    must not grow; 3: linear with slack, where quadratic gives 4). `message` is a str.format template
    over `small` and `large` (the two measures), e.g. "{small:,} queries for 20 rows, {large:,} for 40".
    """
    small, large = measure(sizes[0]), measure(sizes[1])
    assert large <= at_most * small, message.format(small=small, large=large)


def assert_grows_less_than(measure: Callable[[int], float], sizes: tuple[int, int], factor: float,
                           message: str) -> None:
    """Fail unless `measure(large) < factor * measure(small)` for `sizes = (small, large)`.

    Why: for something that must stay bounded (a cache, a queue, a backlog, memory held), doubling the
    input may add a little but not double it; `factor` (e.g. 1.3 or 1.5) is that little. `message`
    is a str.format template over `small` and `large`, as for assert_scales.
    """
    small, large = measure(sizes[0]), measure(sizes[1])
    assert large < factor * small, message.format(small=small, large=large)
