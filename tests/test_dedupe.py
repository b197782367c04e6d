"""The send-list drill (module 03, fix only): counted operations tell quadratic from linear, and the hidden
tests grade fixes on growth between n, 2n and 4n, with partial credit, never on a clock."""
from __future__ import annotations

from pathlib import Path

import pytest

from course.kits import race
from course import scenarios
from course.judge.exercises import load_module_key
from course.kits.measure import OpCounter
from course.paths import SOLUTIONS_DIR
from course.scenarios.dedupe.fixtures import expected_send_list, make_lists
from scenario_runs import outcomes, outcomes_many

MODULE = "03-hidden-performance"
SCENARIO = scenarios.get("dedupe")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet
FIX_EX = load_module_key(MODULE)["dedupe_fix"]
HIDDEN = FIX_EX.key_dir / FIX_EX.hidden_tests
FIX = FIX_EX.key_dir / FIX_EX.reference

# correct ways a learner might fix it, and ways that only look fixed
SORTED = '''import bisect


def build_send_list(sources, unsubscribed):
    """n log n: sort positions by address, keep the first of each run, then restore the order."""
    flat = [address for source in sources for address in source]
    order = sorted(range(len(flat)), key=lambda i: flat[i])
    blocked = sorted(unsubscribed)
    keep, previous = [], None
    for i in order:
        if previous is not None and flat[previous] == flat[i]:
            continue
        previous = i
        j = bisect.bisect_left(blocked, flat[i])
        if j < len(blocked) and blocked[j] == flat[i]:
            continue
        keep.append(i)
    return [flat[i] for i in sorted(keep)]
'''
FROMKEYS = '''def build_send_list(sources, unsubscribed):
    blocked = frozenset(unsubscribed)
    return [a for a in dict.fromkeys(a for source in sources for a in source) if a not in blocked]
'''
HALF_FIXED = SNIPPET.read_text().replace("    send_list = []\n", "    send_list = []\n    seen = set()\n").replace(
    "address in send_list:", "address in seen:").replace("            send_list.append(address)",
                                                         "            seen.add(address)\n            send_list.append(address)")
AS_TEXT = '''def build_send_list(sources, unsubscribed):
    """Compares text instead of the values: still a list scan per address."""
    blocked = [str(a) for a in unsubscribed]
    kept, keys = [], []
    for source in sources:
        for address in source:
            key = str(address)
            if key in blocked or key in keys:
                continue
            keys.append(key)
            kept.append(address)
    return kept
'''
VERSIONS = {"fix": FIX.read_text(), "sorted": SORTED, "fromkeys": FROMKEYS, "half_fixed": HALF_FIXED,
            "as_text": AS_TEXT, "snippet": SNIPPET.read_text()}


def work(source: str, n: int, unsubscribed: int, tmp_path: Path) -> int:
    path = tmp_path / f"v{abs(hash(source))}.py"
    path.write_text(source)
    module = race.fresh_copy(path)
    ops = OpCounter()
    plain_sources, plain_unsubscribed = make_lists(n, unsubscribed)
    sources, opted_out = [ops.wrap_all(s) for s in plain_sources], ops.wrap_all(plain_unsubscribed)
    ops.reset()
    result = module.build_send_list(sources, opted_out)
    assert [ops.unwrap(a) for a in result] == expected_send_list(plain_sources, plain_unsubscribed)
    return ops.total


@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_counted_work_separates_linear_from_quadratic(name, tmp_path):
    """The figures behind the hidden tests' thresholds (n to 4n: linear 4x, n log n about 5x, pairs about 16x)."""
    for unsubscribed in (lambda n: 10, lambda n: n // 2):          # the hidden tests' two cases
        counts = [work(VERSIONS[name], n, unsubscribed(n), tmp_path) for n in (100, 200, 400)]
        ratio = counts[2] / counts[0]
        print(name, counts, round(ratio, 2))
        if name in ("fix", "fromkeys"):
            assert 3.7 < ratio < 4.2
        elif name == "sorted":
            assert 4.5 < ratio < 5.6
        elif name == "half_fixed" and unsubscribed(100) == 10:
            assert 4 < ratio < 4.5                                  # fixed for the sources only
        else:
            assert ratio > 12


def test_make_lists_is_deterministic_with_repeats_across_sources():
    sources, unsubscribed = make_lists(300, 40)
    assert (sources, unsubscribed) == make_lists(300, 40)
    flat = [a for s in sources for a in s]
    assert len(flat) == 300 and 150 < len(set(flat)) < 260 and len(sources) == 3
    assert len(unsubscribed) == 40 and 0 < len(set(unsubscribed) & set(flat)) <= 20


def test_hidden_tests_credit_each_linear_property_separately(tmp_path):
    impls = {}
    for name, source in VERSIONS.items():
        (tmp_path / name).mkdir()
        impls[name] = tmp_path / name / "recipients.py"
        impls[name].write_text(source)
    runs = outcomes_many("dedupe", impls, HIDDEN, sourceless=True)
    assert set(runs["fix"]) == set(FIX_EX.properties)
    passed = {name: sorted(n for n, o in result.items() if o == "passed") for name, result in runs.items()}
    everything = sorted(FIX_EX.properties)
    assert passed["fix"] == passed["sorted"] == passed["fromkeys"] == everything, passed
    assert passed["half_fixed"] == ["test_send_list_matches_the_spec", "test_work_grows_linearly_with_the_sources"]
    assert passed["as_text"] == passed["snippet"] == ["test_send_list_matches_the_spec"]


def test_judge_gives_a_half_fix_half_the_points(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")
    from course.judge.engine import judge_answer
    verdict = judge_answer(FIX_EX, "%%fix dedupe\n" + VERSIONS["half_fixed"])
    assert verdict.fraction == 0.5, verdict.feedback
    assert "not fixed  work grows about linearly when the unsubscribe list grows" in verdict.feedback


def test_assistant_tests_pass_on_the_snippet():
    result = outcomes("dedupe", SNIPPET, SCENARIO.assistant_tests)
    assert len(result) == 3 and set(result.values()) == {"passed"}, result


def test_notebook_solution_is_the_reference_fix_and_the_experiment_counts():
    from nbgrader_course import solution_answers
    magic, body = solution_answers(MODULE)["dedupe_fix"].split("\n", 1)
    assert magic == "%%fix dedupe" and body.strip() == FIX.read_text().strip()
    from course.scenarios.dedupe import experiment
    table = experiment.sweep((100, 200), include_fix=False)
    assert list(table.n) == [100, 200] and table.operations.iloc[1] > 3 * table.operations.iloc[0]
