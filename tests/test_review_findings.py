"""A review of a whole change (module 08): findings per file with a severity, a verdict, scored TPR - FPR.

The findings grader (course.judge.findings) is the one every module uses; these tests pin down what a review
adds: the file a finding names, the negative cases (decoys and flaw-free files) behind the false-alarm rate,
severity agreement, the verdict, and feedback that gives away no location before the reveal.
"""
from __future__ import annotations

import pytest

from course.judge.engine import judge_answer
from course.judge.exercises import Flaw, FindingsExercise
from course.judge.findings import (REVIEW_WEIGHTS, FindingsFormatError, key_ambiguities, match, parse_review,
                                   score_review)

FILES = ("app/orders.py", "app/mail.py", "app/util.py", "app/money.py")
EX = FindingsExercise(
    id="demo_review", scenario="demo", files=FILES, verdict="request changes",
    flaws=(Flaw("race", (10, 12), frozenset({"race-condition"}), "check then act", file="app/orders.py", severity="high"),
           Flaw("timeout", (4, 4), frozenset({"missing-timeout"}), "no timeout", file="app/mail.py", severity="medium",
                tolerance=(3, 6))),
    decoys=(("app/orders.py", 20, 21), ("app/money.py", 8, 8)),
    neutral=(("app/mail.py", 30, 32, frozenset({"error-handling"})),),
)
# negative cases: 2 decoys + 2 flaw-free files (util.py, money.py)


def f(file, lines, category, severity="high", why="because"):
    return {"file": file, "lines": lines, "category": category, "severity": severity, "why": why}


def review(findings, verdict="request changes"):
    return "%%findings demo\n" + repr({"verdict": verdict, "findings": findings})


def scored(findings, verdict="request changes"):
    given, found, problems = parse_review(review(findings, verdict), FILES)
    matched = match(found, EX, problems)
    return matched, score_review(found, given, matched, EX)


PERFECT = [f("app/orders.py", (10, 12), "race-condition", "high"), f("app/mail.py", 4, "missing-timeout", "medium")]


def test_a_perfect_review_earns_everything():
    matched, score = scored(PERFECT)
    assert (score.tpr, score.fpr, score.severity, score.verdict_ok, score.fraction) == (1.0, 0.0, 1.0, True, 1.0)
    assert EX.flaw_free_files == ("app/util.py", "app/money.py") and score.negatives == 4


def test_the_right_lines_in_another_file_match_nothing():
    matched, score = scored([f("app/util.py", (10, 12), "race-condition"), f("app/orders.py", 4, "missing-timeout")])
    assert matched.matched == {} and score.tpr == 0.0
    assert score.flagged_negatives == ["file app/util.py"] and score.stray == 1     # orders.py line 4: no decoy there


def test_a_finding_must_name_a_file_under_review():
    _, found, problems = parse_review(review([f("app/order.py", 10, "race-condition"),
                                              {"lines": 10, "category": "race-condition", "why": "x"}]), FILES)
    assert found == [] and len(problems) == 2
    assert "did you mean 'app/orders.py'" in problems[0] and "not one of the files under review" in problems[1]


@pytest.mark.parametrize("answer, message", [
    ([PERFECT[0]], "a dict with exactly two keys"),
    ({"verdict": "lgtm", "findings": []}, "'verdict' must be one of"),
    ({"verdict": "approve", "findings": [], "summary": "x"}, "exactly two keys"),
    ({"verdict": "approve", "findings": "none"}, "expected a list of findings"),
])
def test_a_review_that_is_not_a_review_is_refused(answer, message):
    with pytest.raises(FindingsFormatError, match=message):
        parse_review("%%findings demo\n" + repr(answer), FILES)


def test_a_bad_severity_is_a_problem_and_a_missing_one_earns_no_agreement():
    _, found, problems = parse_review(review([f("app/mail.py", 4, "missing-timeout", "severe")]), FILES)
    assert found == [] and "'severity' must be one of" in problems[0]
    item = dict(PERFECT[1])
    del item["severity"]
    matched, score = scored([PERFECT[0], item])
    assert score.tpr == 1.0 and score.severity == pytest.approx(0.5)     # race agrees, timeout has none


def test_severity_one_level_off_earns_half_two_levels_nothing():
    _, off_by_one = scored([f("app/orders.py", 10, "race-condition", "medium"), PERFECT[1]])
    _, off_by_two = scored([f("app/orders.py", 10, "race-condition", "low"), PERFECT[1]])
    assert off_by_one.severity == pytest.approx((0.5 + 1) / 2) and off_by_two.severity == pytest.approx(0.5)


def test_false_alarm_rate_counts_negative_cases_like_the_owasp_benchmark():
    # a decoy flagged twice is one negative case; another line of a flaw-free file is that file's case
    alarms = [f("app/orders.py", 20, "race-condition"), f("app/orders.py", 21, "edge-case"), f("app/util.py", 3, "edge-case")]
    matched, score = scored(PERFECT + alarms)
    assert score.tpr == 1.0 and score.flagged_negatives == ["decoy 1", "file app/util.py"] and score.stray == 0
    assert score.fpr == pytest.approx(2 / 4)
    assert score.fraction == pytest.approx(0.5 * (REVIEW_WEIGHTS["detection"] + REVIEW_WEIGHTS["severity"]
                                                  + REVIEW_WEIGHTS["verdict"]))


def test_a_decoy_in_a_flaw_free_file_counts_as_the_decoy():
    _, score = scored(PERFECT + [f("app/money.py", 8, "spec-misread")])
    assert score.flagged_negatives == ["decoy 2"] and score.fpr == pytest.approx(1 / 4)


def test_spamming_findings_drives_the_false_alarm_rate_towards_one():
    spam = [f("app/orders.py", n, "edge-case") for n in range(30, 70)]      # off every flaw and decoy
    _, score = scored(PERFECT + spam)
    assert score.tpr == 1.0 and score.stray == 40 and score.fpr == pytest.approx(40 / 44)
    assert score.fraction == pytest.approx(4 / 44)   # detection nearly gone, and severity and verdict with it
    _, everything_in_one_file = scored(PERFECT + [f("app/util.py", n, "edge-case") for n in range(1, 60)])
    assert everything_in_one_file.fpr == pytest.approx(1 / 4)   # one flaw-free file is one negative case


def test_a_review_that_flags_everything_earns_nothing_for_severity_or_verdict():
    """Module corpus h08_spray: TPR 1 and FPR 1 found every flaw's severity and the right verdict too; with them added
    on it earned 0.23. Scaled by detection they earn what detection earns."""
    flagged_everywhere = PERFECT + [f("app/orders.py", 20, "race-condition"), f("app/money.py", 8, "spec-misread"),
                                    f("app/util.py", 3, "edge-case"), f("app/money.py", 30, "edge-case")]
    _, score = scored(flagged_everywhere)
    assert score.tpr == 1.0 and score.severity == 1.0 and score.verdict_ok
    assert score.fpr == 1.0 and score.fraction == 0.0


def test_the_verdict_counts_only_when_right_and_with_a_flaw_found():
    _, approve = scored(PERFECT, "approve")
    assert not approve.verdict_ok and approve.fraction == pytest.approx(1 - REVIEW_WEIGHTS["verdict"])
    _, empty = scored([], "request changes")
    assert not empty.verdict_ok and empty.fraction == 0.0


def test_feedback_gives_no_location_away_before_the_reveal():
    answer = review([PERFECT[0], f("app/money.py", 8, "edge-case")])
    before = judge_answer(EX, answer).feedback
    assert "1 flaw(s) still to find" in before and "app/mail.py" not in before and "no timeout" not in before
    assert "files with no flaw" not in before and "decoy" not in before and "right verdict" not in before
    assert "found: app/orders.py lines 10-12" in before and "[same severity]" in before
    after = judge_answer(EX, answer, reveal=True).feedback
    assert "missed: app/mail.py lines 4-4 (missing-timeout, medium) - no timeout" in after
    assert "files with no flaw: app/util.py, app/money.py" in after and "this code is correct (a decoy)" in after


def test_a_review_longer_than_the_budget_gets_counts_only_and_the_same_score():
    """A review is staged like any findings (course.judge.findings.one_by_one): beyond the budget, counts only before
    the reveal, the score and its parts unchanged."""
    spam = [f("app/orders.py", n, "edge-case") for n in range(30, 33)]        # 2 flaws: a budget of 4
    before, after = judge_answer(EX, review(PERFECT + spam)), judge_answer(EX, review(PERFECT + spam), reveal=True)
    assert "counts only: you sent 5 findings, more than the 4" in before.feedback
    assert "found:" not in before.feedback and "[same severity]" not in before.feedback
    assert "found: app/orders.py lines 10-12" in after.feedback and "counts only" not in after.feedback
    assert before.fraction == after.fraction and before.details == after.details
    assert before.feedback.splitlines()[-1] == after.feedback.splitlines()[-1]       # the score line


def test_the_engine_reports_the_parts_for_the_cohort_report():
    verdict = judge_answer(EX, review(PERFECT[:1] + [f("app/util.py", 2, "edge-case")]))
    assert verdict.details["matched"] == ["race"] and verdict.details["missed"] == ["timeout"]
    assert verdict.details["flagged_negatives"] == ["file app/util.py"] and verdict.details["verdict_ok"] is True
    assert verdict.details["tpr"] == 0.5 and verdict.details["fpr"] == pytest.approx(0.25)
    assert judge_answer(EX, "%%findings demo\n[]").fraction == 0.0       # a plain list is not a review
    assert "Review not graded" in judge_answer(EX, "%%findings demo\n[]").feedback


def test_ambiguities_are_per_file():
    twin = FindingsExercise(id="t", scenario="demo", files=FILES, flaws=(
        Flaw("a", (10, 10), frozenset({"edge-case"}), "a", file="app/orders.py", tolerance=(8, 14)),
        Flaw("b", (12, 12), frozenset({"edge-case"}), "b", file="app/mail.py", tolerance=(8, 14))))
    assert key_ambiguities(twin) == []
    same_file = FindingsExercise(id="t", scenario="demo", files=FILES, flaws=(
        twin.flaws[0], Flaw("b", (14, 14), frozenset({"edge-case"}), "b", file="app/orders.py", tolerance=(11, 16))))
    assert key_ambiguities(same_file) == ["t: lines 11-13 qualify for both a and b"]


@pytest.mark.parametrize("body", [
    "__import__('os').system('true')",                                   # code, not a literal
    "{'verdict': 'approve', 'findings': [f for f in ()]}",
    "{'verdict': b'approve', 'findings': []}",
    "{'verdict': 'approve', 'findings': []}\n{'verdict': 'approve', 'findings': []}",
    "{'verdict': 'approve', 'findings': [" + "[" * 200 + "]" * 200 + "]}",  # deep nesting
])
def test_hostile_reviews_get_zero_and_a_reason(body):
    verdict = judge_answer(EX, "%%findings demo\n" + body)
    assert verdict.fraction == 0.0 and "internal_error" not in verdict.details
    assert verdict.feedback.startswith(("Review not graded", "Review:"))


def test_junk_entries_are_ignored_one_by_one_and_the_rest_is_graded():
    junk = [1, None, "race", {"file": ["app/orders.py"], "lines": 10, "category": "race-condition", "why": "x"},
            {"file": "app/orders.py", "lines": (12, 10), "category": "race-condition", "why": "x"},
            {"file": "app/orders.py", "lines": True, "category": "race-condition", "why": "x"}]
    verdict = judge_answer(EX, review(junk + PERFECT))
    assert verdict.fraction == 1.0 and verdict.feedback.count("ignored:") == len(junk)


def test_thousands_of_findings_are_graded_and_cost_what_they_should():
    spam = [f("app/orders.py", (n, n), "race-condition") for n in range(13, 1513)]   # under the 200 kB cap
    verdict = judge_answer(EX, review(PERFECT + spam))
    assert verdict.details["tpr"] == 1.0 and verdict.details["fpr"] > 0.99 and verdict.fraction < 0.31


def test_a_judgement_call_is_neither_found_nor_a_false_alarm():
    matched, score = scored(PERFECT + [f("app/mail.py", 31, "error-handling")])
    assert matched.neutral == (2,) and matched.false_alarms == [] and score.fpr == 0.0 and score.fraction == 1.0
    assert "not scored: app/mail.py line 31 (error-handling)" in judge_answer(EX, review(PERFECT + [
        f("app/mail.py", 31, "error-handling")])).feedback
    wide, _ = scored(PERFECT + [f("app/mail.py", (25, 40), "error-handling")])   # too wide: still a false alarm
    assert wide.false_alarms == [2]


def test_a_judgement_call_excuses_only_its_own_categories_wherever_the_flaws_are():
    """Red team: a call that excused any category let a spray of every category over a flaw and the call cost
    nothing; excusing it only off a flaw's lines made a wrong-category probe's false-alarm count say where the flaw
    was. A call names its categories: a finding in another one is a false alarm on it, near a flaw or not."""
    near = FindingsExercise(id="near", scenario="demo", files=FILES, verdict="request changes",
                            flaws=EX.flaws, decoys=EX.decoys, neutral=(("app/mail.py", 7, 8, frozenset({"error-handling"})),))
    probes = [f("app/mail.py", (5, 8), "race-condition"),     # the timeout's tolerance and the call
              f("app/mail.py", (7, 9), "race-condition"),     # the call alone
              f("app/mail.py", (5, 8), "error-handling"),     # the call's category, on the tolerance too
              f("app/mail.py", (7, 9), "error-handling")]
    given, found, problems = parse_review(review(PERFECT + probes), FILES)
    matched = match(found, near, problems)
    assert matched.false_alarms == [2, 3] and matched.neutral == (4, 5)


def test_a_category_spray_over_the_capstones_neutral_spans_earns_nothing():
    from course.judge.exercises import load_module_key
    from course.taxonomy import BY_ID

    capstone = load_module_key("08-capstone-review")["review_findings"]
    sender = next(name for name in capstone.files if "sender" in name)
    spray = [f(sender, window, category, "high", "guess") for window in [(27, 34), (45, 52)] for category in sorted(BY_ID)]
    verdict = judge_answer(capstone, "%%findings review\n" + repr({"verdict": "request changes", "findings": spray}))
    assert verdict.fraction == 0.0, verdict.feedback


def test_a_wrong_category_probe_says_nothing_of_where_the_capstones_flaws_are():
    """Red team, 2026-12: one 'injection' finding per answer, counts only, gave 0 false alarms on a window of a
    judgement call alone and 1 on one that also touched a flaw's tolerance: a map of the flaws, for any category."""
    from course.judge.exercises import load_module_key

    capstone = load_module_key("08-capstone-review")["review_findings"]
    sender = next(name for name in capstone.files if "sender" in name)
    counts = set()
    for window in [(32, 38), (31, 38), (30, 34), (41, 48), (42, 49), (35, 40)]:
        answer = "%%findings review\n" + repr({"verdict": "request changes",
                                               "findings": [f(sender, window, "injection", "high", "probe")]})
        counts.add(judge_answer(capstone, answer, counts_only=True).details.get("false_alarms"))
    assert counts == {1}, counts


@pytest.mark.parametrize("span", [("app/mail.py", 30, 32), ("app/mail.py", 30, 32, frozenset()),
                                  ("app/mail.py", 30, 32, frozenset({"no-such-category"})), (30, 32, "error-handling")])
def test_a_judgement_call_without_its_categories_is_refused_when_the_key_loads(span):
    with pytest.raises(ValueError, match="a judgement call is"):
        FindingsExercise(id="old", scenario="demo", files=FILES, verdict="request changes", flaws=EX.flaws,
                         neutral=(span,))
