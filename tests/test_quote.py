"""Module 05's quote scenario: snippet, callers, keys, fixtures and experiment agree with each other.

Suites run the way the grader runs them, through the course's sandboxed runner (tests/scenario_runs.py),
several implementations at once. The callers are real: the worker is a real thread, the time zone of
the "servers" is set explicitly, nothing reads the wall clock.
"""
from __future__ import annotations

import ast
from datetime import datetime, timedelta, timezone
import os
from pathlib import Path
import threading

import nbformat
import pytest

from course.judge import exercises
from course import scenarios, taxonomy
from course.judge.findings import key_ambiguities, match, parse_findings
from course.paths import SOLUTIONS_DIR
from course.scenarios.quote import experiment, house
import fixture_probe
from nbgrader_course import check_source_notebook, solution_answers
from scenario_runs import outcomes, outcomes_many

MODULE = "05-three-callers"
SCENARIO = scenarios.get("quote")
SNIPPET = SOLUTIONS_DIR / MODULE / "pricing.py"
KEY = exercises.load_module_key(MODULE)
TESTS_EX: exercises.TestsExercise = KEY["quote_tests"]
FINDINGS_EX: exercises.FindingsExercise = KEY["quote_findings"]
FIX_EX: exercises.FixExercise = KEY["quote_fix"]
KEY_DIR = TESTS_EX.key_dir
REFERENCE = KEY_DIR / "reference_tests.py"
HIDDEN = KEY_DIR / FIX_EX.hidden_tests
FIX = KEY_DIR / FIX_EX.reference
WHEATS = {impl.path: KEY_DIR / impl.path for impl in TESTS_EX.wheats}
CHAFFS = {impl.flaw: KEY_DIR / impl.path for impl in TESTS_EX.chaffs}
EVERY = {"snippet": SNIPPET, "fix": FIX, **WHEATS, **{p.stem: p for p in CHAFFS.values()}}
LINES = SNIPPET.read_text().splitlines()


# ---------------------------------------------------------------- the scenario's public pieces

def test_scenario_is_registered() -> None:
    assert SCENARIO.module == MODULE and SCENARIO.import_name == "pricing"
    assert SCENARIO.snippet_path().read_text() == SNIPPET.read_text()
    assert SCENARIO.assistant_tests.is_file()


def test_spec_states_what_the_callers_rely_on() -> None:
    from course.scenarios.quote import SPEC
    spec = " ".join(SPEC.split())
    for phrase in ("never changes it", "naive one, which", "whoever asks", "starts <= at < ends",
                   "Every caller gets the same total", "catalog.version()"):
        assert phrase in spec, phrase


def test_snippet_looks_finished() -> None:
    source = SNIPPET.read_text()
    compile(source, str(SNIPPET), "exec")
    assert 30 <= len(LINES) <= 40 and '"""Total of the cart' in source
    assert "TODO" not in source and "bug" not in source.lower()


def test_assistant_tests_pass_on_the_snippet_and_every_wheat() -> None:
    runs = outcomes_many("quote", {"snippet": SNIPPET, **WHEATS}, SCENARIO.assistant_tests, sourceless=True)
    for name, result in runs.items():
        assert len(result) == 8 and set(result.values()) == {"passed"}, (name, result)


# ---------------------------------------------------------------- the three callers, in-process

def test_the_callers_hand_quote_the_same_instant_in_three_forms() -> None:
    seen: dict[str, tuple] = {}

    def spy(name):
        def quote(catalog, lines, at):
            seen[name] = (at, at.tzinfo, type(lines), threading.get_ident())
            return 0
        return quote

    book = house.PriceBook()
    at = datetime(2024, 11, 29, 0, 30, tzinfo=timezone.utc)
    callers = [kind(spy(kind.name), book) for kind in house.CALLERS]
    try:
        for caller in callers:
            caller([("lamp", 1)], at)
    finally:
        for caller in callers:
            caller.stop()
    handler, batch, worker = (seen[kind.name] for kind in house.CALLERS)
    assert handler[0] == at and handler[1] == timezone.utc
    assert batch[0] == datetime(2024, 11, 29, 0, 30) and batch[1] is None          # naive UTC
    assert worker[0] == at and worker[0].utcoffset() == timedelta(hours=1)          # CET, same instant
    assert worker[3] != threading.get_ident() and handler[3] == batch[3] == threading.get_ident()


def test_sessions_live_as_long_as_their_caller() -> None:
    sessions: dict[str, list] = {}   # the session objects themselves: ids of dead objects get reused

    def record(name):
        def quote(catalog, lines, at):
            sessions.setdefault(name, []).append(catalog)
            return catalog.price_cents("lamp")
        return quote

    book = house.PriceBook()
    callers = {kind.name: kind(record(kind.name), book) for kind in house.CALLERS}
    try:
        for _ in range(2):
            for caller in callers.values():
                caller([("lamp", 1)], experiment.TUESDAY)
    finally:
        for caller in callers.values():
            caller.stop()
    first, second = sessions["request handler"]
    assert first is not second                       # a new session per request
    for name in ("batch job", "worker thread"):
        first, second = sessions[name]
        assert first is second, name                 # one session for the whole run / life


def test_only_the_batch_job_passes_its_own_list() -> None:
    mine = [("lamp", 1), ("pen", 1), ("mug", 1)]
    got: dict[str, list] = {}

    def keep(name):
        def quote(catalog, lines, at):
            got[name] = lines
            return 0
        return quote

    callers = [kind(keep(kind.name), house.PriceBook()) for kind in house.CALLERS]
    try:
        for caller in callers:
            caller(mine, experiment.TUESDAY)
    finally:
        for caller in callers:
            caller.stop()
    assert got["batch job"] is mine
    assert got["request handler"] is not mine and got["worker thread"] is not mine
    assert got["request handler"] == got["worker thread"] == mine


def test_every_caller_is_named_the_same_in_both_scenarios() -> None:
    from course.kits.callers import CALLER_NAMES
    from course.scenarios.fanout import house as fanout_house
    assert tuple(kind.name for kind in house.CALLERS) == CALLER_NAMES == tuple(experiment.CALLER_NAMES)
    assert tuple(kind.name for kind in fanout_house.CALLERS) == CALLER_NAMES


def test_worker_raises_what_quote_raised_and_stops() -> None:
    def broken(catalog, lines, at):
        return catalog.price_cents("unicorn")

    worker = house.MarketplaceWorker(broken, house.PriceBook())
    with pytest.raises(KeyError):
        worker([("lamp", 1)], experiment.TUESDAY)
    worker.stop()
    assert not worker._thread.is_alive()   # stopped: nothing left running after the test


def test_a_worker_that_cannot_start_says_so_at_once() -> None:
    from course.kits.callers import WorkerThread

    def no_session():
        raise ConnectionError("price database down")

    worker = WorkerThread("broken", start=no_session, timeout=5)
    with pytest.raises(RuntimeError, match="could not start"):
        worker.run(lambda state: state)
    assert not worker.is_alive()
    worker.stop()


def test_a_stuck_worker_is_reported_not_waited_for() -> None:
    release = threading.Event()

    def stuck(catalog, lines, at):
        release.wait(5)
        return 0

    worker = house.MarketplaceWorker(stuck, house.PriceBook(), timeout=0.2)
    try:
        with pytest.raises(TimeoutError, match="did not answer"):
            worker([("lamp", 1)], experiment.TUESDAY)
    finally:
        release.set()
        worker.stop()


def test_server_time_zone_is_berlin_inside_and_restored_after() -> None:
    before = os.environ.get("TZ")
    naive = datetime(2024, 11, 29, 0, 30)
    with house.server_time_zone():
        assert naive.astimezone(timezone.utc) == datetime(2024, 11, 28, 23, 30, tzinfo=timezone.utc)
        assert datetime(2024, 7, 1, 12).astimezone(timezone.utc).hour == 10      # summer time, too
    assert os.environ.get("TZ") == before


def test_price_book_rejects_bad_prices_and_keeps_the_old_one() -> None:
    book = house.PriceBook()
    for bad in (-1, 12.5, "3000", True):
        with pytest.raises(ValueError):
            book.set_price("lamp", bad)
    assert book.price("lamp") == 2500 and book.version() == 1
    book.set_price("lamp", 3000)
    assert book.catalog().price_cents("lamp") == 3000 and book.version() == 2


# ---------------------------------------------------------------- the live experiment (deterministic)

def test_experiment_table_shows_where_the_snippet_diverges() -> None:
    table = experiment.run()
    assert list(table.columns) == ["expected", *experiment.CALLER_NAMES] and len(table) == 7
    wrong = {(situation, caller) for situation, row in table.iterrows()
             for caller in experiment.CALLER_NAMES if row[caller] != row["expected"]}
    labels = [s.label for s in experiment.SITUATIONS]
    assert wrong == {(labels[1], "batch job"), (labels[1], "worker thread"),     # the old lamp price
                     (labels[2], "worker thread"), (labels[4], "worker thread"),  # the sale an hour early
                     (labels[6], "batch job")}                                    # its cart, sorted
    assert experiment.differences(table) == 5
    assert table.loc[labels[6], "batch job"] == "pen, mug, lamp"
    assert table["request handler"].equals(table["expected"])


def test_experiment_is_the_same_every_time_and_clean_for_the_fix() -> None:
    assert experiment.run().equals(experiment.run())
    assert experiment.differences(experiment.run(FIX)) == 0
    for wheat in WHEATS.values():
        assert experiment.differences(experiment.run(wheat)) == 0, wheat.name
    local = experiment.run(CHAFFS["naive-as-local"])
    assert [c for c in experiment.CALLER_NAMES if not local[c].equals(local["expected"])] == ["batch job"]


def test_experiment_shows_a_broken_fix_instead_of_stopping(tmp_path: Path) -> None:
    broken = tmp_path / "pricing.py"
    broken.write_text("def quote(catalog, lines, at):\n    return catalog.price_cents('unicorn')\n")
    table = experiment.run(broken)
    assert str(table.iloc[0]["request handler"]).startswith("KeyError")


def test_timeline_and_plot() -> None:
    frame = experiment.timeline(boundary="ends")
    assert list(frame.columns) == ["minutes", "expected", *experiment.CALLER_NAMES]
    shifted = frame[frame["worker thread"] != frame["expected"]]["minutes"].tolist()
    assert shifted == [-60, -45, -30, -15]          # the worker's sale ends an hour early
    assert frame["request handler"].equals(frame["expected"]) and frame["batch job"].equals(frame["expected"])
    ax = experiment.plot(frame, "ends").axes[0]
    assert "minutes" in ax.get_xlabel() and "cents" in ax.get_ylabel()
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"expected", *experiment.CALLER_NAMES}


def test_styled_table_marks_exactly_the_divergent_cells() -> None:
    html = experiment.styled(experiment.run()).to_html()
    assert html.count("background-color: #f8d0d0") == 1          # one CSS rule ...
    rule = html.split("{", 1)[0]
    assert rule.count("_row") == 5                                 # ... for the five divergent cells


# ---------------------------------------------------------------- learner tests: reference suite, wheats, chaffs

def test_key_shape() -> None:
    assert len(TESTS_EX.wheats) >= 2 and all(p.is_file() for p in EVERY.values())
    assert set(CHAFFS) == set(TESTS_EX.flaw_titles)
    assert {f.id for f in FINDINGS_EX.flaws} == set(CHAFFS) - {"naive-as-local"}
    assert set(FIX_EX.properties) == {n for n in _hidden_names()}
    assert key_ambiguities(FINDINGS_EX) == []


def _hidden_names() -> list[str]:
    return [n.name for n in ast.parse(HIDDEN.read_text()).body if isinstance(n, ast.FunctionDef) and n.name.startswith("test")]


def test_reference_suite_passes_every_wheat_and_catches_each_chaff_with_the_right_test() -> None:
    runs = outcomes_many("quote", {"snippet": SNIPPET, **WHEATS, **{f: p for f, p in CHAFFS.items()}}, REFERENCE,
                         sourceless=True)
    for wheat in WHEATS:
        assert set(runs[wheat].values()) == {"passed"}, (wheat, runs[wheat])
    expected = {"stale-price": ["test_price_change_reaches_every_caller"],
                "wrong-offset": ["test_promotion_window_is_the_same_instant_for_every_caller"],
                "naive-as-local": ["test_promotion_window_is_the_same_instant_for_every_caller"],
                "mutates-cart": ["test_quote_leaves_the_callers_list_alone"]}
    for flaw in CHAFFS:
        assert [n for n, o in runs[flaw].items() if o != "passed"] == expected[flaw], (flaw, runs[flaw])
    assert set(runs["snippet"].values()) == {"failed"}, runs["snippet"]


def test_source_inspecting_tests_earn_nothing() -> None:
    like = (KEY_DIR / "wheat_like_snippet.py").read_text()
    assert "@lru_cache" in like and ".replace(tzinfo=timezone.utc)" in like and "sorted(lines" in like
    assert "astimezone(timezone.utc)" in CHAFFS["naive-as-local"].read_text()
    assert "catalog.price_cents(sku) for sku, _ in lines" in CHAFFS["mutates-cart"].read_text()


def test_a_test_over_the_spec_is_a_false_alarm_on_a_wheat() -> None:
    over = ('def test_naive_time_is_server_local(catalog, quote):\n'
            '    from datetime import datetime\n'
            '    assert quote(catalog, [("lamp", 1), ("mug", 1), ("pen", 1)], datetime(2024, 11, 29, 0, 30)) == 3550\n')
    runs = outcomes_many("quote", WHEATS, over, sourceless=True)
    assert all(r == {"test_naive_time_is_server_local": "failed"} for r in runs.values()), runs


def test_each_test_gets_a_fresh_copy_of_the_implementation(tmp_path: Path) -> None:
    """A module-level cache keyed by sku alone would leak between tests; a copy per test keeps them independent."""
    leaky = tmp_path / "pricing.py"
    leaky.write_text("PRICES = {}\n\ndef quote(catalog, lines, at):\n"
                     "    return sum(PRICES.setdefault(s, catalog.price_cents(s)) * q for s, q in lines)\n")
    suite = ('from datetime import datetime, timezone\nAT = datetime(2024, 11, 26, tzinfo=timezone.utc)\n\n'
             'def test_first(shop, catalog, quote):\n    shop.set_price("lamp", 100)\n'
             '    assert quote(catalog, [("lamp", 1)], AT) == 100\n\n'
             'def test_second(catalog, quote):\n    assert quote(catalog, [("lamp", 1)], AT) == 2500\n')
    assert outcomes("quote", leaky, suite) == {"test_first": "passed", "test_second": "passed"}


# ---------------------------------------------------------------- the fix exercise

def test_hidden_tests_pass_on_the_fix_and_every_wheat_and_catch_each_chaff() -> None:
    runs = outcomes_many("quote", EVERY, HIDDEN, sourceless=True)
    for name in ("fix", *WHEATS):
        assert set(runs[name]) == set(FIX_EX.properties) and set(runs[name].values()) == {"passed"}, (name, runs[name])
    expected = {"stale-price": ["test_price_change_reaches_every_caller"],
                "wrong-offset": ["test_promotion_window_in_any_time_zone"],
                "naive-as-local": ["test_naive_times_mean_utc_on_any_server"],
                "mutates-cart": ["test_the_callers_list_is_left_alone"]}
    for flaw, path in CHAFFS.items():
        assert [n for n, o in runs[path.stem].items() if o != "passed"] == expected[flaw], (flaw, runs[path.stem])
    assert sorted(n for n, o in runs["snippet"].items() if o != "passed") == sorted(
        ["test_price_change_reaches_every_caller", "test_promotion_window_in_any_time_zone",
         "test_the_callers_list_is_left_alone"])


# ---------------------------------------------------------------- findings key

SPAN_TEXT = {   # flaw id -> what each line of its keyed span holds, in order
    "stale-price": ["@lru_cache(maxsize=4096)", "def unit_price(catalog, sku: str) -> int:", '"""Price of one unit',
                    "return catalog.price_cents(sku)"],
    "wrong-offset": ["at = at.replace(tzinfo=timezone.utc)"],
    "mutates-cart": ["lines.sort(key=lambda line: unit_price(catalog, line[0]))"],
}


def test_flaw_spans_point_at_the_code_they_describe() -> None:
    for flaw in FINDINGS_EX.flaws:
        first, last = flaw.lines
        span = LINES[first - 1:last]
        assert len(span) == len(SPAN_TEXT[flaw.id]), flaw.id
        for line, expected in zip(span, SPAN_TEXT[flaw.id]):
            assert expected in line, (flaw.id, line)
        assert flaw.categories <= set(taxonomy.BY_ID) and "hidden-state" in flaw.categories
    assert "total -= unit_price(catalog, lines[0][0])" in LINES[FINDINGS_EX.flaws[2].tolerance[1] - 1]
    [(decoy, _)] = FINDINGS_EX.decoys
    assert "if items >= 3 and starts <= at < ends:" in LINES[decoy - 1]


def test_notebook_findings_find_every_flaw_and_flagging_the_decoy_costs() -> None:
    answer = solution_answers(MODULE)["quote_findings"]
    found, problems = parse_findings(answer)
    assert not problems and match(found, FINDINGS_EX).fraction == 1.0
    decoy = repr([{"lines": (32, 32), "category": "edge-case", "why": "the window's end is excluded"}])
    assert match(parse_findings(decoy)[0], FINDINGS_EX).fraction == 0.0


# ---------------------------------------------------------------- the fixtures hand out behaviour only

PROBE = fixture_probe.probe_suite(
    ["shop", "catalog", "quote", "handler", "batch_job", "worker", "callers"],
    setup="    from datetime import datetime, timezone\n"
          "    at = datetime(2024, 11, 26, tzinfo=timezone.utc)\n"
          "    totals = [call([('lamp', 1)], at) for call in callers.values()]\n",
    made=["totals"])


def test_probing_the_fixtures_tells_no_version_apart(tmp_path: Path) -> None:
    extra = tmp_path / "pricing.py"
    extra.write_text(FIX.read_text().replace("from datetime import datetime, timezone\n",
                                             "from datetime import datetime, timezone\nfrom functools import lru_cache\n"
                                             "import threading\n\n_LOCK = threading.Lock()\n", 1))
    versions = {"snippet": SNIPPET, "fix": FIX, "fix+extra": extra, "wheat": WHEATS["wheat_like_snippet.py"],
                "chaff": CHAFFS["naive-as-local"]}
    runs = outcomes_many("quote", versions, PROBE, sourceless=True)
    for result in runs.values():
        fixture_probe.assert_probe_ran(result)
    assert len({tuple(sorted(r.items())) for r in runs.values()}) == 1, runs


# ---------------------------------------------------------------- the judge and the notebook
# (that the notebook's solutions earn every point is tests/test_module_keys.py's job, for every module)

def test_the_snippet_as_a_fix_earns_nothing() -> None:
    from course.judge.engine import judge_answer
    verdict = judge_answer(FIX_EX, "%%fix quote\n" + SNIPPET.read_text())
    assert verdict.fraction == 0.0 and "not fixed" in verdict.feedback


def test_notebook_cells_are_the_key_files_and_the_structure_holds() -> None:
    nb = nbformat.read(str(next((SOLUTIONS_DIR / MODULE).glob("*.ipynb"))), as_version=4)
    points = check_source_notebook(nb, KEY)
    answers = solution_answers(MODULE)
    assert answers["quote_tests"].strip() == "%%tests quote\n" + REFERENCE.read_text().strip()
    assert answers["quote_fix"].strip() == "%%fix quote\n" + FIX.read_text().strip()
    assert points == {"quote_tests_score": 4, "quote_findings_score": 3, "quote_fix_score": 4,
                      "fanout_tests_score": 3, "reminder_findings_score": 3}
    ids = [c.id for c in nb.cells]
    order = [ids.index(i) for i in ("quote_tests", "live", "reveal", "quote_findings", "quote_fix",
                                    "fanout_tests", "reminder_findings", "review-md", "catalog")]
    assert order == sorted(order)
    text = "".join(c.source for c in nb.cells)
    assert "live_enabled()" in nb.cells[ids.index("live")].source
    assert "67%" in text and "not a controlled study" in text
