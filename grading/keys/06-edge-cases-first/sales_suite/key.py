"""Answer key for scenario sales_suite (module 06-edge-cases-first): the assistant's tests, reviewed.

The snippet is solutions/06-edge-cases-first/test_daily_sales.py (the assistant's tests for daily_sales). Flaws, one
per test that cannot do its job (taxonomy: vacuous-test), each shown by running the file against the sales
scenario's versions (tests/test_edge_cases_first.py):
- period-as-coded (line 21): expects the period without its last day and float zeros: what the code does, not
  what the spec says; it fails on every correct version;
- float-approx (line 32): pytest.approx(0.3) accepts the float the code returns; the spec promises an exact
  Decimal; it fails on every correct version too;
- winter-only (lines 25-26): the one time-zone test is in January, where a fixed UTC+1 is right: it passes on
  the broken version that ignores summer time;
- asserts-nothing (line 37): `report is not None` holds for the {} the spec forbids (and for any answer at all);
- len-only (line 43): `len(report) > 0` holds for any non-empty dict, whatever the totals;
- mocks-the-code (lines 47-50): the test replaces daily_sales with a Mock and checks the Mock: it never runs
  the code.
Decoy: lines 13-16, one day's total compared with ==: a plain example test, correct on every version.
"""
from course.judge.exercises import FindingsExercise, Flaw

VACUOUS = frozenset({"vacuous-test"})

FLAW_TITLES = {
    "period-as-coded": "test_days_without_orders_are_zero asserts what the code returns (the last day missing, float "
                       "zeros), not what the spec says: it fails on a correct report.",
    "float-approx": "test_amounts_are_rounded_to_cents accepts a float near 0.3; the spec says an exact Decimal: it "
                    "fails on a correct report and passes on the float one.",
    "winter-only": "test_uses_the_shops_time_zone tries January only, where UTC+1 is right: it passes on a report "
                   "that ignores summer time.",
    "asserts-nothing": "test_no_orders asserts only that something came back: {} passes, and so would anything.",
    "len-only": "test_a_busy_month asserts only that the report is not empty: wrong totals pass.",
    "mocks-the-code": "test_the_report_feeds_the_dashboard replaces daily_sales with a Mock and tests the Mock: the "
                      "code never runs.",
}

EXERCISES = [
    FindingsExercise(
        id="sales_suite_findings",
        scenario="sales_suite",
        flaws=(
            Flaw("period-as-coded", lines=(21, 21), tolerance=(19, 21),
                 categories=VACUOUS | {"spec-misread", "edge-case"}, title=FLAW_TITLES["period-as-coded"]),
            Flaw("winter-only", lines=(25, 26), tolerance=(24, 26), categories=VACUOUS | {"edge-case"},
                 title=FLAW_TITLES["winter-only"]),
            Flaw("float-approx", lines=(32, 32), tolerance=(29, 32), categories=VACUOUS | {"spec-misread"},
                 title=FLAW_TITLES["float-approx"]),
            Flaw("asserts-nothing", lines=(37, 37), tolerance=(35, 37), categories=VACUOUS,
                 title=FLAW_TITLES["asserts-nothing"]),
            Flaw("len-only", lines=(43, 43), tolerance=(40, 43), categories=VACUOUS, title=FLAW_TITLES["len-only"]),
            Flaw("mocks-the-code", lines=(47, 50), tolerance=(46, 50), categories=VACUOUS,
                 title=FLAW_TITLES["mocks-the-code"]),
        ),
        decoys=((13, 16),),
    ),
]
