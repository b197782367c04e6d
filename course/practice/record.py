"""The learner's practice record: every answer and every item's FSRS card, in one SQLite file of their own.

Where: `<the learner's course copy>/.practice/record.sqlite` (COURSE_PRACTICE_RECORD overrides), so each
clone keeps its own record and nothing is shared between learners.
Two notebooks open at once: WAL (readers never block the writer), a busy timeout, and one IMMEDIATE
transaction per answer that reads the card, reviews it and writes it back with the attempt, so neither
notebook overwrites the other's card with a stale copy. An answer that still cannot be written (the other
notebook holds the lock past the timeout) stays pending in memory and is written with the next answer or at
close: never silently dropped.
A file that is not a readable practice record is renamed aside (`record.sqlite.corrupt-<UTC time>`, with its
-wal and -shm files) and a new record started; `notices` says so in words, nothing is deleted.
Under NBGRADER_EXECUTION nothing touches the disk: the record lives in memory only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
import json
import os
from pathlib import Path
import sqlite3
from typing import Any, Callable, Iterator

from fsrs import Card

from course.paths import REPO_ROOT

SCHEMA_VERSION = 1
RECORD_ENV = "COURSE_PRACTICE_RECORD"
BUSY_SECONDS = 5.0
SQLITE_HEADER = b"SQLite format 3\x00"
CORRUPT = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT"})

_SCHEMA = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session TEXT NOT NULL,
    item_id TEXT NOT NULL,
    category TEXT NOT NULL,
    flaw_free INTEGER NOT NULL,
    shown_at TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    seconds REAL NOT NULL,
    confidence REAL NOT NULL,
    outcome TEXT NOT NULL,
    correct INTEGER NOT NULL,
    false_alarms INTEGER NOT NULL,
    rating INTEGER NOT NULL,
    marks TEXT NOT NULL
);
CREATE INDEX attempts_by_item ON attempts (item_id);
CREATE TABLE cards (
    item_id TEXT PRIMARY KEY,
    card TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

CardUpdate = Callable[[Card | None], Card]


class RecordError(RuntimeError):
    """The record cannot be used and must not be replaced (e.g. written by a newer course version)."""


class _NotARecord(Exception):
    """The file is readable SQLite but not a practice record (its tables are someone else's)."""


@dataclass(frozen=True)
class Attempt:
    """One answer, as recorded: what was shown, when, how long it took, what was said and how it was judged."""
    session: str
    item_id: str
    category: str            # the item's main category (a flaw-free item: the category it looks like)
    flaw_free: bool
    shown_at: datetime
    answered_at: datetime
    seconds: float           # from display to answer
    confidence: float        # 0..1, as the learner stated it
    outcome: str             # judge.Outcome
    correct: bool
    false_alarms: int
    rating: int              # the fsrs Rating given
    marks: tuple[tuple[int, int, str], ...]

    def row(self) -> dict[str, Any]:
        """The attempt as a flat dict (CSV export, tables). Fields are read as they are: asdict's deep copy cost about a
        millisecond an attempt, seconds on a long record's progress page."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["shown_at"] = self.shown_at.isoformat()
        data["answered_at"] = self.answered_at.isoformat()
        data["marks"] = json.dumps([list(m) for m in self.marks])
        return data


def record_path() -> Path:
    """COURSE_PRACTICE_RECORD, or .practice/record.sqlite in the learner's own course copy."""
    override = os.environ.get(RECORD_ENV)
    return Path(override) if override else REPO_ROOT / ".practice" / "record.sqlite"


def _utc(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorname", "") in CORRUPT or "not a database" in str(exc) or "malformed" in str(exc)


class Record:
    """The open record. Use as a context manager, or call close() (which writes anything still pending)."""

    def __init__(self, path: Path | str | None = None, *, busy_seconds: float = BUSY_SECONDS,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.in_memory = bool(os.environ.get("NBGRADER_EXECUTION"))
        self.path = Path(path) if path is not None else record_path()
        self.busy_seconds = busy_seconds
        self.clock = clock
        self.notices: list[str] = []
        self._pending: list[tuple[Attempt, CardUpdate]] = []
        self._conn = self._open()

    # ------------------------------------------------------------------ opening, recovering

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:" if self.in_memory else str(self.path), timeout=self.busy_seconds,
                               isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_seconds * 1000)}")
        return conn

    def _open(self) -> sqlite3.Connection:
        if not self.in_memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self._looks_like_sqlite():   # before SQLite opens it and tidies its -wal away
                self._keep_aside(_NotARecord("it is not an SQLite database"))
        try:
            conn = self._connect()
            try:
                self._prepare(conn)
                return conn
            except (_NotARecord, sqlite3.DatabaseError) as exc:
                conn.close()
                if isinstance(exc, sqlite3.DatabaseError) and not _is_corrupt(exc):
                    raise
                self._keep_aside(exc)
            conn = self._connect()
            self._prepare(conn)
            return conn
        except sqlite3.Error as exc:   # not corrupt, yet unusable: locked past the timeout, unwritable, a folder
            raise RecordError(f"the practice record {self.path} cannot be opened ({exc}). Nothing in it was "
                              "changed; set COURSE_PRACTICE_RECORD to use another file.") from exc

    def _looks_like_sqlite(self) -> bool:
        """No file, an empty one, or one that starts with SQLite's header."""
        try:
            with self.path.open("rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError:   # missing (a new record), or not a file: SQLite says what is wrong
            return True
        return not head or head == SQLITE_HEADER

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """WAL mode, an integrity check, and the schema (created in one transaction if the file is new)."""
        if not self.in_memory:
            conn.execute("PRAGMA journal_mode = WAL")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({check})")
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version == 0 and not tables:
                for statement in _SCHEMA.split(";"):    # not executescript: it would commit first
                    if statement.strip():
                        conn.execute(statement)
            elif version > SCHEMA_VERSION:
                raise RecordError(f"the practice record {self.path} was written by a newer version of the course "
                                  f"(schema {version}, this one knows {SCHEMA_VERSION}); update the course. "
                                  "The file was not changed.")
            elif version == 0 or not {"attempts", "cards"} <= tables:
                raise _NotARecord(f"it has the tables {sorted(tables)}, not a practice record's")
            if version == 0:
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _keep_aside(self, reason: BaseException) -> None:
        """Rename the unreadable file (and its -wal, -shm) with a timestamp, and say so in `notices`."""
        stamp = self.clock().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while kept.exists():
            kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            self.path.rename(kept)
        except FileNotFoundError:   # another notebook kept it aside first: use the record it started
            self.notices.append(f"Your practice record {self.path} could not be read; another notebook "
                                "already kept it aside and started a new one.")
            return
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.rename(kept.with_name(kept.name + suffix))
        self.notices.append(f"Your practice record {self.path} could not be read ({reason}). It was kept as "
                            f"{kept.name} beside it, unchanged, and a new record was started.")

    # ------------------------------------------------------------------ writing

    @property
    def pending(self) -> int:
        """Answers not yet written (another notebook held the record past the busy timeout)."""
        return len(self._pending)

    def save(self, attempt: Attempt, update: CardUpdate) -> bool:
        """Record the attempt and its item's card, `update(card as stored now)`, in one transaction.

        True when written; False when it stays pending because the record is locked (retried next time)."""
        self._pending.append((attempt, update))
        return self.flush()

    def flush(self) -> bool:
        """Write every pending answer, oldest first; False (and a notice) if the record is still locked."""
        while self._pending:
            attempt, update = self._pending[0]
            try:
                self._write(attempt, update)
            except sqlite3.DatabaseError as exc:
                if _is_corrupt(exc):
                    self._conn.close()
                    self._keep_aside(exc)
                    self._conn = self._open()
                    continue
                busy = getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(exc)
                why = "is busy (another notebook is writing to it)" if busy else f"cannot be written ({exc})"
                note = (f"The practice record {why}: {len(self._pending)} answer(s) are kept and will be saved "
                        "with your next answer.")
                if note not in self.notices:
                    self.notices.append(note)
                return False
            self._pending.pop(0)
        return True

    def _write(self, attempt: Attempt, update: CardUpdate) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT card FROM cards WHERE item_id = ?", (attempt.item_id,)).fetchone()
            card = update(Card.from_json(row[0]) if row else None)
            conn.execute("INSERT OR REPLACE INTO cards (item_id, card, updated_at) VALUES (?, ?, ?)",
                         (attempt.item_id, card.to_json(), attempt.answered_at.isoformat()))
            values = attempt.row()
            values["flaw_free"], values["correct"] = int(attempt.flaw_free), int(attempt.correct)
            columns = ", ".join(values)
            conn.execute(f"INSERT INTO attempts ({columns}) VALUES ({', '.join('?' * len(values))})",
                         tuple(values.values()))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ reading

    def cards(self) -> dict[str, Card]:
        """Every item's card, by item id."""
        return {item_id: Card.from_json(text) for item_id, text in self._conn.execute("SELECT item_id, card FROM cards")}

    def attempts(self) -> list[Attempt]:
        """Every recorded answer, oldest first."""
        rows = self._conn.execute(
            "SELECT session, item_id, category, flaw_free, shown_at, answered_at, seconds, confidence, outcome, "
            "correct, false_alarms, rating, marks FROM attempts ORDER BY id")
        return [Attempt(session, item_id, category, bool(flaw_free), _utc(shown), _utc(answered), seconds,
                        confidence, outcome, bool(correct), false_alarms, rating,
                        tuple((int(a), int(b), str(c)) for a, b, c in json.loads(marks)))
                for (session, item_id, category, flaw_free, shown, answered, seconds, confidence, outcome, correct,
                     false_alarms, rating, marks) in rows]

    def __iter__(self) -> Iterator[Attempt]:
        return iter(self.attempts())

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Write what is pending (a notice if that is still impossible), then close the file."""
        if self._pending and not self.flush():
            self.notices.append(f"{len(self._pending)} answer(s) could not be saved: the record stayed locked.")
        self._conn.close()

    def __enter__(self) -> "Record":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
