"""Answer key for the pricing scenario (module 02-failure-modes).

The snippet is solutions/02-failure-modes/prices.py. Its three flaws:
- status-as-missing (error-handling; spec-misread also accepted), lines 45-47: every HTTP error,
  503, 429 and 500 included, is logged at INFO and answered None, which the spec reserves for a 404
  ("no such product"). The cart drops a product whenever the pricing service is overloaded, and
  the failure is never retried or reported.
- no-timeout (missing-timeout), line 43: urlopen(url) without a timeout. A service that accepts the
  connection and never answers holds the page's thread forever (no exception, so no retry either).
- lockstep-retries (retry-storm), lines 51-52: the same fixed 0.5 s wait after every failure, no
  backoff and no jitter: every client that failed in the same moment comes back in the same moment.
Decoys (correct code that looks suspicious): line 20 (three attempts is a sensible cap), line 40
(quote() escapes the sku for the URL), line 53 (giving up with PriceUnavailable is what the spec asks).
Note what is right: `except (URLError, ConnectionError)` does retry connection failures and resets.

An extra chaff carries the classic overcorrection of the first flaw:
- retries-404: retries every HTTP error, 404 included, so an unknown product costs 3 calls and raises
  PriceUnavailable instead of answering None (404 and 503 must be told apart both ways).
Two wrong fixes are not chaffs; tests/test_pricing.py uses them to show what the hidden tests catch:
wrong_fix_retry_forever.py (503 retried with no cap on attempts) and wrong_fix_timeout_not_retried.py
(adds timeout=2.0 but keeps `except (URLError, ConnectionError)`; a read timeout raises TimeoutError,
which is neither, so a hang escapes raw).

Spec freedom the wheats use (course/scenarios/pricing/__init__.py): the backoff formula (full jitter
vs equal jitter from Retry-After), the timeout (2.0 vs 1.5 s), the exception's base class and message.
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw, Impl, TestsExercise

FLAW_TITLES = {
    "status-as-missing": "A 503 (or 429, 500) answer is read as \"no such product\": get_price returns None "
                         "instead of retrying and then raising PriceUnavailable.",
    "no-timeout": "No timeout on the call: a service that never answers holds the caller forever.",
    "lockstep-retries": "Every wait is the same length (no jitter): clients that failed together retry together.",
    "retries-404": "A 404 is retried like a 503: an unknown product costs 3 calls and raises PriceUnavailable "
                   "instead of answering None.",
}

EXERCISES = [
    TestsExercise(
        id="pricing_tests",
        scenario="pricing",
        wheats=(
            Impl("wheat_like_snippet.py",
                 freedom="the exact timeout (any number up to 2 s) and how each wait is chosen within the bounds (here exponential backoff with full jitter).",
                 note="the snippet's shape, fixed: timeout=2.0, 404 vs the rest, `except OSError`, full jitter"),
            Impl("wheat_retry_after.py",
                 freedom="the exact timeout (any number up to 2 s), how each wait is chosen within the bounds (here from Retry-After when the service sends one), and the exception's message and cause.",
                 note="a helper per attempt, timeout 1.5 s, equal jitter from Retry-After (waits 0.5-1 s "
                      "after a 503), PriceUnavailable is a RuntimeError: tests that pin the timeout, the "
                      "formula or the message are false alarms"),
        ),
        chaffs=(
            Impl("chaff_status_as_missing.py", flaw="status-as-missing",
                 rule="only a 404 means there is no such product: a 429, 500 or 503 is tried again, and after 3 failed attempts get_price raises PriceUnavailable.",
                 note="timeout and jittered backoff, but every HTTP error returns None"),
            Impl("chaff_no_timeout.py", flaw="no-timeout",
                 rule="every call to urlopen passes a timeout of at most 2 seconds.",
                 note="the Retry-After wheat without its timeout"),
            Impl("chaff_no_jitter.py", flaw="lockstep-retries",
                 rule="the waits between attempts are randomised (jitter), so clients that failed together do not come back together.",
                 note="looks like the fix: exponential backoff constants, timeout, OSError; no jitter"),
            Impl("chaff_retries_404.py", flaw="retries-404",
                 rule="a 404 returns None at once, without retrying.",
                 note="looks like the Retry-After wheat, but every HTTP error, 404 included, is tried again"),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"retries-404": ("error-handling",)},
    ),
    FindingsExercise(
        id="pricing_findings",
        scenario="pricing",
        flaws=(
            Flaw("status-as-missing", lines=(45, 47), categories=frozenset({"error-handling", "spec-misread"}),
                 title=FLAW_TITLES["status-as-missing"]),
            Flaw("no-timeout", lines=(43, 43), tolerance=(41, 44), categories=frozenset({"missing-timeout"}),
                 title=FLAW_TITLES["no-timeout"]),
            Flaw("lockstep-retries", lines=(51, 52), tolerance=(48, 52), categories=frozenset({"retry-storm"}),
                 title=FLAW_TITLES["lockstep-retries"]),
        ),
        decoys=((20, 20), (40, 40), (53, 53)),
    ),
    FixExercise(
        id="pricing_fix",
        scenario="pricing",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        allowed_imports=("urllib", "http"),
        properties={
            "test_returns_the_price": "returns the price in cents",
            "test_unknown_product_is_none_at_once": "a 404 is None at once: no retry, no wait",
            "test_503_is_told_apart_from_404": "a 503 is retried, then PriceUnavailable: never \"no such product\"",
            "test_every_failure_is_retried_then_reported": "429, 500, 503 and resets are retried, then reported "
                                                           "with PriceUnavailable (nothing dropped silently)",
            "test_attempts_are_bounded": "at most 3 attempts per call, whatever fails",
            "test_timeouts_are_honoured": "every call has a timeout of at most 2 s; a service that never "
                                          "answers is given up on",
            "test_waits_are_bounded": "waits only between attempts, each at most 1 s",
            "test_waits_are_jittered": "waits are randomised: clients that failed together do not retry together",
        },
    ),
]
