"""The cohort tooling's parts without nbgrader runs: intake, the batch verdict store's key, the feedback trimmer.

The end-to-end runs (tests/test_autograde_e2e.py, test_cohort.py) show them at work in real nbgrader; these
pin down each rule on its own.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from course.batch_verdicts import BatchVerdicts, notebook_key
from course.judge import Verdict
from course.nbgrader_feedback import HIDDEN, grader_only_lines, trim_lines, trim_output
from course.nbgrader_intake import INTAKE_MARK, resolve
from course.paths import MODULES_DIR, keys_dir
from nbgrader_course import solution_answers, with_answers

MODULE = "01-concurrent-writes"
NOTEBOOK = f"{MODULE}.ipynb"
RELEASE = nbformat.read(str(MODULES_DIR / MODULE / NOTEBOOK), as_version=4)


def _write(folder: Path, name: str, text: str | bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())


# ---------------------------------------------------------------- intake

@pytest.mark.parametrize("content, reason", [
    ('{"cells": [', "is not valid JSON"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
    ('{"cells": 3}', "is not a Jupyter notebook"),
    ("[]", "is not a Jupyter notebook"),
])
def test_an_unreadable_notebook_is_replaced_by_a_note(tmp_path, content, reason):
    _write(tmp_path, NOTEBOOK, content)
    intake = resolve(tmp_path, MODULE, [MODULE])
    assert reason in intake.problem and intake.graded_file == tmp_path / NOTEBOOK and intake.stand_in
    assert [c.cell_type for c in intake.nb.cells] == ["markdown"] and reason in intake.nb.cells[0].source
    assert not any("nbgrader" in c.metadata for c in intake.nb.cells)    # nothing to grade but what nbgrader restores
    assert (tmp_path / NOTEBOOK).read_bytes() == (content if isinstance(content, bytes) else content.encode())


def test_a_sole_misnamed_notebook_is_graded_in_place_of_the_missing_one(tmp_path):
    _write(tmp_path, "Untitled.ipynb", nbformat.writes(RELEASE))
    intake = resolve(tmp_path, MODULE, [MODULE])
    assert intake.graded_file == tmp_path / "Untitled.ipynb" and not intake.stand_in
    assert "submitted as 'Untitled.ipynb' instead of '01-concurrent-writes.ipynb'" in intake.problem
    assert len(intake.nb.cells) == len(RELEASE.cells) + 1 and "Note from the grader" in intake.nb.cells[0].source


@pytest.mark.parametrize("files, reason", [
    ([], "no notebook named '01-concurrent-writes.ipynb' in the submission"),
    (["a.ipynb", "b.ipynb"], "found 'a.ipynb', 'b.ipynb'"),
])
def test_no_guessing_between_several_notebooks_or_none(tmp_path, files, reason):
    for name in files:
        _write(tmp_path, name, nbformat.writes(RELEASE))
    tmp_path.mkdir(exist_ok=True)
    intake = resolve(tmp_path, MODULE, [MODULE])
    assert reason in intake.problem and intake.graded_file is None and intake.stand_in


def test_an_ordinary_submission_passes_through_and_cannot_flag_itself(tmp_path):
    nb = copy.deepcopy(RELEASE)
    nb.metadata[INTAKE_MARK] = {"problem": "forged"}
    _write(tmp_path, NOTEBOOK, nbformat.writes(nb))
    intake = resolve(tmp_path, MODULE, [MODULE])
    assert intake.problem is None and INTAKE_MARK not in intake.nb.metadata
    assert len(intake.nb.cells) == len(RELEASE.cells)


# ---------------------------------------------------------------- batch verdicts

def test_a_stored_verdict_is_used_only_for_the_very_same_answers(tmp_path):
    answered = with_answers(RELEASE, solution_answers(MODULE))
    store = BatchVerdicts(tmp_path / "store.sqlite3")
    verdicts = {"oversell_tests_score": Verdict("oversell_tests", 0.5, "half", {"caught": {"oversell": "test_a"}})}
    store.put(answered, MODULE, False, verdicts)
    assert store.get(copy.deepcopy(answered), MODULE, False) == verdicts
    assert store.get(answered, MODULE, True) is None                      # reveal changes the feedback
    assert store.get(RELEASE, MODULE, False) is None                      # other answers
    edited = with_answers(answered, {"oversell_fix": solution_answers(MODULE)["oversell_fix"] + "\n# changed\n"})
    assert notebook_key(edited, MODULE, False) != notebook_key(answered, MODULE, False)
    outputs_only = copy.deepcopy(answered)
    next(c for c in outputs_only.cells if c.cell_type == "code").outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="noise")]
    assert store.get(outputs_only, MODULE, False) == verdicts             # outputs are not answers


def test_the_key_covers_limits(tmp_path, monkeypatch):
    key = notebook_key(RELEASE, MODULE, False)
    monkeypatch.setenv("COURSE_JUDGE_CPU_SECONDS", "3")
    assert notebook_key(RELEASE, MODULE, False) != key


# ---------------------------------------------------------------- feedback trimmer

KEY_FILE = keys_dir() / MODULE / "oversell" / "key.py"


def test_grader_only_lines_hold_key_code_and_nothing_learners_see():
    lines = grader_only_lines(MODULE)
    assert 'Impl("chaff_oversell.py", flaw="oversell",' in lines
    release_text = " ".join(" ".join(c.source.split()) for c in RELEASE.cells)
    assert not [line for line in lines if line in release_text]


def test_a_traceback_into_the_keys_keeps_only_its_verdict():
    key_line = 'Impl("chaff_oversell.py", flaw="oversell",'
    lines = ["Traceback (most recent call last):",
             '  File "/home/me/notebook.py", line 3, in <module>', "    buy()",
             f'  File "{KEY_FILE}", line 41, in <module>', f"    {key_line}",
             '  File "/tmp/course-run-x1/test_answer.py", line 9, in test_hidden', "    assert shop.stock('lamp') == 1",
             "AssertionError: stock went negative"]
    out = trim_lines(lines, grader_only_lines(MODULE))
    assert out == ["Traceback (most recent call last):", '  File "/home/me/notebook.py", line 3, in <module>', "    buy()",
                   f"  {HIDDEN}", "AssertionError: stock went negative"]


def test_pytest_short_frames_and_quoted_key_lines_are_hidden_in_every_output_kind():
    key_line = 'Impl("chaff_oversell.py", flaw="oversell",'
    stream = nbformat.v4.new_output("stream", name="stdout", text=f"ok\ntest_answer.py:12: in test_x\n    secret()\nsee {key_line}\n")
    trim_output(stream, grader_only_lines(MODULE))
    assert stream["text"] == f"ok\n{HIDDEN}\n"
    result = nbformat.v4.new_output("execute_result", data={"text/plain": f"x = {key_line}"})
    trim_output(result, grader_only_lines(MODULE))
    assert result["data"]["text/plain"] == HIDDEN
    judge_text = "[judged outside your notebook] 2 / 4 points\n  caught: Two buyers can both pass the stock check"
    kept = nbformat.v4.new_output("stream", name="stdout", text=judge_text)
    trim_output(kept, grader_only_lines(MODULE))
    assert kept["text"] == judge_text


@pytest.mark.parametrize("workers, cores, each", [(2, 2, 1), (1, 2, 2), (4, 2, 1), (2, 8, 4), (3, 8, 2)])
def test_workers_share_the_cores_out_instead_of_oversubscribing(workers, cores, each):
    from course.cohort_autograde import worker_sandboxes
    assert worker_sandboxes(workers, cores) == each
