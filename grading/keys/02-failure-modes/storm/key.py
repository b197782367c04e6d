"""Answer key for the retry-storm drill (module 02-failure-modes, scenario `storm`, findings only).

The snippet is solutions/02-failure-modes/stock_sync.py (65 lines). Four flaws:
- stacked-in-available (retry-storm), lines 44-49: available() retries _get_json, which already
  retries: 4 x 3 = 12 calls for one product page while the warehouse is down.
- stacked-in-refresh (retry-storm), lines 58-64: refresh_stock retries available() again: 36 calls and
  16 s of waiting per SKU; about 1,000 SKUs every minute is 36,000 calls a minute against a warehouse
  that is already failing, and a run that takes hours instead of under a minute.
- fixed-waits (retry-storm), line 39: the same 0.2 s after every failure, no backoff, no jitter: every
  worker that failed together retries together.
- retries-not-found (error-handling; retry-storm also accepted), line 37: `except (URLError, OSError)`
  also catches HTTPError, so a 404 (a SKU the warehouse does not stock) is retried 36 times and can
  never succeed.
Decoys: line 35 (there IS a timeout, 2 s: not a missing-timeout), line 50 (giving up with
WarehouseError is right). Tolerances never reach another flaw's lines with a shared category
(tests/test_findings.py lints every key).
tests/test_storm.py proves each flaw by counting calls against the real fault service.
"""
from course.judge.exercises import FindingsExercise, Flaw

FLAW_TITLES = {
    "stacked-in-available": "available() retries a helper that already retries: 4 x 3 = 12 calls per product page "
                            "while the warehouse is down.",
    "stacked-in-refresh": "refresh_stock retries available() again: 36 calls and 16 s of waiting per SKU, every "
                          "minute, against a warehouse that is already failing.",
    "fixed-waits": "Every retry waits the same 0.2 s: no backoff and no jitter, so clients that failed together "
                   "retry together.",
    "retries-not-found": "HTTPError is an OSError: a 404 for a SKU the warehouse does not stock is retried "
                         "(36 calls) instead of failing at once.",
}

EXERCISES = [
    FindingsExercise(
        id="storm_findings",
        scenario="storm",
        flaws=(
            Flaw("stacked-in-available", lines=(44, 49), tolerance=(42, 50), categories=frozenset({"retry-storm"}),
                 title=FLAW_TITLES["stacked-in-available"]),
            Flaw("stacked-in-refresh", lines=(58, 64), tolerance=(53, 65), categories=frozenset({"retry-storm"}),
                 title=FLAW_TITLES["stacked-in-refresh"]),
            Flaw("fixed-waits", lines=(39, 39), categories=frozenset({"retry-storm"}), title=FLAW_TITLES["fixed-waits"]),
            Flaw("retries-not-found", lines=(37, 37), tolerance=(37, 38),
                 categories=frozenset({"error-handling", "retry-storm"}), title=FLAW_TITLES["retries-not-found"]),
        ),
        decoys=((35, 35), (50, 50)),
    ),
]
