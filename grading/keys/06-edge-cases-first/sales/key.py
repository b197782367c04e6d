"""Answer key for scenario sales (module 06-edge-cases-first): learners test it from the request alone.

The snippet is solutions/06-edge-cases-first/daily_sales.py. Its flaws (chaffs one each, plus one it has not):
- empty (edge-case, lines 17-18): no orders returns {} instead of every day at 0;
- last-day (edge-case, lines 19-20): range(days) leaves out last_day (a one-day period is empty);
- dst (edge-case, line 12): Berlin as a fixed UTC+1: in summer (UTC+2) an order between 22:00 and 23:00 UTC
  lands on the wrong day;
- float-money (spec-misread, line 24, also 20): float sums; 0.10 three times is 0.30000000000000004, and a
  float never equals the Decimal the spec promises unless it is exactly representable;
- utc-day (edge-case; a chaff only): the UTC calendar day (the time zone ignored altogether).
Spec freedom the wheats use: the dict's key order (wheat_zoneinfo lists the latest day first), how zero is
written (Decimal("0") or Decimal("0.00")), and how a day is found (local date, or a window of UTC instants).
Decoys (correct lines that look suspicious): line 22, datetime.fromisoformat on a "Z" timestamp (Python 3.11
reads it) and astimezone on an aware datetime; line 23, orders outside the period are skipped as the spec says.
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw, Impl, TestsExercise

# What the tests' feedback says about a caught or missed chaff: the spec rule it breaks, never the flaw, since
# the tests are scored before the learner has read the code (the learner-experience issue's sequencing rule).
SPEC_RULES = {
    "empty": "Breaks the spec rule: with no orders at all, every day of the period is 0.",
    "last-day": "Breaks the spec rule: one entry for every day from first_day to last_day, both included.",
    "dst": "Breaks the spec rule: an order counts on its day in Europe/Berlin, whatever day it was in UTC.",
    "utc-day": "Breaks the spec rule: an order counts on its day in Europe/Berlin, whatever day it was in UTC "
               "(a second version that breaks it).",
    "float-money": "Breaks the spec rule: a day's value is the exact sum of its amounts, as a Decimal.",
}

BREAKS = "Breaks the spec rule: "

FLAW_TITLES = {
    "empty": "No orders returns an empty report instead of every day at 0.",
    "last-day": "The period's last day is left out (range(days) stops one day short).",
    "dst": "Berlin as a fixed UTC+1: in summer time late-evening orders land on the wrong day.",
    "utc-day": "Orders count on their UTC day, not the shop's day in Berlin.",
    "float-money": "Money summed as floats: totals are not the exact Decimal amounts.",
}

EXERCISES = [
    TestsExercise(
        id="sales_tests",
        scenario="sales",
        wheats=(
            Impl("wheat_zoneinfo.py", note="ZoneInfo local date, Decimal sums, latest day first",
                 freedom="the order of the report's days is left open, and so is how 0 is written (this version: latest day first, Decimal('0')).",),
            Impl("wheat_like_snippet.py", note="the snippet's shape, an empty-orders guard that still lists every day",
                 freedom="a day's value is an amount: Decimal('0.00') and Decimal('0') are the same 0 (this version writes cents).",),
            Impl("wheat_utc_windows.py", note="each Berlin day as a window of UTC instants",
                 freedom="the spec says which day an order counts on, not how that day is worked out; a zero may be written with cents.",),
        ),
        chaffs=(
            Impl("chaff_empty.py", flaw="empty", note="`if not orders: return {}`, otherwise the fix",
                 rule=SPEC_RULES["empty"].removeprefix(BREAKS),),
            Impl("chaff_last_day.py", flaw="last-day", note="range(days): the last day missing",
                 rule=SPEC_RULES["last-day"].removeprefix(BREAKS),),
            Impl("chaff_fixed_offset.py", flaw="dst", note="timezone(timedelta(hours=1)): looks like the fix",
                 rule=SPEC_RULES["dst"].removeprefix(BREAKS),),
            Impl("chaff_utc_day.py", flaw="utc-day", note="the UTC date",
                 rule=SPEC_RULES["utc-day"].removeprefix(BREAKS),),
            Impl("chaff_float.py", flaw="float-money", note="float sums rounded to cents",
                 rule=SPEC_RULES["float-money"].removeprefix(BREAKS),),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"empty": ("edge-case",), "last-day": ("edge-case",), "dst": ("edge-case",),
                         "utc-day": ("edge-case",), "float-money": ("spec-misread", "edge-case")},
    ),
    FindingsExercise(
        id="sales_findings",
        scenario="sales",
        flaws=(
            Flaw("empty", lines=(17, 18), categories=frozenset({"edge-case", "spec-misread"}), title=FLAW_TITLES["empty"]),
            Flaw("last-day", lines=(19, 20), categories=frozenset({"edge-case"}), title=FLAW_TITLES["last-day"]),
            Flaw("dst", lines=(12, 12), categories=frozenset({"edge-case", "hidden-state", "spec-misread"}),
                 title=FLAW_TITLES["dst"]),
            Flaw("float-money", lines=(24, 24), categories=frozenset({"spec-misread", "edge-case"}),
                 title=FLAW_TITLES["float-money"]),
        ),
        decoys=((22, 23),),
    ),
    FixExercise(
        id="sales_fix",
        scenario="sales",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_every_day_of_the_period_both_ends_included": "every day of the period, both ends included",
            "test_no_orders_is_zero_every_day": "no orders: every day of the period at 0",
            "test_orders_count_on_the_shops_day_in_winter_and_summer": "orders count on Berlin's day, winter and summer",
            "test_the_days_the_clocks_change": "the days the clocks change count right",
            "test_money_is_exact_decimal": "totals are exact Decimal sums",
        },
    ),
]
