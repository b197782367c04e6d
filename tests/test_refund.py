"""Module 04's refund scenario: the house codebase, snippet, keys, fixtures and experiment agree.

Suites run the way the grader runs them, through the course's sandboxed runner (tests/scenario_runs.py),
with the house package copied beside each implementation. The house codebase itself is tested in
this process, on a real SQLite file.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
import threading
import time

import pytest

from course import scenarios
from course.judge.exercises import load_module_key
from course.judge.findings import parse_findings, match
from course.paths import SOLUTIONS_DIR, module_keys_dir
import fixture_probe
from nbgrader_course import check_source_notebook, solution_answers
from scenario_runs import outcomes

MODULE = "04-house-patterns"
SCENARIO = scenarios.get("refund")
SNIPPET = SOLUTIONS_DIR / MODULE / "refunds.py"
HOUSE = SOLUTIONS_DIR / MODULE / "house"
NOTEBOOK = SOLUTIONS_DIR / MODULE / f"{MODULE}.ipynb"
KEY_DIR = module_keys_dir(MODULE) / "refund"
REFERENCE_TESTS = KEY_DIR / "reference_tests.py"
KEY = load_module_key(MODULE)
TESTS_EX, FINDINGS_EX, FIX_EX = KEY["refund_tests"], KEY["refund_findings"], KEY["refund_fix"]
HIDDEN = KEY_DIR / FIX_EX.hidden_tests
WHEATS = {impl.path: KEY_DIR / impl.path for impl in TESTS_EX.wheats}
CHAFFS = {impl.flaw: KEY_DIR / impl.path for impl in TESTS_EX.chaffs}
REUSE = {"test_database_access_goes_through_the_repository", "test_provider_calls_go_through_the_house_retry_policy",
         "test_amounts_come_from_the_house_money_helper", "test_does_not_import_sqlite3"}


def run(impl: Path | str, tests: Path | str) -> dict[str, str]:
    return outcomes("refund", impl, tests)


def failing(impl: Path | str, tests: Path | str) -> set[str]:
    return {name for name, outcome in run(impl, tests).items() if outcome != "passed"}


# ---------------------------------------------------------------- the scenario's public pieces

def test_scenario_is_registered_with_its_house_package():
    assert (SCENARIO.module, SCENARIO.import_name, SCENARIO.support) == (MODULE, "refunds", "house")
    assert SCENARIO.snippet_path().read_text() == SNIPPET.read_text()
    files = SCENARIO.support_files()
    assert set(files) == {f"house/{p.name}" for p in HOUSE.glob("*.py")} and len(files) == 8
    assert all(files[f"house/{p.name}"] == p.read_text() for p in HOUSE.glob("*.py"))
    assert scenarios.get("oversell").support_files() == {}


def test_a_missing_support_package_is_a_clear_error():
    from dataclasses import replace
    with pytest.raises(FileNotFoundError, match="support package 'nowhere'"):
        replace(SCENARIO, support="nowhere").support_files()


def test_verdict_cache_keys_depend_on_the_house_code():
    from course.judge.engine import _support_parts
    parts = _support_parts(SCENARIO)
    assert len(parts) == 8 and any("class OrderRepository" in p for p in parts)
    assert _support_parts(scenarios.get("oversell")) == []


def test_spec_states_the_freedoms_wheats_use():
    from course.scenarios.refund import SPEC
    for phrase in ("more keys are fine", "half up", "may raise either error", "at most 2", "not specified"):
        assert phrase in SPEC


def test_assistant_tests_pass_on_the_snippet():
    result = run(SNIPPET, SCENARIO.assistant_tests)
    assert len(result) == 5 and set(result.values()) == {"passed"}, result


def test_snippet_looks_finished():
    source = SNIPPET.read_text()
    compile(source, str(SNIPPET), "exec")
    assert '"""Refund `percent` of an order' in source
    assert "TODO" not in source and "BUG" not in source.upper()
    assert len(list(HOUSE.glob("*.py"))) <= 8 and len(source.splitlines()) < 60


# ---------------------------------------------------------------- the house codebase, in this process

@pytest.fixture(scope="module")
def house():
    from course.scenarios.refund import experiment  # puts the module folder on the path when needed
    import house
    from house import errors, handlers, money, repository, retry, web
    assert Path(house.__file__).parent.parent == SCENARIO.snippet_path().parent
    return type("House", (), dict(errors=errors, handlers=handlers, money=money, repository=repository,
                                  retry=retry, web=web, experiment=experiment))


@pytest.fixture
def db(house, tmp_path):
    from course.scenarios.refund.fakes import FakeClock, FakeProvider, ShopDB
    shop = ShopDB.create(tmp_path / "shop.db")
    clock = FakeClock()
    return shop, FakeProvider(clock), clock


def test_money_rounds_half_up_and_refuses_floats(house):
    money = house.money
    assert [money.percent_of(c, p) for c, p in [(1990, 15), (1005, 10), (25, 10), (1, 50), (1990, "12.5")]] \
        == [299, 101, 3, 1, 249]
    assert (money.to_cents("19.99"), money.to_cents("0.285"), money.to_cents(Decimal("2.675"))) == (1999, 29, 268)
    assert money.format_cents(1999) == "19.99" and money.format_cents(-5) == "-0.05"
    with pytest.raises(TypeError):
        money.percent_of(1990, 15.0)
    assert money.parse_percent("12.5") == Decimal("12.5")
    for bad in (0, -1, 101, "abc", "nan", None, 12.5, True):
        with pytest.raises(house.errors.InvalidRequest):
            money.parse_percent(bad)


def test_retry_policy_is_bounded_passes_timeouts_and_backs_off(house, db):
    _, provider, clock = db
    call = lambda timeout: provider.refund("ch_1", 100, timeout=timeout)   # noqa: E731
    with clock.replacing_time_sleep():
        provider.fail_next(times=2)
        assert house.retry.call_with_retry(call, what="provider") == "re_1"
        assert (provider.attempts, provider.timeouts, clock.sleeps) == (3, [2.0, 2.0, 2.0], [0.2, 0.4])
        provider.fail_next(times=3)
        with pytest.raises(house.errors.UpstreamUnavailable, match="failed 3 times"):
            house.retry.call_with_retry(call, what="provider")
        provider.fail_next(kind="declined")
        with pytest.raises(house.errors.PaymentDeclined):
            house.retry.call_with_retry(call, what="provider")
    assert provider.attempts == 7
    with pytest.raises(ValueError):
        house.retry.RetryPolicy(attempts=0)


def test_repository_scopes_every_query_to_its_tenant(house, db):
    shop, provider, _ = db
    acme, globex = shop.orders_of("acme")[0], shop.orders_of("globex")[0]
    ctx = house.web.RequestContext("acme", str(shop.path), provider)
    with house.repository.OrderRepository.open(ctx) as orders:
        assert orders.get(acme).total_cents == 5000
        with pytest.raises(house.errors.NotFound):
            orders.get(globex)
        with pytest.raises(house.errors.NotFound):
            orders.add_refund(globex, 100, "re_x")
        refund = orders.add_refund(acme, 100, "re_1")
        assert orders.refunds(acme) == [refund] and orders.get(acme).refundable_cents == 4900
    assert [(r.tenant_id, r.order_id) for r in shop.refunds()] == [("acme", acme)]


def test_web_edge_maps_domain_errors_to_statuses(house, db):
    shop, provider, _ = db
    ctx = house.web.RequestContext("acme", str(shop.path), provider)
    order = shop.orders_of("acme")[0]
    assert house.web.respond(house.handlers.get_order, ctx, order_id=order)[1]["total"] == "50.00"
    assert house.web.respond(house.handlers.get_order, ctx, order_id=shop.orders_of("globex")[0])[0] == 404
    assert house.web.respond(house.handlers.payment_status, ctx, order_id=order) == (
        200, {"order_id": order, "payment": "captured"})
    assert house.web.respond(lambda ctx: {"error": "nope"}, ctx) == (200, {"error": "nope"})   # the trap


def test_fake_sleep_replaces_time_sleep_in_the_calling_thread_only(house):
    from course.scenarios.refund.fakes import FakeClock
    clock, seen = FakeClock(), []
    with clock.replacing_time_sleep():
        time.sleep(600)
        other = threading.Thread(target=lambda: (time.sleep(0.01), seen.append("slept for real")))
        other.start()
        other.join()
    assert clock.sleeps == [600] and clock.now == 600 and seen == ["slept for real"]


def test_the_providers_stops_print_as_the_payment_clients_and_still_match_across_the_bridge(house):
    """ProviderHung and ProviderGaveUp printed with the course's module path (`course.scenarios.refund.fakes.`) in a
    notebook's traceback and in a learner's test; they print as the client's that the provider is named as now
    (course.kits.doubles), and a learner's `pytest.raises` of the class that crossed still matches the next raise."""
    import traceback
    from course.scenarios.refund.fakes import FakeProvider, ProviderGaveUp, ProviderHung
    hanging, runaway = FakeProvider(), FakeProvider(give_up_after=0)
    hanging.fail_next(kind="hang")
    runaway.fail_next()
    for provider, cls in ((hanging, ProviderHung), (runaway, ProviderGaveUp)):
        with pytest.raises(cls) as info:
            provider.refund("ch_1", 100)
        shown = traceback.format_exception_only(info.type, info.value)[-1]
        assert shown.startswith(f"platform_payments.client.{cls.__name__}: the payment provider "), shown
    suite = '''
import pytest

def _stop(provider):
    with pytest.raises(BaseException) as first:
        provider.refund("ch_1", 100)
    return first.type

def test_a_hang_without_a_timeout(provider):
    provider.fail_next(kind="hang")
    hung = _stop(provider)
    assert repr(hung) == "<class 'platform_payments.client.ProviderHung'>" and not issubclass(hung, Exception)
    provider.fail_next(kind="hang")
    with pytest.raises(hung, match="had no timeout"):
        provider.refund("ch_1", 100)

def test_runaway_retries(provider):
    provider.fail_next(times=40)
    for _ in range(20):
        with pytest.raises(Exception, match="503"):
            provider.refund("ch_1", 100, timeout=2)
    gave_up = _stop(provider)
    assert repr(gave_up) == "<class 'platform_payments.client.ProviderGaveUp'>"
    with pytest.raises(gave_up, match="never gives up"):
        provider.refund("ch_1", 100, timeout=2)
'''
    assert run(SNIPPET, suite) == {"test_a_hang_without_a_timeout": "passed", "test_runaway_retries": "passed"}


# ---------------------------------------------------------------- learner tests: reference suite, wheats, chaffs

def test_key_shape():
    assert len(TESTS_EX.wheats) >= 2 and all(p.is_file() for p in [*WHEATS.values(), *CHAFFS.values()])
    assert set(CHAFFS) == {f.id for f in FINDINGS_EX.flaws} == set(TESTS_EX.flaw_titles)
    assert (KEY_DIR / FIX_EX.reference).is_file() and HIDDEN.is_file() and FIX_EX.allowed_imports == ("house",)


@pytest.mark.parametrize("wheat", sorted(WHEATS))
def test_reference_suite_passes_on_every_wheat(wheat):
    result = run(WHEATS[wheat], REFERENCE_TESTS)
    assert len(result) == 5 and set(result.values()) == {"passed"}, result


CAUGHT_BY = {"tenant-leak": "test_another_tenants_orders_are_not_found",
             "money-rounding": "test_amounts_round_half_up_to_the_cent",
             "unbounded-retry": "test_retries_stop_after_three_attempts",
             "no-timeout": "test_every_attempt_has_a_timeout",
             "error-dict": "test_failures_are_raised_not_returned"}


@pytest.mark.parametrize("flaw", sorted(CHAFFS))
def test_reference_suite_catches_each_chaff_by_its_own_flaw(flaw):
    failed = failing(CHAFFS[flaw], REFERENCE_TESTS)
    if flaw == "error-dict":   # every test that expects a raised error sees this one
        assert CAUGHT_BY[flaw] in failed, failed
    else:
        assert failed == {CAUGHT_BY[flaw]}, failed


def test_reference_suite_fails_everywhere_on_the_snippet():
    assert failing(SNIPPET, REFERENCE_TESTS) == set(CAUGHT_BY.values())


def test_tests_about_how_the_code_is_written_are_false_alarms():
    # the spec leaves the timeout, the waits and extra result keys open: pinning them fails a wheat
    over = '''
def test_timeout_is_the_house_two_seconds(shop, ctx, refund_order, provider):
    refund_order(ctx, shop.orders_of("acme")[0], 10)
    assert provider.timeouts == [2.0]


def test_waits_like_the_house_policy(shop, ctx, refund_order, provider, clock):
    provider.fail_next(times=2)
    refund_order(ctx, shop.orders_of("acme")[0], 10)
    assert clock.sleeps == [0.2, 0.4]


def test_result_is_exactly(shop, ctx, refund_order):
    order_id = shop.orders_of("acme")[0]
    assert set(refund_order(ctx, order_id, 10)) == {"refund_id", "order_id", "amount_cents", "provider_ref"}
'''
    assert failing(WHEATS["wheat_like_snippet.py"], over) == {"test_timeout_is_the_house_two_seconds",
                                                               "test_waits_like_the_house_policy"}
    assert failing(WHEATS["wheat_house_way.py"], over) == {"test_result_is_exactly"}


# ---------------------------------------------------------------- the fix: behaviour, reuse, import rule

EXPECTED_HIDDEN_FAILURES = {
    "fix.py": set(),
    "wheat_house_way.py": set(),
    # correct behaviour, drifted: only the reuse and import-rule checks see it
    "wheat_like_snippet.py": REUSE,
    "chaff_tenant_leak.py": REUSE | {"test_other_tenants_orders_are_not_found"},
    "chaff_half_even.py": {"test_amounts_round_half_up_to_the_cent", "test_amounts_come_from_the_house_money_helper"},
    "chaff_unbounded_retry.py": {"test_transient_failures_are_retried_up_to_three_attempts",
                                 "test_provider_calls_go_through_the_house_retry_policy"},
    "chaff_no_timeout.py": {"test_every_attempt_has_a_timeout"},
    "chaff_error_dict.py": {"test_other_tenants_orders_are_not_found", "test_transient_failures_are_retried_up_to_three_attempts",
                            "test_a_declined_refund_is_not_retried", "test_failures_are_raised_as_domain_errors"},
    "snippet": set(FIX_EX.properties) - {"test_refunds_the_percentage_and_records_it"},
}


@pytest.mark.parametrize("version", sorted(EXPECTED_HIDDEN_FAILURES))
def test_hidden_tests_see_exactly_each_versions_flaws(version):
    impl = SNIPPET if version == "snippet" else KEY_DIR / version
    result = run(impl, HIDDEN)
    assert set(result) == set(FIX_EX.properties)
    assert {n for n, o in result.items() if o != "passed"} == EXPECTED_HIDDEN_FAILURES[version], result


FIX = (KEY_DIR / FIX_EX.reference).read_text()
SNEAKY = {
    # reaches sqlite3 through the house module: the import rule sees what the import bound
    "sqlite3 through house": (FIX.replace("from house import money\n", "from house import money\nfrom house.repository import sqlite3\n")
                              .replace('    share = money.parse_percent(percent)\n',
                                       '    sqlite3.connect(ctx.db_path).close()\n    share = money.parse_percent(percent)\n'),
                              {"test_does_not_import_sqlite3", "test_database_access_goes_through_the_repository"}),
    # imports sqlite3 inside the function only: seen when it runs
    "sqlite3 in a function": (FIX.replace('    share = money.parse_percent(percent)\n',
                                          '    import sqlite3\n    assert sqlite3.sqlite_version\n    share = money.parse_percent(percent)\n'),
                              {"test_does_not_import_sqlite3"}),
    # the repository's own connection, with SQL of its own
    "SQL on the repository's connection": (FIX.replace('        order = orders.get(order_id)\n',
                                                       '        order = orders.get(order_id)\n'
                                                       '        orders._conn.execute("SELECT count(*) FROM refunds").fetchone()\n'),
                                           {"test_database_access_goes_through_the_repository"}),
    # a correct copy of the money rule
    "own half-up rounding": (FIX.replace("money.percent_of(order.total_cents, share)",
                                         "int((order.total_cents * share / 100).quantize(1, rounding='ROUND_HALF_UP'))"),
                             {"test_amounts_come_from_the_house_money_helper"}),
}


@pytest.mark.parametrize("name", sorted(SNEAKY))
def test_reuse_and_import_checks_see_through_sneaky_fixes(name):
    source, expected = SNEAKY[name]
    assert source != FIX
    assert failing(source, HIDDEN) == expected


def test_dynamic_imports_are_refused_before_anything_runs():
    from course.judge.engine import judge_answer
    sneaky = FIX.replace("from house import money\n", "from house import money\nimport importlib\n") + \
        "\n_db = importlib.import_module('sqlite3')\n"
    verdict = judge_answer(FIX_EX, "%%fix refund\n" + sneaky)
    assert verdict.fraction == 0.0 and "imports 'importlib'" in " ".join(verdict.details["policy"])


def test_sqlite3_reached_through_the_repository_module_is_refused():
    """The import rule's back door: the repository module's own `sqlite3` attribute, no import needed."""
    from course.judge.engine import judge_answer
    sneaky = FIX.replace("from house import money\n", "from house import money, repository\n") + \
        "\n_raw = repository.sqlite3.Connection\n"
    verdict = judge_answer(FIX_EX, "%%fix refund\n" + sneaky)
    assert verdict.fraction == 0.0 and "sqlite3" in " ".join(verdict.details["policy"])


# ---------------------------------------------------------------- the judge, end to end
# (that the notebook's solutions earn every point is tests/test_module_keys.py's job, for every module)

@pytest.fixture
def no_verdict_cache(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")


def test_judge_credits_a_correct_copy_of_the_patterns_only_for_behaviour(no_verdict_cache):
    from course.judge.engine import judge_answer
    snippet = judge_answer(FIX_EX, "%%fix refund\n" + SNIPPET.read_text())
    copy = judge_answer(FIX_EX, "%%fix refund\n" + WHEATS["wheat_like_snippet.py"].read_text())
    assert snippet.fraction == 0.0, snippet.feedback
    assert copy.fraction == pytest.approx(6 / 10), copy.feedback
    assert "not fixed  reuse: all database access through house.repository" in copy.feedback


# ---------------------------------------------------------------- findings key

SPAN_TEXT = {   # flaw id -> a piece of the code on each line of its keyed spans, in order
    "tenant-leak": ["order = conn.execute(", 'FROM orders WHERE id = ?"', ").fetchone()"],
    "money-rounding": ["percent = float(percent)", "/ 100 * percent / 100", "round(refund * 100)"],
    "unbounded-retry": ["while True:", "try:", "ctx.payments.refund(", "break", "except Exception:", "time.sleep("],
    "no-timeout": ["ctx.payments.refund(order[\"charge_id\"], amount_cents)"],
    "error-dict": ["except (TypeError, ValueError):", 'return {"error"', "if not 0 < percent <= 100:",
                   'return {"error"', "if order is None:", 'return {"error"', "if already_refunded", 'return {"error"'],
}


def test_flaw_spans_point_at_the_code_they_describe():
    lines = SNIPPET.read_text().splitlines()
    for flaw in FINDINGS_EX.flaws:
        span = [lines[i - 1] for first, last in sorted(flaw.spans) for i in range(first, last + 1)]
        assert len(span) == len(SPAN_TEXT[flaw.id]), flaw.id
        for line, expected in zip(span, SPAN_TEXT[flaw.id]):
            assert expected in line, (flaw.id, line, expected)
    lo, hi = FINDINGS_EX.flaws[0].tolerance
    assert "sqlite3.connect" in lines[lo - 1] and "conn.commit()" in lines[hi - 1]
    decoys = ["(order_id,)", "already_refunded + amount_cents >", "finally:"]
    for (first, _), expected in zip(FINDINGS_EX.decoys, decoys):
        assert expected in lines[first - 1]


def test_flagging_a_repeated_error_dict_anywhere_counts_once():
    for lines in ((16, 17), (27, 28), 36):
        found, _ = parse_findings(repr([{"lines": lines, "category": "error-handling", "why": "returned, not raised"}]))
        assert match(found, FINDINGS_EX).matched == {0: "error-dict"}, lines
    found, _ = parse_findings(repr([{"lines": (52, 53), "category": "resource-leak", "why": "?"}]))
    assert match(found, FINDINGS_EX).decoy_hits == [0]


# ---------------------------------------------------------------- the notebook

def test_notebook_solution_cells_are_the_key_files():
    answers = solution_answers(MODULE)
    for exercise_id, magic, key_file in (("refund_tests", "%%tests refund", REFERENCE_TESTS),
                                         ("refund_fix", "%%fix refund", KEY_DIR / FIX_EX.reference)):
        first, body = answers[exercise_id].split("\n", 1)
        assert (first, body.strip()) == (magic, key_file.read_text().strip())
    assert answers["refund_findings"].startswith("%%findings refund\n")


def test_notebook_structure():
    import nbformat
    nb = nbformat.read(NOTEBOOK, as_version=4)
    ids = [c.id for c in nb.cells]
    assert check_source_notebook(nb, KEY) == {"refund_tests_score": 4, "refund_findings_score": 3, "refund_fix_score": 4}
    assert ids.index("refund_tests") < ids.index("live-leaks") < ids.index("reveal") < ids.index("refund_findings")
    for cell_id in ("live-leaks", "live-rounding", "live-retries"):
        assert "if live_enabled():" in nb.cells[ids.index(cell_id)].source
    text = "".join(c.source for c in nb.cells)
    assert "45%" in text and "correlation" in text
    repository = nb.cells[ids.index("show-repository")].source
    first = int(repository.split("(", 2)[2].split(",")[0])
    assert (HOUSE / "repository.py").read_text().splitlines()[first - 1].startswith("class OrderRepository")


# ---------------------------------------------------------------- the live experiment (headless)

def test_leaks_show_other_tenants_rows_refunded_by_the_snippet_only(house):
    from course.kits import race
    calls = house.experiment.leaks(fix=race.fresh_copy(KEY_DIR / FIX_EX.reference))
    leaked = calls[(calls.owner != "acme") & (calls.refunded_cents > 0)]
    others = (calls.owner != "acme").sum() // 2
    assert set(leaked.implementation) == {"assistant's code"} and len(leaked) == others == 8
    assert set(leaked.status) == {200}
    assert set(calls[(calls.implementation == "your fix") & (calls.owner != "acme")].status) == {404}


@pytest.fixture(scope="module")
def rounding_table(house):
    from course.kits import race
    return house.experiment.rounding(400, fix=race.fresh_copy(KEY_DIR / FIX_EX.reference), progress=False)


def test_rounding_table_counts_the_cents_the_snippet_gets_wrong(house, rounding_table):
    table = rounding_table
    assert list(table.columns) == ["order_id", "total_cents", "percent", "house_cents", "assistant's code", "your fix"]
    assert list(zip(table["total_cents"], table["percent"])) == [(t, str(p)) for t, p in house.experiment.orders(400)]
    diff = table["assistant's code"] - table["house_cents"]
    assert (table["your fix"] == table["house_cents"]).all()
    assert 0 < (diff != 0).sum() < 60 and set(diff.unique()) <= {0, -1}   # a cent short, sometimes
    summary = house.experiment.rounding_summary(table)
    assert summary.loc["all", "refunds"] == 400
    assert summary.loc["all", "assistant's code: differ"] == (diff != 0).sum()
    assert summary.loc["20", "assistant's code: differ"] == 0          # 20% of whole cents never ends in half a cent


def test_rounding_plot_has_labelled_axes_and_the_prediction(house, rounding_table):
    fig = house.experiment.plot_rounding(rounding_table, prediction=10)
    left, right = fig.axes
    assert "orders" in left.get_xlabel() and "count" in left.get_ylabel() and "percentage" in right.get_xlabel()
    assert any("prediction" in t.get_text() for t in left.get_legend().get_texts())
    assert [t.get_text() for t in right.get_legend().get_texts()] == ["assistant's code", "your fix"]


def test_retries_table_shows_attempts_growing_with_the_outage(house):
    table = house.experiment.retries(outages=(10, 60))
    rows = {(r.implementation, r.outage): r for r in table.itertuples()}
    assert rows[("assistant's code", "503s for 10 s")].attempts < rows[("assistant's code", "503s for 60 s")].attempts
    assert rows[("assistant's code", "503s for 60 s")].attempts > 50
    assert rows[("assistant's code", "no answer for 10 s")].ended == "still waiting"
    house_rows = table[table.implementation == "house retry policy"]
    assert set(house_rows.attempts) == {3} and set(house_rows.ended) == {"503 UpstreamUnavailable"}


# ---------------------------------------------------------------- the fixtures hand out behaviour only

FIXTURES = ["shop", "provider", "clock", "ctx", "ctx_for", "refund_order", "respond", "errors"]
PROBE = fixture_probe.probe_suite(
    FIXTURES,
    # a call that imports the implementation and changes nothing any version could show differently
    setup='    try:\n        refund_order(ctx, 999_999, 10)\n    except Exception:\n        pass\n')


def test_probing_the_fixtures_tells_no_version_apart():
    from course.judge.testrun import run_suites
    versions = [SNIPPET, KEY_DIR / FIX_EX.reference, *WHEATS.values(), *CHAFFS.values()]
    suites = run_suites(PROBE, [p.read_text() for p in versions], SCENARIO, sourceless=True)   # in parallel
    runs = {path.stem: {n: ("passed" if r.outcome == "passed" and not r.failures else r.outcome)
                        for n, r in suite.results.items()} for path, suite in zip(versions, suites)}
    for result in runs.values():
        fixture_probe.assert_probe_ran(result)
    assert len({tuple(sorted(r.items())) for r in runs.values()}) == 1, runs
