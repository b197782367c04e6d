"""Module 02's pricing scenario: snippet, key, fixtures and the live experiment agree with each other.

Every suite runs the way the grader runs it, through the course's sandboxed runner
(tests/scenario_runs.py), against the real fault service the fixtures start inside the test process.
The judge's own verdicts on the notebook's solutions are checked in tests/test_failure_modes_judging.py.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from course import scenarios
from course.judge.exercises import load_module_key
from course.paths import SOLUTIONS_DIR, module_keys_dir
import fixture_probe
from scenario_runs import outcomes as scenario_outcomes
from course.judge.testrun import test_names
from course.notebook.catalog import STARTER_CELL

MODULE = "02-failure-modes"
SCENARIO = scenarios.get("pricing")
SNIPPET = SOLUTIONS_DIR / MODULE / "prices.py"
KEY_DIR = module_keys_dir(MODULE) / "pricing"
KEY = load_module_key(MODULE)
TESTS_EX, FINDINGS_EX, FIX_EX = KEY["pricing_tests"], KEY["pricing_findings"], KEY["pricing_fix"]
WHEATS = {impl.path: KEY_DIR / impl.path for impl in TESTS_EX.wheats}
CHAFFS = {impl.flaw: KEY_DIR / impl.path for impl in TESTS_EX.chaffs}
REFERENCE_TESTS = KEY_DIR / "reference_tests.py"
HIDDEN_TESTS = KEY_DIR / FIX_EX.hidden_tests
FIX = KEY_DIR / FIX_EX.reference
UNBOUNDED_FIX = KEY_DIR / "wrong_fix_retry_forever.py"
TIMEOUT_ESCAPES_FIX = KEY_DIR / "wrong_fix_timeout_not_retried.py"


def run(impl: Path | str, tests: Path | str) -> dict[str, str]:
    return scenario_outcomes("pricing", impl, tests)


def suite(*parts: Path | str) -> str:
    """Several test files as one (one sandboxed run instead of several); their test names must not clash."""
    from course.judge.testrun import test_names
    texts = [p.read_text() if isinstance(p, Path) else p for p in parts]
    names = [n for t in texts for n in test_names(t)]
    assert len(names) == len(set(names)), names
    return "\n\n".join(texts)


def failing(impl: Path | str, tests: Path | str) -> set[str]:
    return {name for name, outcome in run(impl, tests).items() if outcome != "passed"}


# ---------------------------------------------------------------- the scenario's public pieces

def test_scenario_is_registered():
    assert SCENARIO.module == MODULE and SCENARIO.import_name == "prices"
    assert SCENARIO.snippet_path().read_text() == SNIPPET.read_text()


def test_spec_states_what_the_wheats_are_free_to_choose():
    from course.scenarios.pricing import SPEC
    for phrase in ("Only a\n  404", "3 attempts", "at most 2 seconds", "at most 1 second per", "jitter",
                   "Retry-After", "PriceUnavailable", "Left open"):
        assert phrase in SPEC, phrase


def test_snippet_looks_finished():
    source = SNIPPET.read_text()
    compile(source, str(SNIPPET), "exec")
    assert "TODO" not in source and "FIXME" not in source


def test_key_files_exist_and_flaws_have_titles():
    for path in [*WHEATS.values(), *CHAFFS.values(), REFERENCE_TESTS, HIDDEN_TESTS, FIX, UNBOUNDED_FIX,
                 TIMEOUT_ESCAPES_FIX]:
        assert path.is_file(), path
    assert len(WHEATS) >= 2 and set(CHAFFS) == set(TESTS_EX.flaw_titles)
    assert {f.id for f in FINDINGS_EX.flaws} <= set(CHAFFS)


# ---------------------------------------------------------------- every suite against every version
# One sandboxed run per version: the assistant's tests, the reference suite (the notebook's solution for
# pricing_tests), the hidden fix tests and, on the wheats, tests that pin a freedom of the spec.

OVER_SPECIFIED = '''
def test_timeout_is_two_seconds(client, service):
    client.get_price("lamp")
    assert service.timeouts == [2.0]


def test_first_wait_is_at_most_a_fifth_of_a_second(client, service, clock):
    service.script("503")
    client.get_price("lamp")
    assert clock.sleeps[0] <= 0.2


def test_a_503_waits_for_retry_after(client, service, clock):
    service.script("503")
    client.get_price("lamp")
    assert clock.sleeps[0] >= 0.5


def test_gives_up_with_a_message_about_attempts(client, service, PriceUnavailable):
    service.always("503")
    with pytest.raises(PriceUnavailable, match="attempts"):
        client.get_price("lamp")


def test_probe_own_exception_arrives_as_the_fixtures(client, service, PriceUnavailable):
    service.always("reset")
    with pytest.raises(PriceUnavailable) as info:
        client.get_price("lamp")
    assert type(info.value) is PriceUnavailable and not isinstance(info.value, RuntimeError)
'''
ASSISTANT = set(test_names(SCENARIO.assistant_tests.read_text()))
REFERENCE = set(test_names(REFERENCE_TESTS.read_text()))
HIDDEN = set(FIX_EX.properties)
PINNING = {"test_timeout_is_two_seconds", "test_first_wait_is_at_most_a_fifth_of_a_second",
           "test_a_503_waits_for_retry_after", "test_gives_up_with_a_message_about_attempts"}


def test_the_suites_have_the_expected_tests():
    assert len(ASSISTANT) == 4 and len(REFERENCE) == 5 and set(test_names(HIDDEN_TESTS.read_text())) == HIDDEN


def test_wheats_pass_every_suite_and_differ_where_the_spec_is_free():
    runs = {name: run(path, suite(SCENARIO.assistant_tests, REFERENCE_TESTS, HIDDEN_TESTS, OVER_SPECIFIED))
            for name, path in WHEATS.items()}
    for name, outcomes in runs.items():
        failed = {test for test, outcome in outcomes.items() if outcome != "passed"}
        assert failed <= PINNING, (name, failed)   # weak assistant tests, but not wrong; the probe passes
    for test in PINNING:                          # each pinned freedom is a false alarm on some wheat
        assert any(outcomes[test] == "failed" for outcomes in runs.values()), test


def test_the_snippet_passes_its_own_tests_and_fails_ours():
    outcomes = run(SNIPPET, suite(SCENARIO.assistant_tests, REFERENCE_TESTS, HIDDEN_TESTS))
    failed = {test for test, outcome in outcomes.items() if outcome != "passed"}
    assert failed == {"test_503_is_not_no_such_product", "test_every_other_failure_is_retried",
                      "test_every_call_has_a_timeout", "test_waits_are_short_and_jittered",
                      # the hidden tests: exactly the properties it lacks (the others are regression gates)
                      "test_503_is_told_apart_from_404", "test_every_failure_is_retried_then_reported",
                      "test_timeouts_are_honoured", "test_waits_are_jittered"}


EXPECTED = {   # chaff -> (the reference tests that fail on it, the hidden tests that fail on it)
    "status-as-missing": ({"test_503_is_not_no_such_product", "test_every_other_failure_is_retried",
                           "test_waits_are_short_and_jittered"},
                          {"test_503_is_told_apart_from_404", "test_every_failure_is_retried_then_reported"}),
    "no-timeout": ({"test_every_other_failure_is_retried", "test_every_call_has_a_timeout"},
                   {"test_timeouts_are_honoured"}),
    "lockstep-retries": ({"test_waits_are_short_and_jittered"}, {"test_waits_are_jittered"}),
    "retries-404": ({"test_404_means_no_such_product_at_once"},
                    {"test_unknown_product_is_none_at_once", "test_503_is_told_apart_from_404",
                     "test_waits_are_bounded"}),
}


@pytest.mark.parametrize("flaw", sorted(CHAFFS))
def test_reference_and_hidden_tests_catch_each_chaff_by_its_flaw(flaw):
    outcomes = run(CHAFFS[flaw], suite(REFERENCE_TESTS, HIDDEN_TESTS))
    failed = {test for test, outcome in outcomes.items() if outcome != "passed"}
    assert (failed & REFERENCE, failed & HIDDEN) == EXPECTED[flaw]


def test_the_reference_fix_passes_every_hidden_test():
    outcomes = run(FIX, HIDDEN_TESTS)
    assert set(outcomes) == HIDDEN and set(outcomes.values()) == {"passed"}, outcomes


def test_hidden_tests_catch_two_classic_wrong_fixes():
    failed = {test for test, outcome in run(UNBOUNDED_FIX, HIDDEN_TESTS).items() if outcome != "passed"}
    assert "test_attempts_are_bounded" in failed and "test_waits_are_jittered" not in failed, failed
    # a timeout added, but TimeoutError is neither URLError nor ConnectionError: a hang escapes raw
    failed = {test for test, outcome in run(TIMEOUT_ESCAPES_FIX, HIDDEN_TESTS).items() if outcome != "passed"}
    assert failed == {"test_timeouts_are_honoured"}, failed


# ---------------------------------------------------------------- findings key

SPAN_TEXT = {   # flaw id -> what each line of its keyed span holds
    "status-as-missing": ["except urllib.error.HTTPError as exc:", "log.info(", "return None"],
    "no-timeout": ["with self._urlopen(url) as response:"],
    "lockstep-retries": ["if attempt < MAX_ATTEMPTS:", "self._sleep(RETRY_DELAY)"],
}
DECOY_TEXT = {(20, 20): "MAX_ATTEMPTS = 3", (40, 40): "urllib.parse.quote(sku)", (53, 53): "raise PriceUnavailable("}


def test_flaw_and_decoy_spans_point_at_the_code_meant():
    lines = SNIPPET.read_text().splitlines()
    for flaw in FINDINGS_EX.flaws:
        span = lines[flaw.lines[0] - 1:flaw.lines[1]]
        assert len(span) == len(SPAN_TEXT[flaw.id]), flaw.id
        for line, expected in zip(span, SPAN_TEXT[flaw.id]):
            assert expected in line, (flaw.id, line, expected)
        if flaw.tolerance:
            assert flaw.tolerance[0] <= flaw.lines[0] <= flaw.lines[1] <= flaw.tolerance[1] <= len(lines)
    assert {tuple(d) for d in FINDINGS_EX.decoys} == set(DECOY_TEXT)
    for (first, _), text in DECOY_TEXT.items():
        assert text in lines[first - 1]
    assert "RETRY_DELAY = 0.5" in lines[20]


def test_notebook_findings_solution_finds_every_flaw_and_no_decoy():
    from course.judge.findings import match, parse_findings
    from nbgrader_course import solution_answers
    found, problems = parse_findings(solution_answers(MODULE)["pricing_findings"])
    verdict = match(found, FINDINGS_EX, problems)
    assert verdict.fraction == 1.0 and not problems and not verdict.decoy_hits
    assert all(ast.literal_eval(repr(f.why)) for f in found)


# ---------------------------------------------------------------- the fixtures hand out behaviour only

# (no call is made: what a call passed, such as service.timeouts, is behaviour and may differ)
PROBE = fixture_probe.probe_suite(["client", "make_client", "service", "clock", "PriceUnavailable"],
                                  setup='    other = make_client()\n', made=["other"])


def test_probing_the_fixtures_tells_no_version_apart():
    # the snippet, both wheats (different classes and exception bases) and a chaff
    versions = {"snippet": SNIPPET, **{p.stem: p for p in WHEATS.values()}, "chaff": CHAFFS["lockstep-retries"]}
    runs = {name: scenario_outcomes("pricing", path, PROBE, sourceless=True) for name, path in versions.items()}
    for outcomes in runs.values():
        fixture_probe.assert_probe_ran(outcomes)
    assert len({tuple(sorted(o.items())) for o in runs.values()}) == 1, runs


# ---------------------------------------------------------------- the live experiment (headless)

def test_live_experiment_runs_headless():
    from course.scenarios.pricing import experiment
    table = experiment.sweep(rates=(0.0, 0.5), requests=20, fix_source=FIX.read_text(), progress=False)
    assert list(table.columns) == experiment.COLUMNS and len(table) == 4
    snippet, fixed = table[table.implementation == "assistant's code"], table[table.implementation == "your fix"]
    assert (fixed.said_missing == 0).all()                    # the fix never says "no such product"
    assert (snippet.amplification >= 1).all() and (fixed.amplification <= 3).all()
    # the first 20 calls at 50% failures include 503s and 429s (seed 0), each one a None from the snippet
    first_draws = [experiment.chooser(0.5)(i).kind for i in range(20)]
    assert int(snippet.said_missing.iloc[1]) >= sum(k in ("503", "429") for k in first_draws) >= 1
    assert table.success_rate.iloc[0] == 1.0 and table.success_rate.iloc[2] == 1.0   # no failures: all right


def test_live_plot_has_labelled_axes_and_the_prediction():
    import pandas as pd
    from course.scenarios.pricing import experiment
    rows = [{"implementation": impl, "failure_rate": r, "latency_ms": 20, "requests": 10, "correct": 9,
             "said_missing": 1, "errors": "", "success_rate": 0.9, "p50_s": 0.1, "p99_s": 1.0, "calls": 12,
             "amplification": 1.2, "seconds": 0.1} for impl in ("assistant's code", "your fix") for r in (0.0, 0.5)]
    fig = experiment.plot(pd.DataFrame(rows, columns=experiment.COLUMNS), prediction=10)
    assert [ax.get_xlabel() for ax in fig.axes] == ["calls the service fails (%)"] * 3
    assert all(ax.get_ylabel() for ax in fig.axes)
    assert any("prediction" in t.get_text() for t in fig.axes[0].get_legend().get_texts())
    from course.figures import MIN_FONT           # readable at notebook width (issue 14: 7-point legends)
    assert min(t.get_fontsize() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()) >= MIN_FONT


# ---------------------------------------------------------------- the notebook

def test_notebook_solution_cells_are_the_key_files():
    from nbgrader_course import solution_answers
    answers = solution_answers(MODULE)
    assert answers["pricing_tests"] == "%%tests pricing\n" + REFERENCE_TESTS.read_text()
    assert answers["pricing_fix"] == "%%fix pricing\n" + FIX.read_text()
    assert answers["pricing_findings"] == "%%findings pricing\n" + (KEY_DIR / "reference_findings.py").read_text()


def test_notebook_structure():
    import nbformat
    nb = nbformat.read(str(SOLUTIONS_DIR / MODULE / f"{MODULE}.ipynb"), as_version=4)
    nbformat.validate(nb)
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids)) and ids == [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    points = {c.id: c.metadata["nbgrader"]["points"] for c in nb.cells if c.metadata["nbgrader"]["grade"]}
    assert points == {"pricing_tests_score": 4, "pricing_findings_score": 3, "pricing_fix_score": 4,
                      "pool_tests_score": 3, "pool_fix_score": 2, "storm_findings_score": 3, "batch_import_findings_score": 2}
    answers = [c.id for c in nb.cells if c.metadata["nbgrader"]["solution"]]
    assert answers == [p[:-len("_score")] for p in points] and set(answers) == set(KEY)
    for c in nb.cells:
        meta = c.metadata["nbgrader"]
        assert c.get("outputs", []) == []
        # every cell is an answer or locked, but the catalog starter, which the learner edits
        assert meta["locked"] != meta["solution"] or c.id == STARTER_CELL
        if meta["grade"]:
            assert c.source == f'score("{c.id[:-len("_score")]}")'
    live = next(c for c in nb.cells if c.id == "live")
    assert "live_enabled()" in live.source
    text = "".join(c.source for c in nb.cells)
    assert "58%" in text and "vendor data" in text and "practitioner" in text
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.source.startswith("%load_ext course.notebook\n")
