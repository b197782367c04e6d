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


JUDGE_CONFIG = GRADING_DIR / "nbgrader_config.py"


# Loads the judge's configuration from `judge_config` (set on the line before) or stops nbgrader.
# Why: traitlets' `load_subconfig` silently skips a file that is not there, and an exception raised in a config
# file is only logged; either way nbgrader falls back to `Execute` and runs the learners' notebooks unsandboxed
# (measured with nbgrader 0.9.6: exit 0, grades recorded). SystemExit is the one error it does not swallow, so
# a missing file, one that fails to load, or one that does not enable the judge stops every nbgrader command
# with a message naming the file. Plain Python, no course import (the course may be what is missing): every
# config that loads the judge uses these very lines (the README's by-hand config and the hub's; a test checks).
LOAD_JUDGE_CONFIG = """\
try:  # grade with the course judge or not at all (SystemExit: the one error nbgrader does not swallow)
    if not os.path.isfile(judge_config):
        raise FileNotFoundError("no such file (was the repository moved?)")
    load_subconfig(judge_config)
    preprocessors = [f"{p.__module__}.{p.__qualname__}" if isinstance(p, type) else str(p)
                     for p in c.Autograde.get("autograde_preprocessors", [])]
    if c.Judge.get("enabled") is not True or "course.nbgrader.judge.Judge" not in preprocessors:
        raise ValueError("it does not enable the course judge (c.Judge.enabled = True and "
                         "course.nbgrader.judge.Judge in c.Autograde.autograde_preprocessors)")
except Exception as exc:
    raise SystemExit(f"{__file__}: cannot use the course judge's configuration {judge_config}: {exc}. "
                     "nbgrader stopped: nothing is graded without the judge.") from None
"""


def write_course_config(course_dir: Path, extra_lines: str = "", *, judge_config: Path = JUDGE_CONFIG) -> Path:
    """An nbgrader_config.py for `course_dir` that loads the shipped grading/nbgrader_config.py
    (`judge_config`; tests point it elsewhere) and stops nbgrader if that fails (LOAD_JUDGE_CONFIG)."""
    course_dir.mkdir(parents=True, exist_ok=True)
    config = course_dir / "nbgrader_config.py"
    config.write_text(
        "c = get_config()  # noqa: F821\n"
        + "import os.path\n"
        + f"judge_config = {str(judge_config)!r}\n"
        + LOAD_JUDGE_CONFIG
        + f"c.CourseDirectory.root = {str(course_dir)!r}\n"
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
