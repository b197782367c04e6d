"""The retry-storm drill (module 02, findings only): the key's spans point at the code meant, and every
keyed flaw is real, shown by counting the calls the real fault service receives (fake clock, no waiting).
"""
from __future__ import annotations

import ast

from course.judge import exercises
from course.kits import faults
from course import scenarios, taxonomy
from course.paths import SOLUTIONS_DIR
from course.scenarios.storm import amplification
from scenario_runs import outcomes as scenario_outcomes

MODULE = "02-failure-modes"
SCENARIO = scenarios.get("storm")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet
LINES = SNIPPET.read_text().splitlines()
KEY = exercises.load_module_key(MODULE)["storm_findings"]
FLAWS = {flaw.id: flaw for flaw in KEY.flaws}

EXPECTED_TEXT = {
    "stacked-in-available": ["for attempt in range(3):", "self._get_json(", "except WarehouseError:",
                             "self._sleep(1.0)"],
    "stacked-in-refresh": ["for attempt in range(3):", "client.available(sku)", "except WarehouseError:"],
    "fixed-waits": ["self._sleep(0.2)"],
    "retries-not-found": ["except (urllib.error.URLError, OSError) as exc:"],
}
DECOY_TEXT = {(35, 35): "timeout=2.0", (50, 50): "raise WarehouseError("}


def text(span: tuple[int, int]) -> str:
    return "\n".join(LINES[span[0] - 1:span[1]])


def test_key_spans_and_decoys_hold_the_code_meant():
    assert set(FLAWS) == set(EXPECTED_TEXT)
    for flaw_id, fragments in EXPECTED_TEXT.items():
        flaw = FLAWS[flaw_id]
        assert flaw.categories <= set(taxonomy.BY_ID)
        for fragment in fragments:
            assert fragment in text(flaw.lines), (flaw_id, fragment)
    assert {tuple(d) for d in KEY.decoys} == set(DECOY_TEXT)
    for span, fragment in DECOY_TEXT.items():
        assert fragment in text(span)
        assert not any(f.lines[0] <= span[1] and span[0] <= f.lines[1] for f in KEY.flaws)


def test_reference_findings_find_every_flaw_and_no_decoy():
    from course.judge.findings import match, parse_findings
    found, problems = parse_findings((KEY.key_dir / "reference_findings.py").read_text())
    verdict = match(found, KEY, problems)
    assert verdict.fraction == 1.0 and not verdict.decoy_hits and not problems
    from nbgrader_course import solution_answers
    cell = solution_answers(MODULE)["storm_findings"]
    assert ast.literal_eval(cell.split("\n", 1)[1]) == ast.literal_eval((KEY.key_dir / "reference_findings.py").read_text())


def test_assistant_tests_pass_on_the_snippet():
    outcomes = scenario_outcomes("storm", SNIPPET, SCENARIO.assistant_tests)
    assert len(outcomes) == 4 and set(outcomes.values()) == {"passed"}, outcomes


# ---------------------------------------------------------------- every keyed flaw is real (counts)

def test_every_layer_multiplies_the_calls_during_an_outage():
    module = amplification.load()
    per_layer = [amplification.count(1.0, layer, skus=2, module=module) for layer in amplification.LAYERS]
    assert [row["calls_per_sku"] for row in per_layer] == [4, 12, 36]          # stacked-in-available, -refresh
    assert [row["waited_s_per_sku"] for row in per_layer] == [0.8, 5.4, 16.2]
    assert all(row["answered"] == 0 for row in per_layer)


def test_amplification_counts_are_the_same_run_after_run():
    first = amplification.table(rates=(0.0, 0.75, 1.0), skus=5, progress=False)
    again = amplification.table(rates=(0.0, 0.75, 1.0), skus=5, progress=False)
    assert first.equals(again)
    assert list(first[first.failure_rate == 0.0].calls_per_sku) == [1.0, 1.0, 1.0]


def test_waits_are_fixed_and_a_missing_sku_is_retried_36_times():
    module = amplification.load()
    clock = faults.FakeClock()
    with faults.serve(responder=faults.lookup({"lamp": 3}, "/stock/", "available")) as service:
        client = module.WarehouseClient(service.url, urlopen=faults.direct_urlopen, sleep=clock.sleep)
        assert module.refresh_stock(client, ["no-such-sku"], lambda sku, n: None) == 0
        assert service.calls == 36 and [r.fault for r in service.log] == ["ok"] * 36     # every one a 404
    assert set(clock.sleeps) == {0.2, 1.0}                                             # fixed-waits: no jitter
    assert clock.sleeps.count(0.2) == 36 and clock.sleeps.count(1.0) == 9


def test_the_decoy_timeout_really_bounds_a_hang():
    """Line 35 passes timeout=2.0: a warehouse that never answers is given up on (it is not a missing timeout)."""
    outcomes = scenario_outcomes("storm", SNIPPET, '''
import pytest


def test_gives_up_on_a_hang(client, service, WarehouseError):
    service.always("hang")
    with pytest.raises(WarehouseError):
        client.available("lamp")
    assert service.calls == 12 and set(service.timeouts) == {2.0}
''')
    assert outcomes == {"test_gives_up_on_a_hang": "passed"}


def test_amplification_plot_is_labelled():
    results = amplification.table(rates=(0.0, 1.0), skus=1, progress=False)
    ax = amplification.plot(results).axes[0]
    assert "per SKU" in ax.get_ylabel() and "503" in ax.get_xlabel()
    assert len(ax.get_legend().get_texts()) == 4
    from course.figures import MIN_FONT           # readable at notebook width (issue 14: 8-point legends)
    assert min(t.get_fontsize() for t in ax.get_legend().get_texts()) >= MIN_FONT
