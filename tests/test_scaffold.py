"""`python -m course new-scenario` makes a scenario a course author can finish, and the key check guides them.

Run into a temporary copy of the repository (the real one is never touched): the scaffold's files appear in
the three places, the module key check fails naming every placeholder until it is filled, and once the
placeholders are gone the scenario is sound: the key check passes and the scaffold's worked example grades
like a real scenario (the solution's answers earn every point against real sandboxed runs).
"""
from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import sys

import pytest

from course import paths

MODULE = "00-start-here"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of what the scaffold and the key check read and write: course/, solutions/, grading/."""
    root = tmp_path / "repo"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    bank_items = paths.PACKAGE_DIR / "practice" / "items"     # the practice bank's data: not needed here

    def ignore(folder: str, names: list[str]) -> set[str]:
        return set(skip(folder, names)) | ({"items"} if Path(folder).resolve() == bank_items.parent else set())

    for part in ("course", "solutions", "grading"):
        shutil.copytree(paths.REPO_ROOT / part, root / part, ignore=ignore)
    return root


def course_cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(repo), "COURSE_KEYS_DIR": str(repo / "grading" / "keys")}
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)


def fill_in(repo: Path, name: str) -> None:
    """What the author does last: every FILL IN line (and the notebook's note cell) deleted."""
    import nbformat
    for path in [*(repo / "course" / "scenarios" / name).rglob("*.py"), *(repo / "grading" / "keys" / MODULE / name).rglob("*.py"),
                 repo / "solutions" / MODULE / f"{name}.py"]:
        lines = path.read_text().splitlines(keepends=True)
        path.write_text("".join(line for line in lines if "FILL IN" not in line))
    (notebook,) = (repo / "solutions" / MODULE).glob("*.ipynb")
    nb = nbformat.read(str(notebook), as_version=4)
    nb.cells = [c for c in nb.cells if c.get("id") != f"{name}_scaffold_note"]
    for cell in nb.cells:
        cell.source = "\n".join(line for line in cell.source.splitlines() if "FILL IN" not in line)
    nbformat.write(nb, str(notebook))


def test_full_scenario_is_created_checked_and_grades_once_filled(repo: Path):
    made = course_cli(repo, "new-scenario", MODULE, "tipjar", "--kind", "full", "--title", "Average tip")
    assert made.returncode == 0, made.stderr
    expected = [repo / "solutions" / MODULE / "tipjar.py",
                *(repo / "course" / "scenarios" / "tipjar" / f for f in ("__init__.py", "fixtures.py", "assistant_tests.py")),
                *(repo / "grading" / "keys" / MODULE / "tipjar" / f for f in
                  ("key.py", "wheat_guarded.py", "wheat_integer.py", "chaff_empty_list.py", "fix.py", "test_fix_hidden.py"))]
    for path in expected:
        assert path.is_file() and f"wrote {path}" in made.stdout, path

    unfilled = course_cli(repo, "check-keys", MODULE)
    assert unfilled.returncode == 1
    report = unfilled.stdout
    assert "00-start-here: " in report and "problem(s)" in report
    for path in expected:
        assert f"{path.relative_to(repo)}:" in report, f"no placeholder reported in {path}"
    assert "still to fill in: FILL IN: the answer and score cells of scenario `tipjar`" in report
    assert "Traceback" not in unfilled.stdout + unfilled.stderr

    fill_in(repo, "tipjar")
    filled = course_cli(repo, "check-keys", MODULE)
    assert filled.returncode == 0 and filled.stdout.strip() == "00-start-here: ok", filled.stdout + filled.stderr

    # The worked example is a real scenario: the solution's answers earn every point, judged by the real judge.
    judged = subprocess.run(
        [sys.executable, "-c", (
            "import json, nbformat\n"
            "from course.judge.engine import judge_notebook\n"
            f"nb = nbformat.read({str(next((repo / 'solutions' / MODULE).glob('*.ipynb')))!r}, as_version=4)\n"
            f"v = judge_notebook(nb, {MODULE!r})\n"
            "print(json.dumps({k: x.fraction for k, x in v.items() if k.startswith('tipjar')}))\n")],
        cwd=repo, env={**os.environ, "PYTHONPATH": str(repo), "COURSE_KEYS_DIR": str(repo / "grading" / "keys")},
        capture_output=True, text=True, timeout=600)
    assert judged.returncode == 0, judged.stderr[-3000:]
    assert judged.stdout.strip().splitlines()[-1] == (
        '{"tipjar_tests_score": 1.0, "tipjar_findings_score": 1.0, "tipjar_fix_score": 1.0}'), judged.stdout


@pytest.mark.parametrize("kind, exercises", [("tests", ["tests"]), ("findings", ["findings"]), ("fix", ["fix"])])
def test_each_kind_creates_only_its_exercise(repo: Path, kind: str, exercises: list[str]):
    made = course_cli(repo, "new-scenario", MODULE, "tipjar", "--kind", kind)
    assert made.returncode == 0, made.stderr
    key = (repo / "grading" / "keys" / MODULE / "tipjar" / "key.py").read_text()
    for other in ("tests", "findings", "fix"):
        assert (f'id="tipjar_{other}"' in key) == (other in exercises), other
    fill_in(repo, "tipjar")
    title_left = course_cli(repo, "check-keys", MODULE)
    assert title_left.returncode == 0, title_left.stdout


def test_refuses_what_it_cannot_do_cleanly(repo: Path):
    taken = course_cli(repo, "new-scenario", MODULE, "warmup", "--kind", "tests")
    assert taken.returncode == 2 and "already there" in taken.stderr and "Traceback" not in taken.stderr
    assert "course/scenarios/warmup" in taken.stderr
    no_module = course_cli(repo, "new-scenario", "99-nowhere", "tipjar", "--kind", "tests")
    assert no_module.returncode == 2 and "solutions/99-nowhere/" in no_module.stderr
    bad_name = course_cli(repo, "new-scenario", MODULE, "Tip-Jar", "--kind", "tests")
    assert bad_name.returncode == 2 and "lowercase Python identifier" in bad_name.stderr
    for name, snippet in (("class", None), ("tipjär", None), ("tipjar", "../tipjar.py"), ("tipjar", "class.py")):
        refused = course_cli(repo, "new-scenario", MODULE, name, "--kind", "tests", *(["--snippet", snippet] if snippet else []))
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, (name, snippet, refused.stderr)
    assert not (repo / "course" / "scenarios" / "tipjar").exists() and not (repo / "solutions" / "tipjar.py").exists()
    assert not (repo / "course" / "scenarios" / "class").exists()
