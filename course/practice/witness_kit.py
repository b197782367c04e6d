"""Shared scaffolding for the practice bank's witnesses (course/practice/items/*/witness.py).

Why: many witnesses need the same fakes (a wait that would never end, a rival caller slipped in
between two statements, an assistant's test run against a broken function). Written once here, each
witness keeps only what is particular to its item: the call, the story and the message.

Rules, as for witnesses: standard library only, deterministic, no sleeps, no wall clock; nothing here
knows about any particular item. Witnesses import it as `from course.practice import witness_kit`.
"""
from __future__ import annotations

import sqlite3
import threading
from typing import Any, Callable, Iterator, Sequence


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


# ------------------------------------------------------------------------------- forced interleavings

class Rows:
    """The rows (and rowcount, lastrowid) of a statement that already ran, read before a rival runs."""

    def __init__(self, rows: Sequence[Any], rowcount: int = -1, lastrowid: int | None = None) -> None:
        self._rows, self.rowcount, self.lastrowid = list(rows), rowcount, lastrowid

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
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
