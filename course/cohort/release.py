"""`cohort release M`: nbgrader generate_assignment (when needed) and release_assignment."""
from __future__ import annotations

from pathlib import Path

from course.nbgrader.tools import nbgrader


def release(root: Path, module: str, *, regenerate: bool = False, force: bool = False) -> None:
    """generate_assignment (when the module has no release version yet, or asked to) and release_assignment."""
    if regenerate or not (root / "release" / module).is_dir():
        nbgrader(root, "generate_assignment", module, *(["--force"] if regenerate else []))
    nbgrader(root, "release_assignment", module, *(["--force"] if force else []))
