"""`cohort autograde` on a real dask cluster on loopback: a `dask scheduler` and `dask worker` processes on 127.0.0.1.

The grades equal plain sequential `nbgrader autograde` of the same submissions (the session's `plain_batch`), cell
by cell, with a worker killed while it is judging: its jobs are rescheduled on the other worker and every learner
is recorded once. A worker whose judge differs from the coordinator's refuses every job and says why; its share is
judged by the nbgrader pass, so the grades are the same. The kill is triggered by what the worker is doing (a job
executing on it), never by a timer.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
import signal
import subprocess
import sys
import threading
import time
from typing import Iterator

import cloudpickle
import pytest

from conftest import JUDGE_ENV
from course.cohort.autograde import autograde, summary
from course.cohort.cluster import cluster_workers
from nbgrader_course import assert_graded_once, make_course, scores
from submission_corpus import BY_STUDENT, MODULE, plant_submission

pytestmark = pytest.mark.slow
STUDENTS = ["solution", "blank", "false_alarm", "racy_fix"]
DASK = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
WORKER = [sys.executable, "-m", "distributed.cli.dask_worker"]


@pytest.fixture
def judge_env(monkeypatch):
    for name, value in JUDGE_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def course(tmp_path: Path, judge_env) -> Path:
    course = make_course(tmp_path / "course", [MODULE])
    for student in STUDENTS:
        plant_submission(course, BY_STUDENT[student])
    return course


def _wait(what: str, ready, procs: list[subprocess.Popen], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        for proc in procs:
            assert proc.poll() is None, f"{proc.args} ended while waiting for {what}"
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.05)


@contextlib.contextmanager
def scheduler(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A real dask scheduler on 127.0.0.1, port 0; every process started under it is stopped at the end."""
    info = tmp_path / "scheduler.json"
    procs = [subprocess.Popen([*DASK, "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(info)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        _wait("the scheduler's address", lambda: info.is_file() and info.stat().st_size > 0, procs)
        _wait("the scheduler's address", lambda: "address" in json.loads(info.read_text() or "{}"), procs)
        yield json.loads(info.read_text())["address"], procs
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def start_worker(address: str, name: str, procs: list[subprocess.Popen], **env: str) -> subprocess.Popen:
    """A single-threaded worker process without a nanny (killing it loses it for good)."""
    proc = subprocess.Popen([*WORKER, address, "--name", name, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
                             "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--memory-limit", "0"], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(proc)
    return proc



def _executing(dask_worker) -> int:
    return len(dask_worker.state.executing)


cloudpickle.register_pickle_by_value(sys.modules[__name__])   # workers cannot import this test module: send _executing


def _pass_log(result) -> str:
    return Path(result.log).read_text()


def test_a_real_cluster_grades_like_sequential_nbgrader_with_a_worker_killed_mid_job(course, tmp_path, plain_batch):
    from distributed import Client

    with scheduler(tmp_path) as (address, procs), Client(address, timeout="30s") as watcher:
        first = start_worker(address, "first", procs)
        _wait("the first worker", lambda: "first" in cluster_workers(watcher), procs)
        outcome: dict[str, object] = {}
        grading = threading.Thread(target=lambda: outcome.update(result=autograde(
            course, MODULE, scheduler=address, progress=False)))
        grading.start()
        try:
            _wait("a job executing on the first worker", lambda: watcher.run(
                _executing, workers=[cluster_workers(watcher)["first"]]).popitem()[1] > 0, procs)
            start_worker(address, "second", procs)
            _wait("the second worker", lambda: "second" in cluster_workers(watcher), procs)
            first.send_signal(signal.SIGKILL)
            first.wait()
        finally:
            grading.join(timeout=1500)
        assert not grading.is_alive(), "grading did not finish"
    result = outcome["result"]
    assert result.ok and sorted(result.graded) == sorted(STUDENTS), summary(result)
    assert scores(course, MODULE) == {s: plain_batch["scores"][s] for s in STUDENTS}     # cell by cell
    assert scores(course, MODULE) == {s: BY_STUDENT[s].expect for s in STUDENTS}
    assert_graded_once(course, STUDENTS)
    log = _pass_log(result)   # every notebook was judged on the cluster, none again by the pass
    assert log.count("Verdicts judged ahead: read from the batch store") == len(STUDENTS), log[-3000:]
    assert "not judged ahead" not in log
    assert f"on the dask cluster at {address}" in summary(result)


def test_the_workers_are_asked_of_the_scheduler_not_of_the_clients_cache(tmp_path):
    """Seen under load: the kill test lost its first worker by name. The client's cached identity (what
    `scheduler_info()` returns) is overwritten by its own periodic update, which fetches no workers; a read between
    the two saw none. Forced here: the periodic update runs, then both are read."""
    from distributed import Client
    with scheduler(tmp_path) as (address, procs), Client(address, timeout="30s") as watcher:
        start_worker(address, "only", procs)
        _wait("the worker", lambda: "only" in cluster_workers(watcher), procs)
        watcher.sync(watcher._update_scheduler_info)        # what the client's periodic callback runs
        assert watcher._scheduler_identity["workers"] == {}  # the cache a scheduler_info() read could return
        assert list(cluster_workers(watcher)) == ["only"]


def test_a_worker_whose_judge_differs_refuses_and_the_pass_judges_its_share(course, tmp_path):
    with scheduler(tmp_path) as (address, procs):
        # Another CPU limit gives other verdicts for a looping answer: that worker must not judge for this batch.
        start_worker(address, "odd", procs, COURSE_JUDGE_CPU_SECONDS="7")
        from distributed import Client
        with Client(address, timeout="30s") as watcher:
            _wait("the worker", lambda: "odd" in cluster_workers(watcher), procs)
        result = autograde(course, MODULE, scheduler=address, progress=False)
    text = summary(result)
    assert result.ok and sorted(result.graded) == sorted(STUDENTS), text
    assert list(result.refused.values()) == ["its limits differ from the coordinator's: install the same course "
                                             "version (and keys) on every worker"], text
    assert "refused to judge: its limits differ" in text
    assert scores(course, MODULE) == {s: BY_STUDENT[s].expect for s in STUDENTS}
    log = _pass_log(result)
    assert log.count("not judged ahead: judging now") == len(STUDENTS)
