"""The judge's Hypothesis settings for learners' property-based tests: the same examples on every run, a fixed
budget, nothing written to disk.

Why: a property test draws its inputs at random. The judge counts a catch only when it holds in every one of its
perturbed runs, so Hypothesis must try the same inputs each time (derandomize: a seed from the test's own source),
as many as the sandbox's CPU limit allows for every version (MAX_EXAMPLES), with no example database (nothing
remembered between runs or written under .hypothesis/) and no clock in the verdict (no deadline, no "too slow"
health check: a loaded machine must not turn a pass into a failure), and no folder written at all.

The recorder (course.sandboxed.pytest_record) calls enforce() on each Hypothesis test just before it runs, so these
settings win over any @settings, @seed or @reproduce_failure in the test file; loading the profile also makes them
the default for property tests defined later (inside a test). Hypothesis is imported only when a test uses it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

PROFILE = "course-judge"
MAX_EXAMPLES = 100


def judge_settings() -> Any:
    """The settings every judged Hypothesis test runs with (registered and loaded as the default profile)."""
    from hypothesis import HealthCheck, Phase, settings
    from hypothesis.configuration import set_hypothesis_home_dir

    # Hypothesis also caches a Unicode table under .hypothesis/ (about 0.1 s of CPU to rebuild): its home is put
    # below this file, where no folder can be made, so it rebuilds the table and writes nothing anywhere
    set_hypothesis_home_dir(Path(__file__).resolve() / "no-storage")
    chosen = settings(derandomize=True, database=None, max_examples=MAX_EXAMPLES, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow], print_blob=False, report_multiple_bugs=False,
                      phases=(Phase.explicit, Phase.generate))   # no reuse (no database), no shrink, no explain
    settings.register_profile(PROFILE, chosen)
    settings.load_profile(PROFILE)
    return chosen


def is_property_test(function: Any) -> bool:
    """Is `function` a test decorated with Hypothesis's @given (only possible once Hypothesis is imported)?"""
    return getattr(function, "is_hypothesis_test", False) is True


def _own_random() -> None:
    """Give Hypothesis its per-thread Random as it would, minus its garbage-collector check.

    Hypothesis registers that Random the first time a test runs, and first asks the garbage collector who refers
    to it (gc.get_referrers), which the sandbox's audit hook refuses (course.sandboxed.guard: heap walking). Made
    here, already registered, it is seeded and restored around each test exactly as Hypothesis does it."""
    from random import Random

    import hypothesis.core
    from hypothesis.internal import entropy

    if hypothesis.core.threadlocal._hypothesis_global_random is None:
        rng = hypothesis.core.threadlocal._hypothesis_global_random = Random()
        entropy.RANDOMS_TO_MANAGE[next(entropy._RKEY)] = rng


def enforce(function: Any) -> None:
    """Make the @given test `function` run with judge_settings(), whatever the test file decorated it with."""
    _own_random()
    function._hypothesis_internal_use_settings = judge_settings()
    function._hypothesis_internal_use_seed = None
    function._hypothesis_internal_use_reproduce_failure = None
