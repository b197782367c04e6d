"""Modules 06, 07 and 08 through plain `nbgrader autograde` with the shipped config: one small batch per module
(tests/module_corpus.py), each submission graded to its exact table with readable reasons, nothing of the keys or
hidden tests in any feedback HTML (whitespace-insensitive), the gradebook and the exported CSV as expected, and the
rest of the batch graded normally beside the hostile submissions.
"""
from __future__ import annotations

import csv
import re

import nbformat
from nbgrader.api import Gradebook
import pytest

from course.nbgrader.judge import JUDGE_MARK
from module_corpus import BATCHES, CAPSTONE, LATE_MODULES, MORE_REASONS, OPEN_SCORE, POINTS, SCRIPT, key_texts
from submission_corpus import graded_feedback, leaked, secret_windows, squeeze, submitted_text
from test_autograde_e2e import _html_text

pytestmark = pytest.mark.slow

PAIRS = [pytest.param(module, s.student, id=f"{module[:2]}-{s.student}") for module in LATE_MODULES
         for s in BATCHES[module]]


def _open(module: str, student: str):
    """(module, student) as a pytest param, a strict xfail while OPEN_SCORE says its hole is open."""
    why = OPEN_SCORE.get((module, student))
    return pytest.param(module, student, id=f"{module[:2]}-{student}",
                        marks=[pytest.mark.xfail(strict=True, reason=why)] if why else [])
REASONS = [pytest.param(module, s.student, cell, text, id=f"{module[:2]}-{s.student}-{cell}")
           for module in LATE_MODULES for s in BATCHES[module]
           for cell, text in ([s.reason] if s.reason else []) + MORE_REASONS.get((module, s.student), [])]


def _submission(module: str, student: str):
    return next(s for s in BATCHES[module] if s.student == student)


def _feedback_html(batch: dict, module: str, student: str) -> str:
    return (batch["course"] / "feedback" / student / module / f"{module}.html").read_text()


def test_each_batch_is_small_and_has_its_controls_and_hostile_ones():
    for module, batch in BATCHES.items():
        students = [s.student for s in batch]
        assert 4 <= len(batch) <= 8 and len(set(students)) == len(students), module
        assert {"solution", "blank"} <= set(students) and sum(s.hostile for s in batch) >= 3, module
        assert all(set(s.expect) == set(POINTS[module]) for s in batch), module


@pytest.mark.parametrize("module", LATE_MODULES)
def test_batch_completes_and_everyone_is_graded(module_batch, module):
    batch = module_batch(module)
    run = batch["autograde"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Removing failed" not in run.stdout + run.stderr
    assert set(batch["scores"]) == {s.student for s in BATCHES[module]}
    for student, cells in batch["scores"].items():
        assert set(cells) == set(POINTS[module]) and None not in cells.values(), (student, cells)


@pytest.mark.parametrize("module, student", [_open(m, s.student) for m in LATE_MODULES for s in BATCHES[m]])
def test_every_submission_gets_its_exact_table(module_batch, module, student):
    submission = _submission(module, student)
    assert module_batch(module)["scores"][student] == submission.expect, submission.tries


@pytest.mark.parametrize("module, student, cell, text", REASONS)
def test_the_reason_is_in_the_feedback(module_batch, module, student, cell, text):
    assert text in graded_feedback(module_batch(module)["course"], student, cell, module)


@pytest.mark.parametrize("module", LATE_MODULES)
def test_judge_wrote_every_grade_cell_and_nobody_needs_a_grader(module_batch, module):
    batch = module_batch(module)
    course = batch["course"]
    for submission in BATCHES[module]:
        nb = nbformat.read(str(course / "autograded" / submission.student / module / f"{module}.ipynb"), as_version=4)
        marked = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and JUDGE_MARK in c.metadata]
        assert len(marked) == len(POINTS[module]), submission.student
        assert all(c.metadata[JUDGE_MARK]["judged"] is True for c in marked), submission.student
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        flagged = {sub.student.id for sub in gb.find_assignment(module).submissions
                   if any(g.needs_manual_grade for nb in sub.notebooks for g in nb.grades)}
    assert flagged == set()


@pytest.mark.parametrize("module", LATE_MODULES)
def test_exported_csv_equals_the_expected_tables(module_batch, module):
    batch = module_batch(module)
    assert batch["export"].returncode == 0, batch["export"].stderr[-2000:]
    with open(batch["course"] / "grades.csv", newline="") as fh:
        exported = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(fh)}
    expected = {s.student: (s.total, sum(POINTS[module].values())) for s in BATCHES[module]
                if (module, s.student) not in OPEN_SCORE}
    assert {student: row for student, row in exported.items() if (module, student) not in OPEN_SCORE} == expected
    assert set(exported) == {s.student for s in BATCHES[module]}


@pytest.fixture(scope="module")
def secrets(module_batch):
    found = {module: secret_windows(module_batch(module)["course"], module) for module in LATE_MODULES}
    assert all(len(windows) > 1000 for windows in found.values())   # the check has something to find
    return found


@pytest.mark.parametrize("module, student", PAIRS)
def test_feedback_quotes_no_key_or_hidden_test(module_batch, secrets, module, student):
    """No 40-character stretch of the keys (key, hidden tests, wheats, chaffs, reference answers) that no public text
    holds, and no key file's first line, is in the whitespace-stripped feedback HTML, unless the learner wrote it."""
    batch = module_batch(module)
    assert batch["feedback"].returncode == 0, batch["feedback"].stderr[-2000:]
    text = _html_text(_feedback_html(batch, module, student))
    own = submitted_text(batch["course"], student, module)
    found = leaked(text, own, secrets[module])
    assert not found, found[:3]
    flat, own_flat = squeeze(text), squeeze(own)
    quoted = [line for line in key_texts(module) if squeeze(line) in flat and squeeze(line) not in own_flat]
    assert not quoted, quoted
    assert not [marker for marker in ("BEGINHIDDENTESTS", "test_fix_hidden") if marker in flat and marker not in own_flat]


def test_learner_html_in_a_review_is_escaped_in_the_feedback(module_batch):
    """Script and markup in a learner's review comments and triage reasons never become markup of the feedback page."""
    batch = module_batch(CAPSTONE)
    html = _feedback_html(batch, CAPSTONE, "h08_hostile_text")
    assert SCRIPT in _html_text(html) and "&lt;script&gt;alert" in html      # shown, as text
    assert "&lt;b&gt;ai-1&lt;/b&gt;" in html                                # the triage's HTML id, quoted as text
    assert SCRIPT not in html and "<script>alert" not in html.lower()
    assert not re.search(r"<img[^>]*onerror", html, re.I)


def test_course_check_reads_the_two_reviews_as_autograde_does(module_batch):
    """`course check` on the notebook with two review cells (sharing autograde's verdict cache) gives the table
    autograde recorded: one reading of a notebook, the last copy, for the review and the triage's comparison."""
    from test_notebook_reading import _check, _check_table
    batch = module_batch(CAPSTONE)
    course = batch["course"]
    proc = _check(course / "submitted" / "h08_two_reviews" / CAPSTONE / f"{CAPSTONE}.ipynb",
                  course / ".judge-cache.sqlite3")
    assert _check_table(proc.stdout) == {cell: (score, POINTS[CAPSTONE][cell])
                                         for cell, score in batch["scores"]["h08_two_reviews"].items()}, proc.stdout[-2000:]


def test_the_triage_does_not_read_a_review_too_large_to_grade(module_batch):
    """A review over the judge's size limit is "not graded" and the triage's comparison leaves it out too (one
    reading of the cell), while the triage itself is graded normally."""
    text = graded_feedback(module_batch(CAPSTONE)["course"], "h08_oversized_review", "review_triage_score", CAPSTONE)
    assert "Triage: 9 of 9 comments judged right" in text and "the AI's comments, all followed" in text
    assert "your review" not in text


def test_a_property_tests_own_settings_change_nothing(module_batch):
    """Module 06: properties asking for a random seed, a million examples, a 1 ms deadline and the on-disk example
    database get the solution's verdict word for word (the judge's derandomized budget won), and no example
    database was written anywhere in the course folder."""
    from module_corpus import EDGE
    course = module_batch(EDGE)["course"]
    own = graded_feedback(course, "h06_own_settings", "split_tests_score", EDGE)
    assert own == graded_feedback(course, "solution", "split_tests_score", EDGE)
    assert not list(course.rglob(".hypothesis"))


def test_a_review_spray_does_not_locate_every_flaw(module_batch):
    """Closed as module 01's (tests/test_hostile_corpus.py): beyond findings.one_by_one(flaws) findings, staged
    feedback gives counts only, so a spray names none of the flaws it matched."""
    from course.judge.exercises import load_module_key
    text = graded_feedback(module_batch(CAPSTONE)["course"], "h08_spray", "review_findings_score", CAPSTONE)
    located = [flaw.title for flaw in load_module_key(CAPSTONE)["review_findings"].flaws if flaw.title in text]
    assert not located, located


@pytest.mark.parametrize("module", LATE_MODULES)
def test_the_blank_is_told_what_is_missing_in_every_cell(module_batch, module):
    """The untouched release: every grade cell says which answer is still a placeholder ("No tests yet", "no
    findings yet", "No fix yet", "no review yet", "no triage yet")."""
    course = module_batch(module)["course"]
    for cell in POINTS[module]:
        text = graded_feedback(course, "blank", cell, module)
        assert re.search(r"\bno (tests|findings|fix|review|triage) yet\b", text, re.I), (cell, text[:300])
