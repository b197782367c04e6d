"""Shared, expensive fixtures: built once per test session, only when a test asks for them."""
from __future__ import annotations

import pytest

from course.nbgrader.tools import nbgrader
from nbgrader_course import make_course, scores
from submission_corpus import ALL, MODULE, plant_submission

# judged runs stop at 4 s of CPU instead of 10: the endless loops in the corpus cost less (both graders use it)
JUDGE_ENV = {"COURSE_JUDGE_CPU_SECONDS": "4"}


@pytest.fixture(scope="session")
def plain_batch(tmp_path_factory):
    """The whole submission corpus (tests/submission_corpus.py), autograded ONCE by plain `nbgrader autograde`
    with the shipped config, its feedback generated and its grades exported, as formgrader would."""
    course = make_course(tmp_path_factory.mktemp("plain"), [MODULE])
    for submission in ALL:
        plant_submission(course, submission)
    autograde = nbgrader(course, "autograde", MODULE, check=False, env=JUDGE_ENV)
    feedback = nbgrader(course, "generate_feedback", MODULE, check=False)
    export = nbgrader(course, "export", f"--to={course / 'grades.csv'}", check=False)
    return {"course": course, "scores": scores(course, MODULE), "autograde": autograde, "feedback": feedback,
            "export": export}
