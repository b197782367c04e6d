"""Answer key for scenario split (module 06-edge-cases-first): property-based tests with Hypothesis.

The snippet is solutions/06-edge-cases-first/split_bill.py. Its flaws:
- float-share (edge-case, line 12): the shares are computed as floats; above 2**53 cents a float cannot hold every
  whole number, so the rounded shares are off by more than a cent. Only large totals show it: a chaff that only a
  generated input (or a tester who thinks of it) exposes;
- last-absorbs (spec-misread, line 13): the last person takes the whole rounding difference: with many people it
  is several cents (seven people, 8 cents: 1, 1, 1, 1, 1, 1 and 2), and with a weight of 0 last, that person pays
  (or is paid) cents: [1, 1, 0] and 3 cents gives [2, 2, -1].
Chaffs, one broken invariant each: chaff_round (each share rounded to the nearest cent: cents made or lost),
chaff_last_absorbs (the last person takes every leftover cent: more than a cent off their share), chaff_in_turn
(exact integers, leftovers in turn from the first person: the larger weight can pay less), chaff_float (largest
remainders, as a fix would, on float shares: the float flaw alone, at large totals).
Spec freedom the wheats use: who gets the leftover cents among equal remainders (wheat_largest_remainder: the
larger weight, then the first; wheat_like_snippet: the first; wheat_fractions: the last).
"""
from course.judge.exercises import Impl, TestsExercise

# What the tests' feedback says about a caught or missed chaff: the invariant it breaks (the code is shown later).
SPEC_RULES = {
    "rounding": "Breaks the spec rule: the parts add up to the total exactly.",
    "last-absorbs": "Breaks the spec rule: each part is its exact share rounded down or up.",
    "in-turn": "Breaks the spec rule: a larger weight never pays less than a smaller one.",
    "float-share": "Breaks the spec rule: the parts add up to the total exactly, whatever its size "
                   "(a second version that breaks it).",
}

BREAKS = "Breaks the spec rule: "

EXERCISES = [
    TestsExercise(
        id="split_tests",
        scenario="split",
        wheats=(
            Impl("wheat_largest_remainder.py", note="divmod, largest remainders, ties: larger weight then first",
                 freedom="who gets a leftover cent among equal shares is left open (this version: the larger weight, then the first).",),
            Impl("wheat_like_snippet.py", note="the snippet's loop on integers, by remainder, ties: first",
                 freedom="who gets a leftover cent among equal shares is left open (this version: the first of them).",),
            Impl("wheat_fractions.py", note="Fraction shares, ties: last",
                 freedom="who gets a leftover cent among equal shares is left open (this version: the last of them).",),
        ),
        chaffs=(
            Impl("chaff_round.py", flaw="rounding", note="each share rounded to the nearest cent",
                 rule=SPEC_RULES["rounding"].removeprefix(BREAKS),),
            Impl("chaff_last_absorbs.py", flaw="last-absorbs", note="the last person takes the leftover",
                 rule=SPEC_RULES["last-absorbs"].removeprefix(BREAKS),),
            Impl("chaff_in_turn.py", flaw="in-turn", note="exact integers, leftovers from the first person on",
                 rule=SPEC_RULES["in-turn"].removeprefix(BREAKS),),
            Impl("chaff_float.py", flaw="float-share", note="largest remainders on float shares: looks like the fix",
                 rule=SPEC_RULES["float-share"].removeprefix(BREAKS),),
        ),
        flaw_titles=SPEC_RULES,
        flaw_categories={"rounding": ("spec-misread",), "last-absorbs": ("spec-misread",),
                         "in-turn": ("spec-misread", "edge-case"), "float-share": ("edge-case",)},
    ),
]
