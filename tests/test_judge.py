"""The judge's grading policies, checked directly on module 00's key (real sandboxed runs, no nbgrader)."""
import os
from pathlib import Path

import nbformat
import pytest

from course.judge.exercises import load_module_key
from course.judge.engine import judge_answer, judge_notebook
from course.judge.report import question_for, verdict_text
from course.judge.verdict_cache import VerdictCache

MODULE = "00-start-here"
KEY = load_module_key(MODULE)
PAID = "{'total_cents': 1000, 'status': 'paid'}"
GOOD_TEST = "def test_empty_day(sales):\n    assert sales.average_order_value([]) == 0\n"
UNPAID_TEST = ("def test_unpaid(sales):\n"
               f"    assert sales.average_order_value([{PAID}, {{'total_cents': 9000, 'status': 'cancelled'}}]) == 1000\n")


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")


def judge_tests_answer(source: str, **kw):
    return judge_answer(KEY["warmup_tests"], "%%tests warmup\n" + source, **kw)


@pytest.mark.parametrize("exercise_id", sorted(KEY))
def test_untouched_release_earns_nothing(exercise_id):
    kind = exercise_id.rsplit("_", 1)[1]
    verdict = judge_answer(KEY[exercise_id], f"%%{kind} warmup\n# YOUR CODE HERE\nraise NotImplementedError()")
    assert verdict.fraction == 0.0 and "yet" in verdict.feedback


def test_vacuous_tests_earn_nothing():
    verdict = judge_tests_answer("def test_runs(sales):\n    sales.average_order_value([" + PAID + "])\n\n"
                            "def test_true(sales):\n    assert True\n")
    assert verdict.fraction == 0.0
    assert "caught nothing: test_runs" in verdict.feedback
    assert "test_runs passes on every version: it asserts nothing" in verdict.feedback
    # a test that does assert is acknowledged, not blamed: it may check a rule no broken version breaks
    assert "test_true passes on every version, correct and broken. If it checks a rule of the spec" in verdict.feedback


def test_false_alarm_is_named_dropped_and_penalised():
    # exact halves may round either way (spec freedom): asserting one way fails on a correct version
    half = "def test_half_rounds_up(sales):\n    assert sales.average_order_value([{'total_cents': 1, 'status': 'paid'}, {'total_cents': 2, 'status': 'paid'}]) == 2\n"
    verdict = judge_tests_answer(GOOD_TEST + UNPAID_TEST + half)
    assert verdict.details["false_alarms"] == ["test_half_rounds_up"]
    assert "false alarm: test_half_rounds_up" in verdict.feedback
    # in the judge's words only: what the test said on a correct version (pytest's "assert 1 == 2 ...") is not shown
    assert "AssertionError" not in verdict.feedback and "average_order_value" not in verdict.feedback
    # the row says which freedom of the spec the correct version uses, in the spec's words
    assert "The spec leaves this open: when the mean is exactly half a cent, either neighbour is correct" in verdict.feedback
    assert verdict.fraction == pytest.approx(1.0 - 0.25)
    assert "minus 25% for each of 1 false alarm(s) = 75% of the points" in verdict.feedback.splitlines()[-1]


def test_source_inspection_earns_nothing():
    sniff = ("import inspect\n"
             "def test_filters_paid(sales):\n    assert '\"paid\"' in inspect.getsource(sales)\n\n"
             "def test_no_refund_filter(sales):\n    assert 'refunded' not in inspect.getsource(sales)\n\n"
             "def test_guard(sales):\n    assert 'if not' in inspect.getsource(sales)\n")
    assert judge_tests_answer(sniff).fraction == 0.0


def test_chance_catch_is_never_credited_in_20_regrades():
    """Half the time this test checks the empty day; the judge's seeded, repeated runs never credit it."""
    flaky = ("import random\n"
             "def test_sometimes(sales):\n    if random.random() < 0.5:\n"
             "        assert sales.average_order_value([]) == 0\n")
    verdicts = [judge_tests_answer(flaky) for _ in range(20)]
    assert {v.fraction for v in verdicts} == {0.0}
    assert all("flaky: test_sometimes" in v.feedback for v in verdicts)


def test_early_exit_cannot_fake_a_pass():
    exit_early = "import os\n" + GOOD_TEST + UNPAID_TEST + "def test_exit(sales):\n    os._exit(0)\n"
    verdict = judge_tests_answer(exit_early)
    # refused before it runs; the runner's own defence (a missing record is never a pass) is in test_testrun.py
    assert verdict.fraction == 0.0
    assert "were not run" in verdict.feedback and "uses ._exit" in verdict.feedback


def test_missed_flaws_named_only_on_reveal():
    hidden, shown = judge_tests_answer(GOOD_TEST), judge_tests_answer(GOOD_TEST, reveal=True)
    assert hidden.fraction == shown.fraction == 0.5
    assert "only paid orders" not in hidden.feedback and "1 broken implementation(s) still pass" in hidden.feedback
    assert "not caught: Cancelled and pending orders" in shown.feedback
    # before the reveal: the caught version is named by the spec rule it breaks, never by its flaw's title
    titles = KEY["warmup_tests"].flaw_titles
    assert "fails on a broken implementation that breaks this rule of the spec: a day with no paid orders returns 0" in hidden.feedback
    assert not [t for t in titles.values() if t in hidden.feedback]
    # the missed one: its review question at once (hint 1), the rule it breaks after a second failed try (hint 2)
    assert question_for(["spec-misread"]) in hidden.feedback and 'only "paid" orders count' not in hidden.feedback
    assert 'only "paid" orders count' in verdict_text(hidden.rows, hidden.feedback, tier=2)


def test_unchanged_snippet_as_fix_earns_nothing():
    from course.scenarios import get
    snippet = get("warmup").snippet_path().read_text()
    verdict = judge_answer(KEY["warmup_fix"], "%%fix warmup\n" + snippet)
    assert verdict.fraction == 0.0 and "0/3 flaws fixed" in verdict.feedback


def test_partial_fix_earns_partial_credit():
    from course.scenarios import get
    snippet = get("warmup").snippet_path().read_text()
    guarded = snippet.replace("    average = sum(totals) / len(totals)",
                              "    if not totals:\n        return 0\n    average = sum(totals) / len(totals)")
    assert guarded != snippet
    verdict = judge_answer(KEY["warmup_fix"], "%%fix warmup\n" + guarded)
    assert 0 < verdict.fraction < 1


def test_fix_that_does_not_compile_or_hangs():
    assert "does not compile (line 1)" in judge_answer(KEY["warmup_fix"], "%%fix warmup\ndef f(:\n").feedback
    hang = judge_answer(KEY["warmup_fix"], "%%fix warmup\nwhile True:\n    pass\n")
    assert hang.fraction == 0.0 and "could not run your module" in hang.feedback


def test_cached_verdict_wins_on_regrade(tmp_path):
    cache = VerdictCache(tmp_path / "v.sqlite3")
    first = judge_tests_answer(GOOD_TEST, cache=cache)
    # a cache hit needs no sandbox run at all: poison the runner to prove it
    import course.judge.testrun as testrun
    original = testrun.run_suites
    testrun.run_suites = lambda *a, **k: (_ for _ in ()).throw(AssertionError("ran again"))
    try:
        again = judge_tests_answer(GOOD_TEST, cache=cache)
    finally:
        testrun.run_suites = original
    assert again.fraction == first.fraction and again.feedback == first.feedback


def test_notebook_fails_closed_on_missing_cells_and_keys():
    nb = nbformat.v4.new_notebook()
    meta = lambda gid, grade, solution, **kw: {"nbgrader": {"grade_id": gid, "grade": grade, "solution": solution,
                                                             "locked": not solution, "schema_version": 3, **kw}}
    nb.cells = [nbformat.v4.new_code_cell("score('warmup_tests')", metadata=meta("warmup_tests_score", True, False, points=2)),
                nbformat.v4.new_code_cell("score('nope')", metadata=meta("nope_score", True, False, points=1))]
    verdicts = judge_notebook(nb, MODULE, cache=None)
    assert verdicts["warmup_tests_score"].fraction == 0 and "answer cell 'warmup_tests' is missing" in verdicts["warmup_tests_score"].feedback
    assert verdicts["nope_score"].fraction == 0 and "no key for 'nope'" in verdicts["nope_score"].feedback
    unknown = judge_notebook(nb, "99-no-such-module", cache=None)
    assert all(v.fraction == 0 and "no keys found" in v.feedback for v in unknown.values())


def test_fix_that_forges_hidden_passes_is_not_run():
    """The in-process attack: reach the recorder through pytest's plugin manager, fake passes, exit."""
    from course.scenarios import get
    forger = get("warmup").snippet_path().read_text() + (
        "\nimport gc, os\n"
        "for obj in gc.get_objects():\n"
        "    if type(obj).__name__ == 'PytestPluginManager':\n"
        "        obj.get_plugin('course-judge-recorder')\n"
        "os._exit(0)\n")
    verdict = judge_answer(KEY["warmup_fix"], "%%fix warmup\n" + forger)
    assert verdict.fraction == 0.0
    assert "imports 'gc'" in verdict.feedback and "uses ._exit" in verdict.feedback


def test_reference_fixes_pass_the_fix_policy():
    from course.judge.exercises import FixExercise, load_module_key
    from course.judge.code_policy import FIX, violations
    from course.paths import keys_dir
    for module_dir in sorted(p for p in keys_dir().iterdir() if p.is_dir()):
        for ex in load_module_key(module_dir.name).values():
            if isinstance(ex, FixExercise):
                assert violations((ex.key_dir / ex.reference).read_text(), FIX, frozenset(ex.allowed_imports)) == [], ex.id


def test_learner_tests_that_introspect_or_import_the_implementation_are_not_run():
    for sneaky in ("def test_doc(sales):\n    assert 'paid' in sales.average_order_value.__doc__\n",
                   "def test_code(sales):\n    assert sales.average_order_value.__code__.co_exceptiontable\n",
                   "import sales\ndef test_direct():\n    assert sales.average_order_value([]) == 0\n",
                   "def test_file(sales):\n    assert b'paid' in open('sales.pyc', 'rb').read()\n",
                   "import logging\ndef test_os(sales):\n    assert logging.os.listdir('.')\n"):
        verdict = judge_tests_answer(sneaky)
        assert verdict.fraction == 0.0 and "were not run" in verdict.feedback, sneaky


def test_copies_of_a_chance_test_earn_nothing():
    """The review's amplification: many copies of a test that checks only half the time, unseeded."""
    body = "import random\n" + "".join(
        f"def test_sometimes_{i}(sales):\n    if random.Random().random() < 0.5:\n"
        f"        assert sales.average_order_value([]) == 0\n\n" for i in range(12))
    verdict = judge_tests_answer(body)
    assert verdict.details["caught"] == {} and verdict.fraction == 0.0
    assert "flaky: test_sometimes_" in verdict.feedback


CLOSURE_FORGERY = '''
import logging

def average_order_value(orders):
    sys = logging.sys
    rec = sys.modules["course.sandboxed.pytest_record"]
    recorder = rec.pytest_configure.__closure__[0].cell_contents
    emit = recorder.pytest_sessionfinish.__closure__[0].cell_contents
    f = sys._getframe()
    while f is not None and "pyfuncitem" not in f.f_locals:
        f = f.f_back
    for item in f.f_locals["pyfuncitem"].session.items:
        emit(kind="test", nodeid=item.nodeid, name=item.name, rep=0, phase="call", outcome="passed", message="")
    emit(kind="finished", exitstatus=0)
    logging.os._exit(0)
'''


def test_fix_that_borrows_the_recorder_through_closures_is_not_run():
    """Helper-found forgery with no audited event: the static fix policy is what stops it."""
    verdict = judge_answer(KEY["warmup_fix"], "%%fix warmup\n" + CLOSURE_FORGERY)
    assert verdict.fraction == 0.0
    for reason in ("uses .sys", "uses .__closure__", "uses .cell_contents", "uses ._getframe", "uses .f_back"):
        assert reason in " ".join(verdict.details["policy"]), reason


@pytest.mark.parametrize("gadget, reason", [
    ("from string import Formatter\n_f = Formatter().get_field('0.__globals__', [average_order_value], {})\n",
     "imports from 'string'"),
    ("import typing\ndef _h(x: \"__import__('sys')\"):\n    pass\n_m = typing.get_type_hints(_h)\n", "string annotation"),
    ("_t = '{0.__class__}'.format(average_order_value)\n", "format field"),
])
def test_fix_gadgets_that_reach_anything_from_text_are_refused(gadget, reason):
    """Red-team routes to arbitrary attributes from plain strings, which a syntax check of names misses."""
    fix = (KEY["warmup_fix"].key_dir / KEY["warmup_fix"].reference).read_text() + "\n" + gadget
    verdict = judge_answer(KEY["warmup_fix"], "%%fix warmup\n" + fix)
    assert verdict.fraction == 0.0 and reason in " ".join(verdict.details["policy"])


@pytest.mark.parametrize("test_source, reason", [
    ("import pytest\ndef test_x(sales):\n    assert b'paid' in pytest.importorskip('builtins').open('sales.pyc', 'rb').read()\n",
     "uses .importorskip"),
    ("import pytest\ndef test_x(sales):\n    with pytest.raises(ZeroDivisionError) as ei:\n        1 / 0\n"
     "    assert ei.traceback[-1].frame.eval('1')\n", "uses .traceback"),
    ("import sqlite3\ndef test_x(sales):\n    c = sqlite3.connect(':memory:')\n    c.set_trace_callback(print)\n",
     "uses .set_trace_callback"),
])
def test_test_gadgets_are_refused(test_source, reason):
    verdict = judge_tests_answer(test_source)
    assert verdict.fraction == 0.0 and reason in " ".join(verdict.details["policy"])


def test_verdicts_are_not_shared_between_different_answer_files(tmp_path):
    """Red team: a sibling test that patches shared state must not poison another learner's same-named test."""
    cache = VerdictCache(tmp_path / "v.sqlite3")
    victim = GOOD_TEST
    attacker = ("def test_a_first(sales):\n    sales.average_order_value = lambda orders: 1 / 0\n\n" + victim)
    judge_tests_answer(attacker, cache=cache)
    alone = judge_tests_answer(victim, cache=None)
    after = judge_tests_answer(victim, cache=cache)
    assert after.fraction == alone.fraction and after.feedback == alone.feedback


def _open_cache_at_the_barrier(path: str, barrier, results) -> None:
    barrier.wait()                    # every process opens the new file at the same moment
    cache = VerdictCache(Path(path))
    cache.put(f"key-{os.getpid()}", "verdict")
    results.put(cache.get(f"key-{os.getpid()}") == "verdict")


def test_processes_that_open_a_new_cache_at_once_all_get_it(tmp_path):
    """cohort autograde's workers open the batch store together: SQLite's switch to WAL refused about one
    open in five with "database is locked", and that worker silently judged without a store."""
    import multiprocessing
    context = multiprocessing.get_context("fork")
    opened = []
    for round_ in range(15):
        barrier, results = context.Barrier(4), context.Queue()
        workers = [context.Process(target=_open_cache_at_the_barrier,
                                   args=(str(tmp_path / f"store-{round_}.sqlite3"), barrier, results))
                   for _ in range(4)]
        for w in workers:
            w.start()
        opened += [results.get(timeout=60) for _ in workers]
        for w in workers:
            w.join(timeout=60)
    assert opened == [True] * 60


def test_problem_words_keep_nothing_the_run_printed():
    """A run's problem is shown in the judge's words only (testrun.judge_words): what the test process printed and
    its exit codes are its own to choose, and it held a correct version or the hidden tests (PROTOCOL.md)."""
    from course.judge.testrun import judge_words

    planted = "gnirts terces"
    for problem in (f"the tests could not be collected: ValueError: {planted}",
                    f"the tests could not be collected: {planted}",
                    f"the test process ended before collecting tests (exit code 77) {planted}",
                    f"the test process stopped early, exit code 77: {planted}",
                    f"the test process's exit does not match its record (it recorded exit status 1, but exited with 77)",
                    f"pytest stopped with exit status 77: {planted}",
                    f"the implementation's process stopped (exit code 77) {planted}",
                    planted):
        words = judge_words(problem)
        assert planted not in words and "77" not in words and words, (problem, words)
    assert judge_words("timed out after 25 s (an endless loop or a hang?)") == "timed out after 25 s (an endless loop or a hang?)"


def test_the_wall_clock_holds_both_processes_cpu_budgets_at_half_a_core(monkeypatch):
    """A split run's processes take turns: its wall clock must hold the tests' CPU budget and the implementation's
    (testrun.host_limits) with each process at half a core (a busy machine), or an honest suite times out under load."""
    from course.judge.engine import judge_limits
    from course.judge.testrun import host_limits

    for cpu in ("1", "4", "10"):
        monkeypatch.setenv("COURSE_JUDGE_CPU_SECONDS", cpu)
        limits = judge_limits()
        assert limits.cpu_seconds == int(cpu)
        assert limits.wall_seconds >= 2 * (limits.cpu_seconds + host_limits(limits).cpu_seconds), cpu
