"""Every module's key and its notebook agree, checked the same way for every module (new ones included).

One answer cell and one grade cell per exercise; the solution earns every point and the untouched
release earns none, judged directly (real sandboxed runs, no nbgrader; nbgrader is in test_autograde_e2e).
"""
from pathlib import Path

import nbformat
import pytest

from course.authoring.build import module_names
from course.authoring.keycheck import check_module
from course.judge.engine import judge_notebook
from course.judge.exercises import load_module_key
from course.paths import MODULES_DIR, SOLUTIONS_DIR
from nbgrader_course import check_source_notebook

MODULES = module_names()


def notebook(folder: Path, module: str):
    (path,) = (folder / module).glob("*.ipynb")
    return nbformat.read(str(path), as_version=4)


def nbgrader_cells(nb) -> list[tuple[dict, str]]:
    return [(c["metadata"]["nbgrader"], c["source"]) for c in nb.cells if "nbgrader" in c.get("metadata", {})]


@pytest.mark.parametrize("module", MODULES)
def test_module_key_check_is_clean(module):
    """`python -m course check-keys`: one answer and one grade cell per exercise, key files present, flaw lines
    inside the snippet, no scaffold placeholder left (course.authoring.keycheck)."""
    problems = check_module(module)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("module", MODULES)
def test_source_notebook_is_clean_nbgrader(module):
    check_source_notebook(notebook(SOLUTIONS_DIR, module), load_module_key(module))


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_solution_earns_every_point_and_the_untouched_release_none(module, monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")
    solved = judge_notebook(notebook(SOLUTIONS_DIR, module), module, cache=None)
    assert {gid: v.fraction for gid, v in solved.items()} == {gid: 1.0 for gid in solved}, \
        {gid: v.feedback for gid, v in solved.items() if v.fraction != 1.0}
    untouched = judge_notebook(notebook(MODULES_DIR, module), module, cache=None)
    assert sorted(untouched) == sorted(solved)
    assert {gid: v.fraction for gid, v in untouched.items()} == {gid: 0.0 for gid in untouched}


def test_every_taxonomy_category_is_graded_somewhere():
    """Across the course, each of the taxonomy's categories is named by some graded item (a keyed flaw of a findings
    exercise, or a chaff's category in a tests exercise)."""
    from course import taxonomy
    from course.judge.exercises import FindingsExercise, TestsExercise

    graded: dict[str, set[str]] = {}
    for module in MODULES:
        for ex in load_module_key(module).values():
            if isinstance(ex, FindingsExercise):
                categories = {c for flaw in ex.flaws for c in flaw.categories}
            elif isinstance(ex, TestsExercise):
                categories = {c for cs in ex.flaw_categories.values() for c in cs}
            else:
                continue
            for category in categories:
                graded.setdefault(category, set()).add(module)
    assert len(taxonomy.CATEGORIES) == 15
    assert sorted(set(taxonomy.BY_ID) - set(graded)) == [], graded
    assert set(graded) <= set(taxonomy.BY_ID)
