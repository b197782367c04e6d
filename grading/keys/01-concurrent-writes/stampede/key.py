"""Answer key for the cache-stampede drill (module 01-concurrent-writes, scenario `stampede`, tests only).

The snippet is solutions/01-concurrent-writes/cache.py. Its two flaws:
- stampede (race-condition): no single flight, so n concurrent misses for a key make n catalogue
  calls (50 gets started together: 50 loads, and the callers see 50 different versions).
- ttl-boundary (edge-case): `self._clock() <= entry.expires_at` still serves an entry at exactly
  ttl seconds, so ttl=0 does not turn caching off (the spec: stale from loaded_at + ttl on).
  The chaff writes it as `expires_at < now` and the look-alike wheat as `expires_at <= now`, so
  grepping the source for `<=` catches nothing and costs a false alarm.
A third chaff carries the classic bug of the obvious single-flight fix:
- failure-sticks (error-handling): the failed in-flight task is never removed, so every later get
  re-raises the old error and the catalogue is never asked again.

The spec leaves two freedoms, and the wheats take different sides of both:
- callers already waiting on a load that fails either share its error (wheat_shared_task) or load
  again themselves, one at a time (wheat_lock_per_key);
- with ttl=0, concurrent gets may share one load (wheat_shared_task: 1 call for 50 gets) or each
  load in turn (wheat_lock_per_key: 50 calls, never two at once).
reference_tests.py is the notebook's solution for stampede_tests: it passes on both wheats and
fails on every chaff (tests/test_stampede.py checks this).
"""
from course.judge.exercises import Impl, TestsExercise

FLAW_TITLES = {
    "stampede": "Concurrent misses for the same key each call the catalogue: "
                "50 requests at once make 50 loads (no single flight).",
    "ttl-boundary": "An entry is still served exactly ttl seconds after it was loaded (the boundary is "
                    "inclusive), so ttl=0 does not turn caching off.",
    "failure-sticks": "A failed load is remembered: every later get re-raises the old error "
                      "instead of asking the catalogue again.",
}

EXERCISES = [
    TestsExercise(
        id="stampede_tests",
        scenario="stampede",
        wheats=(
            Impl("wheat_lock_per_key.py",
                 freedom="callers already waiting on a load that fails may get the same error or try the load again themselves, one at a time (this version lets them try again).",
                 note="looks like the snippet plus an asyncio.Lock per key and a re-check; expired when "
                      "`expires_at <= now` (so a test grepping for `<=` is a false alarm); waiters after a "
                      "failed load try again one at a time"),
            Impl("wheat_shared_task.py",
                 freedom="callers already waiting on a load that fails may get the same error or try the load again themselves, one at a time (this version gives them the same error).",
                 note="in-flight task per key, shielded, removed in `finally`; waiters share a failure"),
        ),
        chaffs=(
            Impl("chaff_stampede.py", flaw="stampede",
                 rule="one load per key at a time: gets for a key that is loading wait for that load and return its value.",
                 note="the snippet with the boundary written as `now - loaded_at < ttl` (correct): no single flight"),
            Impl("chaff_ttl_boundary.py", flaw="ttl-boundary",
                 rule="a value loaded when the clock read t is fresh while the clock reads less than t + ttl, and stale from t + ttl on.",
                 note="looks like the fix: a lock per key and a re-check, but expired only when "
                      "`expires_at < now`, the snippet's boundary written the other way round"),
            Impl("chaff_failure_sticks.py", flaw="failure-sticks",
                 rule="a failed load is not kept: a later get asks the catalogue again.",
                 note="looks like the fix: shared in-flight task, but it is only removed on success"),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"stampede": ("race-condition",), "ttl-boundary": ("edge-case",),
                         "failure-sticks": ("error-handling",)},
    ),
]
