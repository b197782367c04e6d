"""Module 06 (edge cases first): the scenarios' snippets, keys, fixtures and notebook agree.

Suites run the way the grader runs them, through the course's sandboxed runner (tests/scenario_runs.py).
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course import scenarios, taxonomy
from course.judge import exercises
from course.judge.engine import judge_answer
from course.judge.findings import key_ambiguities, match, parse_findings
from course.paths import SOLUTIONS_DIR
import fixture_probe
import key_versions
from key_versions import failing, snippet
from nbgrader_course import check_source_notebook, solution_answers
from scenario_runs import outcomes_many

MODULE = "06-edge-cases-first"
FOLDER = SOLUTIONS_DIR / MODULE
KEY = exercises.load_module_key(MODULE)


def key_dir(name: str) -> Path:
    return key_versions.key_dir(KEY, name)


def impls(name: str) -> tuple[dict[str, Path], dict[str, Path]]:
    """(wheats by file stem, chaffs by flaw id) of a scenario's tests exercise."""
    return key_versions.impls(KEY, name)


def notebook():
    return nbformat.read(str(next(FOLDER.glob("*.ipynb"))), as_version=4)


# ---------------------------------------------------------------- sales: tests from the request alone

def test_sales_is_registered_in_this_module() -> None:
    scenario = scenarios.get("sales")
    assert scenario.module == MODULE and scenario.snippet_path().parent.name == MODULE
    assert {"sales_tests", "sales_findings", "sales_fix"} <= set(KEY)
    source = snippet("sales").read_text()
    compile(source, "daily_sales.py", "exec")
    assert "TODO" not in source and "bug" not in source.lower()


def test_the_assistants_tests_pass_on_its_code_and_two_fail_on_the_fix() -> None:
    ex = KEY["sales_fix"]
    runs = outcomes_many("sales", {"snippet": snippet("sales"), "fix": ex.key_dir / ex.reference},
                         scenarios.get("sales").assistant_tests, sourceless=True)
    assert runs["snippet"] and set(runs["snippet"].values()) == {"passed"}, runs["snippet"]
    # they assert what the code does (the last day missing, a float), not what the spec says
    assert failing(runs["fix"]) == ["test_days_without_orders_are_zero", "test_amounts_are_rounded_to_cents"]


SALES_CATCHES = {
    "empty": ["test_no_orders_is_zero_every_day"],
    "last-day": ["test_every_day_of_the_period_both_ends_included", "test_no_orders_is_zero_every_day",
                 "test_a_late_evening_order_counts_on_the_shops_day", "test_money_adds_up_exactly"],
    "dst": ["test_a_late_evening_order_counts_on_the_shops_day"],
    "utc-day": ["test_a_late_evening_order_counts_on_the_shops_day"],
    "float-money": ["test_money_adds_up_exactly"],
}


def test_sales_tests_over_the_spec_are_false_alarms() -> None:
    """What the spec leaves open (key order, how zero is written) fails on some correct version."""
    over = ("from datetime import date\n\n"
            "def test_days_in_order(daily_sales):\n"
            "    assert list(daily_sales([], date(2026, 1, 1), date(2026, 1, 3))) == "
            "[date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)]\n\n"
            "def test_zero_written_with_cents(daily_sales):\n"
            "    assert str(daily_sales([], date(2026, 1, 1), date(2026, 1, 1))[date(2026, 1, 1)]) == '0.00'\n")
    runs = outcomes_many("sales", impls("sales")[0], over, sourceless=True)
    assert failing(runs["wheat_zoneinfo"]) == ["test_days_in_order", "test_zero_written_with_cents"], runs
    assert failing(runs["wheat_like_snippet"]) == [], runs


def test_sales_feedback_names_spec_rules_not_the_code() -> None:
    """The tests are scored before the code is shown: feedback says which spec rule broke, never how the code breaks it."""
    ex = KEY["sales_tests"]
    verdict = judge_answer(ex, "%%tests sales\n" + (key_dir("sales") / "reference_tests.py").read_text())
    weak = judge_answer(ex, "%%tests sales\nfrom datetime import date\nfrom decimal import Decimal\n\n"
                            "def test_one(daily_sales):\n    orders = [{'placed_at': '2026-01-15T10:00:00Z', 'amount': '2.55'}]\n"
                            "    assert daily_sales(orders, date(2026, 1, 15), date(2026, 1, 16))[date(2026, 1, 15)] "
                            "== Decimal('2.55')\n")
    assert verdict.fraction == 1.0 and 0.0 < weak.fraction < 1.0, (verdict.feedback, weak.feedback)
    assert "rule of the spec" in verdict.feedback and "4 broken implementation(s) still pass" in weak.feedback
    for feedback in (verdict.feedback, weak.feedback):
        judge_words = "\n".join(line.split("(by ")[0] for line in feedback.splitlines() if not line.startswith("Your tests:"))
        for word in ("UTC+1", "fixed", "float", "range(", "{}", "round"):
            assert word not in judge_words, (word, feedback)


def test_sales_hidden_tests() -> None:
    ex = KEY["sales_fix"]
    wheats, chaffs = impls("sales")
    runs = outcomes_many("sales", {"snippet": snippet("sales"), "fix": ex.key_dir / ex.reference, **wheats, **chaffs},
                         ex.key_dir / ex.hidden_tests, sourceless=True)
    for name in ("fix", *wheats):
        assert set(runs[name]) == set(ex.properties) and set(runs[name].values()) == {"passed"}, (name, runs[name])
    assert len(failing(runs["snippet"])) == 5, runs["snippet"]
    assert failing(runs["dst"]) == ["test_orders_count_on_the_shops_day_in_winter_and_summer",
                                    "test_the_days_the_clocks_change"]
    assert failing(runs["empty"]) == ["test_no_orders_is_zero_every_day"]
    assert failing(runs["float-money"]) == ["test_money_is_exact_decimal"]


def test_the_sales_snippet_as_a_fix_earns_nothing() -> None:
    verdict = judge_answer(KEY["sales_fix"], "%%fix sales\n" + snippet("sales").read_text())
    assert verdict.fraction == 0.0, verdict.feedback


SALES_SPANS = {"empty": ["if not orders:", "return {}"], "last-day": ["days = (last_day - first_day).days",
               "in range(days)}"], "dst": ["timezone(timedelta(hours=1))"], "float-money": ["float(order[\"amount\"])"]}


def test_sales_findings_spans_decoys_and_the_notebooks_answer() -> None:
    ex = KEY["sales_findings"]
    assert key_ambiguities(ex) == []
    lines = snippet("sales").read_text().splitlines()
    for flaw in ex.flaws:
        assert flaw.categories <= set(taxonomy.BY_ID), flaw.id
        for line, expected in zip(lines[flaw.lines[0] - 1:flaw.lines[1]], SALES_SPANS[flaw.id], strict=True):
            assert expected in line, (flaw.id, line)
    found, problems = parse_findings(solution_answers(MODULE)["sales_findings"])
    assert not problems and match(found, ex).fraction == 1.0
    for first, last in ex.decoys:
        assert "fromisoformat" in "".join(lines[first - 1:last])
        decoy = repr([{"lines": (first, last), "category": "edge-case", "why": "looks wrong"}])
        assert match(parse_findings(decoy)[0], ex).fraction == 0.0


def test_probing_the_sales_fixture_tells_no_version_apart() -> None:
    wheats, chaffs = impls("sales")
    versions = {"snippet": snippet("sales"), **wheats, **dict(list(chaffs.items())[:2])}
    suite = fixture_probe.probe_suite(["daily_sales"], setup="    made = daily_sales([], __import__('datetime').date(2026, 1, 1), "
                                      "__import__('datetime').date(2026, 1, 1))\n", made=[])
    runs = outcomes_many("sales", versions, suite, sourceless=True)
    for result in runs.values():
        fixture_probe.assert_probe_ran(result)
    assert len({tuple(sorted(r.items())) for r in runs.values()}) == 1, runs


# ---------------------------------------------------------------- the notebook

def test_notebook_cells_are_the_key_files_and_the_tests_come_before_the_code() -> None:
    nb = notebook()
    points = check_source_notebook(nb, KEY)
    answers = solution_answers(MODULE)
    assert answers["sales_tests"].strip() == "%%tests sales\n" + (key_dir("sales") / "reference_tests.py").read_text().strip()
    assert answers["sales_fix"].strip() == "%%fix sales\n" + (KEY["sales_fix"].key_dir / "fix.py").read_text().strip()
    assert set(points) == {f"{ex}_score" for ex in KEY}
    ids = [c.id for c in nb.cells]
    order = [ids.index(i) for i in ("request", "sales_tests", "show-code", "reveal", "sales_findings", "sales_fix",
                                    "split_tests", "split-show-code", "sales_suite_findings", "predict", "live", "catalog")]
    assert order == sorted(order)
    before_code = "".join(c.source for c in nb.cells[:ids.index("show-code")])
    assert 'show_code("daily_sales.py")' not in before_code and 'reveal("sales")' not in before_code
    text = "".join(c.source for c in nb.cells)
    assert "live_enabled()" in nb.cells[ids.index("live")].source
    for figure in ("2403.08937", "2305.01210", "15%", "19.3%", "28.9%", "2501.02901", "over 62%"):
        assert figure in text, figure


# Words that name a flaw of the code; none may appear in what the notebook says before the step that asks for it.
GIVEAWAYS = {
    "show-code": ("utc+1 all year", "fixed offset", "range(days)", "return {}", "float("),
    "sales_findings": ("fixed offset", "one day short", "range(days)", "float sum"),
    "split_tests": ("2**53", "too big for a float", "last person", "absorb", "in turn"),
    "sales_suite_findings": ("january", "is not none", "approx", "a mock", "the code returned", "the code returns"),
}


def test_no_flaw_is_named_before_the_step_that_asks_for_it() -> None:
    nb = notebook()
    ids = [c.id for c in nb.cells]
    for step, words in GIVEAWAYS.items():
        for cell in nb.cells[:ids.index(step)]:
            if cell.cell_type == "markdown":
                for word in words:
                    assert word not in cell.source.lower(), (step, cell.id, word)


# ---------------------------------------------------------------- split: properties with Hypothesis

SPLIT_CATCHES = {
    "rounding": ["test_no_cent_is_made_or_lost"],
    "last-absorbs": ["test_each_part_is_its_share_rounded_down_or_up", "test_a_larger_weight_never_pays_less"],
    "in-turn": ["test_each_part_is_its_share_rounded_down_or_up", "test_a_larger_weight_never_pays_less"],
    "float-share": ["test_no_cent_is_made_or_lost", "test_each_part_is_its_share_rounded_down_or_up"],
}


CATCHES = {"sales": SALES_CATCHES, "split": SPLIT_CATCHES}
SNIPPET_FAILS = {"sales": ["test_every_day_of_the_period_both_ends_included", "test_no_orders_is_zero_every_day",
                           "test_a_late_evening_order_counts_on_the_shops_day", "test_money_adds_up_exactly"],
                 "split": ["test_each_part_is_its_share_rounded_down_or_up", "test_a_larger_weight_never_pays_less"]}


@pytest.mark.parametrize("name", ["sales", "split"])
def test_reference_suite_passes_every_wheat_and_catches_each_chaff(name: str) -> None:
    wheats, chaffs = impls(name)
    assert len(wheats) >= 3 and set(chaffs) == set(KEY[f"{name}_tests"].flaw_titles) == set(CATCHES[name])
    runs = outcomes_many(name, {"snippet": snippet(name), **wheats, **chaffs}, key_dir(name) / "reference_tests.py",
                         sourceless=True)
    for wheat in wheats:
        assert set(runs[wheat].values()) == {"passed"}, (wheat, runs[wheat])
    for flaw in chaffs:
        assert failing(runs[flaw]) == CATCHES[name][flaw], (flaw, runs[flaw])
    assert failing(runs["snippet"]) == SNIPPET_FAILS[name], runs["snippet"]


def test_the_assistants_split_tests_pass_on_its_code_and_let_one_chaff_through() -> None:
    wheats, chaffs = impls("split")
    runs = outcomes_many("split", {"snippet": snippet("split"), **chaffs}, scenarios.get("split").assistant_tests,
                         sourceless=True)
    assert runs["snippet"] and set(runs["snippet"].values()) == {"passed"}, runs["snippet"]
    # only the last-absorbs version escapes them; they catch the others by pinning who gets the leftover cent,
    # which the spec leaves open: the same test fails on a correct version
    assert [flaw for flaw, result in runs.items() if flaw != "snippet" and not failing(result)] == ["last-absorbs"]
    on_wheat = outcomes_many("split", wheats, scenarios.get("split").assistant_tests, sourceless=True)
    assert failing(on_wheat["wheat_largest_remainder"]) == ["test_the_rounding_is_absorbed"]


def test_the_float_chaff_needs_the_sizes_the_spec_allows() -> None:
    """Only a generated input above 2**53 exposes it: bounded totals miss it, on every run alike."""
    bounded = (key_dir("split") / "reference_tests.py").read_text().replace(
        "st.integers(min_value=0)", "st.integers(min_value=0, max_value=10**9)")
    float_chaff = impls("split")[1]["float-share"]
    assert failing(outcomes_many("split", {"float": float_chaff}, bounded, sourceless=True)["float"]) == []
    from scenario_runs import outcomes
    reference = key_dir("split") / "reference_tests.py"
    seen = {tuple(sorted(outcomes("split", float_chaff, reference, sourceless=True, cached=False).items()))
            for _ in range(3)}
    assert len(seen) == 1 and set(failing(dict(next(iter(seen))))) == set(SPLIT_CATCHES["float-share"]), seen


def test_hypothesis_runs_with_the_judges_settings_whatever_the_test_file_says() -> None:
    """The recorder overrides @settings: a fixed budget, derandomized, and no .hypothesis folder written."""
    from course.sandboxed.hypothesis_profile import MAX_EXAMPLES
    suite = ("import os\nfrom hypothesis import given, settings, strategies as st\n\nSEEN = []\n\n\n"
             "@settings(max_examples=3, derandomize=False, database=None)\n"
             "@given(total=st.integers(min_value=0))\n"
             "def test_counts(split_cents, total):\n    SEEN.append(total)\n    assert split_cents(total, [1]) == [total]\n\n\n"
             "def test_zz_budget_and_no_database():\n"
             f"    assert len(SEEN) == {MAX_EXAMPLES}, len(SEEN)\n"
             "    assert not os.path.exists('.hypothesis')\n")
    wheat = impls("split")[0]["wheat_largest_remainder"]
    assert outcomes_many("split", {"wheat": wheat}, suite)["wheat"] == {"test_counts": "passed",
                                                                         "test_zz_budget_and_no_database": "passed"}
    text = "".join(c.source for c in notebook().cells)
    assert f"{MAX_EXAMPLES} examples" in text and "derandomized" in text


def test_the_tests_policy_allows_hypothesis_public_api_only() -> None:
    from course.judge import code_policy
    ok = ("from hypothesis import given, assume, settings, strategies as st\nimport hypothesis.strategies as st2\n"
          "import hypothesis\n\n@given(x=st.integers(), y=st2.lists(st.text()).filter(bool))\n"
          "@hypothesis.settings(max_examples=5)\ndef test_x(f, x, y):\n    assume(x > 0)\n    assert f(x)\n")
    assert code_policy.violations(ok, code_policy.TESTS) == []
    bad = ("import hypothesis.internal.reflection\nfrom hypothesis.internal import reflection\n"
           "from hypothesis import core\nimport hypothesis\nimport hypothesis.strategies as st\n"
           "a = hypothesis.vendor\nb = st._internal\nc = hypothesis.strategies._internal\n")
    assert len(code_policy.violations(bad, code_policy.TESTS)) == 6
    assert code_policy.violations("import hypothesis\n", code_policy.FIX)   # a fix has no use for it


# ---------------------------------------------------------------- sales_suite: the assistant's tests, reviewed

def test_each_keyed_weak_test_is_shown_weak_by_running_it() -> None:
    """Every flaw keyed in the assistant's test file has an execution witness against the sales versions."""
    wheats, chaffs = impls("sales")
    raises = "def daily_sales(orders, first_day, last_day):\n    raise RuntimeError('broken')\n"
    runs = outcomes_many("sales", {**wheats, **chaffs, "raises": raises}, scenarios.get("sales").assistant_tests,
                         sourceless=True)
    for wheat in wheats:   # asserts what the code does: fails on every correct version
        assert failing(runs[wheat]) == ["test_days_without_orders_are_zero", "test_amounts_are_rounded_to_cents"]
    assert "test_uses_the_shops_time_zone" not in failing(runs["dst"])          # winter only
    assert "test_no_orders" not in failing(runs["empty"])                      # {} passes
    assert all("test_a_busy_month" not in failing(runs[flaw]) for flaw in chaffs)   # any non-empty report passes
    assert all(r["test_the_report_feeds_the_dashboard"] == "passed" for r in runs.values())   # never runs the code
    assert runs["raises"]["test_the_report_feeds_the_dashboard"] == "passed"
    assert all(r["test_sums_a_days_orders"] == "passed" for name, r in runs.items() if name in wheats)   # the decoy


SUITE_SPANS = {"period-as-coded": ["assert report == {date(2026, 1, 14): 0.0"],
               "winter-only": ["2026-01-15T23:30:00Z", "== Decimal(\"5.00\")"],
               "float-approx": ["pytest.approx(0.3)"], "asserts-nothing": ["assert report is not None"],
               "len-only": ["assert len(report) > 0"],
               "mocks-the-code": ["mock.Mock(", "daily_sales([", "assert report ==", "assert_called_once"]}


def test_sales_suite_key_spans_and_the_notebooks_answer() -> None:
    ex = KEY["sales_suite_findings"]
    assert key_ambiguities(ex) == [] and {c for f in ex.flaws for c in f.categories} >= {"vacuous-test"}
    assert snippet("sales_suite") == scenarios.get("sales").assistant_tests   # the very file the reveal shows
    lines = snippet("sales_suite").read_text().splitlines()
    for flaw in ex.flaws:
        for line, expected in zip(lines[flaw.lines[0] - 1:flaw.lines[1]], SUITE_SPANS[flaw.id], strict=True):
            assert expected in line, (flaw.id, line)
    found, problems = parse_findings(solution_answers(MODULE)["sales_suite_findings"])
    assert not problems and match(found, ex).fraction == 1.0
    (first, last), = ex.decoys
    assert "def test_sums_a_days_orders" in lines[first - 1]
    decoy = repr([{"lines": (first, last), "category": "vacuous-test", "why": "looks weak"}])
    assert match(parse_findings(decoy)[0], ex).fraction == 0.0
    text = "".join(c.source for c in notebook().cells)
    assert "2501.02901" in text and "over 62%" in text


# ---------------------------------------------------------------- the live mutation run

def test_mutants_of_the_fix_are_single_deliberate_breaks_made_the_same_way_every_time() -> None:
    from course.kits.mutation import mutants
    fix = (KEY["sales_fix"].key_dir / "fix.py").read_text()
    made = mutants(fix)
    assert [m.name for m in made] == ["drop + 1 (line 19)", "float for Decimal (line 20)", "float for Decimal (line 24)",
                                      "UTC+1 for Berlin (line 14)", "UTC day (line 22)", "= for += (line 24)",
                                      "{} when empty (line 17)"]
    assert made == mutants(fix) and len({m.source for m in made}) == len(made)
    for m in made:
        compile(m.source, m.name, "exec")
    assert "Etc/GMT-1" in made[3].source and "Europe/Berlin" not in made[3].source
    assert mutants("def broken(:\n") == [] and mutants("x = 1\n") == []
    assert [m.operator for m in mutants("def f(a, b):\n    return a <= b\n")] == ["< for <=", "{} when empty"]


def test_the_mutation_run_counts_kills_per_test_without_reading_a_key() -> None:
    from course.scenarios.sales import experiment
    fix = (KEY["sales_fix"].key_dir / "fix.py").read_text()
    tests = {experiment.ASSISTANT: scenarios.get("sales").assistant_tests.read_text(),
             experiment.YOURS: (key_dir("sales") / "reference_tests.py").read_text()}
    table, broken = experiment.run(fix, tests)
    assert len(broken) == 7 and list(table.columns) == [m.name for m in broken]
    summary = experiment.summary(table)
    assert summary.loc[experiment.ASSISTANT].to_dict() == {"mutants killed": 4, "mutants": 7,
                                                           "tests that fail on the fix": 2, "tests that kill nothing": 2}
    assert summary.loc[experiment.YOURS, "mutants killed"] == 7
    assistant = table.loc[experiment.ASSISTANT]
    assert (assistant.loc["test_the_report_feeds_the_dashboard"] == experiment.SURVIVED).all()
    assert (assistant.loc["test_days_without_orders_are_zero"] == experiment.FAILS_ON_FIX).all()
    fig = experiment.plot(table, prediction=2)
    assert len(fig.axes[0].get_yticklabels()) == len(table) and "you predicted 2" in fig.axes[0].get_title()
    experiment_source = Path(experiment.__file__).read_text()
    assert "grading" not in experiment_source and "load_module_key" not in experiment_source


def test_a_forbidden_builtin_handed_to_something_that_calls_it_is_refused() -> None:
    """st.builds(exec, ...) would run text in the tests' process beside the recorder; so would map(exec, ...)."""
    from course.judge import code_policy
    for source in ("from hypothesis import given, strategies as st\n\n@given(st.builds(exec, st.just('x = 1')))\n"
                   "def test_x(daily_sales, _):\n    pass\n", "x = list(map(eval, ['1']))\n", "f = open\n"):
        assert any("passes" in v for v in code_policy.violations(source, code_policy.TESTS)), source
