"""course.nbgrader.judge.Judge (`Autograde.autograde_preprocessors`, in place of Execute): refuses to grade
rather than grade wrongly. Its grades in real nbgrader runs are tests/test_autograde_e2e.py's.
"""
from __future__ import annotations

import nbformat
import pytest

MODULE = "00-start-here"


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")


def test_nbgrader_judge_refuses_to_grade_without_the_sandbox(monkeypatch):
    from course.judge import sandbox
    from course.nbgrader.judge import Judge
    monkeypatch.setattr(sandbox, "sandbox_available", lambda: False)
    nb = nbformat.v4.new_notebook()
    with pytest.raises(RuntimeError, match="needs bubblewrap"):
        Judge().preprocess(nb, {"nbgrader": {"assignment": MODULE}})
    # an instructor can accept it explicitly
    Judge(allow_unsandboxed=True).preprocess(nb, {"nbgrader": {"assignment": MODULE}})


def test_a_disabled_judge_refuses_to_grade_instead_of_being_skipped():
    """nbconvert skips a disabled preprocessor; nbgrader would then score the cleared grade cells as passed."""
    from course.nbgrader.judge import Judge
    nb = nbformat.v4.new_notebook()
    with pytest.raises(RuntimeError, match="Judge.enabled is False: nothing is graded"):
        Judge(enabled=False)(nb, {"nbgrader": {"assignment": MODULE}})


@pytest.mark.parametrize("name, value, message", [
    ("COURSE_JUDGE_CPU_SECONDS", "ten", "COURSE_JUDGE_CPU_SECONDS must be a number"),
    ("COURSE_JUDGE_CPU_SECONDS", "", "COURSE_JUDGE_CPU_SECONDS must be a number"),
    ("COURSE_JUDGE_CPU_SECONDS", "1e999x", "COURSE_JUDGE_CPU_SECONDS must be a number"),
    ("COURSE_JUDGE_SANDBOXES", "two", "COURSE_JUDGE_SANDBOXES must be a whole number"),
    ("COURSE_JUDGE_SANDBOXES", "0", "COURSE_JUDGE_SANDBOXES must be a whole number"),
])
def test_misconfigured_judge_limit_stops_grading_instead_of_zeroing(monkeypatch, name, value, message):
    from course.nbgrader.judge import Judge
    monkeypatch.setenv(name, value)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("score('warmup_tests')", metadata={
        "nbgrader": {"grade": True, "grade_id": "warmup_tests_score", "points": 2, "solution": False, "locked": True}})])
    with pytest.raises(ValueError, match=message):
        Judge().preprocess(nb, {"nbgrader": {"assignment": MODULE}})
    assert nb.cells[0].get("outputs", []) == []      # nothing was written, no zero recorded
