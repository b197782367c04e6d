"""Answer key for the quote scenario (module 05-three-callers).

The snippet is solutions/05-three-callers/pricing.py. It is right when the request handler calls it
(a new catalog session, a fresh list and an aware UTC time per request: what the assistant's tests
do) and wrong from the two other callers. Its three flaws:
- stale-price (hidden-state; edge-case accepted), lines 15-18: `lru_cache` on (catalog, sku) keeps
  a price for as long as the catalog session lives. The checkout opens a session per request, so it
  never notices; the worker holds one session for days and the nightly job one for its whole run,
  so after a price change both keep quoting the old price.
- wrong-offset (hidden-state; edge-case and spec-misread accepted), line 27:
  `at.replace(tzinfo=timezone.utc)` is right for the nightly job's naive UTC times and for UTC,
  but it relabels the worker's CET time (UTC+1) as UTC without converting it: the worker's
  promotion starts and ends an hour early.
- mutates-cart (hidden-state; spec-misread and edge-case accepted), line 33, tolerance 33-34:
  `lines.sort(...)` reorders the caller's own list. The handler and the worker pass fresh lists; the
  nightly job passes the carts it keeps in memory, which come back sorted by price.
Decoy: line 32, `starts <= at < ends`, is the half-open window the spec defines (and `items >= 3`
counts quantities, as it should).
A fourth chaff carries the classic bug of the obvious time-zone fix:
- naive-as-local: `at.astimezone(timezone.utc)` on a naive time reads it as the SERVER's local time
  (Berlin here), so the nightly job's naive UTC times move by an hour.

Spec freedom the wheats use: how quote stays fast (wheat_like_snippet keeps an lru_cache, keyed by
the catalog's version; wheat_no_cache looks prices up on every quote), and how it finds the cheapest
item (a sorted copy, or min).
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw, Impl, TestsExercise

FLAW_TITLES = {
    "stale-price": "A price change never reaches the long-lived callers: the cache keeps the old price for "
                   "as long as a catalog session lives (the worker's and the nightly job's).",
    "wrong-offset": "A time in another zone is relabelled as UTC instead of converted: the worker's CET "
                    "times put the promotion an hour early.",
    "mutates-cart": "quote sorts the caller's own list: the nightly job's cached carts come back reordered.",
    "naive-as-local": "A naive time is read as the server's local time instead of UTC: the nightly job's "
                      "promotion moves by the server's offset.",
}

EXERCISES = [
    TestsExercise(
        id="quote_tests",
        scenario="quote",
        wheats=(
            Impl("wheat_like_snippet.py",
                 freedom="how it stays fast is not specified: a cache is fine if it never serves a replaced price.",
                 note="the snippet's shape: lru_cache (keyed by catalog version), .replace(tzinfo=utc) (for "
                      "naive times only), a sort (of a copy): tests grepping for these are false alarms"),
            Impl("wheat_no_cache.py",
                 freedom="how it stays fast is not specified (this version keeps nothing between quotes).",
                 note="no cache, min() for the cheapest item, a helper for UTC"),
        ),
        chaffs=(
            Impl("chaff_stale_price.py", flaw="stale-price",
                 rule="a price change applies to the next quote, whoever asks.",
                 note="correct times and no mutation; lru_cache on (catalog, sku)"),
            Impl("chaff_sorts_in_place.py", flaw="mutates-cart",
                 rule="quote never changes the lines it is given.",
                 note="looks like the fix (prices once per quote, astimezone) but sorts the caller's list"),
            Impl("chaff_wrong_offset.py", flaw="wrong-offset",
                 rule="at may be an aware datetime in any time zone, compared as an instant.",
                 note="no cache, no mutation; .replace(tzinfo=utc) on every time"),
            Impl("chaff_naive_as_local.py", flaw="naive-as-local",
                 rule="a naive at means UTC, whatever the server's own time zone.",
                 note="looks like the fix: astimezone(utc) on every time, so naive means server-local"),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"naive-as-local": ("hidden-state",)},
    ),
    FindingsExercise(
        id="quote_findings",
        scenario="quote",
        flaws=(
            Flaw("stale-price", lines=(15, 18), categories=frozenset({"hidden-state", "edge-case"}),
                 title=FLAW_TITLES["stale-price"]),
            Flaw("wrong-offset", lines=(27, 27), categories=frozenset({"hidden-state", "edge-case", "spec-misread"}),
                 title=FLAW_TITLES["wrong-offset"]),
            Flaw("mutates-cart", lines=(33, 33), tolerance=(33, 34),
                 categories=frozenset({"hidden-state", "spec-misread", "edge-case"}),
                 title=FLAW_TITLES["mutates-cart"]),
        ),
        decoys=((32, 32),),
    ),
    FixExercise(
        id="quote_fix",
        scenario="quote",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_totals_and_the_three_for_two": "totals, quantities and the 3-for-2",
            "test_empty_cart_and_unknown_product": "an empty cart costs 0; an unknown product raises KeyError",
            "test_naive_times_mean_utc_on_any_server": "a naive time means UTC, whatever the server's time zone",
            "test_price_change_reaches_every_caller": "a price change reaches the next quote from every caller",
            "test_promotion_window_in_any_time_zone": "the promotion window is the same instant in every time zone",
            "test_the_callers_list_is_left_alone": "the caller's list is left as it was",
        },
    ),
]
