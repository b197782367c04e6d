"""The batching drill (module 03, tests only): fake service, key and reference suite agree; calls are counted."""
from __future__ import annotations

import math

import pytest

from course.kits import race
from course import scenarios
from course.judge.exercises import load_module_key
from course.paths import SOLUTIONS_DIR
from course.scenarios.batching.fixtures import FakePricing, make_skus, price_of
import fixture_probe
from scenario_runs import outcomes_many

MODULE = "03-hidden-performance"
SCENARIO = scenarios.get("batching")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet
KEY = load_module_key(MODULE)["batching_tests"]
KEY_DIR = KEY.key_dir
REFERENCE_TESTS = KEY_DIR / "reference_tests.py"
WHEATS = {impl.path: KEY_DIR / impl.path for impl in KEY.wheats}
CHAFFS = {impl.flaw: KEY_DIR / impl.path for impl in KEY.chaffs}


def test_fake_service_counts_every_round_trip_and_enforces_the_limit():
    pricing = FakePricing()
    assert pricing.get_price("SKU-0002") == 114
    with pytest.raises(pricing.NotFound):
        pricing.get_price("GONE-1")
    assert pricing.get_prices(["SKU-0001", "GONE-1"]) == {"SKU-0001": 107}
    with pytest.raises(pricing.BatchTooLarge):
        pricing.get_prices(make_skus(101))
    assert pricing.calls == 4 and pricing.max_batch == 101 and pricing.waited_ms == 160
    assert pricing.requested[:2] == [["SKU-0002"], ["GONE-1"]]
    assert price_of("SKU-5000") is None and price_of("SKU-4999") == 100 + 7 * 4999
    with pytest.raises(ValueError):
        make_skus(10, start=4995)


@pytest.mark.parametrize("n", [0, 1, 100, 101, 350])
def test_snippet_calls_once_per_sku_and_the_wheats_once_per_hundred(n):
    skus = make_skus(n) * 2 + ["GONE-1"]            # repeats, and one SKU the service does not know
    distinct = n + 1
    for path, expected_calls in [(SNIPPET, distinct), *[(w, math.ceil(distinct / 100)) for w in WHEATS.values()]]:
        pricing = FakePricing()
        prices = race.fresh_copy(path).current_prices(pricing, skus)
        assert prices == {sku: price_of(sku) for sku in skus[:-1]}, path.name
        assert pricing.calls == expected_calls, (path.name, pricing.calls)


def test_reference_suite_passes_every_wheat_and_catches_every_chaff():
    runs = outcomes_many("batching", {**WHEATS, **CHAFFS, "snippet": SNIPPET}, REFERENCE_TESTS, sourceless=True)
    for name in WHEATS:
        assert set(runs[name].values()) == {"passed"}, (name, runs[name])
    for flaw in CHAFFS:
        assert "failed" in runs[flaw].values(), (flaw, runs[flaw])
    assert runs["snippet"]["test_one_call_per_hundred_skus"] == "failed"


def test_assistant_tests_pass_on_the_snippet_and_every_wheat():
    runs = outcomes_many("batching", {"snippet": SNIPPET, **WHEATS}, SCENARIO.assistant_tests)
    for name, result in runs.items():
        assert len(result) == 4 and set(result.values()) == {"passed"}, (name, result)


OVER_SPECIFIED = '''
def test_batches_keep_the_input_order(pricing, current_prices, make_skus):
    skus = make_skus(150)[::-1]
    current_prices(pricing, skus)
    assert pricing.requested == [skus[:100], skus[100:]]


def test_result_in_input_order(pricing, current_prices, make_skus):
    skus = make_skus(5)
    assert list(current_prices(pricing, skus)) == skus
'''


def test_over_specified_tests_are_false_alarms_on_some_wheat():
    runs = outcomes_many("batching", WHEATS, OVER_SPECIFIED, sourceless=True)
    for test in ("test_batches_keep_the_input_order", "test_result_in_input_order"):
        assert any(result[test] == "failed" for result in runs.values()), (test, runs)


def test_key_and_notebook_agree():
    from nbgrader_course import solution_answers
    assert len(KEY.wheats) >= 2 and set(CHAFFS) == set(KEY.flaw_titles)
    assert "for sku in skus:" in WHEATS["wheat_like_snippet.py"].read_text()       # looks like the snippet
    assert "pricing.get_prices(unique)" in CHAFFS["batch-limit"].read_text()        # looks like the fix
    magic, body = solution_answers(MODULE)["batching_tests"].split("\n", 1)
    assert magic == "%%tests batching" and body.strip() == REFERENCE_TESTS.read_text().strip()


def test_growth_table_counts_the_snippets_calls():
    from course.scenarios.batching.experiment import growth
    table = growth((10, 100, 1000))
    assert list(table.calls) == [10, 100, 1000] and list(table.waited_s) == [0.4, 4.0, 40.0]


PROBE = fixture_probe.probe_suite(["pricing", "current_prices", "make_skus"])


def test_probing_the_fixtures_tells_no_version_apart():
    """Before any call, the fixtures look the same whichever version sits behind them."""
    versions = {"snippet": SNIPPET, "chaff_one_big_batch": CHAFFS["batch-limit"]}   # nothing here depends on them
    runs = outcomes_many("batching", versions, PROBE, sourceless=True)
    for result in runs.values():
        fixture_probe.assert_probe_ran(result)
    assert len({tuple(sorted(r.items())) for r in runs.values()}) == 1, runs
