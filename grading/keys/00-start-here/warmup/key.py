"""Answer key for the warm-up (module 00-start-here, scenario `warmup`).

The snippet is solutions/00-start-here/sales.py. Its two flaws:
- counts-unpaid (spec-misread, lines 11-12): the filter drops only "refunded", so cancelled and
  pending orders are averaged in; the spec counts "paid" orders only.
- empty-day-crash (edge-case, line 13): a day with no paid orders divides by zero; the spec says 0.
Decoy: line 14, `int(average + 0.5)`, is correct rounding for non-negative totals (the spec lets
exact halves go either way).
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw, Impl, TestsExercise

FLAW_TITLES = {
    "counts-unpaid": "Cancelled and pending orders are averaged in: only paid orders should count.",
    "empty-day-crash": "A day with no paid orders divides by zero instead of returning 0.",
}

EXERCISES = [
    TestsExercise(
        id="warmup_tests",
        scenario="warmup",
        wheats=(
            Impl("wheat_like_snippet.py",
                 freedom="when the mean is exactly half a cent, either neighbour is correct (this version takes the upper one).",
                 note="the snippet's shape, correctly filtered and guarded; halves round up"),
            Impl("wheat_half_even.py",
                 freedom="when the mean is exactly half a cent, either neighbour is correct (this version takes the even one).",
                 note="a loop and round(): exact halves round to even"),
            Impl("wheat_integer_half_down.py",
                 freedom="when the mean is exactly half a cent, either neighbour is correct (this version takes the lower one).",
                 note="integer arithmetic; exact halves round down"),
        ),
        chaffs=(
            Impl("chaff_counts_unpaid.py", flaw="counts-unpaid",
                 rule='only "paid" orders count.',
                 note="looks like the fix: the empty-day guard is there, the filter is still != 'refunded'"),
            Impl("chaff_empty_day_crash.py", flaw="empty-day-crash",
                 rule="a day with no paid orders returns 0; it must not fail.",
                 note="filters paid orders, then statistics.mean raises on a day with none"),
        ),
        flaw_titles=FLAW_TITLES,
    ),
    FindingsExercise(
        id="warmup_findings",
        scenario="warmup",
        flaws=(
            Flaw("counts-unpaid", lines=(11, 12), categories=frozenset({"spec-misread"}),
                 title=FLAW_TITLES["counts-unpaid"]),
            Flaw("empty-day-crash", lines=(13, 13), categories=frozenset({"edge-case"}),
                 title=FLAW_TITLES["empty-day-crash"]),
        ),
        decoys=((14, 14),),
    ),
    FixExercise(
        id="warmup_fix",
        scenario="warmup",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_average_of_paid_orders": "averages the paid orders and returns whole cents as an int",
            "test_only_paid_orders_count": "refunded, cancelled and pending orders are left out",
            "test_empty_day_returns_zero": "a day with no orders returns 0",
            "test_day_without_paid_orders_returns_zero": "a day with orders but none paid returns 0",
            "test_rounds_to_nearest_cent": "rounds to the nearest cent",
            "test_orders_are_not_modified": "the orders list is left unchanged",
        },
    ),
]
