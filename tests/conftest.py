"""Shared, expensive fixtures: built once per test session, only when a test asks for them."""
from __future__ import annotations

import functools
from pathlib import Path

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


@pytest.fixture(scope="session")
def hostile_batch(tmp_path_factory):
    """Issue 13's hostile corpus (tests/hostile_corpus.py) with ordinary controls, autograded ONCE by plain
    `nbgrader autograde` with the shipped config, its feedback generated. TMPDIR is a folder outside /tmp, as
    on a grading machine whose /tmp is small: runs' folders are then not under the sandbox's private /tmp."""
    import os
    import shutil
    import tempfile
    import time

    from hostile_corpus import ALL13

    course = make_course(tmp_path_factory.mktemp("hostile"), [MODULE])
    for submission in ALL13:
        plant_submission(course, submission)
    runs = Path(tempfile.mkdtemp(prefix="course-hostile-", dir="/var/tmp"))
    try:
        start = time.monotonic()
        autograde = nbgrader(course, "autograde", MODULE, check=False, timeout=1500,
                            env={**JUDGE_ENV, "TMPDIR": str(runs)})
        seconds = time.monotonic() - start
        feedback = nbgrader(course, "generate_feedback", MODULE, check=False)
        # the judge's private parent (course.judge.sandbox.new_run_folder) stays, empty; no run folder may
        left = sorted(str(p.relative_to(runs)) for p in runs.rglob("*") if p.name != f"course-runs-{os.geteuid()}")
    finally:
        shutil.rmtree(runs, ignore_errors=True)
    print(f"\n[benchmark] hostile batch: {len(ALL13)} submissions autograded in {seconds:.0f} s")
    return {"course": course, "scores": scores(course, MODULE), "autograde": autograde, "feedback": feedback,
            "runs_left": left}


@pytest.fixture(scope="session")
def module_batch(tmp_path_factory):
    """module -> its batch of tests/module_corpus.py (modules 06-08), autograded ONCE per module by plain
    `nbgrader autograde` with the shipped config, its feedback generated and its grades exported; a batch is built
    the first time a test asks for its module."""
    import time

    from module_corpus import BATCHES

    done: dict[str, dict] = {}

    def batch(module: str) -> dict:
        if module not in done:
            course = make_course(tmp_path_factory.mktemp(module[:2]), [module])
            for submission in BATCHES[module]:
                plant_submission(course, submission, module)
            start = time.monotonic()
            autograde = nbgrader(course, "autograde", module, check=False, timeout=1500, env=JUDGE_ENV)
            seconds = time.monotonic() - start
            feedback = nbgrader(course, "generate_feedback", module, check=False)
            export = nbgrader(course, "export", f"--to={course / 'grades.csv'}", check=False)
            print(f"\n[benchmark] module {module}: {len(BATCHES[module])} submissions autograded in {seconds:.0f} s")
            done[module] = {"course": course, "scores": scores(course, module), "autograde": autograde,
                            "feedback": feedback, "export": export, "seconds": seconds}
        return done[module]

    return batch


def ipython_shell():
    """The one IPython shell of this test session (IPython allows one shell singleton per process: a second kind,
    such as a plain InteractiveShell.instance(), would make every later start_ipython() fail)."""
    from IPython.testing.globalipapp import get_ipython, start_ipython
    return start_ipython() or get_ipython()


# Session batches that several test files share: built once per test process, so under pytest-xdist all the files
# that ask for one run in the same worker.
SHARED_BATCHES = ("plain_batch", "hostile_batch", "module_batch")


@functools.lru_cache(maxsize=None)
def _scope_of(root: str, file: str) -> str:
    """The unit of work a test file belongs to: the first shared batch its text names, else the file itself."""
    text = (Path(root) / file).read_text()
    return next((batch for batch in SHARED_BATCHES if batch in text), file)


def pytest_xdist_make_scheduler(config, log):
    """How `make test`'s two workers split the suite: one unit per file, so a file's tests run in order in one worker
    and its module-scoped servers (a lab, a hub, a cluster) start once, with the files that share a session batch
    joined into one unit. (pytest-xdist's own loadgroup did not group anything here: measured, 3.8.0.)"""
    from xdist.scheduler import LoadFileScheduling

    class ByFileAndBatch(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope_of(str(config.rootpath), nodeid.split("::", 1)[0])

    return ByFileAndBatch(config, log)
