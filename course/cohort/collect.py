"""`cohort collect M`: nbgrader collect, then which submissions will need a person (and why)."""
from __future__ import annotations

from pathlib import Path

from course.nbgrader.tools import nbgrader


def collect(root: Path, module: str, *, update: bool = False) -> list[str]:
    """`nbgrader collect`; returns one line per submission that will need a person."""
    from course.cohort.state import Cohort
    from course.nbgrader.intake import expected_notebooks, resolve
    nbgrader(root, "collect", module, *(["--update"] if update else []))
    cohort = Cohort.open(root)
    expected = expected_notebooks(cohort.db_url, module)
    notes = []
    for student in cohort.submitters(module):
        folder = cohort.folder("submitted", student, module)
        if not list(folder.glob("*.ipynb")):
            notes.append(f"needs attention: {student}: no notebook in the submission (nbgrader skips it)")
            continue
        for name in expected:
            problem = resolve(folder, name, expected).problem
            if problem:
                notes.append(f"needs attention: {student}: {problem}")
    return notes
