"""One reading of a notebook (course/judge/reading.py) and text the judge can always write (course/judge/scoring.py).

`python -m course check`, the score cells' check of the saved file (course.notebook) and autograde (plain
`nbgrader autograde` with the shipped config) must read a notebook alike, exercise by exercise, whatever the
learner did to its cells: copied, relabelled, moved, deleted or re-flagged. Of copies of a cell, the last
counts, as nbgrader's own DeduplicateIds keeps. Before, `course check` judged the first copy and trusted the
saved flags and points while autograde judged the last copy with the gradebook's.

A learner test failing with lone surrogates and control characters in its message is graded (before: nbgrader
could not write the graded notebook and dropped the submission), and `course check` reports it (before: a
UnicodeEncodeError). Its message is not shown: it failed on a correct version, and what a test computes there is
never shown (course/judge/PROTOCOL.md); the feedback is written all the same.
"""
from __future__ import annotations

import copy
import os
import re
import subprocess
import sys

import nbformat
import pytest

from course.judge.reading import assignment, counted_cells, notebook_answers, read_saved, released_source
from course.judge.scoring import output_text
from course.nbgrader.tools import nbgrader
from course.paths import MODULES_DIR
from nbgrader_course import make_course, plant, release_notebook, scores, solution_answers, with_answers

MODULE = "00-start-here"
NOTEBOOK = f"{MODULE}.ipynb"
SOL = solution_answers(MODULE)
POINTS = {"warmup_tests_score": 2.0, "warmup_findings_score": 2.0, "warmup_fix_score": 2.0}
EXERCISES = ["warmup_tests", "warmup_findings", "warmup_fix"]
# the first of the solution's two findings only: half the findings points
ONE_FINDING = SOL["warmup_findings"].split("},", 1)[0] + "}]\n"
WEIRD = "lone \\ud800 and \\udfff, bell \\x07, escape \\x1b[31m, nul \\x00, override \\u202e"
SURROGATE_TESTS = SOL["warmup_tests"] + f'''

def test_weird_message(sales):
    assert False, "{WEIRD}"
'''


def _index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _copied(nb):
    """A stub copy of the tests cell above the real one, and a copy of the findings cell below the real one
    holding one finding of the two: the last copy of each counts."""
    tests = _index(nb, "warmup_tests")
    stub = copy.deepcopy(nb.cells[tests])
    stub.source = "%%tests warmup\n# YOUR CODE HERE\nraise NotImplementedError()"
    stub.id = "pasted-tests"              # Jupyter gives a pasted cell a new id (the grade id is copied)
    nb.cells.insert(tests, stub)
    findings = _index(nb, "warmup_findings")
    later = copy.deepcopy(nb.cells[findings])
    later.source, later.id = ONE_FINDING, "pasted-findings"
    nb.cells.insert(findings + 1, later)
    return nb


def _relabelled(nb):
    """The fix cell says it is the tests cell: it is the last cell carrying that id, so it is read as the tests
    answer (a module, no test functions: 0), and the fix cell counts as deleted (0)."""
    nb.cells[_index(nb, "warmup_fix")].metadata["nbgrader"]["grade_id"] = "warmup_tests"
    return nb


def _moved(nb):
    """Every answer cell moved below its score cell."""
    for exercise in EXERCISES:
        cell = nb.cells.pop(_index(nb, exercise))
        nb.cells.insert(_index(nb, f"{exercise}_score") + 1, cell)
    return nb


def _deleted(nb):
    del nb.cells[_index(nb, "warmup_findings")]
    return nb


def _reflagged(nb):
    """The tests answer no longer flagged as an answer, the fix worth 20 points: flags come from the assignment."""
    nb.cells[_index(nb, "warmup_tests")].metadata["nbgrader"]["solution"] = False
    nb.cells[_index(nb, "warmup_fix_score")].metadata["nbgrader"]["points"] = 20
    return nb


# student: (answers, cell edit, expected grade table)
SUBMISSIONS = {
    "solution": (SOL, None, POINTS),
    "copied": (SOL, _copied, {**POINTS, "warmup_findings_score": 1.0}),
    "relabelled": (SOL, _relabelled, {**POINTS, "warmup_tests_score": 0.0, "warmup_fix_score": 0.0}),
    "moved": (SOL, _moved, POINTS),
    "deleted": (SOL, _deleted, {**POINTS, "warmup_findings_score": 0.0}),
    "reflagged": (SOL, _reflagged, POINTS),
    # one false alarm: 0.25 of the tests points lost
    "surrogates": ({**SOL, "warmup_tests": SURROGATE_TESTS}, None, {**POINTS, "warmup_tests_score": 1.5}),
}


def _check(path, cache) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", "check", str(path)], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "COURSE_JUDGE_CACHE": str(cache)})


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The submissions above, autograded once by plain `nbgrader autograde`, and `course check` run on each
    planted file (sharing autograde's verdict cache: the same answer gets the same verdict, so any difference
    is in what was read)."""
    root = tmp_path_factory.mktemp("reading")
    cache = root / "verdicts.sqlite3"
    course = make_course(root / "course", [MODULE], extra_config=f"c.Judge.cache_path = {str(cache)!r}\n")
    release = release_notebook(course, MODULE)
    planted = {}
    for student, (answers, edit, _) in SUBMISSIONS.items():
        nb = with_answers(release, answers)
        planted[student] = plant(course, student, MODULE, edit(nb) if edit else nb)
    autograde = nbgrader(course, "autograde", MODULE, check=False)
    feedback = nbgrader(course, "generate_feedback", MODULE, check=False)
    checks = {student: _check(path, cache) for student, path in planted.items()}
    return {"course": course, "planted": planted, "autograde": autograde, "feedback": feedback,
            "scores": scores(course, MODULE), "checks": checks}


def _autograded(batch, student: str):
    return nbformat.read(str(batch["course"] / "autograded" / student / MODULE / NOTEBOOK), as_version=4)


def _check_table(stdout: str) -> dict[str, tuple[float, float]]:
    """{grade cell id: (score, points)} from `course check`'s '== <exercise>: s / p' lines."""
    return {f"{m[1]}_score": (float(m[2]), float(m[3])) for m in re.finditer(r"^== (\S+): (\S+) / (\S+)$", stdout, re.M)}


# ---------------------------------------------------------------- the policy and the reference, no grading

def test_the_last_copy_counts():
    nb = _copied(with_answers(release_from_modules(), SOL))
    counted = counted_cells(nb)
    assert nb.cells[counted["warmup_findings"]].source == ONE_FINDING
    assert "NotImplementedError" not in nb.cells[counted["warmup_tests"]].source
    assert notebook_answers(nb)[1]["warmup_findings"] == ONE_FINDING


def release_from_modules():
    return nbformat.read(str(MODULES_DIR / MODULE / NOTEBOOK), as_version=4)


@pytest.mark.parametrize("module", sorted(p.name for p in MODULES_DIR.iterdir() if list(p.glob("*.ipynb"))))
def test_learner_side_assignment_is_the_release(module):
    """What course check and the score cells read against (from solutions/) is what nbgrader released
    (modules/, generated by nbgrader and kept fresh by tests/test_build.py): same cells, flags, points, stubs."""
    release = nbformat.read(str(next((MODULES_DIR / module).glob("*.ipynb"))), as_version=4)
    # the cells nbgrader keeps in its gradebook: every cell with a role (a role-less one, the catalog starter, is
    # an ordinary cell to nbgrader)
    released = [(c.metadata["nbgrader"], c.source) for c in release.cells if "nbgrader" in c.metadata
                and any(c.metadata["nbgrader"].get(f) for f in ("grade", "solution", "locked", "task"))]
    ours = assignment(module)
    assert [cell.grade_id for cell in ours] == [meta["grade_id"] for meta, _ in released]
    for cell, (meta, source) in zip(ours, released):
        assert {k: v for k, v in cell.metadata.items() if k != "checksum"} == \
            {k: v for k, v in meta.items() if k != "checksum"}, cell.grade_id
        if meta.get("solution") or meta.get("grade"):
            assert cell.source == source, cell.grade_id


def test_released_source_replaces_each_solution_region():
    assert released_source("%%fix x\n    ### BEGIN SOLUTION\n    secret()\n    ### END SOLUTION\nafter()") == \
        "%%fix x\n    # YOUR CODE HERE\n    raise NotImplementedError()\nafter()"
    assert released_source("the whole solution, no region") == "# YOUR CODE HERE\nraise NotImplementedError()"


# ---------------------------------------------------------------- three readers, one reading (real nbgrader)

@pytest.mark.slow
def test_everyone_is_graded(batch):
    proc = batch["autograde"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Removing failed" not in proc.stdout + proc.stderr, proc.stderr[-3000:]
    assert set(batch["scores"]) == set(SUBMISSIONS)


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(SUBMISSIONS))
def test_autograde_gives_the_expected_table(batch, student):
    assert batch["scores"][student] == SUBMISSIONS[student][2]


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(SUBMISSIONS))
def test_course_check_agrees_with_autograde_exercise_by_exercise(batch, student):
    proc = batch["checks"][student]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _check_table(proc.stdout) == {cell: (score, POINTS[cell]) for cell, score in batch["scores"][student].items()}


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(SUBMISSIONS))
def test_check_and_score_cells_read_the_answers_autograde_judged(batch, student, monkeypatch):
    """The answer text autograde judged (its graded notebook, one cell per id after nbgrader's sanitize) is the
    text course check reads from the saved file, and the one a score cell compares what the kernel ran with."""
    from course.notebook import _saved_answer_differs
    grade_ids, judged = notebook_answers(_autograded(batch, student))
    assert grade_ids == list(POINTS) and set(judged) == set(EXERCISES)
    assert read_saved(batch["planted"][student], MODULE) == (grade_ids, judged)
    monkeypatch.setenv("JPY_SESSION_NAME", str(batch["planted"][student]))
    for exercise, source in judged.items():
        assert _saved_answer_differs(exercise, source, MODULE) is None, exercise


@pytest.mark.slow
def test_a_score_cell_warns_when_the_kernel_ran_a_copy_that_does_not_count(batch, monkeypatch):
    from course.notebook import _saved_answer_differs
    monkeypatch.setenv("JPY_SESSION_NAME", str(batch["planted"]["copied"]))
    assert _saved_answer_differs("warmup_findings", SOL["warmup_findings"], MODULE) is not None
    monkeypatch.setenv("JPY_SESSION_NAME", str(batch["planted"]["deleted"]))
    assert _saved_answer_differs("warmup_findings", SOL["warmup_findings"], MODULE) is not None


@pytest.mark.slow
def test_course_check_says_what_it_read_differently(batch):
    out = batch["checks"]["copied"].stdout
    assert "read as an ordinary cell (an earlier copy of 'warmup_findings'" in out
    assert "'warmup_findings' is missing: read as released" in batch["checks"]["deleted"].stdout


# ---------------------------------------------------------------- text that cannot be written

@pytest.mark.slow
def test_unwritable_message_is_graded_with_its_feedback(batch):
    cell = next(c for c in _autograded(batch, "surrogates").cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "warmup_tests_score")
    text = "".join(output_text(o) for o in cell.outputs)
    assert "false alarm: test_weird_message" in text
    assert "ud800" not in text and "\ud800" not in text     # a message from a run on a correct version: never shown
    assert batch["feedback"].returncode == 0, batch["feedback"].stderr[-3000:]
    assert (batch["course"] / "feedback" / "surrogates" / MODULE / f"{MODULE}.html").is_file()


@pytest.mark.slow
def test_course_check_reports_the_test_with_the_unwritable_message(batch):
    proc = batch["checks"]["surrogates"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "false alarm: test_weird_message fails on a correct implementation." in proc.stdout
    assert "ud800" not in proc.stdout
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", proc.stdout)
