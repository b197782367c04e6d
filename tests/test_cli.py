"""`python -m course check NOTEBOOK`: the same judge on a saved notebook, feedback per exercise, a total."""
import shutil
import subprocess
import sys

import nbformat
import pytest

from course.paths import MODULES_DIR
from nbgrader_course import solution_answers, with_answers

MODULE = "00-start-here"


def check(path, *args, env=None):
    return subprocess.run([sys.executable, "-m", "course", "check", str(path), *args], capture_output=True,
                          text=True, timeout=300,
                          env={**__import__("os").environ, "COURSE_JUDGE_CACHE": "off", **(env or {})})


@pytest.fixture
def learner_copy(tmp_path):
    folder = tmp_path / MODULE
    shutil.copytree(MODULES_DIR / MODULE, folder)
    return folder / f"{MODULE}.ipynb"


def test_check_answered_notebook(learner_copy):
    nb = nbformat.read(str(learner_copy), as_version=4)
    nbformat.write(with_answers(nb, solution_answers(MODULE)), str(learner_copy))
    proc = check(learner_copy)
    assert proc.returncode == 0, proc.stderr
    assert "Total: 6 / 6 points (00-start-here)" in proc.stdout
    assert "== warmup_findings: 2 / 2" in proc.stdout


def test_check_untouched_notebook_says_unanswered(learner_copy):
    proc = check(learner_copy)
    assert proc.returncode == 0, proc.stderr
    assert "still unanswered in the saved file: warmup_tests, warmup_findings, warmup_fix" in proc.stdout
    assert "Total: 0 / 6 points" in proc.stdout


def test_reveal_shows_missed_flaw_locations(learner_copy):
    nb = nbformat.read(str(learner_copy), as_version=4)
    answers = {"warmup_findings": '%%findings warmup\n[{"lines": 13, "category": "edge-case", "why": "empty day"}]'}
    nbformat.write(with_answers(nb, answers), str(learner_copy))
    assert "missed: lines 11-12" not in check(learner_copy).stdout
    assert "missed: lines 11-12" in check(learner_copy, "--reveal").stdout


def test_unreadable_notebook_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{not json")
    proc = check(bad)
    assert proc.returncode == 2 and "Cannot read" in proc.stderr


@pytest.mark.parametrize("name, value", [("COURSE_JUDGE_SANDBOXES", "0"), ("COURSE_JUDGE_CPU_SECONDS", "ten")])
def test_a_misconfigured_judge_is_an_error_not_zero_points(learner_copy, name, value):
    """The same up-front check as the grader's Judge: no '0 / 6' computed under a broken setting."""
    proc = check(learner_copy, env={name: value})
    assert proc.returncode == 2 and f"Cannot check: {name} must be" in proc.stderr
    assert "Total" not in proc.stdout


def test_notebook_check_is_course_check_on_this_notebooks_saved_file(learner_copy, monkeypatch, capsys):
    """check() in a notebook grades the file its kernel belongs to (JPY_SESSION_NAME) through the same code
    as `python -m course check`: the same report, line for line."""
    from course.notebook import check as notebook_check
    nb = nbformat.read(str(learner_copy), as_version=4)
    nbformat.write(with_answers(nb, solution_answers(MODULE)), str(learner_copy))
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")
    monkeypatch.setenv("JPY_SESSION_NAME", str(learner_copy))
    notebook_check()
    in_notebook = capsys.readouterr().out
    assert "Total: 6 / 6 points (00-start-here)" in in_notebook
    assert in_notebook.strip() == check(learner_copy).stdout.strip()


def test_notebook_check_without_a_notebook_file_says_so(monkeypatch, capsys):
    from course.notebook import check as notebook_check
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    notebook_check()
    assert "Which notebook?" in capsys.readouterr().out
