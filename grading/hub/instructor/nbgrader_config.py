"""An instructor's nbgrader settings on the hub: the course directory under their home (formgrader
needs it below the server's root) and the judge's configuration that every cohort uses.
"""
import os

from course.nbgrader.tools import COURSE_ID
from course.paths import GRADING_DIR

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)
load_subconfig(str(GRADING_DIR / "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.root = os.path.expanduser(os.environ.get("COURSE_DIR", f"~/{COURSE_ID}"))
