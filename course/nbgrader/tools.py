"""Running real nbgrader commands on a course directory (build, tests, cohort tools share this).

nbgrader shells out to `alembic` from PATH when it opens a gradebook (handbook 10), so every call
puts this interpreter's bin/ folder first on PATH.
"""
from __future__ import annotations

import os
from pathlib import Path
import subprocess
import sys

from course.paths import GRADING_DIR

COURSE_ID = "review-ai-code"


def nbgrader_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("NBGRADER_EXECUTION", None)
    env.update(extra or {})
    return env


def write_course_config(course_dir: Path, extra_lines: str = "") -> Path:
    """An nbgrader_config.py for `course_dir` that loads the shipped grading/nbgrader_config.py."""
    course_dir.mkdir(parents=True, exist_ok=True)
    config = course_dir / "nbgrader_config.py"
    config.write_text(
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(GRADING_DIR / 'nbgrader_config.py')!r})  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(course_dir)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        + extra_lines
    )
    return config


def nbgrader(course_dir: Path, *args: str, check: bool = True, timeout: float = 600,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`nbgrader <args>` run in `course_dir` (where nbgrader reads its config), output captured."""
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course_dir, env=nbgrader_env(env),
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc
