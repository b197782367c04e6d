"""Module 01's oversell scenario: snippet, keys, fixtures and race driver agree with each other.

Every suite is run the way the grader runs it, through the course's sandboxed runner
(tests/scenario_runs.py). Real sqlite3 throughout.
"""
from __future__ import annotations

from pathlib import Path
import tempfile

import pytest

from course.kits import race
from course import scenarios
from course.judge.exercises import load_module_key
from course.paths import REPO_ROOT, SOLUTIONS_DIR, module_keys_dir
from course.scenarios.oversell.db import Shop
import fixture_probe
from scenario_runs import outcomes as scenario_outcomes

MODULE = "01-concurrent-writes"
SNIPPET = SOLUTIONS_DIR / MODULE / "shop.py"
NOTEBOOK = SOLUTIONS_DIR / MODULE / f"{MODULE}.ipynb"
KEY_DIR = module_keys_dir(MODULE) / "oversell"
ASSISTANT_TESTS = REPO_ROOT / "course" / "scenarios" / "oversell" / "assistant_tests.py"
REFERENCE_TESTS = KEY_DIR / "reference_tests.py"

KEY = load_module_key(MODULE)
TESTS_EX = KEY["oversell_tests"]
FINDINGS_EX = KEY["oversell_findings"]
FIX_EX = KEY["oversell_fix"]
WHEATS = [KEY_DIR / impl.path for impl in TESTS_EX.wheats]
CHAFFS = {impl.flaw: KEY_DIR / impl.path for impl in TESTS_EX.chaffs}


# ---------------------------------------------------------------- helpers

def run_suite(impl: Path, test_source: str) -> dict[str, str]:
    """Outcome per test function of one grader-style run (the course's sandboxed runner)."""
    return scenario_outcomes("oversell", impl, test_source)


def explore_impl(impl: Path, *workers_args: tuple, stock: int = 1, **kwargs) -> race.Worlds:
    """Explore `impl`'s place_order called once per worker with (sku, qty, customer)."""
    work = Path(tempfile.mkdtemp(prefix="oversell-test-"))
    shop = Shop.create(work / "shop.db")
    shop.add_product("lamp", stock=stock, price_cents=1999)
    module = race.fresh_copy(impl)
    place_order = race.per_worker(module, "place_order")
    workers = [lambda conn, a=args: place_order(conn, *a) for args in workers_args]
    return race.explore(workers, shop.path, isolate=[module], view=Shop, workdir=work / "worlds", **kwargs)


def two_buyers(impl: Path, **kwargs) -> race.Worlds:
    return explore_impl(impl, ("lamp", 1, "alice"), ("lamp", 1, "bob"), **kwargs)


def oversold(world) -> bool:
    return world.stock("lamp") < 0 or world.sold("lamp") + world.stock("lamp") != 1


# ---------------------------------------------------------------- the scenario's public pieces

def test_scenario_is_registered():
    scenario = scenarios.get("oversell")
    assert scenario.module == MODULE
    assert scenario.snippet_path() == SNIPPET or scenario.snippet_path().read_text() == SNIPPET.read_text()
    assert scenario.import_name == "shop"
    assert scenario.assistant_tests == ASSISTANT_TESTS


def test_spec_states_the_freedoms_wheats_use():
    from course.scenarios.oversell import SPEC
    for phrase in ("ValueError", "database is locked", "never sell more units", "not left pending"):
        assert phrase in SPEC


def test_assistant_tests_pass_on_the_snippet():
    outcomes = run_suite(SNIPPET, ASSISTANT_TESTS.read_text())
    assert len(outcomes) == 5
    assert set(outcomes.values()) == {"passed"}, outcomes


# ---------------------------------------------------------------- the race driver on this scenario

def test_snippet_oversells_in_some_interleavings():
    worlds = two_buyers(SNIPPET)
    bad = [w for w in worlds if oversold(w)]
    assert worlds.complete
    assert len(worlds) == 18 and len(bad) == 16, (len(worlds), len(bad))
    # the serial schedules are fine: the flaw needs an interleaving
    assert worlds[0].schedule == "A:SELECT A:UPDATE A:INSERT A:COMMIT B:SELECT"
    assert not oversold(worlds[0])
    assert all(w.stock("lamp") == -1 and len(w.orders()) == 2 for w in bad)


@pytest.mark.parametrize("impl", WHEATS + [KEY_DIR / FIX_EX.reference], ids=lambda p: p.stem)
def test_correct_versions_never_oversell(impl):
    worlds = two_buyers(impl)
    assert worlds.complete and len(worlds) >= 6
    assert not [w.schedule for w in worlds if oversold(w)]
    assert all(w.sold("lamp") == 1 for w in worlds)


def test_deferred_wheat_may_raise_locked_as_the_spec_allows():
    worlds = two_buyers(KEY_DIR / "wheat_deferred_may_raise.py")
    raised = [w for w in worlds if any(w.errors)]
    assert raised, "expected some interleavings where a buyer gets 'database is locked'"
    for w in raised:
        assert all("database is locked" in str(e) for e in w.errors if e is not None)
        assert w.sold("lamp") == 1


def test_race_chaff_oversells_and_the_other_chaffs_do_not():
    assert any(oversold(w) for w in two_buyers(CHAFFS["oversell"]))
    for flaw in ("negative-qty", "no-rollback"):
        assert not any(oversold(w) for w in two_buyers(CHAFFS[flaw])), flaw


def test_same_exploration_twice_gives_identical_results():
    def summary(worlds):
        return [(w.schedule, w.choices, tuple(map(repr, w.results)), w.stock("lamp"), w.orders()) for w in worlds]
    for impl in (SNIPPET, KEY_DIR / "wheat_deferred_may_raise.py"):
        assert summary(two_buyers(impl)) == summary(two_buyers(impl))


def test_each_worker_gets_its_own_copy_of_the_module(tmp_path):
    # a fix that relies on a process-local lock is not protected across "app servers"
    impl = tmp_path / "locked.py"
    impl.write_text(SNIPPET.read_text().replace("import sqlite3\n", "import sqlite3\nimport threading\n_LOCK = threading.Lock()\n")
                    .replace('    if not isinstance(qty, int):', '    with _LOCK:\n        return _place(conn, sku, qty, customer_id)\n\n\ndef _place(conn, sku, qty, customer_id):\n    if not isinstance(qty, int):'))
    assert any(oversold(w) for w in two_buyers(impl))


# ---------------------------------------------------------------- learner tests: reference suite, wheats, chaffs

def test_key_files_exist():
    for impl in TESTS_EX.wheats + TESTS_EX.chaffs:
        assert (KEY_DIR / impl.path).is_file(), impl.path
    assert len(TESTS_EX.wheats) >= 2
    assert {c.flaw for c in TESTS_EX.chaffs} == {f.id for f in FINDINGS_EX.flaws} == set(TESTS_EX.flaw_titles)
    assert (KEY_DIR / FIX_EX.hidden_tests).is_file() and (KEY_DIR / FIX_EX.reference).is_file()


@pytest.mark.parametrize("impl", WHEATS, ids=lambda p: p.stem)
def test_reference_suite_passes_on_every_wheat(impl):
    outcomes = run_suite(impl, REFERENCE_TESTS.read_text())
    assert len(outcomes) == 3 and set(outcomes.values()) == {"passed"}, outcomes


@pytest.mark.parametrize("flaw", sorted(CHAFFS))
def test_reference_suite_catches_every_chaff(flaw):
    outcomes = run_suite(CHAFFS[flaw], REFERENCE_TESTS.read_text())
    assert "failed" in outcomes.values(), outcomes


def test_reference_suite_fails_on_the_snippet():
    outcomes = run_suite(SNIPPET, REFERENCE_TESTS.read_text())
    assert set(outcomes.values()) == {"failed"}, outcomes


def test_each_chaff_has_only_its_own_flaw():
    # one seeded flaw each: exactly one reference test fails, and it is the one for that flaw
    expected = {"oversell": "test_last_unit_is_sold_exactly_once",
                "negative-qty": "test_zero_or_negative_qty_changes_nothing",
                "no-rollback": "test_failed_order_leaves_nothing_behind"}
    for flaw, impl in CHAFFS.items():
        outcomes = run_suite(impl, REFERENCE_TESTS.read_text())
        assert [n for n, o in outcomes.items() if o != "passed"] == [expected[flaw]], (flaw, outcomes)


def test_over_specified_tests_fail_on_some_wheat():
    # the spec leaves freedom: a test that pins one choice is a false alarm on another wheat
    over = '''
def test_zero_qty_raises(shop, conn, place_order):
    import pytest
    shop.add_product("lamp", stock=3)
    with pytest.raises(ValueError):
        place_order(conn, "lamp", 0, "alice")


def test_loser_gets_none(shop, race, place_order):
    shop.add_product("lamp", stock=1)
    for world in race(lambda c: place_order(c, "lamp", 1, "alice"), lambda c: place_order(c, "lamp", 1, "bob")):
        assert None in world.results, world.schedule
'''
    for name in ("test_zero_qty_raises", "test_loser_gets_none"):
        assert any(run_suite(w, over)[name] == "failed" for w in WHEATS), name


def test_source_inspecting_tests_earn_nothing():
    # a wheat looks like the snippet, a chaff looks like the fix
    assert "SELECT stock, price_cents" in (KEY_DIR / "wheat_like_snippet.py").read_text()
    assert "AND stock >= ?" in CHAFFS["negative-qty"].read_text()
    assert "AND stock >= ?" in (KEY_DIR / FIX_EX.reference).read_text()


# ---------------------------------------------------------------- the fix exercise

def test_reference_fix_passes_every_hidden_test():
    outcomes = run_suite(KEY_DIR / FIX_EX.reference, (KEY_DIR / FIX_EX.hidden_tests).read_text())
    assert set(outcomes) == set(FIX_EX.properties)
    assert set(outcomes.values()) == {"passed"}, outcomes


@pytest.mark.parametrize("impl", WHEATS, ids=lambda p: p.stem)
def test_every_wheat_passes_every_hidden_test(impl):
    outcomes = run_suite(impl, (KEY_DIR / FIX_EX.hidden_tests).read_text())
    assert set(outcomes.values()) == {"passed"}, outcomes


def test_snippet_fails_the_race_properties():
    outcomes = run_suite(SNIPPET, (KEY_DIR / FIX_EX.hidden_tests).read_text())
    assert outcomes["test_never_oversells_the_last_unit"] == "failed"
    assert outcomes["test_never_oversells_a_multi_unit_order"] == "failed"
    assert outcomes["test_sells_and_records_the_order"] == "passed"
    assert outcomes["test_out_of_stock_or_unknown_returns_none"] == "passed"
    assert outcomes["test_zero_or_negative_qty_changes_nothing"] == "failed"
    assert outcomes["test_failed_order_leaves_nothing_behind"] == "failed"


@pytest.mark.parametrize("flaw", sorted(CHAFFS))
def test_hidden_tests_catch_every_chaff(flaw):
    outcomes = run_suite(CHAFFS[flaw], (KEY_DIR / FIX_EX.hidden_tests).read_text())
    assert "failed" in outcomes.values(), outcomes


# ---------------------------------------------------------------- findings key

SPAN_TEXT = {  # flaw id -> a piece of code each line of its keyed span must include, in order
    "oversell": ["if stock < qty:", "return None", "", "conn.execute(", "UPDATE products SET stock = stock - ?", ")"],
    "negative-qty": ["if not isinstance(qty, int):", "raise TypeError"],
    "no-rollback": ["cursor = conn.execute(", "INSERT INTO orders", "qty * price_cents", ")", "conn.commit()"],
}


def test_flaw_spans_point_at_the_code_they_describe():
    lines = SNIPPET.read_text().splitlines()
    for flaw in FINDINGS_EX.flaws:
        first, last = flaw.lines
        span = lines[first - 1:last]
        assert len(span) == len(SPAN_TEXT[flaw.id]), flaw.id
        for line, expected in zip(span, SPAN_TEXT[flaw.id]):
            assert expected in line, (flaw.id, line, expected)
        lo, hi = flaw.tolerance
        assert lo <= first <= last <= hi <= len(lines)
    read = lines[FINDINGS_EX.flaws[0].tolerance[0] - 1]
    assert "row = conn.execute(" in read
    for lo, hi in FINDINGS_EX.decoys:
        assert "qty * price_cents" in lines[lo - 1]


def test_snippet_looks_finished():
    source = SNIPPET.read_text()
    compile(source, str(SNIPPET), "exec")
    assert '"""Place an order' in source
    assert "TODO" not in source and "BUG" not in source.upper().replace("DEBUG", "")


# ---------------------------------------------------------------- the grader's own path (sourceless, sandboxed)

def test_race_works_when_the_implementation_is_bytecode_only(tmp_path):
    # the judge hides source text by shipping <import_name>.pyc only: per-worker copies must still load
    import py_compile
    pyc = tmp_path / "shop.pyc"
    py_compile.compile(str(SNIPPET), cfile=str(pyc), doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    worlds = two_buyers(pyc)
    assert sum(oversold(w) for w in worlds) == 16


@pytest.fixture
def no_verdict_cache(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")


def _solution(cell_id: str) -> str:
    import nbformat
    nb = nbformat.read(NOTEBOOK, as_version=4)
    [cell] = [c for c in nb.cells if c.get("id") == cell_id]
    return cell.source


def test_judge_gives_the_snippet_as_a_fix_no_race_credit(no_verdict_cache):
    from course.judge.engine import judge_answer
    cell = "%%fix oversell\n" + SNIPPET.read_text()
    verdict = judge_answer(FIX_EX, cell)
    assert verdict.fraction < 0.5, verdict.feedback


def test_judge_gives_the_reference_fix_in_wal_mode_full_marks(no_verdict_cache):
    """Red team, 2026-12: the reference fix with `PRAGMA journal_mode = WAL` first (a common advice for SQLite under
    concurrent load) earned 0.5: the race driver took the pragma's own lock for a connection of the fix's own."""
    from course.judge.engine import judge_answer
    reference = (KEY_DIR / FIX_EX.reference).read_text()
    start = "    try:\n"
    assert reference.count(start) == 1
    wal = reference.replace(start, '    conn.execute("PRAGMA journal_mode = WAL").fetchone()\n' + start)
    verdict = judge_answer(FIX_EX, "%%fix oversell\n" + wal)
    assert verdict.fraction == 1.0, verdict.feedback


# ---------------------------------------------------------------- the notebook

def test_notebook_solution_cells_are_the_key_files():
    def body(cell_id):
        text = _solution(cell_id)
        return text.split("### BEGIN SOLUTION\n", 1)[1].rsplit("\n### END SOLUTION", 1)[0]
    assert _solution("oversell_tests").startswith("%%tests oversell\n")
    assert body("oversell_tests").strip() == REFERENCE_TESTS.read_text().strip()
    assert _solution("oversell_fix").startswith("%%fix oversell\n")
    assert body("oversell_fix").strip() == (KEY_DIR / FIX_EX.reference).read_text().strip()
    assert _solution("oversell_findings").startswith("%%findings oversell\n")


def test_notebook_structure():
    import nbformat
    from nbgrader_course import check_source_notebook
    nb = nbformat.read(NOTEBOOK, as_version=4)
    points = check_source_notebook(nb, KEY)
    ids = [c.id for c in nb.cells]
    assert {k: v for k, v in points.items() if k.startswith("oversell_")} == {
        "oversell_tests_score": 4, "oversell_findings_score": 3, "oversell_fix_score": 4}
    # the two drills (stampede, webhook) sit after the oversell fix and before the catalog: as
    # placeholder cells until a teammate fills them in, then as their own cells
    drills = nb.cells[ids.index("oversell_fix_score") + 1:ids.index("catalog-md")]
    placeholders = [c.metadata.get("course", {}).get("placeholder") for c in drills]
    if any(placeholders):
        assert [p for p in placeholders if p] == ["stampede", "webhook"]
    else:
        drill_ids = [c.id for c in drills]
        assert "stampede_tests" in drill_ids and "webhook_findings" in drill_ids
        assert drill_ids.index("stampede_tests") < drill_ids.index("webhook_findings")
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.source.startswith("%load_ext course.notebook\nfrom course.notebook import show_code, score, reveal")
    live = next(c for c in nb.cells if c.id == "live")
    assert "live_enabled()" in live.source
    assert "67%" in "".join(c.source for c in nb.cells) and "vendor data" in "".join(c.source for c in nb.cells)


# ---------------------------------------------------------------- the live experiment (headless)

def test_live_experiment_runs_headless_and_shows_the_oversell():
    from course.scenarios.oversell import experiment
    fix = (KEY_DIR / FIX_EX.reference).read_text()
    table = experiment.run(workers=4, think_ms=2.0, repeats=1, fix_source=fix)
    assert list(table.columns) == experiment.COLUMNS
    snippet, fixed = table.iloc[0], table.iloc[1]
    assert fixed["implementation"] == "your fix"
    assert fixed["oversold"] == 0 and fixed["orders"] == 1 and fixed["final_stock"] == 0
    # wall clock, so not asserted exactly: 2 ms between read and write is ample for 4 buyers to overlap
    assert snippet["orders"] >= 1 and snippet["oversold"] == snippet["orders"] - 1


def test_live_plot_has_labelled_axes_and_the_prediction():
    from course.scenarios.oversell import experiment
    table = experiment.sweep(workers=(1, 2), repeats=1, think_ms=0.5, progress=False)
    fig = experiment.plot(table, prediction=3)
    ax = fig.axes[0]
    assert "buyers" in ax.get_xlabel() and "beyond the stock" in ax.get_ylabel()
    assert any("prediction" in t.get_text() for t in ax.get_legend().get_texts())


def test_interleavings_table_is_deterministic():
    from course.scenarios.oversell import experiment
    first, again = experiment.interleavings(), experiment.interleavings()
    assert first.equals(again)
    assert (first.final_stock < 0).sum() == 16 and len(first) == 18


# ---------------------------------------------------------------- the fixtures hand out behaviour only

PROBE = fixture_probe.probe_suite(
    ["shop", "conn", "place_order", "race"],
    setup='    worlds = race(lambda c: c.execute("SELECT 1").fetchone())\n    world = worlds[0]\n',
    made=["worlds", "world"])


def _every_version(tmp_path: Path) -> dict[str, Path]:
    # one more version whose module holds extra names (a process-local lock), like a learner's fix might
    extra = tmp_path / "shop.py"
    extra.write_text("import threading\n\n_LOCK = threading.Lock()\n\n" + (KEY_DIR / FIX_EX.reference).read_text())
    return {"snippet": SNIPPET, "fix": KEY_DIR / FIX_EX.reference, "fix+lock": extra,
            **{p.stem: p for p in WHEATS}, **{p.stem: p for p in CHAFFS.values()}}


def test_probing_the_fixtures_tells_no_version_apart(tmp_path):
    """dir()/hasattr()/type/repr of every fixture (and of a race's worlds) are the same for every version."""
    runs = {name: scenario_outcomes("oversell", path, PROBE, sourceless=True)
            for name, path in _every_version(tmp_path).items()}
    for outcomes in runs.values():
        fixture_probe.assert_probe_ran(outcomes)
    assert len({tuple(sorted(o.items())) for o in runs.values()}) == 1, runs


def test_no_module_fixture_is_offered(tmp_path):
    probe = ('def test_place_order_is_a_plain_function(place_order):\n'
             '    assert not (hasattr(place_order, "module") or hasattr(place_order, "sqlite3"))\n'
             '    assert place_order.__name__ == "place_order"\n\n'
             'def test_shop_module(shop_module):\n    pass\n')
    for name, path in _every_version(tmp_path).items():
        outcomes = scenario_outcomes("oversell", path, probe, sourceless=True)
        assert outcomes == {"test_place_order_is_a_plain_function": "passed", "test_shop_module": "error"}, name


def test_the_probe_does_see_modules_differ(tmp_path):
    """What the fixture used to hand out (per_worker, holding the module) is told apart by the same probe."""
    seen = {fixture_probe.observe(race.per_worker(race.fresh_copy(path), "place_order"))
            for path in _every_version(tmp_path).values()}
    assert len(seen) > 1
