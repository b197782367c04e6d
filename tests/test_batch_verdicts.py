"""course.judge.batch_verdicts: a verdict judged ahead of nbgrader's pass is used only for the very same answers."""
from __future__ import annotations

import copy

import nbformat

from course.judge.batch_verdicts import BatchVerdicts, notebook_key
from course.judge.engine import Verdict
from course.paths import MODULES_DIR
from nbgrader_course import solution_answers, with_answers

MODULE = "01-concurrent-writes"
NOTEBOOK = f"{MODULE}.ipynb"
RELEASE = nbformat.read(str(MODULES_DIR / MODULE / NOTEBOOK), as_version=4)


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
