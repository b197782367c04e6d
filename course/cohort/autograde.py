"""`python -m course cohort autograde MODULE`: every core judges, then one nbgrader pass records (handbook 9).

nbgrader grades one submission at a time and cannot merge gradebooks, so the work is split in two:
1. Judge, in parallel, on dask.distributed (course.cohort.cluster): this process reads every submission exactly as
   `nbgrader autograde` does before it saves grades (the configured intake exporter and sanitize preprocessors)
   and submits one job per grade cell (its notebook's sanitized text, the module and the grade id; the costliest
   first) to a dask client: a LocalCluster of one single-threaded worker process per core by default, or the
   cluster at --scheduler / COURSE_DASK_SCHEDULER. Workers judge as the configured Judge would; this process merges
   each notebook's parts and stores its verdicts, once all are in, in a batch store
   (course.judge.batch_verdicts). Nothing touches the gradebook or the course folders.
2. Record, once: ONE plain `nbgrader autograde MODULE --Judge.prejudged=<store>` over the whole batch.
   Its Judge finds every verdict in the store, so it runs no learner code; nbgrader itself sanitizes,
   writes the autograded notebooks and the gradebook, as it always does.
Grades therefore equal a sequential `nbgrader autograde` by construction: same configuration, same code,
and a stored verdict is only used for exactly the same answers (see course.judge.batch_verdicts).

Resuming: a run killed midway leaves graded submissions, untouched ones, and at most one half-written
autograded folder per pass. nbgrader would skip that folder on a rerun (it only checks that it exists),
so it is removed first (course.cohort.state decides what is complete), and the rerun grades the rest.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
import fnmatch
import os
from pathlib import Path
import re
import subprocess
import sys
import time
from typing import Any

from tqdm import tqdm
from traitlets.config import Config

from course.cohort.cluster import SCHEDULER_ENV, Job, JobTimes, JudgeWorkerCheck, expected_digests, judge_all
from course.cohort.state import Cohort, submission_states
from course.nbgrader.tools import nbgrader_env

WORK_DIR = ".cohort"   # inside the course folder: batch stores and logs (hidden from the sandbox with it)


@dataclass
class AutogradeResult:
    module: str
    graded: list[str] = field(default_factory=list)
    not_graded: dict[str, str] = field(default_factory=dict)        # student -> why
    attention: dict[str, list[str]] = field(default_factory=dict)   # graded, but a person should look
    skipped: list[str] = field(default_factory=list)                # already graded, left alone
    resumed: list[str] = field(default_factory=list)                # half-written by a killed run, redone
    workers: int = 0
    scheduler: str | None = None                                     # a dask cluster's address
    refused: dict[str, str] = field(default_factory=dict)            # dask worker -> why it judged nothing
    judge_seconds: float = 0.0
    intake_seconds: float = 0.0                                     # reading and sanitizing, here, before any job
    times: JobTimes = field(default_factory=JobTimes)                # the cluster's start and the jobs (dask)
    pass_seconds: float = 0.0
    log: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.not_graded


def overrides(reveal: bool, store: Path | None) -> Config:
    """The command-line settings the workers and the nbgrader pass share."""
    config = Config()
    config.Judge.reveal_missed = bool(reveal)
    if store is not None:
        config.Judge.prejudged = str(store)
    return config


def _cli_args(config: Config) -> list[str]:
    return [f"--{section}.{name}={value}" for section, values in config.items() for name, value in values.items()]


# ---------------------------------------------------------------- 1. judge in parallel

def worker_sandboxes(workers: int, cores: int | None = None) -> int:
    """Sandboxed runs each local worker may start at once: the cores shared out, at least one.

    Uncapped, every worker's judge runs all of a submission's runs at once (the right thing for one
    sequential nbgrader pass); with one worker per core that oversubscribes the machine. Measured on
    2 cores with 40 submissions (make bench): 128.8 s uncapped against 109.5-117.9 s with one run per worker."""
    return max(1, (cores or os.cpu_count() or 1) // max(1, workers))


def _intake(cohort: Cohort) -> tuple[Any, Any, Any]:
    """The cohort's converter, its exporter with the sanitize preprocessors, and its Judge, as autograde builds them."""
    from nbgrader.converters import Autograde
    converter = Autograde(coursedir=cohort.coursedir, config=cohort.config)
    exporter = converter.exporter_class(parent=converter, config=converter.config)
    for preprocessor in converter.sanitize_preprocessors:
        exporter.register_preprocessor(preprocessor)
    judges = [p for p in converter.autograde_preprocessors if getattr(p, "__name__", "") == "Judge"]
    if not judges:
        raise RuntimeError("the cohort's configuration has no Judge in Autograde.autograde_preprocessors")
    return converter, exporter, judges[0](config=converter.config)


def job_cost(exercise: Any) -> float:
    """A judging-time estimate for one grade cell: its sandboxed suite runs (a tests exercise runs the learner's
    suite against every implementation; a fix runs the hidden tests); findings and triage run no learner code."""
    from course.judge.exercises import FixExercise, TestsExercise
    if isinstance(exercise, TestsExercise):
        return float(len(exercise.wheats) + len(exercise.chaffs))
    if isinstance(exercise, FixExercise):
        return 2.0
    return 0.0


def _parts(student: str, name: str, module: str, text: str, reveal: bool, exercises: dict[str, Any]) -> list[Job]:
    """The notebook's jobs: one per grade cell (merged again by judge_in_parallel), or one for the whole notebook
    when it has no grade cell the reader finds."""
    import nbformat
    from course.judge.engine import SCORE_SUFFIX
    from course.judge.reading import notebook_answers
    grade_ids, _ = notebook_answers(nbformat.reads(text, as_version=4))
    if not grade_ids:
        return [Job(student, name, module, text, reveal)]
    return [Job(student, name, module, text, reveal, (gid,), job_cost(exercises.get(gid.removesuffix(SCORE_SUFFIX))))
            for gid in grade_ids]


def _jobs(cohort: Cohort, module: str, students: list[str], reveal: bool, converter: Any, exporter: Any
          ) -> tuple[list[Job], dict[str, str], dict[str, Any]]:
    """The jobs of every notebook, read and sanitized here exactly as nbgrader's pass will read it; {student: why} for
    submissions that could not be read (the pass grades or fails on those itself); the last nbgrader resources."""
    from course.judge.exercises import load_module_key
    from course.nbgrader.intake import expected_notebooks
    jobs: list[Job] = []
    problems: dict[str, str] = {}
    resources: dict[str, Any] = {}
    names = expected_notebooks(cohort.db_url, module)
    try:
        exercises = load_module_key(module)
    except Exception:      # the workers say why (and the pass fails the batch); costs are only an order here
        exercises = {}
    for student in students:
        folder = cohort.folder("submitted", student, module)
        try:
            mine = []
            for name in names:
                resources = converter.init_single_notebook_resources(str(folder / f"{name}.ipynb"))
                text, _ = exporter.from_filename(str(folder / f"{name}.ipynb"), resources=resources)
                mine += _parts(student, name, module, text, reveal, exercises)
            jobs += mine
        except Exception as exc:
            problems[student] = f"{type(exc).__name__}: {exc}"
    return jobs, problems, resources


def judge_in_parallel(cohort: Cohort, module: str, students: list[str], store: Path, *, workers: int,
                      reveal: bool, scheduler: str | None = None, progress: bool = True,
                      result: AutogradeResult | None = None) -> tuple[dict[str, str | None], dict[str, str]]:
    """{student: None, or why judging ahead failed}, and {worker: why it refused}; verdicts land in `store`.
    Judged on dask: the cluster at `scheduler`, or a LocalCluster of `workers` processes here (course.cohort.cluster).
    Where the time went goes to `result` (intake_seconds, times)."""
    import nbformat

    from course.judge.batch_verdicts import BatchVerdicts
    from course.judge.engine import Verdict
    from course.judge.reading import notebook_answers

    results: dict[str, str | None] = {}
    refused: dict[str, str] = {}
    if not students:
        return results, refused
    result = result if result is not None else AutogradeResult(module)
    start = time.perf_counter()
    converter, exporter, judge = _intake(cohort)
    jobs, results, resources = _jobs(cohort, module, students, reveal, converter, exporter)
    result.intake_seconds = time.perf_counter() - start
    local = not scheduler
    check = JudgeWorkerCheck(module, expected_digests(module), hide=judge.hidden_paths(resources) if resources else [],
                             sandboxes=worker_sandboxes(workers) if local else None,
                             allow_unsandboxed=judge.allow_unsandboxed,
                             cache_path=str(judge.cache_file(resources) or "") if local and resources else None)
    batch = BatchVerdicts(store)
    left = Counter((job.student, job.notebook) for job in jobs)      # parts not back yet, per notebook
    merged: dict[tuple[str, str], dict[str, Verdict]] = {}
    failed: set[tuple[str, str]] = set()
    where = "cluster " + scheduler if scheduler else f"{workers} local workers"
    try:
        with tqdm(total=len(jobs), desc=f"judging on {where}", unit="grade cell", disable=not progress,
                  file=sys.stderr) as bar:
            for job, outcome in judge_all(jobs, check, scheduler=scheduler, workers=workers, refused=refused,
                                          times=result.times):
                bar.update(1)
                notebook = (job.student, job.notebook)
                left[notebook] -= 1
                if isinstance(outcome, BaseException):   # the pass judges the whole notebook itself
                    results[job.student] = results.get(job.student) or f"{type(outcome).__name__}: {outcome}"
                    merged.pop(notebook, None)
                    failed.add(notebook)
                    continue
                if notebook in failed:
                    continue
                merged.setdefault(notebook, {}).update(
                    {grade_id: Verdict(**fields) for grade_id, fields in outcome.items()})
                if left[notebook]:
                    continue
                verdicts = merged.pop(notebook)
                nb = nbformat.reads(job.text, as_version=4)
                whole = set(notebook_answers(nb)[0]) or set(verdicts)
                if set(verdicts) == whole and all("internal_error" not in v.details for v in verdicts.values()):
                    batch.put(nb, module, reveal, verdicts)    # every part in, no grader fault (those: judged again)
    finally:
        batch.close()
    for student in students:
        results.setdefault(student, None)
    return results, refused


# ---------------------------------------------------------------- 2. one nbgrader pass

_STUDENT = re.compile(r"Creating/updating student with ID '(.+?)'")
_DONE = re.compile(r"Setting destination file permissions")
_FAILED = re.compile(r"There was an error processing assignment '.+?' for student '(.+?)'")
_REMOVED = re.compile(r"Removing failed assignment")


def nbgrader_pass(cohort: Cohort, module: str, args: list[str], total: int, log: Path, *,
                  progress: bool = True) -> tuple[int, set[str]]:
    """`nbgrader autograde MODULE ARGS` in the course folder, with a progress bar read from its log.
    Returns its exit status and the students nbgrader reported as failed."""
    log.parent.mkdir(parents=True, exist_ok=True)
    failed: set[str] = set()
    command = [sys.executable, "-m", "nbgrader", "autograde", module, *args]
    with open(log, "w", encoding="utf-8", buffering=1) as out, \
            tqdm(total=total, desc="recording grades", unit="submission", disable=not progress, file=sys.stderr) as bar:
        out.write("$ " + " ".join(command) + "\n")
        proc = subprocess.Popen(command, cwd=cohort.root, env=nbgrader_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace")
        assert proc.stdout is not None
        for line in proc.stdout:
            out.write(line)
            if _DONE.search(line) or _REMOVED.search(line):
                bar.update(1)
            elif (match := _FAILED.search(line)):
                failed.add(match.group(1))
            elif (match := _STUDENT.search(line)):
                bar.set_postfix_str(match.group(1), refresh=False)
        returncode = proc.wait()
    return returncode, failed


# ---------------------------------------------------------------- the whole step

def autograde(root: Path, module: str, *, workers: int | None = None, force: bool = False, student: str | None = None,
              reveal: bool = False, progress: bool = True, scheduler: str | None = None) -> AutogradeResult:
    """Judge the module's submissions on dask (every core of this machine, or the cluster at `scheduler` or
    COURSE_DASK_SCHEDULER), then record them with one `nbgrader autograde` pass."""
    from nbgrader.api import Gradebook
    from nbgrader.utils import rmtree

    cohort = Cohort.open(root)
    if module not in cohort.modules():
        raise RuntimeError(f"{module} is not in this cohort's gradebook: run `python -m course cohort release {module}` "
                           f"first (known: {', '.join(cohort.modules()) or 'none'})")
    from course.judge.engine import judge_limits
    try:
        judge_limits()   # a misconfigured limit stops the batch here, before any worker or gradebook write
    except ValueError as exc:
        raise RuntimeError(f"cannot autograde: {exc}") from None
    workers = max(1, workers or os.cpu_count() or 1)
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or None
    result = AutogradeResult(module, workers=workers, scheduler=scheduler)
    with Gradebook(cohort.db_url):
        pass   # creates nbgrader's bookkeeping rows once, before several processes open the gradebook
    todo: list[str] = []
    for state in submission_states(cohort, module):
        if student and not fnmatch.fnmatchcase(state.student, student):
            continue
        if not list(cohort.folder("submitted", state.student, module).glob("*.ipynb")):
            result.not_graded[state.student] = "; ".join(state.attention)   # nbgrader skips such a folder
            continue
        if state.incomplete:          # a killed run's half-written folder: nbgrader would skip it
            rmtree(str(cohort.folder("autograded", state.student, module)))
            result.resumed.append(state.student)
        if force or not state.graded or state.outdated:
            todo.append(state.student)
        else:
            result.skipped.append(state.student)
    work = cohort.root / WORK_DIR
    store = work / f"prejudged-{module}.sqlite3"
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    result.log = work / "logs" / f"autograde-{module}-{stamp}.log"

    start = time.perf_counter()
    problems, result.refused = judge_in_parallel(cohort, module, todo, store, workers=workers, reveal=reveal,
                                                 scheduler=scheduler, progress=progress, result=result)
    result.judge_seconds = time.perf_counter() - start

    args = _cli_args(overrides(reveal, store))
    if force:
        args.append("--force")
    if student:
        args.append(f"--student={student}")
    start = time.perf_counter()
    _, failed = nbgrader_pass(cohort, module, args, len(todo), result.log, progress=progress)
    result.pass_seconds = time.perf_counter() - start

    for state in submission_states(cohort, module):
        if state.student not in todo:
            continue
        if state.graded:
            result.graded.append(state.student)
            if state.attention:
                result.attention[state.student] = state.attention
        else:
            why = "nbgrader could not grade it" if state.student in failed else "grading did not finish"
            if problems.get(state.student):
                why += f" (judging ahead: {problems[state.student]})"
            result.not_graded[state.student] = f"{why}; see {result.log}"
    if result.ok:
        for path in work.glob(f"{store.name}*"):   # the store and its -wal/-shm files: this batch is done
            path.unlink()
    return result


def summary(result: AutogradeResult) -> str:
    """What the instructor reads at the end of the step."""
    where = f"the dask cluster at {result.scheduler}" if result.scheduler else f"{result.workers} workers"
    lines = [f"{result.module}: {len(result.graded)} graded, {len(result.attention)} need attention, "
             f"{len(result.not_graded)} not graded, {len(result.skipped)} already graded "
             f"(judging {result.judge_seconds:.1f} s on {where}, nbgrader pass {result.pass_seconds:.1f} s)"]
    t = result.times
    if t.job_seconds:
        lines.append(f"judging: reading and sanitizing {result.intake_seconds:.1f} s, cluster start {t.cluster_seconds:.1f} s, "
                     f"jobs {t.jobs_wall:.1f} s ({len(t.job_seconds)} jobs, {sum(t.job_seconds):.1f} s of compute, "
                     f"busiest worker {max(t.per_worker.values()):.1f} s, longest job {max(t.job_seconds):.1f} s: {t.longest or '?'})")
    for worker, why in sorted(result.refused.items()):
        lines.append(f"worker {worker} refused to judge: {why} (the nbgrader pass judged its share)")
    if result.resumed:
        lines.append(f"resumed: {', '.join(result.resumed)} (left half-graded by an interrupted run)")
    for student, reasons in sorted(result.attention.items()):
        lines.append(f"needs attention: {student}: {'; '.join(reasons)}")
    for student, why in sorted(result.not_graded.items()):
        lines.append(f"needs attention: {student}: NOT GRADED: {why}")
    if result.log:
        lines.append(f"log: {result.log}")
    return "\n".join(lines)
