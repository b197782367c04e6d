"""The notebook app over the drill, driven headless by clicking its buttons: what the learner sees after an
answer (right or wrong, the explanation, the review question, the witness output) and at the session's end."""
from __future__ import annotations

from fsrs import Rating
import pytest

from course.practice.app import DrillApp, render_feedback
from course.practice.drill import Drill, Feedback
from course.practice.judge import Mark, judge
from course.practice.record import Record
from course.taxonomy import REVIEW_QUESTIONS
from practice_items import START, FakeClock, make_item


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def make_app(tmp_path):
    clock = FakeClock()
    records = []

    def make(*items, max_items: int = 2):
        records.append(Record(tmp_path / "record.sqlite", clock=clock))
        return DrillApp(Drill(records[-1], list(items), clock=clock, seed=0, max_items=max_items)), clock

    yield make
    for record in records:
        record.close()


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(make_item("shop-one", "race-condition", folder=tmp_path / "one"),
                    make_item("shop-fine", "quadratic", flaw_free=True, folder=tmp_path / "fine"))


def test_a_flaw_found_shows_the_explanation_question_and_witness(make_app, tmp_path):
    app, clock = make_app(make_item("shop-one", "race-condition", folder=tmp_path / "one"), max_items=1)
    assert "<b>The request:</b>" in app.item.value and " 7  line_7 = 7" in app.item.value
    app.add_mark(7, 7, "race-condition")
    clock.advance(12)
    app.submit.click()
    shown = app.feedback.value
    assert "Right: you found the flaw." in shown and "Answered in 12 s" in shown
    assert f"Review question 2: {REVIEW_QUESTIONS[2]}" in shown and "Witness <code>test_first</code>" in shown
    assert "<summary>the test</summary><pre style='font-size:12px'>def test_first(impl) -&gt; None:" in shown
    assert app.submit.disabled and not app.next_button.disabled
    app.answer([])                                      # a second click, before the buttons were disabled
    assert app.feedback.value == shown and len(app.drill.record.attempts()) == 1


def test_approving_a_flaw_free_item_shows_what_the_imagined_flaw_would_do(make_app, tmp_path):
    app, _ = make_app(make_item("shop-fine", "quadratic", flaw_free=True, folder=tmp_path / "fine"), max_items=1)
    app.approve.click()
    shown = app.feedback.value
    assert "Right: this code is fine" in shown and "line 7 looks like Hidden quadratic work, and is fine" in shown
    assert "on the flawed version a false alarm imagines it FAILS: test_first fails on the mutant" in shown


def test_feedback_for_a_miss_shows_the_flaw_failing_on_the_snippet(tmp_path):
    item = make_item("shop-one", "race-condition", folder=tmp_path / "one")
    text = render_feedback(Feedback(judge(item, []), 30.0, Rating.Again, START, True))
    assert "Missed:" in text and "line 7 is a race-condition" in text and REVIEW_QUESTIONS[2] in text
    assert "on this code it FAILS: test_first fails on the snippet" in text and "on the fixed version it passes" in text


def test_a_mark_outside_the_snippet_is_explained_and_the_item_stays(app):
    app, clock = app
    app.add_mark(1, 1, "race-condition")
    app.marks.children[0].children[0].max = 100     # the box normally stops at the last line; force past it
    app.marks.children[0].children[0].value = 30
    app.marks.children[0].children[1].max = 100
    app.marks.children[0].children[1].value = 31
    app.submit.click()
    assert "not lines of the snippet" in app.problem.value and app.feedback.value == ""
    assert not app.submit.disabled and app.drill.record.attempts() == []


def test_the_session_ends_with_a_summary(app):
    app, clock = app
    for _ in range(2):
        clock.advance(20)
        app.approve.click()
        app.next_button.click()
    assert "Session over:" in app.item.value and app.answer_box.layout.display == "none"
    assert len(app.drill.record.attempts()) == 2


def test_at_most_three_marks_and_reversed_lines_are_read_in_order(app):
    app, _ = app
    for n in range(5):
        app.add_mark(9, 7, "quadratic")
    assert len(app.marks.children) == 3 and app.current_marks()[0] == Mark(7, 9, "quadratic")
    app.marks.children[0].children[3].click()         # the row's remove button
    assert len(app.marks.children) == 2


def test_nothing_shown_before_the_answer_names_the_flaw():
    """Item ids describe their flaw ("cli-logs-tail-reads-whole-file"), keys explain it: what the learner sees
    before answering holds the request and the snippet only, for every item of the real bank."""
    from course.practice import bank
    from course.practice.app import render_item
    from course.practice.drill import Shown

    for item in bank.load_bank():
        html = render_item(Shown(item.id, item.codebase, item.request, tuple(item.snippet.splitlines()), 1, "new"), 5.0)
        assert item.id not in html, item.id
        for flaw in (item.approve,) if item.flaw_free else item.flaws:
            assert flaw.explanation[:60] not in html, item.id
