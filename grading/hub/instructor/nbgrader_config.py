"""An instructor's nbgrader settings on the hub: the course directory under their home (formgrader
needs it below the server's root) and the judge's configuration that every cohort uses.

The judge's configuration is loaded with the guard every cohort config uses (course/nbgrader/tools.py
LOAD_JUDGE_CONFIG): if it is missing or does not enable the judge, nbgrader stops instead of grading with
`Execute`. Nothing from `course` is imported before it: a failed import here would only be logged.
"""
import os.path

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)
judge_config = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                            "nbgrader_config.py")
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

from course.nbgrader.tools import COURSE_ID  # noqa: E402 (importable: the judge's configuration imported course)

c.CourseDirectory.root = os.path.expanduser(os.environ.get("COURSE_DIR", f"~/{COURSE_ID}"))
