"""Every check the service answers, in SQLite, for the instructor (attempts per exercise feed `cohort report`),
and, in the same database, the findings each learner has had judged one by one (`spend_one_by_one`)."""
from __future__ import annotations

from pathlib import Path
import sqlite3
import threading
import time
from typing import Any, Iterable

MAX_NAME = 200   # characters of a module or exercise name kept in the log
OUTCOMES = ("judged", "cached", "busy", "limited", "refused", "error")

_SCHEMA = """CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, user TEXT NOT NULL, module TEXT NOT NULL, exercise TEXT NOT NULL,
    outcome TEXT NOT NULL, fraction REAL, seconds REAL)"""

_BUDGET_SCHEMA = """CREATE TABLE IF NOT EXISTS findings_judged (
    user TEXT NOT NULL, module TEXT NOT NULL, exercise TEXT NOT NULL,
    file TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, category TEXT NOT NULL,
    PRIMARY KEY (user, module, exercise, file, first, last, category))"""

FindingKey = tuple[str, int, int, str]   # (file, first line, last line, category)


class Attempts:
    """An append-only log of checks. One connection, guarded by a lock (writes come from the event loop thread)."""

    def __init__(self, path: Path):
        self.path = path   # the findings budget is kept here too (spend_one_by_one, its own connection per check)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._lock = threading.Lock()

    def record(self, user: str, module: str, exercise: str, outcome: str, fraction: float | None = None,
               seconds: float | None = None) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        # names come from the learner's request: capped, so the log grows by a bounded row per check (red team:
        # a 512 KiB module name was stored whole, each time)
        module, exercise = module[:MAX_NAME], exercise[:MAX_NAME]
        with self._lock:
            self._db.execute("INSERT INTO attempts (at, user, module, exercise, outcome, fraction, seconds) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", (time.time(), user, module, exercise, outcome, fraction, seconds))

    def rows(self, user: str | None = None) -> list[dict[str, Any]]:
        """Attempts, oldest first: one learner's, or everyone's."""
        query = "SELECT at, user, module, exercise, outcome, fraction, seconds FROM attempts"
        args: tuple[Any, ...] = ()
        if user is not None:
            query, args = query + " WHERE user = ?", (user,)
        with self._lock:
            cursor = self._db.execute(query + " ORDER BY id", args)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def findings_judged(self) -> dict[tuple[str, str, str], int]:
        """{(user, module, exercise): distinct findings judged one by one so far} (spend_one_by_one's table)."""
        with self._lock:
            known = self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'findings_judged'").fetchone()
            if not known:      # no findings check has been judged one by one yet
                return {}
            rows = self._db.execute("SELECT user, module, exercise, COUNT(*) FROM findings_judged "
                                    "GROUP BY user, module, exercise").fetchall()
        return {(user, module, exercise): count for user, module, exercise, count in rows}

    def close(self) -> None:
        with self._lock:
            self._db.close()


def spend_one_by_one(path: Path, user: str, module: str, exercise: str, findings: Iterable[FindingKey],
                     budget: int) -> bool:
    """May these findings be judged one by one? True, and the new ones recorded, if this learner's distinct findings
    judged one by one for this exercise stay within `budget` with them; False, and nothing recorded, past it.

    Findings judged before are free (an honest revision keeps its feedback). Count and record are one BEGIN IMMEDIATE
    transaction, so two checks at once cannot both spend the last of the budget. Raises sqlite3.Error or OSError when
    the database cannot be read or written: the caller fails closed (counts only)."""
    wanted = set(findings)
    module, exercise = module[:MAX_NAME], exercise[:MAX_NAME]
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    try:
        db.execute(_BUDGET_SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        try:
            done = set(db.execute("SELECT file, first, last, category FROM findings_judged "
                                  "WHERE user = ? AND module = ? AND exercise = ?", (user, module, exercise)))
            new = wanted - done
            if len(done) + len(new) > budget and new:
                db.execute("ROLLBACK")
                return False
            db.executemany("INSERT INTO findings_judged VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [(user, module, exercise, *key) for key in sorted(new)])
            db.execute("COMMIT")
            return True
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    finally:
        db.close()
