"""`cohort export`: the gradebook as CSV (nbgrader export)."""
from __future__ import annotations

from pathlib import Path

from course.nbgrader.tools import nbgrader


def export(root: Path, to: Path | None = None) -> Path:
    """Write the grades CSV (default COURSE/grades.csv) and return its path."""
    target = (to or root / "grades.csv").resolve()
    nbgrader(root, "export", f"--to={target}")
    return target
