"""A verdict cache so a regrade gives the same verdict as the first grading (handbook 5.1).

Keyed per learner test function, within exactly the same answer file (tests in one file share a
process, so a verdict is reusable only for that file), the implementation, and the whole course
runtime. One learner's verdicts can therefore never stand in for another's different file.
SQLite (WAL) so parallel graders can share it safely.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
from pathlib import Path
import sqlite3
import threading
from typing import Any

RUNNER_VERSION = "3"


@functools.lru_cache(maxsize=1)
def runtime_digest() -> str:
    """A digest of every source file of the `course` package (fixtures, race driver, runner, judge) and
    of the Python, pytest and SQLite versions that verdicts were obtained with.

    Part of every cache key, so changing any code a verdict depends on (not just the fixtures file)
    invalidates old verdicts instead of serving stale ones.
    """
    import platform
    import sqlite3 as sqlite
    from importlib.metadata import version

    from course.paths import PACKAGE_DIR as package   # the whole package, not only course/judge/ (this file's)
    files = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    versions = f"python {platform.python_version()} pytest {version('pytest')} sqlite {sqlite.sqlite_version}"
    return digest(versions, *(f"{p.relative_to(package)}\n{p.read_text()}" for p in files))


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def default_path() -> Path | None:
    """COURSE_JUDGE_CACHE=off disables; otherwise a path, defaulting to the user's cache folder."""
    setting = os.environ.get("COURSE_JUDGE_CACHE", "")
    if setting.lower() in {"off", "0", "none"}:
        return None
    if setting:
        return Path(setting)
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "course-judge" / "verdicts.sqlite3"


class VerdictCache:
    """get/put of JSON verdicts by key. A cache that cannot be opened degrades to no cache, never an error."""

    def __init__(self, path: Path | None):
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()     # one connection shared by the judge's threads
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # Processes that open a new file at once (cohort autograde's workers) race on switching it to
                # WAL, and SQLite answers "database is locked" at once, without waiting: measured here, 27 of
                # 120 simultaneous opens failed, and each silently lost its cache. One at a time, they all open.
                with open(path.with_name(path.name + ".lock"), "a") as lock:
                    fcntl.flock(lock, fcntl.LOCK_EX)
                    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                self._conn = conn
            except (sqlite3.Error, OSError):
                self._conn = None

    def get(self, key: str) -> Any | None:
        if self._conn is None:
            return None
        with self._lock:
            row = self._conn.execute("SELECT value FROM verdicts WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: Any) -> None:
        """First writer wins: a verdict, once recorded, is never replaced."""
        if self._conn is not None:
            with self._lock:
                self._conn.execute("INSERT OR IGNORE INTO verdicts (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
