"""`make bench`: the issue's budgets, measured and printed (figures, not pass/fail assertions).

- one sandboxed pytest run of a trivial suite: the floor under every judged suite (no budget, a figure);
- each solutions notebook runs top to bottom in <= 20 s;
- judging one learner suite against every implementation of an exercise takes <= 3 s;
- autograding one submission takes <= 1.5x the bare execution of the same notebook;
- `python -m course cohort autograde` of 40 submissions is >= 1.7x faster than sequential nbgrader on 2 cores.
- each practice bank witness runs in <= 0.1 s (the bank check in the suite runs them all);
- the practice drill shows the next item in <= 0.2 s and judges and explains an answer in <= 0.5 s;
- cold vs warm runner: one suite against every implementation in <= 0.5 s, a module 01 submission in <= 1.5 CPU-s.
- property-based tests (module 06): CPU per judged run of a Hypothesis suite, against the judge's CPU limit;
- 2 single-core dask workers >= 1.8x one (cohort autograde, same batch, same run);
- the judge service answers a score cell in <= 1 s median with two learners checking at once;
- the judge service's findings budget: an honest learner's revisions against the budget locator (a figure).

`run_all.py --only dask service` runs some parts (`--help` lists them); with no option, every part.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/ (the nbgrader harness)
os.environ.setdefault("MPLBACKEND", "Agg")

import nbformat
from nbclient import NotebookClient

from course.authoring.build import module_names
from course.judge.exercises import TestsExercise, load_module_key
from course.judge.engine import judge_answer
from course.nbgrader.tools import nbgrader, nbgrader_env
from course.paths import SOLUTIONS_DIR
from nbgrader_course import make_course, plant, release_notebook, solution_answers, with_answers
from notebook_runs import run_top_to_bottom
from bench_bank import bench_bank_witnesses
from bench_cohort import bench_cohort_autograde, bench_dask_workers
from bench_practice import bench_practice
from bench_warm import bench_warm
from bench_properties import bench_properties
from bench_service import bench_service
from bench_budget import bench_budget


def execute(path: Path, env_extra: dict[str, str]) -> float:
    """Wall time of a fresh kernel running the notebook top to bottom in its own folder, as nbgrader's
    Execute would (nbclient). Only for submissions under NBGRADER_EXECUTION, where the live experiments
    (ipywidgets) are skipped: see tests/notebook_runs.py for why nbclient is not used with widgets."""
    nb = nbformat.read(str(path), as_version=4)
    saved = dict(os.environ)
    os.environ.update(env_extra)
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                       allow_errors=True).execute()
        return time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(saved)


def bench_notebooks(tmp: Path) -> None:
    print("\n1. Solutions notebooks, top to bottom, live experiments included (budget 20 s each; the figure "
          "includes about 1 s of pytest start-up)")
    for module in module_names():
        start = time.perf_counter()
        proc = run_top_to_bottom(next((SOLUTIONS_DIR / module).glob("*.ipynb")), tmp,
                                 {"COURSE_CATALOG": str(tmp / "catalog.csv"), "COURSE_JUDGE_CACHE": "off"})
        seconds = time.perf_counter() - start
        verdict = ("ok" if seconds <= 20 else "OVER BUDGET") if proc.returncode == 0 else "FAILED: " + proc.stdout[-300:]
        print(f"   {module:<24} {seconds:6.1f} s   {verdict}")


def bench_runner_startup() -> None:
    """The floor under every judged suite: one sandboxed pytest run of a trivial suite (was a timed test)."""
    from course.scenarios._selftest import SCENARIO
    from course.judge.testrun import run_suite
    tests = "def test_adds(add):\n    assert add(1, 2) == 3\n"
    impl = "def add(a, b):\n    return a + b\n"
    run_suite(tests, impl, SCENARIO)   # warm the file cache
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        result = run_suite(tests, impl, SCENARIO)
        runs.append(time.perf_counter() - start)
    print(f"\n0. Sandboxed runner start-up, one trivial suite (median of 5): {statistics.median(runs):.2f} s "
          f"(min {min(runs):.2f}, max {max(runs):.2f}; {'ok' if result.problem is None else result.problem})")


def bench_judge() -> None:
    print("\n2. Judging one learner suite against every implementation (budget 3 s; cache off, 3 runs each)")
    os.environ["COURSE_JUDGE_CACHE"] = "off"
    for module in module_names():
        answers = solution_answers(module)
        for ex in load_module_key(module).values():
            if isinstance(ex, TestsExercise) and ex.id in answers:
                runs = []
                for _ in range(3):
                    start = time.perf_counter()
                    verdict = judge_answer(ex, answers[ex.id])
                    runs.append(time.perf_counter() - start)
                n = len(ex.wheats) + len(ex.chaffs)
                print(f"   {ex.id:<24} {n} implementations  median {statistics.median(runs):5.2f} s  "
                      f"(min {min(runs):.2f}, max {max(runs):.2f})  score {verdict.fraction:.2f}  "
                      f"{'ok' if statistics.median(runs) <= 3 else 'OVER BUDGET'}")


def bench_autograde(tmp: Path, submissions: int = 3) -> None:
    print(f"\n3. Autograde vs bare execution, per submission ({submissions} solution submissions; budget 1.5x)")
    for module in module_names():
        course = make_course(tmp / f"course-{module}", [module])
        nb = with_answers(release_notebook(course, module), solution_answers(module))
        for i in range(submissions):
            plant(course, f"learner{i}", module, nb)
        env = {"COURSE_JUDGE_CACHE": "off"}
        start = time.perf_counter()
        nbgrader(course, "autograde", module, env=env)
        judged = (time.perf_counter() - start) / submissions
        # bare execution: the same submitted notebook run by a kernel as nbgrader's Execute would
        bare_runs = [execute(course / "submitted" / f"learner{i}" / module / next((course / "release" / module).glob("*.ipynb")).name,
                             {"NBGRADER_EXECUTION": "autograde", "COURSE_JUDGE_CACHE": "off"}) for i in range(submissions)]
        bare = statistics.mean(bare_runs)
        ratio = judged / bare
        print(f"   {module:<24} autograde {judged:5.2f} s/submission (incl. nbgrader start-up shared by the batch), "
              f"bare execution {bare:5.2f} s, ratio {ratio:4.2f}  {'ok' if ratio <= 1.5 else 'OVER BUDGET'}")


PARTS = {
    "runner": lambda tmp: bench_runner_startup(),
    "notebooks": bench_notebooks,
    "judge": lambda tmp: bench_judge(),
    "autograde": bench_autograde,
    "cohort": bench_cohort_autograde,
    "dask": bench_dask_workers,
    "bank": lambda tmp: bench_bank_witnesses(),
    "practice": lambda tmp: bench_practice(),
    "warm": lambda tmp: bench_warm(),
    "properties": lambda tmp: bench_properties(),
    "service": bench_service,
    "budget": lambda tmp: bench_budget(),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="make bench: the budgets, measured and printed side by side")
    parser.add_argument("--only", nargs="+", choices=list(PARTS), metavar="PART",
                        help=f"run only these parts, in this order ({', '.join(PARTS)}); default: all")
    parts = parser.parse_args(argv).only or list(PARTS)
    tmp = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}  nice {os.nice(0)}  "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for part in parts:
            PARTS[part](tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
