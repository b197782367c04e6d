"""The session object a notebook widget drives: next item, answer, summary, with a fake clock and a fixed seed.
The time from display to answer is what is recorded; a session ends after its minutes (or its item count)."""
from __future__ import annotations

import pytest

from course.practice.drill import Drill, DrillError
from course.practice.judge import AnswerError, Mark
from course.practice.record import Record
from practice_items import FakeClock, items_in, make_item


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def record(tmp_path, clock):
    with Record(tmp_path / "record.sqlite", clock=clock) as record:
        yield record


def test_an_item_is_shown_with_numbered_lines_and_the_request(record, clock):
    drill = Drill(record, [make_item("shop-one", "race-condition")], clock=clock, seed=0)
    shown = drill.next()
    assert (shown.item_id, shown.request, shown.position, shown.reason) == ("shop-one", "request for shop-one", 1, "new")
    assert shown.numbered().splitlines()[6] == " 7  line_7 = 7"
    assert "race-condition" in shown.categories and len(shown.categories) == 15
    assert drill.next() == shown          # not answered yet: the same item, the display time unchanged


def test_the_time_from_display_to_answer_is_recorded(record, clock, tmp_path):
    item = make_item("shop-one", "race-condition", folder=tmp_path / "one")
    drill = Drill(record, [item], clock=clock, seed=0)
    drill.next()
    clock.advance(42)
    feedback = drill.answer([Mark(7, 7, "race-condition")], 0.9)
    assert feedback.seconds == 42 and feedback.verdict.outcome == "found" and feedback.saved
    assert feedback.verdict.flaws[0].witness.on_snippet == "test_first fails on the snippet"
    (stored,) = record.attempts()
    assert (stored.item_id, stored.seconds, stored.confidence, stored.outcome, stored.correct) == (
        "shop-one", 42.0, 0.9, "found", True)
    assert stored.marks == ((7, 7, "race-condition"),) and stored.rating == int(feedback.rating)
    assert record.cards()["shop-one"].due == feedback.due


def test_answers_out_of_order_are_refused(record, clock):
    drill = Drill(record, [make_item("shop-one", "race-condition")], clock=clock, seed=0)
    with pytest.raises(DrillError, match="call next"):
        drill.answer([], 0.5)
    drill.next()
    with pytest.raises(AnswerError, match="confidence"):
        drill.answer([], 1.5)
    with pytest.raises(AnswerError, match="not lines of the snippet"):
        drill.answer([Mark(30, 31, "race-condition")], 0.5)
    drill.answer([], 0.5)                 # the item stayed shown through the refused answers
    with pytest.raises(DrillError):
        drill.answer([], 0.5)
    assert len(record.attempts()) == 1


def test_a_session_ends_after_its_minutes(record, clock):
    drill = Drill(record, items_in({"race-condition": 10, "quadratic": 10}), clock=clock, seed=1, minutes=5)
    answered = 0
    while drill.next() is not None:
        clock.advance(70)
        drill.answer([], 0.5)
        answered += 1
    assert answered == 5                  # shown at 0, 70, 140, 210, 280 s; at 350 s the session is over
    summary = drill.summary()
    assert summary.answered == 5 and summary.minutes == pytest.approx(350 / 60)


def test_a_session_of_n_items_and_its_summary(record, clock):
    items = items_in({"race-condition": 3, "quadratic": 3}, flaw_free_every=3)
    drill = Drill(record, items, clock=clock, seed=2, max_items=4)
    outcomes = []
    while drill.next() is not None:
        clock.advance(10 * (len(outcomes) + 1))
        outcomes.append(drill.answer([], 0.9).verdict.outcome)
    assert len(outcomes) == 4
    summary = drill.summary()
    right = outcomes.count("approved")
    assert (summary.answered, summary.right) == (4, right)
    assert sum(a for _, a in summary.by_category.values()) == 4
    assert summary.median_seconds == 25.0 and summary.next_due is not None and summary.notices == ()


def test_nothing_left_to_show_ends_the_session(record, clock):
    drill = Drill(record, [make_item("shop-one", "race-condition")], clock=clock, seed=0, max_items=5)
    drill.next()
    drill.answer([Mark(7, 7, "race-condition")], 0.9)
    assert drill.next() is None           # the only item is not due again yet


def test_answers_the_locked_record_keeps_pending_still_count_as_given(tmp_path, clock):
    import sqlite3

    path = tmp_path / "locked.sqlite"
    with Record(path, clock=clock, busy_seconds=0) as record:
        items = [make_item("shop-one", "race-condition"), make_item("shop-two", "quadratic")]
        drill = Drill(record, items, clock=clock, seed=0, max_items=5)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")                   # another notebook holds the write lock
        for _ in range(2):
            assert drill.next() is not None
            clock.advance(10)
            assert drill.answer([], 0.9).saved is False
        assert record.pending == 2
        assert drill.next() is None                        # both answered seconds ago: neither new nor due
        other.execute("COMMIT")
        other.close()
        assert drill.summary().answered == 2 and record.pending == 0
    with Record(path) as again:
        assert sorted(a.item_id for a in again.attempts()) == ["shop-one", "shop-two"]
