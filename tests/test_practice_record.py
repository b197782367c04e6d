"""The learner's practice record: answers and cards round-trip; a corrupt file is kept aside, reported, and a new
one works; two writers interleave without losing a row, and a writer locked out keeps its answer until it can
write it; nothing reaches the disk while grading."""
from __future__ import annotations

import sqlite3

import pytest
from fsrs import Rating

from course.paths import REPO_ROOT
from course.practice import schedule
from course.practice.record import RECORD_ENV, SCHEMA_VERSION, Attempt, Record, RecordError, record_path
from practice_items import START, FakeClock


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def attempt(item_id: str = "shop-a", session: str = "s1", correct: bool = True) -> Attempt:
    return Attempt(session, item_id, "race-condition", False, START, START.replace(second=42), 42.0, 0.9,
                   "found" if correct else "missed", correct, 0, 3 if correct else 1, ((7, 7, "race-condition"),))


def reviewed(item_id: str, grade: Rating = Rating.Good):
    return lambda card: schedule.review(card, item_id, grade, START, 42.0)


def rows(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT session, item_id FROM attempts ORDER BY id").fetchall()


def test_answers_and_cards_round_trip(tmp_path):
    path = tmp_path / "deep" / "record.sqlite"
    with Record(path) as record:
        assert record.save(attempt(), reviewed("shop-a")) is True
        assert record.notices == []
    with Record(path) as record:
        assert record.attempts() == [attempt()]
        card = record.cards()["shop-a"]
        assert card.last_review == START and card.due > START
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_record_lives_in_the_learners_course_copy_unless_overridden(monkeypatch, tmp_path):
    monkeypatch.delenv(RECORD_ENV, raising=False)
    assert record_path() == REPO_ROOT / ".practice" / "record.sqlite"
    monkeypatch.setenv(RECORD_ENV, str(tmp_path / "mine.sqlite"))
    assert record_path() == tmp_path / "mine.sqlite"


@pytest.mark.parametrize("garbage", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
                         ids=["not-sqlite", "damaged-sqlite"])
def test_a_corrupt_record_is_kept_aside_reported_and_a_new_one_works(tmp_path, garbage):
    path = tmp_path / "record.sqlite"
    path.write_bytes(garbage)
    if not garbage.startswith(b"SQLite"):   # (SQLite itself discards a -wal too short to hold anything)
        (tmp_path / "record.sqlite-wal").write_bytes(b"old wal")
    clock = FakeClock()
    with Record(path, clock=clock) as record:
        (notice,) = record.notices
        assert "could not be read" in notice and "record.sqlite.corrupt-20261201T090000Z" in notice
        assert record.save(attempt(), reviewed("shop-a"))
        assert len(record.attempts()) == 1
    kept = tmp_path / "record.sqlite.corrupt-20261201T090000Z"
    assert kept.read_bytes() == garbage                                       # nothing lost: kept unchanged
    if not garbage.startswith(b"SQLite"):
        assert (tmp_path / "record.sqlite.corrupt-20261201T090000Z-wal").read_bytes() == b"old wal"
    with Record(path, clock=clock) as again:                                  # the new one is a good record
        assert again.notices == [] and len(again.attempts()) == 1


def test_a_second_corrupt_file_in_the_same_second_is_kept_beside_the_first(tmp_path):
    path = tmp_path / "record.sqlite"
    clock = FakeClock()
    for n in range(2):
        path.write_bytes(b"garbage %d" % n * 50)
        Record(path, clock=clock).close()
    assert (tmp_path / "record.sqlite.corrupt-20261201T090000Z").read_bytes() == b"garbage 0" * 50
    assert (tmp_path / "record.sqlite.corrupt-20261201T090000Z-1").read_bytes() == b"garbage 1" * 50


def test_an_sqlite_file_that_is_not_a_practice_record_is_kept_aside(tmp_path):
    path = tmp_path / "record.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE grades (student TEXT)")
    with Record(path, clock=FakeClock()) as record:
        assert "not a practice record" in record.notices[0]
    with sqlite3.connect(tmp_path / "record.sqlite.corrupt-20261201T090000Z") as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("grades",)]


def test_a_record_from_a_newer_course_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "record.sqlite"
    Record(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(RecordError, match="newer version of the course"):
        Record(path)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


def test_a_record_that_cannot_be_opened_is_a_clear_error(tmp_path):
    folder = tmp_path / "record.sqlite"
    folder.mkdir()
    with pytest.raises(RecordError, match="cannot be opened .*COURSE_PRACTICE_RECORD"):
        Record(folder)
    assert folder.is_dir() and not list(tmp_path.glob("*.corrupt-*"))


def test_two_writers_interleaved_lose_no_row(tmp_path):
    path = tmp_path / "record.sqlite"
    one, two = Record(path), Record(path)
    for n in range(20):
        assert one.save(attempt(f"shop-{n % 3}", "one"), reviewed(f"shop-{n % 3}"))
        assert two.save(attempt(f"shop-{n % 3}", "two"), reviewed(f"shop-{n % 3}", Rating.Again))
    assert len(one.attempts()) == len(two.attempts()) == 40       # each sees the other's rows
    one.close()
    two.close()
    stored = rows(path)
    assert [s for s, _ in stored] == ["one", "two"] * 20


def test_an_open_reader_does_not_block_a_writer(tmp_path):
    path = tmp_path / "record.sqlite"
    writer = Record(path, busy_seconds=0)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM attempts").fetchone() == (0,)   # a read transaction is open
    assert writer.save(attempt(), reviewed("shop-a")) is True                     # WAL: the writer goes ahead
    reader.execute("COMMIT")
    reader.close()
    writer.close()
    assert len(rows(path)) == 1


def test_a_writer_locked_out_keeps_its_answer_and_writes_it_later(tmp_path):
    path = tmp_path / "record.sqlite"
    locked_out = Record(path, busy_seconds=0)            # no waiting: the lock is forced, not timed
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")                     # the other notebook is in the middle of a write
    other.execute("INSERT INTO attempts (session, item_id, category, flaw_free, shown_at, answered_at, seconds, "
                  "confidence, outcome, correct, false_alarms, rating, marks) "
                  "VALUES ('other', 'shop-b', 'quadratic', 0, 't', 't', 1, 1, 'found', 1, 0, 3, '[]')")
    assert locked_out.save(attempt("shop-a", "mine"), reviewed("shop-a")) is False
    assert locked_out.pending == 1 and "busy" in locked_out.notices[0]
    other.execute("COMMIT")
    other.close()
    assert locked_out.save(attempt("shop-c", "mine"), reviewed("shop-c")) is True
    assert locked_out.pending == 0
    locked_out.close()
    assert rows(path) == [("other", "shop-b"), ("mine", "shop-a"), ("mine", "shop-c")]


def test_close_writes_what_is_pending(tmp_path):
    path = tmp_path / "record.sqlite"
    record = Record(path, busy_seconds=0)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    assert record.save(attempt(), reviewed("shop-a")) is False
    other.execute("ROLLBACK")
    other.close()
    record.close()
    assert rows(path) == [("s1", "shop-a")]


def test_nothing_reaches_the_disk_while_grading(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    path = tmp_path / "practice" / "record.sqlite"
    with Record(path) as record:
        assert record.save(attempt(), reviewed("shop-a"))
        assert len(record.attempts()) == 1
    assert not (tmp_path / "practice").exists()
