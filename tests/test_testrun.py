"""The trusted test runner: outcomes come from the runner's own nonce-tagged records, so nothing a
learner's test file does (exit early, patch pytest, print fake results, loop forever) turns a
failure into a pass, and every such case ends in a SuiteResult, never an exception or a hang."""
from __future__ import annotations

import os
from pathlib import Path
import shutil
import signal
import tempfile
import textwrap
import time

import pytest

from course import paths
from course.judge import sandbox, testrun, warm
from course.judge.sandbox import Limits
from course.scenarios._selftest import SCENARIO
from course.judge.testrun import SuiteResult, run_suite, run_suites, test_names

GOOD = "def add(a, b):\n    return a + b\n"
BAD = "def add(a, b):\n    return a - b\n"
SHORT = Limits(wall_seconds=10)


def run(tests: str, impl: str = GOOD, **kw) -> SuiteResult:
    kw.setdefault("limits", SHORT)
    return run_suite(textwrap.dedent(tests), impl, SCENARIO, **kw)


def outcomes(result: SuiteResult) -> dict[str, str]:
    return {name: r.outcome for name, r in result.results.items()}


PASS_FAIL = """
    def test_adds(add):
        assert add(2, 3) == 5

    def test_wrong(add):
        assert add(2, 3) == 6

    def test_negative(add):
        assert add(-1, 1) == 0
"""


def test_names_in_source_order_module_level_only():
    src = textwrap.dedent("""
        import pytest
        def helper(): pass
        def test_b(): pass
        class TestX:
            def test_method(self): pass
        async def test_c(): pass
        def test_a():
            def test_inner(): pass
        def test_b(): pass
    """)
    assert test_names(src) == ["test_b", "test_c", "test_a"]


def test_names_syntax_error_is_a_readable_value_error():
    with pytest.raises(ValueError, match="line 3"):
        test_names("def test_a():\n    pass\n  x = 1\n")
    with pytest.raises(ValueError, match="line 1.*'return' outside function"):
        test_names("return 1\n")


def test_passing_and_failing_tests_are_recorded():
    result = run(PASS_FAIL)
    assert result.problem is None and result.sandboxed
    assert list(result.results) == ["test_adds", "test_wrong", "test_negative"]
    assert outcomes(result) == {"test_adds": "passed", "test_wrong": "failed", "test_negative": "passed"}
    wrong = result.results["test_wrong"]
    assert wrong.message == "AssertionError: assert 5 == 6"
    assert (wrong.reps, wrong.failures) == (1, 1)
    assert outcomes(run(PASS_FAIL, BAD)) == {"test_adds": "failed", "test_wrong": "failed",
                                             "test_negative": "failed"}


def test_message_is_one_line_never_a_traceback():
    result = run("""
        def test_long(add):
            assert add(1, 1) == 3, "x" * 5000 + "\\nsecond line"
    """)
    from course.sandboxed.messages import MESSAGE_CHARS
    message = result.results["test_long"].message
    assert "\n" not in message and len(message) == MESSAGE_CHARS and message.startswith("AssertionError: xxx")
    assert message.endswith(f"(cut at {MESSAGE_CHARS} characters)")          # a cut says so


def test_syntax_error_problem_names_the_line():
    result = run("def test_a(add):\n    assert add(1, 2) == 3\n\ndef test_b(add)\n    pass\n")
    assert result.problem is not None and "line 4" in result.problem
    assert result.results == {}


def test_implementation_syntax_error_is_a_problem_not_an_exception():
    result = run(PASS_FAIL, "def add(a, b)\n    return a + b\n")
    assert "implementation" in result.problem and "line 1" in result.problem
    assert set(outcomes(result).values()) == {"missing"}


def test_collection_error_and_no_tests():
    result = run("import no_such_module_here\n\ndef test_a(): pass\n")
    assert "could not be collected" in result.problem and "no_such_module_here" in result.problem
    assert outcomes(result) == {"test_a": "missing"}
    assert "no test functions" in run("x = 1\n").problem


def test_a_learner_test_file_that_fails_to_import_is_the_learners_problem_not_a_grader_fault():
    result = run("raise ValueError('my module-level code broke')\n\ndef test_a(add): pass\n")
    assert result.grader_fault is None
    assert "could not be collected" in result.problem and "my module-level code broke" in result.problem
    assert outcomes(result) == {"test_a": "missing"}


class _FixturesElsewhere(type(SCENARIO)):
    """The self-test scenario with its fixtures plugin at a module the run folder holds (extra_files)."""

    @property
    def fixtures(self) -> str:
        return "broken_fixtures"


@pytest.mark.parametrize("fault, env, extra, where", [
    ("the course runtime is not importable", "course", {}, ""),
    ("the recorder is missing", "course/sandboxed", {}, 'plugin "course.sandboxed.pytest_record"'),
    ("the fixtures plugin fails to import", "", {"broken_fixtures.py": "raise ImportError('no such dependency')\n"},
     'plugin "broken_fixtures". ImportError: no such dependency'),
])
def test_a_run_whose_grader_side_did_not_load_is_a_grader_fault_not_a_failure(monkeypatch, fault, env, extra, where):
    """No "ready" record (the recorder writes it once it and the fixtures plugin loaded): the learner's code never
    ran, so the run is the grader's fault and no test is the learner's failure."""
    if env:
        monkeypatch.setenv("COURSE_SANDBOX_HIDE", str(paths.REPO_ROOT / env))
    scenario = _FixturesElsewhere(**{f: getattr(SCENARIO, f) for f in SCENARIO.__dataclass_fields__}) if extra else SCENARIO
    result = run_suite(textwrap.dedent(PASS_FAIL), GOOD, scenario, limits=SHORT, extra_files=extra)
    assert result.grader_fault and result.grader_fault.startswith("the grader's test runner did not start"), fault
    assert where in result.grader_fault, result.output
    assert result.problem == result.grader_fault
    assert outcomes(result) == {"test_adds": "missing", "test_wrong": "missing", "test_negative": "missing"}
    assert not sandbox.sandbox_available() or result.sandboxed


def test_a_split_run_whose_fixtures_do_not_load_in_the_implementations_process_is_a_grader_fault():
    """The implementation's process cannot load the scenario's fixtures plugin (here: it is not there): no hello, so
    the tests' side never says "ready", and the fault quotes why."""
    scenario = _FixturesElsewhere(**{f: getattr(SCENARIO, f) for f in SCENARIO.__dataclass_fields__})
    result = run_suite(textwrap.dedent(PASS_FAIL), GOOD, scenario, limits=SHORT, split=True)
    assert result.grader_fault and result.grader_fault.startswith("the grader's test runner did not start")
    assert "the fixtures plugin broken_fixtures could not be loaded: ModuleNotFoundError" in result.grader_fault
    assert outcomes(result) == {"test_adds": "missing", "test_wrong": "missing", "test_negative": "missing"}


# Corpus c10_test_detector: code that behaves only when pytest is loaded in its process (as a test detector would).
PYTEST_DETECTOR = ("import sys\n\n\ndef add(a, b):\n"
                   "    return a + b if not {'pytest', '_pytest'} & set(sys.modules) else a - b\n")


@pytest.mark.parametrize("warm_runner", ["on", "off"])
def test_the_implementations_process_of_a_split_run_never_loads_pytest(monkeypatch, warm_runner):
    """The implementation's process serves fixtures without pytest (course.sandboxed.resolver), warm or cold, so
    code under test cannot tell from pytest that it is tested. The control: in a one-process run it can."""
    monkeypatch.setenv(testrun.WARM_ENV, warm_runner)
    tests = "def test_adds(add):\n    assert add(2, 3) == 5\n"
    split = run(tests, PYTEST_DETECTOR, split=True, guard_host=True)
    assert split.problem is None and outcomes(split) == {"test_adds": "passed"}, split.output
    together = run(tests, PYTEST_DETECTOR)
    assert together.problem is None and outcomes(together) == {"test_adds": "failed"}


def test_a_run_whose_grader_side_loaded_is_not_a_grader_fault():
    result = run(PASS_FAIL)
    assert result.grader_fault is None and result.problem is None


def test_early_os_exit_leaves_that_test_and_later_ones_missing():
    result = run("""
        import os
        def test_first(add):
            assert add(1, 1) == 2
        def test_bails_out(add):
            assert add(1, 1) == 3 or os._exit(0)
        def test_after(add):
            assert True
    """)
    assert outcomes(result) == {"test_first": "passed", "test_bails_out": "missing", "test_after": "missing"}
    assert "stopped early" in result.problem


def test_sys_exit_in_a_test_is_a_failure():
    result = run("""
        import sys
        def test_exit(add):
            sys.exit(0)
        def test_after(add):
            assert add(1, 1) == 2
    """)
    assert outcomes(result) == {"test_exit": "failed", "test_after": "passed"}
    assert result.results["test_exit"].message == "SystemExit: 0"


def test_patched_pytest_reporting_cannot_claim_success():
    result = run("""
        import _pytest.reports, _pytest.runner, _pytest.terminal
        _orig = _pytest.reports.TestReport.from_item_and_call
        def _always_pass(item, call):
            report = _orig(item, call)
            report.outcome, report.longrepr = "passed", None
            return report
        _pytest.reports.TestReport.from_item_and_call = staticmethod(_always_pass)
        _pytest.runner.TestReport = _pytest.reports.TestReport

        def test_wrong(add):
            print("test_answer.py::test_wrong PASSED")
            assert add(2, 2) == 5
    """)
    assert outcomes(result) == {"test_wrong": "failed"}
    assert "1 passed" in result.output        # pytest itself was fooled; the runner was not


def test_a_plugin_that_skips_the_call_gets_no_pass():
    result = run("""
        import pytest
        class Hijack:
            @pytest.hookimpl(tryfirst=True)
            def pytest_pyfunc_call(self, pyfuncitem):
                return True          # "handled": the test body never runs
        def test_install(request):
            request.config.pluginmanager.register(Hijack())
        def test_wrong(add):
            assert add(2, 2) == 5
    """)
    assert outcomes(result) == {"test_install": "passed", "test_wrong": "error"}
    assert "never called" in result.results["test_wrong"].message


def test_fake_record_lines_without_the_nonce_are_ignored():
    result = run("""
        import json, os
        def test_wrong(add):
            for nodeid in ("test_answer.py::test_wrong",):
                line = json.dumps({"nonce": "0" * 32, "kind": "test", "nodeid": nodeid, "name": "test_wrong",
                                   "rep": 0, "phase": "call", "outcome": "passed", "message": ""}) + "\\n"
                print(line)
                for fd in range(3, 64):
                    try:
                        os.write(fd, line.encode())
                    except OSError:
                        pass
            assert add(2, 2) == 5
    """)
    assert outcomes(result) == {"test_wrong": "failed"}


def test_secrets_are_gone_from_the_environment():
    result = run("""
        import os, re
        def test_env():
            assert not [k for k in os.environ if k.startswith("COURSE_")], sorted(os.environ)
        def test_proc_environ():
            # the nonce came through a pipe, so not even the exec-time environment holds it; and /proc is
            # out of reach anyway (course.sandboxed.pytest_record's audit hook)
            try:
                environ = open("/proc/self/environ", "rb").read()
            except PermissionError as exc:
                assert "not allowed in graded code" in str(exc)
            else:
                assert not re.search(rb"[0-9a-f]{32}", environ)
    """)
    assert outcomes(result) == {"test_env": "passed", "test_proc_environ": "passed"}


def test_duplicate_records_mean_forgery(monkeypatch):
    parsed = testrun._parse([b'{"nonce": "n", "kind": "ready", "fixtures": "f"}',
                             b'{"nonce": "n", "kind": "collected", "items": [["t::test_a", "test_a", 0]]}',
                             b'{"nonce": "n", "kind": "test", "nodeid": "t::test_a", "rep": 0, "phase": "call",'
                             b' "outcome": "failed", "message": "real"}',
                             b'{"nonce": "n", "kind": "test", "nodeid": "t::test_a", "rep": 0, "phase": "call",'
                             b' "outcome": "passed", "message": ""}',
                             b'{"nonce": "n", "kind": "finished", "exitstatus": 0}'], "n")
    fake_run = sandbox.RunResult(0, "", "", False, None, 0.1, True)
    result = testrun._judge(["test_a"], parsed, fake_run, SHORT, 1, "f")
    assert result.results["test_a"].outcome == "error" and "forged" in result.results["test_a"].message


def test_infinite_loop_times_out_within_the_limit():
    start = time.monotonic()
    result = run("""
        def test_ok(add):
            assert add(1, 1) == 2
        def test_spin(add):
            import signal
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            while True:
                pass
    """, limits=Limits(wall_seconds=3))
    assert time.monotonic() - start < 5
    assert "timed out" in result.problem
    assert outcomes(result) == {"test_ok": "passed", "test_spin": "missing"}


def test_printing_megabytes_is_capped_and_still_judged():
    result = run("""
        def test_chatty(add):
            for _ in range(100_000):
                print("y" * 200)
            assert add(1, 1) == 2
    """, limits=Limits(wall_seconds=20, output_bytes=5_000))
    assert outcomes(result) == {"test_chatty": "passed"}
    assert len(result.output) < 12_000


def test_reps_run_each_test_k_times_with_perturbation():
    result = run("""
        import random, sys
        seen, calls = [], []
        def test_counts(add):
            seen.append((random.random(), sys.getswitchinterval()))
            assert add(1, 1) == 2
        def test_sometimes(add):
            calls.append(1)
            assert len(calls) != 2     # fails only in the second repetition
        def test_distinct():
            assert len(set(seen)) == len(seen) == 3, seen
            assert seen[0][0] == random.Random(0).random()
    """, reps=3)
    assert outcomes(result) == {"test_counts": "passed", "test_sometimes": "failed", "test_distinct": "passed"}
    assert (result.results["test_counts"].reps, result.results["test_counts"].failures) == (3, 0)
    assert (result.results["test_sometimes"].reps, result.results["test_sometimes"].failures) == (3, 1)


def test_confirmations_run_after_every_first_repetition_and_only_for_tests_that_never_passed():
    """run_suite's `confirm`: a test that failed each of its `reps` runs runs `confirm` more in the same process, after
    every test's first `reps` (so the order of those is unchanged); a test that passed once is not run again."""
    result = run("""
        import pytest
        order = []
        def test_always(add):
            order.append("always")
            assert add(2, 2) == 5
        def test_once(add):
            order.append("once")
            assert len([o for o in order if o == "once"]) == 2   # passes in its second repetition only
        @pytest.mark.parametrize("x", [0, 1])
        def test_one_case(add, x):
            order.append(f"case{x}")
            assert x == 0      # case 1 fails in every repetition
        def test_seen():
            order.append("seen")
            first = order[:order.index("seen")]
            assert first[:6] == ["always"] * 3 + ["once"] * 3, first            # the first repetitions, in order;
            assert sorted(first[6:]) == ["case0"] * 3 + ["case1"] * 3, first   # no confirmation before them
    """, reps=3, confirm=4)
    r = result.results
    assert result.problem is None and outcomes(result)["test_seen"] == "passed", outcomes(result)
    assert (r["test_always"].reps, r["test_always"].failures, r["test_always"].confirm_reps,
            r["test_always"].confirm_failures) == (3, 3, 4, 4)
    assert (r["test_once"].failures, r["test_once"].confirm_reps) == (2, 0)
    assert (r["test_one_case"].failures, r["test_one_case"].confirm_reps, r["test_one_case"].confirm_failures) == (3, 4, 4)
    assert (r["test_seen"].confirm_reps, r["test_seen"].failures) == (0, 0)


def test_a_confirmation_that_passes_is_counted_as_such():
    result = run("""
        calls = []
        def test_fails_three_times(add):
            calls.append(1)
            assert len(calls) > 3     # fails in repetitions 0-2, passes in every confirmation
    """, reps=3, confirm=2)
    r = result.results["test_fails_three_times"]
    assert (r.failures, r.confirm_reps, r.confirm_failures) == (3, 2, 0)


def test_parametrized_learner_tests_need_every_case():
    result = run("""
        import pytest
        @pytest.mark.parametrize("x", [0, 1, 2])
        def test_param(add, x):
            assert add(x, 0) != 1
    """, reps=2)
    assert result.results["test_param"].outcome == "failed"
    # one case fails in both repetitions: the test failed every time (not "flaky" because two cases pass)
    assert (result.results["test_param"].reps, result.results["test_param"].failures) == (2, 2)


def test_a_parametrized_test_that_catches_a_chaff_on_one_case_is_a_catch_not_flaky():
    from course.judge.engine import _outcome_class
    tests = """
        import pytest
        @pytest.mark.parametrize("a, b, total", [(1, 1, 2), (2, 3, 5), (0, 0, 0)])
        def test_adds(add, a, b, total):
            assert add(a, b) == total
    """
    times = "def add(a, b):\n    return a * b if a else 0\n"     # wrong on two cases, right on (0, 0)
    doubles = "def add(a, b):\n    return 4 if (a, b) == (2, 2) else a + b\n"   # wrong on no listed case
    squares = "def add(a, b):\n    return a + b if a != 1 else a * b\n"   # wrong on (1, 1) only
    record = lambda r: {"outcome": r.outcome, "failures": r.failures, "reps": r.reps}
    assert _outcome_class(record(run(tests, squares, reps=3).results["test_adds"])) == "fail"
    assert _outcome_class(record(run(tests, times, reps=3).results["test_adds"])) == "fail"
    assert _outcome_class(record(run(tests, doubles, reps=3).results["test_adds"])) == "pass"


def test_fixture_errors_and_skips_are_not_passes():
    result = run("""
        import pytest
        @pytest.fixture
        def broken():
            raise RuntimeError("no database")
        def test_uses_broken(broken):
            pass
        @pytest.mark.skip(reason="later")
        def test_skipped():
            pass
        def test_returns(add):
            return add(1, 1) == 2
    """)
    assert outcomes(result) == {"test_uses_broken": "error", "test_skipped": "failed", "test_returns": "failed"}
    assert result.results["test_uses_broken"].message == "RuntimeError: no database"


def test_reading_the_keys_is_an_error_inside_the_sandbox():
    keys = paths.keys_dir()
    keys.mkdir(parents=True, exist_ok=True)
    secret = Path(tempfile.mkstemp(dir=keys, prefix="selftest-", suffix=".py")[1])
    try:
        secret.write_text("WHEAT = 1\n")
        result = run(f"""
            def test_peek():
                assert open({str(secret)!r}).read()
        """)
        assert outcomes(result) == {"test_peek": "failed"}
        assert "FileNotFoundError" in result.results["test_peek"].message
    finally:
        secret.unlink()


def test_no_outside_conftest_or_ini_is_used(monkeypatch):
    # A hostile pytest.ini and conftest.py where the run folders are made: neither may take effect,
    # with or without bwrap (without it, the run folder's parent is visible).
    base = Path(tempfile.mkdtemp(prefix="course-parent-"))
    (base / "pytest.ini").write_text("[pytest]\naddopts = --definitely-not-an-option\n")
    (base / "conftest.py").write_text("raise SystemExit('outside conftest loaded')\n")
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    try:
        for available in (True, False):
            monkeypatch.setattr(sandbox, "_probe", (available, "test"))
            monkeypatch.setattr(sandbox, "_warned", True)
            result = run(PASS_FAIL, extra_files={"conftest.py": "raise SystemExit('own conftest loaded')\n"})
            assert result.problem is None, result.output
            assert outcomes(result)["test_adds"] == "passed"
    finally:
        shutil.rmtree(base)


def test_fallback_without_bwrap_still_judges(monkeypatch):
    monkeypatch.setattr(sandbox, "_probe", (False, "bwrap disabled for this test"))
    monkeypatch.setattr(sandbox, "_warned", False)
    with pytest.warns(RuntimeWarning, match="Isolation is reduced"):
        result = run(PASS_FAIL)
    assert not result.sandboxed
    assert outcomes(result) == {"test_adds": "passed", "test_wrong": "failed", "test_negative": "passed"}


def test_run_suites_in_parallel_keeps_order_and_cleans_up(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))   # a private place, to see what is left
    impls = [GOOD, BAD, GOOD, BAD, GOOD, BAD]
    results = run_suites(textwrap.dedent(PASS_FAIL), impls, SCENARIO, limits=SHORT)
    assert [r.results["test_adds"].outcome for r in results] == ["passed", "failed"] * 3
    assert [p.name for p in tmp_path.iterdir()] == [f"course-runs-{os.geteuid()}"]   # the private parent stays,
    assert list((tmp_path / f"course-runs-{os.geteuid()}").iterdir()) == []          # empty




def _peak_sandboxes(monkeypatch, meet: int = 0) -> list[int]:
    """Wrap the sandbox call (cold or warm: testrun._launch) to count runs in flight; with `meet`, that many runs
    wait for each other first."""
    import threading
    running, peak, lock = [0], [0], threading.Lock()
    barrier = threading.Barrier(meet, timeout=30) if meet else None
    real = testrun._launch

    def counting(*args, **kwargs):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            if barrier is not None:
                barrier.wait()
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(testrun, "_launch", counting)
    return peak


def test_without_a_cap_runs_overlap(monkeypatch):
    """The control: uncapped, two runs meet inside the sandbox call (a barrier forces it, no timing)."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("run_suites runs one suite at a time on one core")
    monkeypatch.delenv("COURSE_JUDGE_SANDBOXES", raising=False)
    peak = _peak_sandboxes(monkeypatch, meet=2)
    results = run_suites(textwrap.dedent(PASS_FAIL), [GOOD] * 2, SCENARIO, limits=SHORT)
    assert [r.problem for r in results] == [None, None] and peak[0] == 2


def test_the_sandbox_cap_bounds_runs_at_once(monkeypatch):
    """COURSE_JUDGE_SANDBOXES=1: one sandboxed run at a time, however many the judge starts at once."""
    monkeypatch.setenv("COURSE_JUDGE_SANDBOXES", "1")
    peak = _peak_sandboxes(monkeypatch)
    results = run_suites(textwrap.dedent(PASS_FAIL), [GOOD] * 4, SCENARIO, limits=SHORT)
    assert [r.problem for r in results] == [None] * 4 and peak[0] == 1


def test_a_failing_tests_report_is_its_one_line_and_its_record_is_unchanged():
    """The recorder makes pytest's report of a call failure one line (pytest re-parsed every frame's source for it, the
    most of a failing run's CPU); the outcome and message come from the record, as before; collection errors keep
    pytest's own report (tests above read its `E   ` line)."""
    tests = textwrap.dedent("""
        class Loud(Exception):
            def __str__(self):
                raise RuntimeError("no text")

        def test_wrong(add):
            assert add(2, 3) == 6, "two and three"

        def test_loud():
            raise Loud()
    """)
    result = run(tests, BAD, reps=2)
    assert outcomes(result) == {"test_wrong": "failed", "test_loud": "failed"}
    assert result.results["test_wrong"].message.startswith("AssertionError: two and three")
    assert result.results["test_loud"].message == "Loud"   # its __str__ raises: recorded by its kind, not lost
    assert "AssertionError: two and three" in result.output
    assert ": in test_wrong" not in result.output and "E   assert" not in result.output   # no traceback, no frames


def _host_clock_runs_out(monkeypatch, tests_too: bool = False, clock: str = "wall clock") -> dict[str, object]:
    """Every implementation's process of a split run reports what its `clock` ("wall clock" or "cpu limit") running out
    under a tests' process with time left looks like (a busy machine: it served them all, then the clock fired): a
    scripted host, no load. `tests_too`: the tests' process's clock ran out as well. Returns the limits each kind of
    process was launched with."""
    real = testrun._launch
    launched: dict[str, object] = {}

    def launch(kind, use_warm, argv, folder, **kw):
        launched[kind] = kw["limits"]
        result = real(kind, use_warm, argv, folder, **kw)
        if kind == "host" or tests_too:
            wall = clock == "wall clock"
            result = sandbox.RunResult(None if wall else 128 + signal.SIGXCPU, result.stdout, result.stderr, wall,
                                       clock, result.wall_seconds, result.sandboxed)
        return result

    monkeypatch.setattr(testrun, "_launch", launch)
    return launched


def test_the_grader_implementations_wall_clock_running_out_is_a_grader_fault_not_the_learners(monkeypatch):
    """An honest suite on a correct version: the grader's own implementation process stopped by its wall clock while
    the tests' process still had time is the grader's fault (a busy machine), never "the implementation's process
    stopped" blamed on the learner's tests (which scored 0 on a correct version before)."""
    _host_clock_runs_out(monkeypatch, clock="wall clock")
    result = run(PASS_FAIL, split=True)
    assert result.grader_fault and "ran out of its wall clock while the tests still had time" in result.grader_fault
    assert result.problem == result.grader_fault
    assert outcomes(result) == {"test_adds": "missing", "test_wrong": "missing", "test_negative": "missing"}


def test_the_grader_implementations_cpu_limit_is_the_tests_problem(monkeypatch):
    """Its CPU budget is twice the tests' (host_limits) and CPU time barely depends on load, so running out of it
    measures the work the learner's tests asked of it: their problem, said as such, not a grader fault a learner
    could raise at will (a test exploring races in a loop) with nothing to learn from it."""
    _host_clock_runs_out(monkeypatch, clock="cpu limit")
    result = run(PASS_FAIL, split=True)
    assert result.grader_fault is None
    assert result.problem and result.problem.startswith("the implementation's process stopped (cpu limit)")


@pytest.mark.parametrize("clock", ["wall clock", "cpu limit"])
def test_a_learners_fix_whose_clock_runs_out_is_the_fixs_problem(monkeypatch, clock):
    """The same stop when the implementation's process holds a learner's fix (the hidden tests are the trusted side):
    the fix stopped under the tests, which is its failure, never a grader fault."""
    _host_clock_runs_out(monkeypatch, clock=clock)
    result = run(PASS_FAIL, split=True, guard_host=True)
    assert result.grader_fault is None
    assert result.problem and result.problem.startswith(f"the implementation's process stopped ({clock})")


def test_a_run_whose_tests_process_timed_out_too_is_the_tests_problem(monkeypatch):
    """Both clocks ran out (a learner's test that hangs a version, or hangs on it): the tests' process had no time left,
    so it is the learner's timeout, as in a one-process run, not a grader fault."""
    _host_clock_runs_out(monkeypatch, tests_too=True)
    result = run(PASS_FAIL, split=True)
    assert result.grader_fault is None and result.problem and result.problem.startswith("timed out after 10 s")


def test_the_implementations_process_outlasts_the_tests_process_on_the_wall_clock(monkeypatch):
    """It starts first and serves the tests' process until that one ends, so its wall clock must cover the tests'
    process's start (a warm server's start and setup) on top of that process's own; it does the fixtures' work for the
    tests (a race is explored there), so its CPU budget is twice theirs; memory is the same."""
    launched = _host_clock_runs_out(monkeypatch)
    run(PASS_FAIL, split=True)
    tests, host = launched["tests"], launched["host"]
    assert host.wall_seconds >= tests.wall_seconds + warm.STARTUP_SECONDS + warm.SETUP_SECONDS
    assert (tests.cpu_seconds, tests.wall_seconds) == (SHORT.cpu_seconds, SHORT.wall_seconds)
    assert host.cpu_seconds == 2 * tests.cpu_seconds and host.memory_mb == tests.memory_mb
