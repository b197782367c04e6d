"""A cohort config that does not load the judge stops nbgrader; it never grades with `Execute`.

Measured with nbgrader 0.9.6: `load_subconfig` of a missing file does nothing, and an exception raised in a
config file is only logged; either way `nbgrader autograde` ran the learners' notebooks unsandboxed (nbgrader's
Execute) and exited 0. Every config that loads the judge (what `cohort init` writes, the README's by-hand one,
the hub instructors') uses course.nbgrader.tools.LOAD_JUDGE_CONFIG, which stops nbgrader with a SystemExit
naming the file instead. Here with real `nbgrader autograde`: a planted submission whose answer cell writes a
marker file if executed, and configs that point at a missing file, at a config that does not enable the judge,
and at one that fails to import.
"""
from __future__ import annotations

from pathlib import Path
import shutil
import subprocess
import textwrap

import pytest
from traitlets.config.loader import PyFileConfigLoader

from course.nbgrader.tools import LOAD_JUDGE_CONFIG, nbgrader, write_course_config
from course.paths import GRADING_DIR, REPO_ROOT
from nbgrader_course import make_course, plant, release_notebook, scores

MODULE = "00-start-here"
STOPPED = "nbgrader stopped: nothing is graded without the judge"


def test_every_config_that_loads_the_judge_uses_the_guard(tmp_path):
    readme = (REPO_ROOT / "README.md").read_text()
    assert textwrap.indent(LOAD_JUDGE_CONFIG, "  ") in readme
    assert LOAD_JUDGE_CONFIG in (GRADING_DIR / "hub" / "instructor" / "nbgrader_config.py").read_text()
    assert LOAD_JUDGE_CONFIG in write_course_config(tmp_path).read_text()
    # and nothing else in the repository calls load_subconfig without it
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout
    for rel in tracked.split():
        path = REPO_ROOT / rel
        if path.suffix not in {".py", ".md"} or rel.startswith("tests/") or not path.is_file():
            continue
        text = path.read_text()
        calls = [line for line in text.splitlines() if line.strip().startswith("load_subconfig(")]
        assert not calls or LOAD_JUDGE_CONFIG.strip() in text or textwrap.indent(LOAD_JUDGE_CONFIG, "  ") in text, rel


def _load(config: Path):
    return PyFileConfigLoader(config.name, path=str(config.parent)).load_config()


def test_the_hub_instructor_config_loads_the_judge_or_stops(tmp_path):
    config = _load(GRADING_DIR / "hub" / "instructor" / "nbgrader_config.py")
    assert config.Judge.enabled is True
    moved = tmp_path / "grading" / "hub" / "instructor" / "nbgrader_config.py"
    moved.parent.mkdir(parents=True)
    shutil.copy(GRADING_DIR / "hub" / "instructor" / "nbgrader_config.py", moved)
    with pytest.raises(SystemExit, match=f"{tmp_path / 'grading' / 'nbgrader_config.py'}: no such file"):
        _load(moved)


def test_a_cohort_command_on_a_cohort_whose_judge_config_moved_stops(tmp_path):
    from course.cohort.state import load_config
    missing = tmp_path / "moved" / "nbgrader_config.py"
    write_course_config(tmp_path, judge_config=missing)
    with pytest.raises(SystemExit, match=f"cannot use the course judge's configuration {missing}: no such file"):
        load_config(tmp_path)


def _planted_course(root: Path) -> tuple[Path, Path]:
    """A course with one submission whose answer cell, if it were ever executed, writes a marker file."""
    course = make_course(root, [MODULE])
    marker = course / "EXECUTED.txt"
    nb = release_notebook(course, MODULE)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"))
    cell.source = f"open({str(marker)!r}, 'w').write('the learner notebook ran')\n" + cell.source
    plant(course, "learner", MODULE, nb)
    return course, marker


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, Path]:
    return _planted_course(tmp_path_factory.mktemp("guard"))


@pytest.mark.slow
@pytest.mark.parametrize("case", ["missing", "not the judge", "fails to import"])
def test_autograde_with_a_cohort_config_that_does_not_load_the_judge_stops(planted, tmp_path, case):
    course, marker = planted
    judge_config = tmp_path / "grading" / "nbgrader_config.py"
    if case != "missing":
        judge_config.parent.mkdir(parents=True)
        judge_config.write_text("c = get_config()\nc.Autograde.autograde_preprocessors = []\n" if case == "not the judge"
                                else "import course_not_here\n")
    why = {"missing": "no such file (was the repository moved?)", "not the judge": "it does not enable the course judge",
           "fails to import": "No module named 'course_not_here'"}[case]
    write_course_config(course, judge_config=judge_config)
    try:
        run = nbgrader(course, "autograde", MODULE, "--force", check=False)
    finally:
        write_course_config(course)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output[-2000:]
    assert f"cannot use the course judge's configuration {judge_config}: {why}" in output, output[-2000:]
    assert STOPPED in output
    assert not marker.exists()
    assert scores(course, MODULE) == {}
    assert not (course / "autograded").exists()


@pytest.mark.slow
def test_without_the_guard_nbgrader_runs_the_learner_notebook(tmp_path):
    """Why the guard exists (and proof the planted marker works): plain load_subconfig of a moved file."""
    course, marker = _planted_course(tmp_path / "course")
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nload_subconfig({str(tmp_path / 'moved' / 'nbgrader_config.py')!r})\n")
    run = nbgrader(course, "autograde", MODULE, check=False)
    assert run.returncode == 0 and marker.exists(), (run.stdout + run.stderr)[-2000:]
