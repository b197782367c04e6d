"""End to end with real nbgrader: plain `nbgrader autograde` with the shipped config on one batch of ordinary
and hostile submissions (tests/submission_corpus.py), then every grade against its expected table, the
gradebook, the exported CSV and the feedback HTML.

A hostile submission must never stop the batch or change anyone else's grade; each one gets a recorded grade
with its reason in the feedback, or (when intake had to repair it) an explicit "needs manual grading" flag.
This is what formgrader runs, so none of it may depend on `python -m course cohort`.
"""
from __future__ import annotations

import csv
import html as html_mod
import re

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.judge.exercises import load_module_key
from course.judge.engine import judge_answer
from course.judge.scoring import output_text
from course.nbgrader.intake import intake_problem
from course.nbgrader.judge import JUDGE_MARK
from course.judge.verdict_cache import VerdictCache
from submission_corpus import (ALL, BY_STUDENT, HOSTILE, KEY_TEXT, MODULE, NOTEBOOK, ORDINARY, POINTS, TMP_MARKER,
                               VICTIM, graded_feedback, leaked, secret_windows, submitted_text)

pytestmark = pytest.mark.slow


def test_hostile_corpus_is_broad():
    """The issue's list: at least 12 hostile submissions, mixed into the same batch as ordinary ones."""
    assert len(HOSTILE) >= 12
    assert ORDINARY and len({s.student for s in ALL}) == len(ALL)


def test_batch_completes_and_everyone_is_graded(plain_batch):
    assert plain_batch["autograde"].returncode == 0, plain_batch["autograde"].stdout[-3000:]
    assert "Removing failed" not in plain_batch["autograde"].stdout + plain_batch["autograde"].stderr
    assert set(plain_batch["scores"]) == set(BY_STUDENT)
    for student, cells in plain_batch["scores"].items():
        assert set(cells) == set(POINTS), student
        assert all(v is not None for v in cells.values()), (student, cells)


@pytest.mark.parametrize("student", sorted(BY_STUDENT))
def test_every_submission_gets_its_expected_table(plain_batch, student):
    assert plain_batch["scores"][student] == BY_STUDENT[student].expect, BY_STUDENT[student].tries


@pytest.mark.parametrize("student", sorted(s.student for s in ALL if s.reason))
def test_the_reason_is_in_the_feedback(plain_batch, student):
    cell, text = BY_STUDENT[student].reason
    assert text in graded_feedback(plain_batch["course"], student, cell)


def test_exported_csv_equals_the_expected_table(plain_batch):
    assert plain_batch["export"].returncode == 0, plain_batch["export"].stderr[-2000:]
    with open(plain_batch["course"] / "grades.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    exported = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in rows}
    assert exported == {s.student: (s.total, sum(POINTS.values())) for s in ALL}


def test_only_repaired_submissions_need_a_grader_and_say_why(plain_batch):
    course = plain_batch["course"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        flagged = {sub.student.id for sub in gb.find_assignment(MODULE).submissions
                   if any(g.needs_manual_grade for nb in sub.notebooks for g in nb.grades)}
    assert flagged == {s.student for s in ALL if s.attention}
    for submission in ALL:
        nb = nbformat.read(str(course / "autograded" / submission.student / MODULE / NOTEBOOK), as_version=4)
        problem = intake_problem(nb)
        assert (submission.attention in problem) if submission.attention else problem is None, submission.student


def test_judge_wrote_every_grade_cell(plain_batch):
    """Proof that the judge ran: each grade cell of each autograded notebook carries its mark and score."""
    for nb_path in (plain_batch["course"] / "autograded").rglob("*.ipynb"):
        nb = nbformat.read(str(nb_path), as_version=4)
        marked = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and JUDGE_MARK in c.metadata]
        assert len(marked) == len(POINTS), nb_path
        for cell in marked:
            assert "[judged outside your notebook]" in output_text(cell.outputs[0])
            assert cell.metadata[JUDGE_MARK]["judged"] is True


def test_judge_marks_record_the_flaws_found(plain_batch):
    def found(student: str, grade_id: str) -> list[str]:
        nb = nbformat.read(str(plain_batch["course"] / "autograded" / student / MODULE / NOTEBOOK), as_version=4)
        return next(c.metadata[JUDGE_MARK]["found"] for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    assert found("solution", "oversell_tests_score") == ["negative-qty", "no-rollback", "oversell"]
    assert found("solution", "webhook_findings_score") == ["ack-on-failure", "check-then-act", "separate-commits"]
    assert found("vacuous", "oversell_tests_score") == []
    assert found("blank", "stampede_tests_score") == []


def test_the_planted_race_test_really_catches_the_race():
    """Control for the next test: the same test without the coin flip earns the race chaff."""
    exercise = load_module_key(MODULE)["oversell_tests"]
    always = BY_STUDENT["half_the_time"].answers(None)["oversell_tests"].replace("random.Random().random() < 0.5", "True")
    assert "oversell" in judge_answer(exercise, always, cache=None).details["caught"]


def test_half_the_time_suite_is_never_credited(plain_batch, tmp_path):
    """A catch must hold in 3 + 8 perturbed runs (chance 1 in 2048 for a coin flip), and the verdict
    cache keeps a regrade equal to the first grading."""
    assert plain_batch["scores"]["half_the_time"]["oversell_tests_score"] == 0
    exercise = load_module_key(MODULE)["oversell_tests"]
    cache = VerdictCache(tmp_path / "verdicts.sqlite3")
    answer = BY_STUDENT["half_the_time"].answers(None)["oversell_tests"]
    regrades = [judge_answer(exercise, answer, cache=cache) for _ in range(20)]
    assert {v.fraction for v in regrades} == {0.0}
    assert all(v.feedback == regrades[0].feedback for v in regrades)


def test_writes_outside_a_submission_land_nowhere(plain_batch):
    course = plain_batch["course"]
    assert not (course / "pwned.txt").exists() and not (course / "pwned.sqlite3").exists()
    assert not TMP_MARKER.exists()
    victim = nbformat.read(str(course / "submitted" / VICTIM / MODULE / NOTEBOOK), as_version=4)
    assert victim.cells and "pwned" not in nbformat.writes(victim)
    assert plain_batch["scores"][VICTIM] == POINTS


def test_key_files_are_out_of_reach(plain_batch):
    """The key reader's test ran (a false alarm) and failed without seeing the key."""
    text = graded_feedback(plain_batch["course"], "key_reader", "oversell_tests_score")
    assert "test_reads_the_key fails on a correct implementation" in text and KEY_TEXT not in text


def test_huge_output_stays_out_of_the_graded_notebook(plain_batch):
    submitted = plain_batch["course"] / "submitted" / "huge_output" / MODULE / NOTEBOOK
    graded = plain_batch["course"] / "autograded" / "huge_output" / MODULE / NOTEBOOK
    assert submitted.stat().st_size > 2_000_000 and graded.stat().st_size < 500_000


def _html_text(html: str) -> str:
    return html_mod.unescape(re.sub(r"<[^>]+>", "", html))


def test_feedback_shows_no_hidden_test_or_key_code(plain_batch):
    """Whitespace-insensitive: no 40-character stretch of the keys (key, hidden tests, wheats, chaffs, reference
    answers) that no public text holds is in any learner's feedback, unless that learner wrote it."""
    assert plain_batch["feedback"].returncode == 0, plain_batch["feedback"].stderr[-2000:]
    course = plain_batch["course"]
    html_files = list((course / "feedback").rglob("*.html"))
    assert len(html_files) == len(ALL)
    secrets = secret_windows(course)
    assert len(secrets) > 1000
    for html_file in html_files:
        student = html_file.relative_to(course / "feedback").parts[0]
        text = _html_text(html_file.read_text())
        found = leaked(text, submitted_text(course, student), secrets)
        assert not found, (html_file, found[:3])
        assert "BEGIN HIDDEN TESTS" not in text and "test_fix_hidden" not in text and KEY_TEXT not in text


def test_feedback_names_no_missed_flaw(plain_batch):
    """Before the deadline, feedback gives counts: a learner who found nothing sees no flaw's id or title."""
    text = _html_text((plain_batch["course"] / "feedback" / "blank" / MODULE / f"{MODULE}.html").read_text())
    release = nbformat.read(str(plain_batch["course"] / "release" / MODULE / NOTEBOOK), as_version=4)
    public = "\n".join(cell.source for cell in release.cells)     # "oversell" and "stampede" are scenario names
    named = {}
    for exercise in load_module_key(MODULE).values():
        named.update(getattr(exercise, "flaw_titles", {}))
        named.update({flaw.id: flaw.title for flaw in getattr(exercise, "flaws", ())})
    assert len(named) == 9
    for flaw, title in named.items():
        assert title not in text
        assert flaw in public or flaw not in text, flaw
