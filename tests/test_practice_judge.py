"""Judging a practice answer: the course's findings rule (course.judge.findings) decides what matched; the drill
names the outcome. Right lines and category is found; right lines and a wrong category is close, not right;
approving a flaw-free item is right and any mark on it is a false alarm; approving a flawed item is a miss."""
from __future__ import annotations

import pytest

from course.judge.exercises import FindingsExercise
from course.judge.findings import MAX_SPAN
from course.practice import bank
from course.practice.judge import AnswerError, Mark, exercise, judge
from course.taxonomy import REVIEW_QUESTIONS
from practice_items import make_item


@pytest.fixture
def flawed(tmp_path):
    return make_item("shop-stock", "race-condition", second="quadratic", folder=tmp_path / "flawed")


@pytest.fixture
def single(tmp_path):
    return make_item("shop-one", "race-condition", folder=tmp_path / "single")


@pytest.fixture
def free(tmp_path):
    return make_item("shop-fine", "error-handling", flaw_free=True, folder=tmp_path / "free")


def test_right_lines_and_right_category_is_found_with_its_feedback(single):
    verdict = judge(single, [Mark(7, 7, "race-condition")])
    assert (verdict.outcome, verdict.correct, verdict.fraction, verdict.false_alarms) == ("found", True, 1.0, ())
    (flaw,) = verdict.flaws
    assert flaw.status == "found" and flaw.explanation == "line 7 is a race-condition"
    assert flaw.question_text == REVIEW_QUESTIONS[2]
    assert (flaw.witness.name, flaw.witness.on_snippet, flaw.witness.on_other) == (
        "test_first", "test_first fails on the snippet", "passed")
    assert flaw.witness.source == "def test_first(impl) -> None:\n    assert impl.line_7 == 0, 'line 7 is not 0'"


def test_right_lines_wrong_category_is_close_but_not_right(single):
    verdict = judge(single, [Mark(7, 7, "edge-case")])
    assert (verdict.outcome, verdict.correct) == ("wrong-category", False)
    assert verdict.flaws[0].status == "wrong-category" and verdict.flaws[0].named == "edge-case"
    assert verdict.false_alarms == ()    # the place was right: not counted as flagging fine code


def test_approve_on_a_flaw_free_item_is_right(free):
    verdict = judge(free, [])
    assert (verdict.outcome, verdict.correct, verdict.fraction, verdict.false_alarms) == ("approved", True, 1.0, ())
    (look_alike,) = verdict.flaws
    assert look_alike.status == "looks-like" and look_alike.categories == ("error-handling",)
    assert look_alike.witness.on_snippet == "passed"
    assert look_alike.witness.on_other == "test_first fails on the mutant"   # what the imagined flaw would do


@pytest.mark.parametrize("mark", [Mark(7, 7, "error-handling"), Mark(12, 12, "quadratic")],
                         ids=["on-the-look-alike", "elsewhere"])
def test_any_mark_on_a_flaw_free_item_is_a_false_alarm(free, mark):
    verdict = judge(free, [mark])
    assert (verdict.outcome, verdict.correct, verdict.fraction, verdict.false_alarms) == (
        "false-alarm", False, 0.0, (mark,))


def test_approve_on_a_flawed_item_is_a_miss(single):
    verdict = judge(single, [])
    assert (verdict.outcome, verdict.correct, verdict.flaws[0].status) == ("missed", False, "missed")


def test_the_tolerance_counts_off_every_flaws_own_lines(single):
    assert judge(single, [Mark(6, 6, "race-condition")]).outcome == "found"
    assert judge(single, [Mark(9, 9, "race-condition")]).outcome == "wrong-lines"


def test_a_mark_wider_than_the_course_limit_matches_nothing(single):
    wide = Mark(1, MAX_SPAN + 1, "race-condition")
    verdict = judge(single, [wide])
    assert verdict.outcome == "wrong-lines" and verdict.too_wide == (wide,) and verdict.false_alarms == (wide,)


def test_two_flaws_one_found_is_partial_and_both_plus_an_extra_is_extra(flawed):
    one = judge(flawed, [Mark(7, 7, "race-condition")])
    assert (one.outcome, one.fraction, [f.status for f in one.flaws]) == ("partial", 0.5, ["found", "missed"])
    both = [Mark(7, 7, "race-condition"), Mark(15, 15, "quadratic")]
    assert judge(flawed, both).outcome == "found"
    extra = judge(flawed, [*both, Mark(2, 2, "injection")])
    assert (extra.outcome, extra.correct, extra.false_alarms) == ("extra", False, (Mark(2, 2, "injection"),))


def test_marks_the_drill_cannot_judge_are_refused_with_a_reason(single):
    with pytest.raises(AnswerError, match=r"not lines of the snippet \(1-20\)"):
        judge(single, [Mark(19, 21, "race-condition")])
    with pytest.raises(AnswerError, match="did you mean 'race-condition'"):
        judge(single, [Mark(7, 7, "race")])


def test_an_item_is_the_courses_findings_exercise(flawed, free):
    key = exercise(flawed)
    assert isinstance(key, FindingsExercise) and [f.lines for f in key.flaws] == [(7, 7), (14, 15)]
    assert key.flaws[0].categories == frozenset({"race-condition"}) and key.flaws[0].tolerance == (6, 8)
    assert exercise(free).flaws == () and exercise(free).decoys == ((6, 8),)


BANK = bank.load_bank()


@pytest.mark.parametrize("item", BANK, ids=[i.id for i in BANK])
def test_every_bank_item_is_judged_right_when_answered_by_its_key(item):
    key_answer = [] if item.flaw_free else [Mark(*f.lines, f.categories[0]) for f in item.flaws]
    verdict = judge(item, key_answer)
    assert verdict.correct, verdict.outcome
    assert all(f.witness.source.startswith(f"def {f.witness.name}(") for f in verdict.flaws)
    assert all(f.witness.on_snippet != "(not recorded)" for f in verdict.flaws)
    wrong = judge(item, [Mark(*item.approve.lines, item.approve.categories[0])] if item.flaw_free else [])
    assert wrong.outcome == ("false-alarm" if item.flaw_free else "missed")
