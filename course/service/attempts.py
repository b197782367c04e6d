"""Every check the service answers, in SQLite, for the instructor (attempts per exercise feed `cohort report`)."""
from __future__ import annotations

from pathlib import Path
import sqlite3
import threading
import time
from typing import Any

MAX_NAME = 200   # characters of a module or exercise name kept in the log
OUTCOMES = ("judged", "cached", "busy", "limited", "refused", "error")

_SCHEMA = """CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, user TEXT NOT NULL, module TEXT NOT NULL, exercise TEXT NOT NULL,
    outcome TEXT NOT NULL, fraction REAL, seconds REAL)"""


class Attempts:
    """An append-only log of checks. One connection, guarded by a lock (writes come from the event loop thread)."""

    def __init__(self, path: Path):
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

    def close(self) -> None:
        with self._lock:
            self._db.close()
