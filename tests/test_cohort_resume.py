"""A batch killed midway and run again resumes: every learner graded exactly once, no grade lost.

The kill is triggered by what the run has done, not by a timer: `cohort autograde` is killed once the nbgrader
pass's log shows it recording the third learner; plain nbgrader is interrupted while it is blocked reading the
third learner's notebook (a FIFO), so the Ctrl-C lands inside a submission every time. Cheap
answers (findings only, judged without sandboxed runs) keep the batch short.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path
import shutil
import signal
import subprocess
import sys
import time

import pytest

from course.cohort.state import Cohort, submission_states
from course.nbgrader.tools import nbgrader, nbgrader_env, write_course_config
from nbgrader_course import assert_graded_once, make_course, plant, release_notebook, scores, with_answers
from submission_corpus import MODULE, SOL, ZERO

pytestmark = pytest.mark.slow
OVERSELL = {"oversell_findings": SOL["oversell_findings"]}
BOTH = {**OVERSELL, "webhook_findings": SOL["webhook_findings"]}
LEARNERS = {f"learner{i}": (BOTH if i % 2 else OVERSELL) for i in range(7)}
EXPECTED = {name: {**ZERO, "oversell_findings_score": 3.0, **({"webhook_findings_score": 3.0} if answers is BOTH else {})}
            for name, answers in LEARNERS.items()}
STARTED = "Creating/updating student with ID"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    course = make_course(tmp_path_factory.mktemp("template") / "course", [MODULE])
    release = release_notebook(course, MODULE)
    for name, answers in LEARNERS.items():
        plant(course, name, MODULE, with_answers(release, answers))
    return course


@pytest.fixture
def course(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the planted course (its config names its own folder)."""
    course = tmp_path / "course"
    shutil.copytree(template, course)
    write_course_config(course)
    return course


def _wait_for(read, count: int, proc: subprocess.Popen, timeout: float = 600) -> None:
    """Until `read()` shows the pass starting its `count`-th learner (the run must still be going)."""
    deadline = time.monotonic() + timeout
    while read().count(STARTED) < count:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "the run never reached the trigger"
        time.sleep(0.005)


def test_cohort_autograde_killed_midway_resumes(course: Path):
    command = [sys.executable, "-m", "course", "cohort", "autograde", MODULE, "--no-progress"]
    proc = subprocess.Popen(command, cwd=course, env=nbgrader_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    logs = course / ".cohort" / "logs"
    _wait_for(lambda: "".join(p.read_text() for p in logs.glob("*.log")) if logs.exists() else "", 3, proc)
    os.killpg(proc.pid, signal.SIGKILL)          # the whole run: the command, its workers, nbgrader
    proc.wait()
    graded = [s.student for s in submission_states(Cohort.open(course), MODULE) if s.graded]
    assert 2 <= len(graded) < len(LEARNERS), graded

    rerun = subprocess.run(command, cwd=course, env=nbgrader_env(), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"{len(LEARNERS) - len(graded)} graded" in rerun.stdout and f"{len(graded)} already graded" in rerun.stdout
    assert scores(course, MODULE) == EXPECTED
    assert_graded_once(course, LEARNERS)


def _block_on_notebook(course: Path, student: str) -> tuple[Path, bytes]:
    """Put a FIFO where `student`'s submitted notebook was: whoever reads it waits until we write it back."""
    (notebook,) = (course / "submitted" / student / MODULE).glob("*.ipynb")
    content = notebook.read_bytes()
    notebook.unlink()
    os.mkfifo(notebook)
    return notebook, content


def _wait_for_reader(fifo: Path, proc: subprocess.Popen, timeout: float = 600) -> int:
    """Until some process holds `fifo` open for reading (a non-blocking open for writing succeeds only then).

    No timing is involved: the open fails with ENXIO exactly as long as nobody reads, so this returns at the
    moment nbgrader reached that submission, with the run blocked there until we write."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
        assert proc.poll() is None, "the run ended before it reached the blocked submission"
        assert time.monotonic() < deadline, "the run never reached the blocked submission"
        time.sleep(0.005)


def test_plain_nbgrader_interrupted_with_ctrl_c_resumes(course: Path):
    """formgrader and hand-run `nbgrader autograde` use the shipped config: Ctrl-C midway, then run it again.

    nbgrader grades submissions one at a time in sorted order. The third learner's notebook is a FIFO, so the
    run stops, observably, inside that submission: the first two are done, the rest not started. Ctrl-C lands
    there every time, however busy the machine."""
    order = sorted(LEARNERS)
    fifo, content = _block_on_notebook(course, order[2])
    proc = subprocess.Popen([sys.executable, "-m", "nbgrader", "autograde", MODULE], cwd=course, env=nbgrader_env(),
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    writer = _wait_for_reader(fifo, proc)
    try:
        os.killpg(proc.pid, signal.SIGINT)
        log = proc.stderr.read()
        proc.wait(timeout=600)
    finally:
        os.close(writer)
    assert "Canceled" in log, log[-2000:]
    graded = sorted(s.student for s in submission_states(Cohort.open(course), MODULE) if s.graded)
    assert graded == order[:2], graded

    fifo.unlink()
    fifo.write_bytes(content)
    rerun = nbgrader(course, "autograde", MODULE)
    assert "Skipping existing assignment" in rerun.stdout + rerun.stderr
    assert scores(course, MODULE) == EXPECTED
    assert_graded_once(course, LEARNERS)
