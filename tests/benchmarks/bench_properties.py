"""`make bench`, property-based tests (module 06): what a Hypothesis suite costs a judged run, beside an example suite.

A learner's property test runs MAX_EXAMPLES examples per repetition, each a call across the sandboxes' bridge, so its
cost is counted against the judge's CPU limit per run (COURSE_JUDGE_CPU_SECONDS, default 10): printed per
implementation for the judge's TEST_REPS runs and (broken ones) its CONFIRM_REPS confirmations of the whole suite (an upper
bound: the judge confirms with the catching tests only), wall and CPU seconds (this process
and every process it starts: course-bench cpuacct group when it can make one, else rusage), beside the sales example
suite. Figures only, never assertions.

Run alone: `python tests/benchmarks/bench_properties.py`.
"""
from __future__ import annotations

from pathlib import Path
import statistics
import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/
sys.path.insert(0, str(Path(__file__).resolve().parent))

from course import scenarios
from course.judge import testrun
from course.judge.engine import CONFIRM_REPS, TEST_REPS, judge_answer, judge_limits
from course.judge.exercises import load_module_key
from course.sandboxed.hypothesis_profile import MAX_EXAMPLES
from bench_warm import CpuMeter, measure, runner

MODULE = "06-edge-cases-first"
SUITES = {"split_tests": "properties (Hypothesis)", "sales_tests": "examples"}


def bench_properties() -> None:
    key = load_module_key(MODULE)
    limit = judge_limits().cpu_seconds
    meter = CpuMeter()
    print(f"\n9. Property-based tests ({MAX_EXAMPLES} examples per test and repetition; CPU limit {limit} s per run; "
          f"{'cpuacct cgroup' if meter.exact else 'rusage, undercounted'})")
    try:
        with runner("warm"):
            for exercise_id, kind in SUITES.items():
                ex = key[exercise_id]
                tests = (ex.key_dir / "reference_tests.py").read_text()
                scenario = scenarios.get(ex.scenario)
                for impl in (*ex.wheats, *ex.chaffs):
                    source = (ex.key_dir / impl.path).read_text()
                    for reps in (TEST_REPS,) if impl.flaw is None else (TEST_REPS, CONFIRM_REPS):   # as the judge runs them
                        walls, cpus, _ = measure(meter, lambda: testrun.run_suite(
                            tests, source, scenario, reps=reps, limits=judge_limits(), sourceless=True, split=True), 1)
                        print(f"   {exercise_id:<12} {kind:<24} {impl.path:<28} reps {reps:>2}: "
                              f"wall {statistics.median(walls):5.2f} s, CPU {statistics.median(cpus):5.2f} s "
                              f"({statistics.median(cpus) / limit:4.0%} of the limit, both processes together)")
                walls, cpus, verdict = measure(meter, lambda: judge_answer(ex, f"%%tests {ex.scenario}\n{tests}"), 1)
                print(f"   {exercise_id:<12} judged whole (every implementation, confirmations): wall {walls[0]:5.2f} s, "
                      f"CPU {cpus[0]:5.2f} s, score {verdict.fraction:.2f}")
    finally:
        meter.close()


if __name__ == "__main__":
    bench_properties()
