"""`python -m course cohort autograde MODULE`: every core judges, then one nbgrader pass records (handbook 9).

nbgrader grades one submission at a time and cannot merge gradebooks, so the work is split in two:
1. Judge, in parallel: a pool of worker processes (one per core) takes the submissions one by one. For
   each, a worker does exactly what `nbgrader autograde` does before it saves grades: it reads the
   submission through the configured intake exporter and sanitize preprocessors, then runs the configured
   Judge, which stores the notebook's verdicts in a batch store (course.judge.batch_verdicts). Nothing touches
   the gradebook or the course folders.
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

from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
import fnmatch
import multiprocessing
import os
from pathlib import Path
import re
import subprocess
import sys
import time
from typing import Any

from tqdm import tqdm
from traitlets.config import Config

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
    judge_seconds: float = 0.0
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

_worker: dict[str, Any] = {}


def worker_sandboxes(workers: int, cores: int | None = None) -> int:
    """Sandboxed runs each worker may start at once: the cores shared out, at least one.

    Uncapped, every worker's judge runs all of a submission's runs at once (the right thing for one
    sequential nbgrader pass); with one worker per core that oversubscribes the machine. Measured on
    2 cores with 40 submissions (make bench): 128.8 s uncapped against 109.5-117.9 s with one run per worker."""
    return max(1, (cores or os.cpu_count() or 1) // max(1, workers))


def _start_worker(root: str, reveal: bool, store: str, sandboxes: int) -> None:
    """Once per worker process: the cohort's configuration, nbgrader's converter and exporter as autograde builds them."""
    from nbgrader.converters import Autograde
    from course.judge.testrun import SANDBOXES_ENV
    os.environ.setdefault(SANDBOXES_ENV, str(sandboxes))   # an instructor's own cap wins
    cohort = Cohort.open(Path(root), overrides(reveal, Path(store)))
    converter = Autograde(coursedir=cohort.coursedir, config=cohort.config)
    exporter = converter.exporter_class(parent=converter, config=converter.config)
    for preprocessor in converter.sanitize_preprocessors:
        exporter.register_preprocessor(preprocessor)
    judges = [p for p in converter.autograde_preprocessors if getattr(p, "__name__", "") == "Judge"]
    if not judges:
        raise RuntimeError("the cohort's configuration has no Judge in Autograde.autograde_preprocessors")
    _worker.update(cohort=cohort, converter=converter, exporter=exporter,
                   judge=judges[0](config=converter.config))


def _judge_submission(student: str, module: str) -> tuple[str, str | None]:
    """Sanitize and judge one submission as nbgrader's pass will; the Judge stores the verdicts."""
    import nbformat
    from course.nbgrader.intake import expected_notebooks
    cohort, converter, exporter, judge = (_worker[k] for k in ("cohort", "converter", "exporter", "judge"))
    try:
        folder = cohort.folder("submitted", student, module)
        for name in expected_notebooks(cohort.db_url, module):
            path = str(folder / f"{name}.ipynb")
            resources = converter.init_single_notebook_resources(path)
            output, resources = exporter.from_filename(path, resources=resources)
            judge.preprocess(nbformat.reads(output, as_version=4), resources)
        return student, None
    except Exception as exc:   # the pass will judge (or fail on) this one itself
        return student, f"{type(exc).__name__}: {exc}"


def judge_in_parallel(cohort: Cohort, module: str, students: list[str], store: Path, *, workers: int,
                      reveal: bool, progress: bool = True) -> dict[str, str | None]:
    """{student: None, or why judging ahead failed}; verdicts land in `store`."""
    results: dict[str, str | None] = {}
    if not students:
        return results
    # fork: workers start at once with everything imported (this process holds no threads or open connections)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(str(cohort.root), reveal, str(store), worker_sandboxes(workers))) as pool:
        futures = [pool.submit(_judge_submission, student, module) for student in students]   # workers start here
        bar = tqdm(total=len(students), desc=f"judging on {workers} cores", unit="submission",
                   disable=not progress, file=sys.stderr)
        for future in as_completed(futures):
            student, problem = future.result()
            results[student] = problem
            bar.update(1)
        bar.close()
    return results


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
              reveal: bool = False, progress: bool = True) -> AutogradeResult:
    """Judge the module's submissions on every core, then record them with one `nbgrader autograde` pass."""
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
    result = AutogradeResult(module, workers=workers)
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
    problems = judge_in_parallel(cohort, module, todo, store, workers=workers, reveal=reveal, progress=progress)
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
    lines = [f"{result.module}: {len(result.graded)} graded, {len(result.attention)} need attention, "
             f"{len(result.not_graded)} not graded, {len(result.skipped)} already graded "
             f"(judging {result.judge_seconds:.1f} s on {result.workers} workers, nbgrader pass {result.pass_seconds:.1f} s)"]
    if result.resumed:
        lines.append(f"resumed: {', '.join(result.resumed)} (left half-graded by an interrupted run)")
    for student, reasons in sorted(result.attention.items()):
        lines.append(f"needs attention: {student}: {'; '.join(reasons)}")
    for student, why in sorted(result.not_graded.items()):
        lines.append(f"needs attention: {student}: NOT GRADED: {why}")
    if result.log:
        lines.append(f"log: {result.log}")
    return "\n".join(lines)
