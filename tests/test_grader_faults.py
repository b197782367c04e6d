"""A fault on the grader's side of a run is "not graded: grader error, tell your instructor", never the learner's failure.

Measured before: with the course runtime not importable in the sandbox, a learner's correct tests scored 0 with
"Your tests could not run on a correct implementation". The recorder now writes a nonce-tagged "ready" record
once it and the scenario's fixtures plugin are loaded (before any learner code is imported); a run without it
is a grader fault (course.judge.testrun SuiteResult.grader_fault), the exercise gets 0 with that message, and
nbgrader flags its grade "needs manual grading". Faults are made deterministic by hiding part of the runtime
from the sandbox (COURSE_SANDBOX_HIDE). A learner's own broken test file stays the learner's.
"""
from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

from course import paths
from course.judge.engine import judge_answer
from course.judge.exercises import load_module_key
from course.judge.scoring import output_text
from course.nbgrader.tools import nbgrader, nbgrader_env
from nbgrader_course import make_course, plant, release_notebook, scores, solution_answers, with_answers

MODULE = "00-start-here"
NOT_GRADED = "Not graded: grader error ("
TELL = "Please tell your instructor: this is not a problem with your answer."
RUNS = ("warmup_tests", "warmup_fix")        # the exercises judged by sandboxed runs (findings are not)
HIDE = {"the recorder is missing": "course/sandboxed", "the fixtures plugin cannot be imported": "course/scenarios/warmup"}


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")


@pytest.mark.parametrize("fault", sorted(HIDE))
def test_a_grader_fault_in_a_run_is_not_graded_and_says_so(monkeypatch, fault):
    monkeypatch.setenv("COURSE_SANDBOX_HIDE", str(paths.REPO_ROOT / HIDE[fault]))
    answers, exercises = solution_answers(MODULE), load_module_key(MODULE)
    for exercise_id in RUNS:
        verdict = judge_answer(exercises[exercise_id], answers[exercise_id], cache=None)
        assert verdict.fraction == 0.0
        assert verdict.feedback.startswith(NOT_GRADED + "the grader's test runner did not start") and TELL in verdict.feedback
        assert "internal_error" in verdict.details
        assert "Your tests could not run" not in verdict.feedback


@pytest.mark.parametrize("tests, says", [
    ("def test_x(sales:\n    pass\n", "Your tests do not compile (line 1)"),
    ("raise ValueError('my helper broke')\n\ndef test_x(sales):\n    assert sales\n",
     # in the judge's words: the run's own output is not shown (it ran beside a correct version, PROTOCOL.md)
     "Your tests could not run on a correct implementation: the tests could not be collected (an error while "
     "importing them or the code they test)."),
])
def test_a_learners_broken_test_file_is_still_the_learners(tests, says):
    verdict = judge_answer(load_module_key(MODULE)["warmup_tests"], tests, cache=None)
    assert verdict.fraction == 0.0 and says in verdict.feedback, verdict.feedback
    assert "internal_error" not in verdict.details and "grader error" not in verdict.feedback


@pytest.mark.slow
def test_autograde_and_check_report_a_grader_fault_and_flag_it(tmp_path):
    course = make_course(tmp_path / "course", [MODULE])
    submitted = plant(course, "learner", MODULE, with_answers(release_notebook(course, MODULE), solution_answers(MODULE)))
    env = {"COURSE_SANDBOX_HIDE": str(paths.REPO_ROOT / "course" / "sandboxed"), "COURSE_JUDGE_CACHE": "off"}
    run = nbgrader(course, "autograde", MODULE, check=False, env=env)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert "Not graded (grader error): warmup_tests_score" in run.stdout + run.stderr
    graded = scores(course, MODULE)["learner"]
    assert graded["warmup_tests_score"] == 0 and graded["warmup_fix_score"] == 0 and graded["warmup_findings_score"] > 0
    nb = nbformat.read(str(course / "autograded" / "learner" / MODULE / submitted.name), as_version=4)
    feedback = {c.metadata["nbgrader"]["grade_id"]: "".join(output_text(o) for o in c.outputs)
                for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    for exercise_id in RUNS:
        assert NOT_GRADED in feedback[f"{exercise_id}_score"] and TELL in feedback[f"{exercise_id}_score"]
    assert "grader error" not in feedback["warmup_findings_score"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        flagged = {g.name: g.needs_manual_grade
                   for g in gb.find_submission_notebook(submitted.stem, MODULE, "learner").grades}
    assert flagged == {"warmup_tests_score": True, "warmup_fix_score": True, "warmup_findings_score": False}

    check = subprocess.run([sys.executable, "-m", "course", "check", str(submitted)], capture_output=True, text=True,
                           env=nbgrader_env({**env, "PYTHONPATH": str(paths.REPO_ROOT)}), timeout=600)
    for exercise_id in RUNS:
        section = check.stdout.split(f"== {exercise_id}: ")[1].split("\n== ")[0]
        assert section.startswith("0 / ") and NOT_GRADED in section and TELL in section, check.stdout[-3000:]

    # the instructor fixes the grader and grades again: the fault was not kept anywhere
    again = nbgrader(course, "autograde", MODULE, "--force", check=False, env={"COURSE_JUDGE_CACHE": "off"})
    assert again.returncode == 0, (again.stdout + again.stderr)[-3000:]
    assert all(score > 0 for score in scores(course, MODULE)["learner"].values())
