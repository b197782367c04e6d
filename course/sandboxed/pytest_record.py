"""The runner's own record of each test's outcome: a pytest plugin loaded with `-p course.sandboxed.pytest_record`.

Why: pytest's report, exit code and output all pass through code the learner's test file can patch
or bypass (`os._exit(0)`, a monkeypatched TestReport, printed fake "PASSED" lines). This plugin
instead wraps the test function object itself and writes one JSON line per outcome to a file
descriptor, tagged with a nonce the parent handed over a pipe. A line without the nonce is ignored,
and a test with no line counts as not passed, so the worst forging code can do is lose its own
passes. (Code in the same process could in principle dig the nonce out of memory; this raises the
bar far above anything a learner test does by accident or on a whim, it is not a proof.)

Protocol, set by course.judge.testrun: env COURSE_RECORD_FD (the write end of a pipe the parent drains,
so nothing in this process can read back what was written) and COURSE_NONCE_FD (read end of a pipe
holding the nonce). Both are read and removed from os.environ when this module is imported, before
any test module is. Lines written:
  {"nonce", "kind": "ready", "fixtures"}          (once the scenario's fixtures plugin, option --judge-fixtures,
                                                   is loaded too: before any test module or implementation)
  {"nonce", "kind": "collected", "items": [[nodeid, name, rep], ...]}
  {"nonce", "kind": "test", "nodeid", "name", "rep", "phase": setup|call|teardown,
   "outcome": passed|failed|error, "message"}     (setup/teardown lines only when they fail)
  {"nonce", "kind": "finished", "exitstatus"}
Option --judge-reps=K runs every test K times; rep r seeds `random` with r and uses a different
thread switch interval, so timing-dependent tests meet more than one schedule. Option --judge-confirm=C adds
repetitions K..K+C-1, run after every test's first K (the items are reordered so) and only for a test that did
not pass in any of its first K: the confirmation a catch needs, in the same process instead of a second run
(tests that passed once are not run again; their confirmation items are in the collected list, unrun).
A Hypothesis test runs with the judge's settings (course.sandboxed.hypothesis_profile: derandomized, a fixed
budget, no database), whatever it set.

Under the runner (COURSE_RECORD_FD set), importing this plugin also installs the audit hook of
course.sandboxed.guard, before any test module or implementation is imported.
"""
from __future__ import annotations

import functools
import json
import os
import random
import sys

import pytest

from course.sandboxed import guard, hypothesis_profile
from course.sandboxed.messages import first_line

REP_FIXTURE = "_course_judge_rep"
_SWITCH_INTERVALS = (sys.getswitchinterval(), 1e-6, 0.05)   # rep 0 is the normal schedule


def _build():
    """Read the secret and the record fd, and return the module's hooks as closures over them."""
    record_fd = os.environ.pop("COURSE_RECORD_FD", None)
    nonce_fd = os.environ.pop("COURSE_NONCE_FD", None)
    nonce = ""
    if nonce_fd is not None:
        fd = int(nonce_fd)
        chunks = []
        while chunk := os.read(fd, 256):
            chunks.append(chunk)
        os.close(fd)
        nonce = b"".join(chunks).decode().strip()
    fd_out = int(record_fd) if record_fd is not None else None
    if fd_out is not None:
        guard.install()
    write, dumps = os.write, json.dumps    # bound now, so later monkeypatching does not reach them

    def emit(**fields) -> None:
        if fd_out is None:
            return
        data = memoryview((dumps({"nonce": nonce, **fields}) + "\n").encode())
        try:
            while data:   # a pipe may take a long line in several writes
                data = data[write(fd_out, data):]
        except OSError:
            pass   # a closed or replaced fd only loses records, which counts as not passed

    def rep_of(item) -> int:
        callspec = getattr(item, "callspec", None)
        return int(callspec.params.get(REP_FIXTURE, 0)) if callspec is not None else 0

    def name_of(item) -> str:
        return getattr(item, "originalname", None) or item.name

    failed_reps: dict[str, set[int]] = {}   # test function -> repetitions in which some case did not pass

    def emit_test(item, phase: str, outcome: str, message: str = "") -> None:
        emit(kind="test", nodeid=item.nodeid, name=name_of(item), rep=rep_of(item),
             phase=phase, outcome=outcome, message=message)
        if outcome != "passed":
            failed_reps.setdefault(name_of(item), set()).add(rep_of(item))

    class Recorder:
        @pytest.fixture
        def _course_judge_rep(self, request):
            return request.param

        def pytest_generate_tests(self, metafunc):
            reps = metafunc.config.getoption("judge_reps") + max(0, metafunc.config.getoption("judge_confirm"))
            if reps > 1:
                metafunc.fixturenames.append(REP_FIXTURE)
                metafunc.parametrize(REP_FIXTURE, range(reps), indirect=True,
                                     ids=[f"rep{r}" for r in range(reps)])

        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(self, session, config, items):
            base = config.getoption("judge_reps")
            items[:] = sorted(items, key=lambda item: rep_of(item) >= base)   # stable: the first K keep their order

        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_protocol(self, item, nextitem):
            base = item.config.getoption("judge_reps")
            if rep_of(item) >= base and not set(range(base)) <= failed_reps.get(name_of(item), set()):
                return True   # a confirmation of a test that passed at least once: not run
            return None

        def pytest_collection_finish(self, session):
            emit(kind="collected",
                 items=[[item.nodeid, name_of(item), rep_of(item)] for item in session.items])

        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_setup(self, item):
            rep = rep_of(item)
            random.seed(rep)
            sys.setswitchinterval(_SWITCH_INTERVALS[rep % len(_SWITCH_INTERVALS)])

        @pytest.hookimpl(wrapper=True, tryfirst=True)
        def pytest_pyfunc_call(self, pyfuncitem):
            # Wrap the function object itself: a hook that "handles" the call without running the
            # test (a learner-registered plugin returning True) leaves no passed record.
            original = pyfuncitem.obj
            state = {"ran": False}
            if hypothesis_profile.is_property_test(original):
                hypothesis_profile.enforce(original)

            @functools.wraps(original)
            def recorded(*args, **kwargs):
                state["ran"] = True
                try:
                    result = original(*args, **kwargs)
                except BaseException as exc:
                    emit_test(pyfuncitem, "call", "failed", first_line(exc))
                    raise
                if result is not None:
                    emit_test(pyfuncitem, "call", "failed",
                              f"the test returned {type(result).__name__} instead of None (use assert)")
                else:
                    emit_test(pyfuncitem, "call", "passed")
                return result

            pyfuncitem.obj = recorded
            try:
                return (yield)
            finally:
                pyfuncitem.obj = original
                if not state["ran"]:
                    emit_test(pyfuncitem, "call", "error", "the test function was never called")
                sys.setswitchinterval(_SWITCH_INTERVALS[0])

        @pytest.hookimpl(wrapper=True, tryfirst=True)
        def pytest_runtest_makereport(self, item, call):
            if call.when in ("setup", "teardown") and call.excinfo is not None:
                exc = call.excinfo.value
                skipped = isinstance(exc, pytest.skip.Exception)   # a skip is not a pass
                emit_test(item, call.when, "failed" if skipped else "error", first_line(exc))
            if call.when == "call" and call.excinfo is not None and fd_out is not None:
                # The record above is the outcome; pytest's own report of a failure (a traceback with every frame's
                # source parsed again) only reaches the captured output, and cost a failing test more than its run
                # (module 01's cache stampede: about half of a failing run's CPU). One line instead.
                item.repr_failure = lambda excinfo: first_line(excinfo.value)
            return (yield)

        def pytest_sessionfinish(self, session, exitstatus):
            emit(kind="finished", exitstatus=int(exitstatus))

    def pytest_addoption(parser):
        parser.addoption("--judge-reps", dest="judge_reps", type=int, default=1,
                         help="run every test this many times, perturbing each repetition")
        parser.addoption("--judge-confirm", dest="judge_confirm", type=int, default=0,
                         help="repetitions more, run only for tests that did not pass in any of the first ones")
        parser.addoption("--judge-fixtures", dest="judge_fixtures", default="",
                         help="the scenario's fixtures plugin (also given with -p): 'ready' is recorded once it is loaded")

    def pytest_configure(config):
        config.pluginmanager.register(Recorder(), "course-judge-recorder")
        # The grader's own side of the run loaded (this recorder, the course runtime, the fixtures plugin): from
        # here on a failure is the tests' or the implementation's. Without this record the runner reports a
        # grader error, never the learner's failure.
        fixtures = config.getoption("judge_fixtures")
        if fixtures and config.pluginmanager.get_plugin(fixtures) is not None:
            emit(kind="ready", fixtures=fixtures)

    return pytest_addoption, pytest_configure


pytest_addoption, pytest_configure = _build()
del _build
