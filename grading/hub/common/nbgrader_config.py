"""nbgrader settings every hub user shares: the course id and the exchange on the shared folder.

JupyterHub puts this folder on each server's JUPYTER_CONFIG_PATH (grading/jupyterhub_config.py).
"""
import os

from course.nbgrader.tools import COURSE_ID

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)
c.CourseDirectory.course_id = COURSE_ID
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
