"""`make bench`, the judge's runner: cold (a fresh sandbox and interpreter per process) against warm (pre-started,
pre-imported servers that fork a fresh child per run, course.judge.warm), side by side in the same run
(issue 13 "Fast": one suite against every implementation in <= 0.5 s of wall time, a whole module 01 submission
in <= 1.5 CPU-seconds). Figures, never assertions.

CPU-seconds are counted for this process and every process it starts, sandboxed ones included, in a cpuacct
cgroup of its own where one can be made (a sandbox killed at the end of its run is never waited for, so
RUSAGE_CHILDREN misses it); elsewhere RUSAGE_CHILDREN plus this process's time, which undercounts.

Run alone: `python tests/benchmarks/bench_warm.py`.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
import resource
import statistics
import sys
import time
from typing import Callable, Iterator
import uuid

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/ (the nbgrader harness)

import nbformat

from course import scenarios
from course.answers import answer_body
from course.judge import testrun
from course.judge.engine import TEST_REPS, judge_limits, judge_notebook
from course.judge.exercises import load_module_key
from course.paths import SOLUTIONS_DIR
from nbgrader_course import solution_answers

MODULE = "01-concurrent-writes"
EXERCISE = "oversell_tests"
WALL_BUDGET, CPU_BUDGET = 0.5, 1.5
_CPUACCT = Path("/sys/fs/cgroup/cpuacct")


class CpuMeter:
    """CPU-seconds used by this process and all its descendants since it was made (see the module docstring)."""

    def __init__(self) -> None:
        self.group: Path | None = None
        self.exact = False
        try:
            group = _CPUACCT / f"course-bench-{uuid.uuid4().hex[:12]}"
            group.mkdir()
            (group / "cgroup.procs").write_text(str(os.getpid()))
            self.group, self.exact = group, True
        except OSError:
            pass

    def read(self) -> float:
        if self.group is not None:
            return int((self.group / "cpuacct.usage").read_text()) / 1e9
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    def close(self) -> None:
        if self.group is None:
            return
        with contextlib.suppress(OSError):
            (_CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
        for _ in range(50):
            try:
                self.group.rmdir()
                return
            except OSError:
                time.sleep(0.05)


@contextlib.contextmanager
def runner(mode: str) -> Iterator[None]:
    """Judge with the cold or the warm runner inside the block (testrun.WARM_ENV)."""
    name = getattr(testrun, "WARM_ENV", None)
    if name is None:   # a runner without the warm one: cold only
        yield
        return
    saved = os.environ.get(name)
    os.environ[name] = "on" if mode == "warm" else "off"
    try:
        yield
    finally:
        testrun.stop_warm_servers()
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved


def measure(meter: CpuMeter, work: Callable[[], object], times: int) -> tuple[list[float], list[float], object]:
    """Wall and CPU seconds of each of `times` calls of `work`, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(times):
        cpu, start = meter.read(), time.perf_counter()
        result = work()
        walls.append(time.perf_counter() - start)
        cpus.append(meter.read() - cpu)
    return walls, cpus, result


def _figure(values: list[float]) -> str:
    return f"{statistics.median(values):5.2f} (min {min(values):.2f}, max {max(values):.2f})"


def bench_warm(times: int = 3) -> None:
    """Print the two budgets for the cold and the warm runner, each measured in this same run."""
    load = os.getloadavg()[0]
    meter = CpuMeter()
    print(f"\n8. Cold vs warm runner ({'cpuacct cgroup' if meter.exact else 'rusage, undercounted'}; "
          f"load average {load:.2f} at the start; median of {times})")
    ex = load_module_key(MODULE)[EXERCISE]
    body = answer_body(solution_answers(MODULE)[EXERCISE])
    scenario = scenarios.get(ex.scenario)
    impls = [(ex.key_dir / impl.path).read_text() for impl in (*ex.wheats, *ex.chaffs)]
    nb = nbformat.read(str(next((SOLUTIONS_DIR / MODULE).glob("*.ipynb"))), as_version=4)

    def one_suite() -> list[testrun.SuiteResult]:
        return testrun.run_suites(body, impls, scenario, reps=TEST_REPS, limits=judge_limits(),
                                  sourceless=True, split=True)

    runs = [0]
    real_run_suite = testrun.run_suite

    def counted_run_suite(*args, **kwargs) -> testrun.SuiteResult:
        runs[0] += 1
        return real_run_suite(*args, **kwargs)

    def submission() -> dict:
        runs[0] = 0
        testrun.run_suite = counted_run_suite   # run_suites calls it once per implementation
        try:
            return judge_notebook(nb, MODULE, cache=None)
        finally:
            testrun.run_suite = real_run_suite

    def one_implementation(source: str) -> Callable[[], list[testrun.SuiteResult]]:
        return lambda: testrun.run_suites(body, [source], scenario, reps=TEST_REPS, limits=judge_limits(),
                                          sourceless=True, split=True)

    try:
        for mode in ("cold", "warm") if hasattr(testrun, "WARM_ENV") else ("cold",):
            with runner(mode):
                first_cpu, first_wall = meter.read(), time.perf_counter()
                one_suite()   # a warm runner starts its servers here: counted apart
                first = f"first call {time.perf_counter() - first_wall:.2f} s, {meter.read() - first_cpu:.2f} CPU-s"
                walls, cpus, results = measure(meter, one_suite, times)
                faults = [r.problem for r in results if r.problem]
                print(f"   {mode}: {EXERCISE} suite x {len(impls)} implementations  wall {_figure(walls)} s "
                      f"(budget {WALL_BUDGET})  CPU {_figure(cpus)} s  [{first}]"
                      + (f"  PROBLEMS: {faults}" if faults else ""))
                walls, cpus, verdicts = measure(meter, submission, times)
                scores = " ".join(f"{gid}={v.fraction:.2f}" for gid, v in sorted(verdicts.items()))
                print(f"   {mode}: whole {MODULE} submission  CPU {_figure(cpus)} s (budget {CPU_BUDGET})  "
                      f"wall {_figure(walls)} s  judged runs {runs[0]}  scores {scores}")
                if mode == "warm":   # where the suite's CPU goes: each implementation judged alone
                    costs = []
                    for impl, source in zip((*ex.wheats, *ex.chaffs), impls):
                        _, cpus, _ = measure(meter, one_implementation(source), times)
                        costs.append(f"{Path(impl.path).stem} {statistics.median(cpus):.2f}")
                    print(f"   warm: {EXERCISE} CPU-s per implementation alone (tests and implementation processes, "
                          f"median of {times}): " + ", ".join(costs))
    finally:
        meter.close()
    print(f"   load average at the end {os.getloadavg()[0]:.2f} (2-core machine: wall times above ~1 are noisy)")


if __name__ == "__main__":
    bench_warm()
