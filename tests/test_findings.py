"""Findings: format check, one-to-one matching, span cap, categories, the written formula."""
import pytest

from course.judge.exercises import Flaw, FindingsExercise
from course.judge.findings import FALSE_ALARM_COST, FindingsFormatError, echo, feedback, match, parse_findings

EX = FindingsExercise(
    id="demo_findings", scenario="demo",
    flaws=(Flaw("race", (10, 12), frozenset({"race-condition", "edge-case"}), "check then act"),
           Flaw("neg", (6, 6), frozenset({"edge-case"}), "negative qty", tolerance=(5, 7))),
    decoys=((20, 21),),
)


def f(lines, category, why="because"):
    return {"lines": lines, "category": category, "why": why}


def judge(items):
    found, problems = parse_findings("%%findings demo\n" + repr(items))
    return found, match(found, EX, problems)


def test_all_found_scores_full():
    _, v = judge([f((10, 11), "race-condition"), f(7, "edge-case")])   # 7 is inside the tolerance
    assert v.fraction == 1.0 and sorted(v.matched.values()) == ["neg", "race"]


def test_one_to_one_two_findings_on_one_flaw_count_once():
    _, v = judge([f((10, 10), "race-condition"), f((11, 12), "edge-case")])
    assert len(v.matched) == 1 and len(v.false_alarms) == 1
    assert v.fraction == pytest.approx(0.5 - FALSE_ALARM_COST * 0.5)


def test_matching_is_maximum_not_greedy():
    # The first finding could take either flaw; a greedy matcher giving it "race" would strand the second.
    _, v = judge([f((6, 10), "edge-case"), f((10, 10), "race-condition")])
    assert len(v.matched) == 2


def test_whole_file_span_matches_nothing():
    _, v = judge([f((1, 200), "race-condition")])
    assert v.matched == {} and v.fraction == 0.0


def test_listing_every_category_earns_nothing():
    from course.taxonomy import BY_ID
    items = [f(lines, cat) for lines in [(10, 12), (6, 6)] for cat in BY_ID]
    _, v = judge(items)
    assert len(v.matched) == 2 and v.fraction == 0.0


def test_wrong_category_is_not_a_match():
    _, v = judge([f((10, 12), "n-plus-one")])
    assert v.matched == {} and v.fraction == 0.0


def test_decoy_is_a_false_alarm_named_only_on_reveal():
    found, v = judge([f((10, 12), "race-condition"), f(20, "injection")])
    assert v.decoy_hits == [1]
    assert "decoy" in feedback(found, v, EX, reveal=True)
    assert "decoy" not in feedback(found, v, EX, reveal=False)


def test_missed_locations_only_on_reveal():
    found, v = judge([f((10, 12), "race-condition")])
    hidden, shown = feedback(found, v, EX, reveal=False), feedback(found, v, EX, reveal=True)
    assert "negative qty" not in hidden and "1 flaw(s) still to find" in hidden
    assert "lines 6-6" in shown and "negative qty" in shown


@pytest.mark.parametrize("source, message", [
    ("%%findings demo\n# YOUR CODE HERE\nraise NotImplementedError()", "no findings yet"),
    ("%%findings demo\n[1, 2", "not valid Python"),
    ("%%findings demo\n[f(1)]", "plain literal"),
    ("%%findings demo\nimport os\n[]", "exactly one"),
    ("%%findings demo\n42", "expected a list"),
])
def test_unusable_answers_are_explained(source, message):
    with pytest.raises(FindingsFormatError, match=message):
        parse_findings(source)


def test_bad_entries_are_reported_and_do_not_count():
    found, problems = parse_findings(repr([f((3, 1), "edge-case"), f(4, "edge_cse"), {"lines": 4}, f(5, "edge-case", "")]))
    assert found == []
    assert len(problems) == 4
    assert "did you mean 'edge-case'" in problems[1]


def test_assignment_form_and_confidence_accepted():
    found, problems = parse_findings("findings = [{'lines': 6, 'category': 'edge-case', 'why': 'x', 'confidence': 0.8}]")
    assert problems == [] and found[0].confidence == 0.8


def test_echo_shows_the_flagged_code():
    found, problems = parse_findings(repr([f((2, 3), "race-condition"), f((1, 30), "edge-case")]))
    text = echo(found, problems, ["a = 1", "if stock > 0:", "    sell()", "x"])
    assert "you flagged lines 2-3 as race-condition: `if stock > 0: / sell()`" in text
    assert "only 4 lines" in text


def test_one_location_cannot_claim_several_flaws_through_tolerances():
    """The review's attack: the same short span listed three times under the categories of three flaws."""
    from course.judge.exercises import load_module_key
    ex = load_module_key("01-concurrent-writes")["oversell_findings"]
    items = [f((24, 27), "edge-case"), f((24, 27), "edge-case"), f((24, 27), "error-handling")]
    found, problems = parse_findings(repr(items))
    verdict = match(found, ex, problems)
    assert len(verdict.matched) == 1 and verdict.fraction < 1 / 3


def test_tolerance_only_match_off_every_flaws_lines():
    found, _ = parse_findings(repr([f(5, "edge-case")]))        # in neg's tolerance, on nobody's lines
    assert match(found, EX).matched == {0: "neg"}


def test_every_key_is_unambiguous():
    from course.judge.exercises import FindingsExercise, load_module_key
    from course.judge.findings import key_ambiguities
    from course.paths import keys_dir
    for module_dir in sorted(p for p in keys_dir().iterdir() if p.is_dir()):
        for ex in load_module_key(module_dir.name).values():
            if isinstance(ex, FindingsExercise):
                assert key_ambiguities(ex) == [], ex.id


def test_a_flaw_repeated_in_several_places_matches_a_finding_on_any_of_them_once():
    ex = FindingsExercise(id="demo_findings", scenario="demo",
                          flaws=(Flaw("dicts", (3, 4), frozenset({"error-handling"}), "error dicts", also=((9, 9), (15, 15))),
                                 Flaw("race", (10, 12), frozenset({"race-condition"}), "check then act")))
    for lines in ((3, 4), 9, 15):
        found, _ = parse_findings(repr([f(lines, "error-handling")]))
        assert match(found, ex).matched == {0: "dicts"}, lines
    found, _ = parse_findings(repr([f(9, "error-handling"), f(15, "error-handling")]))
    verdict = match(found, ex)
    assert len(verdict.matched) == 1 and len(verdict.false_alarms) == 1   # one flaw, found once
    assert "lines 3-4, 9-9, 15-15" in feedback([], match([], ex), ex, reveal=True)


def test_staged_feedback_judges_one_by_one_only_within_the_budget():
    """Before the reveal, at most one_by_one(flaws) findings are named finding by finding; a longer list (a spray of
    guesses, hostile_corpus FINDINGS_SPRAY) gets the same score and counts only, and says why. The reveal names all."""
    from course.judge.findings import one_by_one

    budget = one_by_one(len(EX.flaws))
    assert budget == 4 and one_by_one(0) == 2 and one_by_one(5) == 10
    right = [f((10, 11), "race-condition"), f(6, "edge-case")]
    misses = [f(n, "injection") for n in range(30, 30 + budget)]
    within, v_within = judge(right + misses[:budget - len(right)])
    text = feedback(within, v_within, EX, reveal=False)
    assert "found: lines 10-11 (race-condition) - check then act" in text and "counts only" not in text
    over, v_over = judge(right + misses[:budget - len(right) + 1])
    text = feedback(over, v_over, EX, reveal=False)
    assert f"you sent {budget + 1} findings, more than the {budget}" in text
    assert "(2 matched, 3 false alarm(s))" in text
    assert "found:" not in text and "false alarm:" not in text and "check then act" not in text
    assert "negative qty" not in text and "lines 10-11" not in text
    assert text.splitlines()[-1] == ("Score: 2 of 2 flaws found (100%), minus 25% for each of 3 false alarm(s) "
                                     f"(half of what a found flaw earns) = {v_over.fraction:.0%} of the points")
    shown = feedback(over, v_over, EX, reveal=True)
    assert "found: lines 10-11 (race-condition) - check then act" in shown and "counts only" not in shown
