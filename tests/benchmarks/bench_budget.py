"""The judge service's findings budget (course.judge.findings.one_by_one_budget), measured: an honest learner who
revises an answer of 3-6 findings over 10 self-checks (1 or 2 findings a check, 10 seeds each), against the budget
locator (tests/hostile_corpus.py), on module 01's oversell_findings and module 08's review_findings, each through
the service's `judged` for one learner, for budgets of 2 to 6 times one_by_one(n) (the course's is marked *).

Printed, never asserted (tests/test_hostile_corpus.py asserts the locator's side): for the honest learner, how many
of the 10 checks came back counts only (worst over the runs) and the median last score; for the attacker, last
score and self-checks, without the budget (the local judge, stateless) and with it.
"""
from __future__ import annotations

from pathlib import Path
import statistics
import sys
import tempfile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/

from course.judge import findings
from course.judge.exercises import load_module_key
from hostile_corpus import budget_locator, honest_reviser, local_judge, service_judge

EXERCISES = [("01-concurrent-writes", "oversell_findings"), ("08-capstone-review", "review_findings")]
MULTIPLES = (2, 3, 4, 5, 6)


def _measure(module: str, ex, seeds: int) -> tuple[int, float, tuple[int, float]]:
    """(worst honest checks counts only, median honest last score, attacker (checks, score)) with the budget."""
    with tempfile.TemporaryDirectory() as folder:
        honest = [honest_reviser(ex, service_judge(module, ex, Path(folder), f"u{size}-{rev}-{seed}"), size, rev,
                                 seed=seed) for size in range(3, 7) for rev in (1, 2) for seed in range(seeds)]
        attacked = budget_locator(ex, service_judge(module, ex, Path(folder)))
    return max(c for c, _ in honest), statistics.median(s for _, s in honest), attacked


def bench_budget(seeds: int = 10) -> None:
    print("\nFindings budget per learner and exercise (distinct findings judged one by one): honest learner | attacker")
    chosen = findings.ONE_BY_ONE_CHECKS
    try:
        for module, exercise in EXERCISES:
            ex = load_module_key(module)[exercise]
            checks, score = budget_locator(ex, local_judge(ex))
            print(f"  {module} {exercise} (n = {len(ex.flaws)}): no budget: attacker {score:.2f} in {checks} checks")
            for multiple in MULTIPLES:
                findings.ONE_BY_ONE_CHECKS = multiple
                worst, median, (checks, score) = _measure(module, ex, seeds)
                print(f"   {'*' if multiple == chosen else ' '} {multiple} x {findings.one_by_one(len(ex.flaws))} = "
                      f"{findings.one_by_one_budget(len(ex.flaws)):3d}: honest worst {worst}/10 checks counts only, "
                      f"median score {median:.2f} | attacker {score:.2f} in {checks} checks")
    finally:
        findings.ONE_BY_ONE_CHECKS = chosen


if __name__ == "__main__":
    bench_budget()
