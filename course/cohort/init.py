"""`cohort init DIR`: a cohort course folder: its nbgrader_config.py (which loads grading/nbgrader_config.py,
so plain `nbgrader` and formgrader grade exactly as the cohort commands do), source/ copied from solutions/,
a SQLite gradebook with every module, an exchange folder, and the learners' nbgrader config.
"""
from __future__ import annotations

import os
from pathlib import Path
import shutil

from course.nbgrader.tools import COURSE_ID, nbgrader, write_course_config
from course.paths import SOLUTIONS_DIR

LEARNER_CONFIG = "learner_nbgrader_config.py"


def _modules_available() -> list[str]:
    from course.authoring.build import module_names
    return module_names()


def init(root: Path, *, exchange: Path | None = None, course_id: str = COURSE_ID,
         modules: list[str] | None = None) -> Path:
    """Create a cohort course folder. Refuses to touch a folder that already holds a course."""
    from course.cohort.state import CONFIG_FILE
    root = root.resolve()
    if (root / CONFIG_FILE).exists():
        raise SystemExit(f"{root} already has an {CONFIG_FILE}: nothing changed (use another folder for a new cohort)")
    known = _modules_available()
    modules = modules or known
    unknown = [m for m in modules if m not in known]
    if unknown:
        raise SystemExit(f"no such module: {', '.join(unknown)} (available: {', '.join(known)})")
    exchange = (exchange or root / "exchange").resolve()
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o777)                 # learners (their own OS users) submit into it
    write_course_config(root, f"c.CourseDirectory.course_id = {course_id!r}\nc.Exchange.root = {str(exchange)!r}\n")
    (root / LEARNER_CONFIG).write_text(
        "# Each learner's ~/.jupyter/nbgrader_config.py (or the folder they start Jupyter in)\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n")
    for module in modules:
        shutil.copytree(SOLUTIONS_DIR / module, root / "source" / module,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        nbgrader(root, "generate_assignment", module)    # the gradebook learns the module and its points
    return root
