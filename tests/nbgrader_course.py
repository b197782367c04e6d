"""Test harness: a real nbgrader course directory using the shipped grading/nbgrader_config.py."""
from __future__ import annotations

from pathlib import Path
import re
import shutil

import nbformat

from course.nbgrader.tools import nbgrader, write_course_config
from course.paths import SOLUTIONS_DIR

_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)


def make_course(root: Path, modules: list[str], extra_config: str = "") -> Path:
    """A course directory with the modules' source copied in and their assignments generated."""
    write_course_config(root, extra_config)
    for module in modules:
        shutil.copytree(SOLUTIONS_DIR / module, root / "source" / module,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        nbgrader(root, "generate_assignment", module, "--force")
    return root


def solution_answers(module: str) -> dict[str, str]:
    """Every answer cell of the module's source notebook, as a learner who wrote the solution would have it."""
    nb = nbformat.read(str(next((SOLUTIONS_DIR / module).glob("*.ipynb"))), as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: _MARKERS.sub("", c.source) for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def release_notebook(course: Path, module: str):
    return nbformat.read(str(next((course / "release" / module).glob("*.ipynb"))), as_version=4)


def with_answers(nb, answers: dict[str, str]):
    """A copy of nb with the named answer cells' sources replaced."""
    nb = nbformat.from_dict(nbformat.v4.upgrade(nb) if hasattr(nbformat.v4, "upgrade") else nb)
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def plant(course: Path, student: str, module: str, nb=None, *, raw: str | None = None, name: str | None = None) -> Path:
    """Put a submission where `nbgrader collect` would: submitted/<student>/<module>/<notebook>."""
    folder = course / "submitted" / student / module
    folder.mkdir(parents=True, exist_ok=True)
    nb_name = name or next((course / "release" / module).glob("*.ipynb")).name
    # the release's other files (the assistant's code) come along, as with a real fetch/submit
    for extra in (course / "release" / module).iterdir():
        if extra.suffix != ".ipynb" and extra.is_file():
            shutil.copy(extra, folder / extra.name)
    path = folder / nb_name
    if raw is not None:
        path.write_text(raw)
    else:
        nbformat.write(nb, str(path))
    (folder / "timestamp.txt").write_text("2026-11-25 12:00:00.000000 UTC")
    return path


def scores(course: Path, module: str) -> dict[str, dict[str, float | None]]:
    """{student: {grade cell id: auto score}} straight from the SQLite gradebook."""
    from nbgrader.api import Gradebook
    out: dict[str, dict[str, float | None]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assignment = gb.find_assignment(module)
        for submission in assignment.submissions:
            cells: dict[str, float | None] = {}
            for nb in submission.notebooks:
                for grade in nb.grades:
                    cells[grade.name] = grade.auto_score
            out[submission.student.id] = cells
    return out


def check_source_notebook(nb, key: dict) -> dict[str, float | None]:
    """Assert the nbgrader source notebook is clean: valid, unique ids, no outputs, every grade cell a
    locked `score("<id>")`, every answer cell unlocked and keyed, everything else locked.
    Returns {grade cell id: points}."""
    nbformat.validate(nb)
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids))
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    assert len(grade_ids) == len(set(grade_ids))
    for c in nb.cells:
        meta = c.metadata["nbgrader"]
        assert c.get("outputs", []) == [], c.id
        if meta["grade"]:
            assert meta["locked"] and c.source == f'score("{meta["grade_id"][:-len("_score")]}")', c.id
        elif meta["solution"]:
            assert not meta["locked"] and meta["grade_id"] in key, c.id
        else:
            assert meta["locked"], c.id
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points")
            for c in nb.cells if c.metadata["nbgrader"]["grade"]}


def assert_graded_once(course: Path, students) -> None:
    """The gradebook holds exactly one submission per student and no grade cell recorded twice."""
    import sqlite3
    db = sqlite3.connect(course / "gradebook.db")
    try:
        submissions = db.execute("SELECT student_id, COUNT(*) FROM submitted_assignment GROUP BY student_id").fetchall()
        grades = db.execute("SELECT COUNT(*) FROM grade GROUP BY notebook_id, cell_id HAVING COUNT(*) > 1").fetchall()
    finally:
        db.close()
    assert dict(submissions) == {name: 1 for name in students}
    assert grades == []
