"""Tampered nbgrader flags are restored from the gradebook (course/nbgrader/sanitize.py), end to end.

Plain `nbgrader autograde` with the shipped config, once, on a batch of submissions that all hold the
solution's answers but flip, inflate, inject or copy nbgrader cell metadata. Without RestoreCellFlags,
nbgrader 0.9.6 drops the flipped, relabelled and copied submissions ("Removing failed assignment") and
every one of their cells is left with no score, needing manual grading.
"""
from __future__ import annotations

import copy
import uuid

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.nbgrader.tools import nbgrader
from nbgrader_course import make_course, plant, release_notebook, scores, solution_answers, with_answers

pytestmark = pytest.mark.slow
MODULE = "00-start-here"
POINTS = {"warmup_tests_score": 2, "warmup_findings_score": 2, "warmup_fix_score": 2}
ANSWER_CELLS = {"warmup_tests", "warmup_findings", "warmup_fix"}
TAMPERED = ["flipper", "ungrader", "pointer", "injector", "relabel", "copier"]


def _meta(nb, grade_id: str) -> dict:
    return next(c.metadata["nbgrader"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _inject(nb) -> None:
    """A new cell claiming to be a 50-point grade cell that already printed 50."""
    cell = nbformat.v4.new_code_cell("50", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "50"}, execution_count=1)]
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "task": False, "points": 50,
                                 "grade_id": "bonus_score", "schema_version": 3}
    nb.cells.insert(_index(nb, "warmup_fix_score") + 1, cell)


def _copy_cells(nb) -> None:
    """Copy and paste, as learners do: a locked instruction cell, and an answer cell kept as scratch above it."""
    intro = _index(nb, "intro")
    pasted = copy.deepcopy(nb.cells[intro])
    fix = _index(nb, "warmup_fix")
    scratch = copy.deepcopy(nb.cells[fix])
    scratch.source = "%%fix warmup\nprint('scratch')\n"
    pasted.id, scratch.id = uuid.uuid4().hex[:8], uuid.uuid4().hex[:8]     # Jupyter gives a pasted cell a new id
    nb.cells.insert(fix, scratch)
    nb.cells.insert(intro + 1, pasted)


TAMPER = {
    "flipper": lambda nb: _meta(nb, "warmup_fix_score").update(solution=True),
    "ungrader": lambda nb: _meta(nb, "warmup_tests_score").update(grade=False),
    "pointer": lambda nb: _meta(nb, "warmup_findings_score").update(points=100),
    "injector": _inject,
    "relabel": lambda nb: _meta(nb, "warmup_tests").update(locked=True, grade=True),
    "copier": _copy_cells,
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("course"), [MODULE])
    release = release_notebook(course, MODULE)
    plant(course, "solution", MODULE, with_answers(release, solution_answers(MODULE)))
    for student in TAMPERED:
        nb = with_answers(release, solution_answers(MODULE))
        TAMPER[student](nb)
        plant(course, student, MODULE, nb)
    proc = nbgrader(course, "autograde", MODULE, check=False, env={"COURSE_JUDGE_CACHE": "off"})
    return {"course": course, "proc": proc, "scores": scores(course, MODULE)}


def _autograded(graded, student: str):
    return nbformat.read(str(graded["course"] / "autograded" / student / MODULE / f"{MODULE}.ipynb"), as_version=4)


def test_batch_completes_without_dropping_anyone(graded):
    proc = graded["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Removing failed" not in proc.stderr and "Inconsistent checksums" not in proc.stderr, proc.stderr[-3000:]
    assert set(graded["scores"]) == {"solution", *TAMPERED}


def test_every_grade_cell_is_scored_automatically(graded):
    for student, cells in graded["scores"].items():
        assert set(cells) == set(POINTS), student
        assert all(v is not None for v in cells.values()), (student, cells)


def test_solution_gets_six_and_nobody_gets_more(graded):
    assert graded["scores"]["solution"] == POINTS
    for student, cells in graded["scores"].items():
        assert sum(v or 0 for v in cells.values()) <= sum(POINTS.values()) == 6, (student, cells)


@pytest.mark.parametrize("student", TAMPERED)
def test_tampering_is_undone_and_the_answers_still_count(graded, student):
    assert graded["scores"][student] == POINTS


def test_injected_cell_earns_nothing_and_max_score_stays_six(graded):
    with Gradebook(f"sqlite:///{graded['course'] / 'gradebook.db'}") as gb:
        assignment = gb.find_assignment(MODULE)
        assert assignment.max_score == 6
        assert {c.name for c in assignment.notebooks[0].grade_cells} == set(POINTS)
        injector = gb.find_submission(MODULE, "injector").notebooks[0]
        assert (injector.score, injector.max_score) == (6, 6)
    cells = _autograded(graded, "injector").cells
    injected = next(c for c in cells if c.source == "50")
    assert "nbgrader" not in injected.metadata


def test_nobody_needs_manual_grading(graded):
    with Gradebook(f"sqlite:///{graded['course'] / 'gradebook.db'}") as gb:
        for submission in gb.find_assignment(MODULE).submissions:
            for nb in submission.notebooks:
                assert not nb.needs_manual_grade, submission.student.id
                assert not [g.name for g in nb.grades if g.needs_manual_grade], submission.student.id


@pytest.mark.parametrize("student", ["solution", *TAMPERED])
def test_autograded_notebook_carries_the_gradebook_flags(graded, student):
    cells = [c.metadata["nbgrader"] for c in _autograded(graded, student).cells if "nbgrader" in c.metadata]
    assert {m["grade_id"]: m["points"] for m in cells if m.get("grade")} == POINTS
    assert {m["grade_id"] for m in cells if m.get("solution")} == ANSWER_CELLS
    assert len({m["grade_id"] for m in cells}) == len(cells)      # one cell per grade id, copies neutralised
