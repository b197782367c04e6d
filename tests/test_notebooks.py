"""Notebooks run for real: solutions top to bottom under nbval, release notebooks under nbgrader validate."""
from pathlib import Path
import subprocess
import sys

import pytest

from course.authoring.build import module_names
from course.nbgrader.tools import nbgrader_env
from course.paths import MODULES_DIR, SOLUTIONS_DIR
from notebook_runs import run_top_to_bottom

MODULES = module_names()


def notebook(root: Path, module: str) -> Path:
    return next((root / module).glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_solution_notebook_runs_top_to_bottom(module, tmp_path):
    proc = run_top_to_bottom(notebook(SOLUTIONS_DIR, module), tmp_path,
                             {"COURSE_CATALOG": str(tmp_path / "catalog.csv"), "COURSE_JUDGE_CACHE": "off"})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout
    # the catalog step really wrote the learner's catalog
    assert (tmp_path / "catalog.csv").exists()


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_release_notebook_fails_validation_until_answered(module, tmp_path):
    """`nbgrader validate --invert` succeeds only if every grade cell fails on the untouched release."""
    env = nbgrader_env({"COURSE_CATALOG": str(tmp_path / "catalog.csv"), "COURSE_JUDGE_CACHE": "off",
                        "MPLBACKEND": "Agg"})
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "validate", "--invert",
                           str(notebook(MODULES_DIR, module))], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Success! The notebook does not pass any tests." in proc.stdout, proc.stdout[-3000:]


@pytest.mark.slow
def test_validate_says_what_is_missing_without_a_traceback(tmp_path):
    """Validate on an untouched release names each unanswered exercise in one line, no course internals."""
    module = MODULES[1]
    env = nbgrader_env({"COURSE_CATALOG": str(tmp_path / "catalog.csv"), "COURSE_JUDGE_CACHE": "off",
                        "MPLBACKEND": "Agg"})
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(notebook(MODULES_DIR, module))],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert "VALIDATION FAILED" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "NotYet: 'oversell_tests' is not answered yet" in proc.stdout
    assert "Traceback" not in proc.stdout and "course/notebook.py" not in proc.stdout, proc.stdout[-3000:]
