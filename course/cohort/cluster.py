"""Judging a cohort's batch on dask.distributed: a LocalCluster on this machine by default, any cluster by address.

`python -m course cohort autograde` reads and sanitizes every submission here, in the coordinator, exactly as
nbgrader's own pass will (the cohort's intake exporter and sanitize preprocessors), and submits one job per grade
cell: the sanitized notebook's text, the module, the reveal setting and the grade id, the costliest first. Jobs carry
answers, never paths, so workers need no access to the course folder. A worker judges its grade cell with its own
copy of the course (judge, keys, sandbox) and returns plain verdicts; the coordinator merges a notebook's parts and
alone writes them to the batch store (course.judge.batch_verdicts), once per notebook when every part is in, and
the single nbgrader pass records them. (One job per notebook was measured in `make bench` with one hostile
notebook's endless loops taking 70 of 108 s of one worker's compute: a second worker could not halve that.)

Workers are checked before they judge anything (JudgeWorkerCheck, a worker plugin): bubblewrap works, and their
course runtime, the module's keys and the judge's limits have the digests the coordinator computed. A worker that
differs refuses every job with the reason; its submissions are left to the nbgrader pass, which judges them
itself, so a refused or failed job costs time, never a grade. A worker lost mid-job has its jobs rescheduled by
dask on the others; the coordinator still takes each notebook's result once.
"""
from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field
import logging
import os
from pathlib import Path
import time
from typing import Any, Iterator, Mapping

from distributed import WorkerPlugin

SCHEDULER_ENV = "COURSE_DASK_SCHEDULER"    # tcp://HOST:8786: judge on that cluster (--scheduler wins)
PLUGIN_NAME = "course-judge-check"
NO_WORKER_SECONDS = 120.0   # a cluster without a single worker this long: the rest is left to the nbgrader pass


class WorkerRefused(RuntimeError):
    """This worker differs from the coordinator (sandbox, runtime, keys or limits): it judges nothing."""


@dataclass(frozen=True)
class Job:
    """One notebook to judge: everything a worker needs, nothing that names the coordinator's files."""
    student: str
    notebook: str
    module: str
    text: str            # the notebook after the cohort's intake and sanitize steps, as nbgrader's pass reads it
    reveal: bool
    grade_ids: tuple[str, ...] = ()   # the grade cells this job judges (the coordinator merges a notebook's parts);
                                      # none: every grade cell of the notebook
    cost: float = 0.0    # an estimate of its judging time: the cluster starts the costliest first (dask priority)


def expected_digests(module: str) -> dict[str, str]:
    """What a worker's judge must equal to judge `module` as this machine would."""
    from course.judge.batch_verdicts import module_digest
    from course.judge.engine import judge_limits
    from course.judge.verdict_cache import runtime_digest
    return {"runtime": runtime_digest(), "module keys": module_digest(module), "limits": repr(judge_limits())}


def worker_problem(expected: Mapping[str, str], module: str, allow_unsandboxed: bool = False) -> str | None:
    """Why this process must not judge `module` for a coordinator that expects `expected`, or None."""
    from course.judge.sandbox import sandbox_available
    if not sandbox_available() and not allow_unsandboxed:
        return "bubblewrap does not work on this worker (apt-get install bubblewrap)"
    try:
        mine = expected_digests(module)
    except Exception as exc:   # a worker without the module's keys, a bad limit setting: refuse, say why
        return f"cannot compute its digests ({type(exc).__name__}: {exc})"
    differ = [name for name in expected if mine.get(name) != expected[name]]
    if differ:
        return (f"its {', '.join(differ)} differ from the coordinator's: install the same course version "
                "(and keys) on every worker")
    return None


_refusal: dict[str, str | None] = {}    # per worker process: module -> why it refuses, or None


class JudgeWorkerCheck(WorkerPlugin):
    """Worker plugin: run on every worker, present and future, before it takes a job of this batch."""

    idempotent = False

    def __init__(self, module: str, expected: Mapping[str, str], *, hide: list[str], sandboxes: int | None,
                 allow_unsandboxed: bool = False, cache_path: str | None = None):
        self.module, self.expected, self.hide = module, dict(expected), list(hide)
        self.sandboxes, self.allow_unsandboxed, self.cache_path = sandboxes, allow_unsandboxed, cache_path

    def setup(self, worker: Any) -> None:
        from course.judge.sandbox import hide_also
        from course.judge.testrun import SANDBOXES_ENV
        hide_also(self.hide)
        if self.sandboxes is not None:
            os.environ.setdefault(SANDBOXES_ENV, str(self.sandboxes))   # an instructor's own cap wins
        _cache_file[self.module] = self.cache_path
        _refusal[self.module] = worker_problem(self.expected, self.module, self.allow_unsandboxed)
        if _refusal[self.module]:
            worker.log_event(PLUGIN_NAME, {"worker": worker.address, "refused": _refusal[self.module]})

    def teardown(self, worker: Any) -> None:
        pass


_cache_file: dict[str, str | None] = {}  # per worker process: module -> the coordinator's cache file (local workers)


def judge_job(job: Job) -> dict[str, dict[str, Any]]:
    """On a worker: {grade id: verdict fields} for the job's grade cells of its notebook (all of them when it names
    none), judged as the Judge preprocessor judges."""
    import nbformat
    from course.judge.engine import judge_notebook
    from course.judge.verdict_cache import VerdictCache, default_path
    if job.module not in _refusal:
        raise WorkerRefused("this worker was not checked for this batch (the course's worker plugin did not run)")
    if _refusal[job.module]:
        raise WorkerRefused(f"worker refused: {_refusal[job.module]}")
    nb = nbformat.reads(job.text, as_version=4)
    where = _cache_file.get(job.module)
    cache = VerdictCache(None if default_path() is None else Path(where) if where else default_path())
    try:
        verdicts = judge_notebook(nb, job.module, reveal=job.reveal, cache=cache, only=job.grade_ids or None)
    finally:
        cache.close()
    return {grade_id: asdict(verdict) for grade_id, verdict in verdicts.items()}


@contextlib.contextmanager
def client_for(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A dask Client: to `scheduler`, or to a LocalCluster of `workers` single-threaded processes on 127.0.0.1
    (port 0, no dashboard; it stops with the client)."""
    from distributed import Client, LocalCluster
    if scheduler:
        with Client(scheduler, timeout="30s") as client:
            yield client
        return
    # No dashboard; the scheduler's HTTP routes (health, metrics) on 127.0.0.1 port 0 like everything else.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", scheduler_port=0,
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                      silence_logs=logging.ERROR, memory_limit=0) as cluster, \
            Client(cluster) as client:
        yield client


def cluster_workers(client: Any) -> dict[str, str]:
    """{worker name: address} of every worker the scheduler knows, asked of the scheduler itself.

    Not `client.scheduler_info()`: it returns the client's cached identity, which the client's own periodic update
    overwrites with a copy holding no workers at all (it asks for n_workers=0), so a read can see none while two
    are connected (seen under load: a test lost its worker by name)."""
    identity = client.sync(client.scheduler.identity, n_workers=-1)
    return {str(worker["name"]): address for address, worker in identity["workers"].items()}


class NoWorkers(RuntimeError):
    """The cluster had no worker for NO_WORKER_SECONDS: the job was not judged ahead."""


@dataclass
class JobTimes:
    """Where the judging phase's time went (dask's own task stream for the jobs): the figures behind `make bench`."""
    cluster_seconds: float = 0.0        # starting the local cluster (or connecting) and checking every worker
    jobs_wall: float = 0.0              # first job submitted to last result back
    job_seconds: list[float] = field(default_factory=list)       # each job's compute time on its worker
    per_worker: dict[str, float] = field(default_factory=dict)   # compute seconds per worker
    longest: str = ""                   # which job took the longest (student, notebook, grade cells)


def judge_all(jobs: list[Job], check: JudgeWorkerCheck, *, scheduler: str | None, workers: int,
              refused: dict[str, str], times: JobTimes | None = None
              ) -> Iterator[tuple[Job, dict[str, dict[str, Any]] | BaseException]]:
    """(job, its verdict fields or the exception it ended with), as jobs finish, each job exactly once. Workers that
    refused are added to `refused` ({address: why}) at the end, and where the time went to `times`."""
    from distributed import get_task_stream
    if not jobs:
        return
    times = times if times is not None else JobTimes()
    start = time.perf_counter()
    with client_for(scheduler, workers) as client:
        client.register_plugin(check, name=PLUGIN_NAME)
        times.cluster_seconds = time.perf_counter() - start
        start = time.perf_counter()
        with get_task_stream(client) as stream:
            futures = {client.submit(judge_job, job, pure=False, priority=job.cost): job for job in jobs}
            yield from _results(client, futures, scheduler)
        times.jobs_wall = time.perf_counter() - start
        by_key = {future.key: job for future, job in futures.items()}
        for task in stream.data:
            seconds = sum(s["stop"] - s["start"] for s in task.get("startstops", ()) if s.get("action") == "compute")
            if seconds > max(times.job_seconds, default=0.0) and task.get("key") in by_key:
                job = by_key[task["key"]]
                times.longest = " ".join([job.student, job.notebook, *job.grade_ids])
            times.job_seconds.append(seconds)
            times.per_worker[task.get("worker", "?")] = times.per_worker.get(task.get("worker", "?"), 0.0) + seconds
        refused.update({event["worker"]: event["refused"] for _, event in client.get_events(PLUGIN_NAME)})


def _results(client: Any, futures: dict[Any, Job], scheduler: str | None
             ) -> Iterator[tuple[Job, dict[str, dict[str, Any]] | BaseException]]:
    """Each future's job and outcome as it finishes; the rest given up after NO_WORKER_SECONDS without a worker."""
    from distributed import wait
    pending, alone_since = set(futures), None
    while pending:
        try:
            done, pending = wait(list(pending), timeout=5, return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()
        for future in done:
            try:
                yield futures[future], future.result()
            except Exception as exc:   # refused, lost too often, a fault inside the job
                yield futures[future], exc
        if done or cluster_workers(client):
            alone_since = None
        elif alone_since is None:
            alone_since = time.monotonic()
        elif time.monotonic() - alone_since > NO_WORKER_SECONDS:
            client.cancel(list(pending))
            for future in pending:
                yield futures[future], NoWorkers(f"no dask worker at {scheduler} for {NO_WORKER_SECONDS:.0f} s")
            pending = set()
