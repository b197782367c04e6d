"""Run a pytest file against an implementation, sandboxed, and return verdicts the test code cannot forge.

Why: the judge needs, for every test function, whether it passed on a given implementation
(a wheat, a chaff, or a learner's fix). Test names come from the source's syntax tree (trusted);
outcomes come only from nonce-tagged records written by course.sandboxed.pytest_record. A test without a
complete record is "missing", never passed. A run without the recorder's "ready" record (written once the
recorder and the scenario's fixtures plugin loaded, before any learner code) is a grader fault
(SuiteResult.grader_fault), never the learner's failure. Whatever the test file does (loop forever, exit early,
print megabytes, patch pytest), the result is a SuiteResult, never an exception or a hang.
"""
from __future__ import annotations

import ast
import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
import json
import os
import py_compile
import random
import secrets
import selectors
import shutil
import sys
import threading
from typing import Any, Iterator, Mapping, Sequence

from course import paths
from course.judge import warm
from course.judge.pyast import parse
from course.judge.sandbox import Limits, RunResult, new_run_folder, run_sandboxed, sandbox_available
from course.sandboxed.bridge import connected_pair
from course.sandboxed.host import BRIDGE_ENV, GUARD_ENV
from course.scenarios import Scenario

TEST_FILE = "test_answer.py"
PROXY_PLUGIN = "course.sandboxed.proxied"   # the tests' side of a split run
HOST_MODULE = "course.sandboxed.host"       # the implementation's side: serves the fixtures, without pytest
_ORDER = {"passed": 0, "missing": 1, "error": 2, "failed": 3}   # the worst outcome of the runs wins,
_FORGED = "error"                                              # except forgery, which beats all
_DRAIN_GRACE_SECONDS = 1.0   # after the run, how long a stray holder of the record pipe may keep it open
# How much later than the implementation's process of a split run the tests' one may start: its warm server's start
# and its sandbox's setup (course.judge.warm), with room to spare for a cold one. See `host_limits`.
HOST_HEAD_START_SECONDS = warm.STARTUP_SECONDS + warm.SETUP_SECONDS + 10.0


@dataclass
class TestResult:
    __test__ = False   # not a pytest test class
    name: str
    outcome: str       # "passed" | "failed" | "error" | "missing"
    message: str
    reps: int          # repetitions run (a repetition runs every parametrized case once)
    failures: int      # repetitions in which at least one case did not pass
    confirm_reps: int = 0       # confirmation repetitions run (run_suite's `confirm`: only after failing every rep)
    confirm_failures: int = 0   # those in which at least one case did not pass


@dataclass
class SuiteResult:
    results: dict[str, TestResult]   # by test function name, in source order
    problem: str | None              # why the run as a whole did not complete normally, else None
    sandboxed: bool
    wall_seconds: float
    output: str = field(default="", repr=False)   # pytest's (capped) output, for diagnostics
    # Why the grader's own side of the run did not load (its recorder, the course runtime or the scenario's
    # fixtures plugin; no "ready" record), else None. Then `problem` says the same and no test ran: a grader
    # error, never the learner's failure.
    grader_fault: str | None = None

    def passed(self, name: str) -> bool:
        result = self.results.get(name)
        return result is not None and result.outcome == "passed"


def _syntax_message(what: str, exc: SyntaxError) -> str:
    where = f" at line {exc.lineno}" if exc.lineno else ""
    return f"{what} has a syntax error{where}: {exc.msg}"


def test_names(test_source: str) -> list[str]:
    """Module-level `def test_*` functions, in source order (a redefinition keeps its first place).

    Raises ValueError with a readable message (including the line) when the source does not compile.
    """
    try:
        compile(test_source, TEST_FILE, "exec", dont_inherit=True)
        tree = parse(test_source)
    except SyntaxError as exc:
        raise ValueError(_syntax_message("the test code", exc)) from None
    except ValueError as exc:   # e.g. null bytes
        raise ValueError(f"the test code cannot be compiled: {exc}") from None
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            if node.name not in names:
                names.append(node.name)
    return names
test_names.__test__ = False   # type: ignore[attr-defined]


SANDBOXES_ENV = "COURSE_JUDGE_SANDBOXES"
WARM_ENV = warm.WARM_ENV                  # off: every run in a cold sandbox of its own (course.judge.warm)
stop_warm_servers = warm.stop_servers
_SLOTS: dict[int, threading.Semaphore] = {}
_SLOTS_LOCK = threading.Lock()


def sandbox_cap() -> int | None:
    """At most this many sandboxed runs at once in this process (COURSE_JUDGE_SANDBOXES), or None: no cap.

    The judge runs exercises, and implementations within each, concurrently; on a shared grading machine
    an instructor may want it to take fewer cores. A bad value is an error, never a silent default."""
    raw = os.environ.get(SANDBOXES_ENV, "").strip()
    if not raw:
        return None
    try:
        cap = int(raw)
    except ValueError:
        cap = 0
    if cap < 1:
        raise ValueError(f"{SANDBOXES_ENV} must be a whole number of at least 1 (got {raw!r})")
    return cap


@contextlib.contextmanager
def _sandbox_slot() -> Iterator[None]:
    cap = sandbox_cap()
    if cap is None:
        yield
        return
    with _SLOTS_LOCK:
        slots = _SLOTS.setdefault(cap, threading.Semaphore(cap))
    with slots:
        yield


def run_suite(test_source: str, impl_source: str, scenario: Scenario, *, reps: int = 1,
              limits: Limits | None = None, extra_files: Mapping[str, str] = {},
              sourceless: bool = False, split: bool = False, guard_host: bool = False,
              confirm: int = 0) -> SuiteResult:
    """Run `test_source` against `impl_source` (placed at `<scenario.import_name>.py`), sandboxed.

    Every test runs `reps` times; a test that did not pass in any of them runs `confirm` times more, in the same
    process after all the others' repetitions (TestResult.confirm_reps / confirm_failures): what a catch needs
    (course.judge.engine), without a second run.

    The scenario's support package (Scenario.support_files), if any, is placed beside it.

    With `split`, the tests and the implementation run in two sandboxed processes (the trust boundary for a
    learner's tests, course.sandboxed.bridge): the tests' process holds the tests, the recorder and proxies;
    the implementation's process holds the implementation and the scenario's fixtures. Without it, one
    process holds all (the grader's own runs). `guard_host`: the implementation is a learner's fix (the hidden
    tests and the recorder are then the trusted side), so its process gets the audit hook (course.sandboxed.guard).

    With `sourceless`, the implementation is there only as compiled bytecode (`<import_name>.pyc`),
    so code that reads source text gets an error, and docstrings are gone.

    Each process is a child of a warm server (course.judge.warm) when those work (COURSE_JUDGE_WARM), else a
    cold sandbox of its own; the results are the same. A warm fault reruns the run cold.
    """
    kw = dict(reps=reps, limits=limits, extra_files=extra_files, sourceless=sourceless, split=split,
              guard_host=guard_host, confirm=confirm)
    if warm.enabled():
        try:
            return _run_suite(test_source, impl_source, scenario, use_warm=True, **kw)
        except warm.WarmFault as exc:   # the warm side failed, not the run: the same run, cold
            warm.note_fault(exc)
    return _run_suite(test_source, impl_source, scenario, use_warm=False, **kw)


def _run_suite(test_source: str, impl_source: str, scenario: Scenario, *, reps: int, limits: Limits | None,
               extra_files: Mapping[str, str], sourceless: bool, split: bool, guard_host: bool,
               use_warm: bool, confirm: int = 0) -> SuiteResult:
    """run_suite, cold or warm (course.judge.warm; raises WarmFault when the warm side fails)."""
    limits = limits or Limits()
    try:
        names = test_names(test_source)
        reps = max(1, int(reps))
        confirm = max(0, int(confirm))
    except ValueError as exc:
        return SuiteResult({}, str(exc), sandbox_available(), 0.0)
    if not names:
        return SuiteResult({}, "no test functions found (their names must start with test)",
                           sandbox_available(), 0.0)
    try:
        compile(impl_source, f"{scenario.import_name}.py", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return _all_missing(names, _syntax_message("the implementation", exc), reps)
    except ValueError as exc:
        return _all_missing(names, f"the implementation cannot be compiled: {exc}", reps)

    run_dir = new_run_folder()
    host_dir = new_run_folder() if split else None
    nonce = secrets.token_hex(16)
    # Records go through the write end of a pipe: the test process cannot read back what was written
    # (the nonce, the collected test ids). We drain it while the process runs, so a long suite never
    # blocks on a full pipe.
    record_read, record_write = os.pipe()
    nonce_read, nonce_write = os.pipe()
    drain = _Drain(record_read, limits.file_bytes)
    drain.start()   # before the process starts
    sockets: tuple = ()
    host: _HostRun | None = None
    plugin = PROXY_PLUGIN if split else scenario.fixtures
    try:
        support = scenario.support_files()
        implementation = {**support, f"{scenario.import_name}.py": impl_source}
        # verbosity_assertions: an object in an assert message is shown whole (pytest cuts its repr at 240 characters)
        tests = {TEST_FILE: test_source, "pytest.ini": "[pytest]\nverbosity_assertions = 2\n", **extra_files}
        if host_dir is not None:
            _write_files(run_dir, {**support, **tests})   # the codebase is public; the implementation is not
            _write_files(host_dir, implementation)
        else:
            _write_files(run_dir, {**implementation, **tests})
        if sourceless:
            impl_path = (host_dir or run_dir) / f"{scenario.import_name}.py"
            # optimize=2 also drops docstrings, so they cannot tell the grader's versions apart either
            py_compile.compile(str(impl_path), cfile=str(impl_path.with_suffix(".pyc")), doraise=True, optimize=2,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            impl_path.unlink()
        os.write(nonce_write, nonce.encode())
        os.close(nonce_write)
        nonce_write = -1
        argv = [sys.executable, "-m", "pytest", "-q", "--no-header", "--tb=short",
                "-p", "no:cacheprovider", "-p", "course.sandboxed.pytest_record", "-p", plugin,
                f"--judge-reps={reps}", f"--judge-confirm={confirm}", f"--judge-fixtures={plugin}", "-c", "pytest.ini",
                "--rootdir", ".", "--noconftest", TEST_FILE]   # relative: the sandbox has it at a neutral path
        # PYTHONPATH: the sandbox imports the very runtime this grader runs (a copy of the repository, a second
        # checkout), never whichever one the environment's editable install points at; the rest of the
        # repository root is hidden in the sandbox, so only course/ is importable from it.
        env = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONPATH": str(paths.REPO_ROOT),
               "COURSE_RECORD_FD": str(record_write), "COURSE_NONCE_FD": str(nonce_read)}
        fds: tuple[int, ...] = (record_write, nonce_read)
        started = None
        if host_dir is not None:
            sockets = tests_end, host_end = connected_pair()
            env[BRIDGE_ENV] = str(tests_end.fileno())
            fds += (tests_end.fileno(),)
            started = tests_end.close   # once the tests' process has its copy: then its end means end-of-file
            host = _HostRun(host_dir, scenario, host_end, host_limits(limits), guard_host, use_warm)
        with _sandbox_slot():   # waiting for a slot is not counted against the run's wall-clock limit
            if host is not None:
                host.start()
            try:
                # a learner's tests (or the hidden tests of a split run) apart from any implementation: their own warm
                # server ("tests"); the grader's own one-process runs, implementation and tests together: "solo"
                run = _launch("tests" if split else "solo", use_warm, argv, run_dir, limits=limits, env=env,
                              pass_fds=fds, started=started)
            finally:
                for sock in sockets:
                    sock.close()
                if host is not None:
                    host.join()
        if host is not None and isinstance(host.error, warm.WarmFault):
            raise host.error
    finally:
        # The process group is gone (run_sandboxed kills it): with our copy of the write end closed
        # too, the drain sees end-of-file, unless a stray process still holds the pipe.
        for fd in (record_write, nonce_read, nonce_write):
            if fd >= 0:
                os.close(fd)
        for sock in sockets:
            sock.close()
        drain.finish(_DRAIN_GRACE_SECONDS)
        os.close(record_read)
        shutil.rmtree(run_dir, ignore_errors=True)
        if host_dir is not None:
            shutil.rmtree(host_dir, ignore_errors=True)
    rec = _parse(drain.data().splitlines(), nonce)
    rec.overflow = drain.overflow
    if host is not None and host.result is None:   # the host could not even be started: the grader's fault
        why = f"{type(host.error).__name__}: {host.error}" if host.error else "it did not start"
        host_result = RunResult(None, "", why, False, "not started", 0.0, run.sandboxed)
    else:
        host_result = host.result if host is not None else None
    return _judge(names, rec, run, limits, reps, plugin, host_result, confirm, host_trusted=not guard_host)


def host_limits(limits: Limits) -> Limits:
    """The limits of the implementation's process of a split run: the run's, with more room on both clocks.

    Wall clock: it starts first and serves the tests' process until that one ends (then the bridge closes and it
    exits), so its clock must outlast the tests' process's. With the same wall clock it ran out first on a busy machine
    (`make test WORKERS=2`): it starts 1 to 1.5 s earlier, and near the limit a correct version was reported stopped
    under an honest suite, which then scored 0.
    CPU time: it does the fixtures' work for the tests (the race driver explores every interleaving here), which for an
    honest suite is as much as the tests' own: module 01's false-alarm control, whose race test runs its confirmations
    on a correct version, took 3.2 to 4.1 s of CPU here, against the 4 s the batches judge with. Twice the tests'
    budget. A grader's version stopped by its wall clock while the tests' process had time is a grader fault (_judge);
    stopped by its CPU limit, it is the tests' problem: CPU time barely depends on the machine's load, so with this
    budget it measures the work the learner's tests asked of it (a test that explores races in a loop)."""
    return replace(limits, wall_seconds=limits.wall_seconds + HOST_HEAD_START_SECONDS,
                   cpu_seconds=2 * limits.cpu_seconds)


def _write_files(folder: Path, files: Mapping[str, str]) -> None:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _launch(kind: str, use_warm: bool, argv: list[str], folder: Path, **kw: Any) -> RunResult:
    """run_sandboxed in `folder`, or the same run in a child of the warm `kind` server (its files: the folder's)."""
    if use_warm:
        return warm.run_warm(kind, argv, warm.folder_files(folder), **kw)
    return run_sandboxed(argv, folder, **kw)


class _HostRun(threading.Thread):
    """The implementation's process of a split run (course.sandboxed.host), sandboxed like the tests' one."""

    def __init__(self, folder: Path, scenario: Scenario, sock: Any, limits: Limits, guard: bool,
                 use_warm: bool = False) -> None:
        super().__init__(name="course-host-run", daemon=True)
        self.folder, self.sock, self.limits, self.guard, self.use_warm = folder, sock, limits, guard, use_warm
        self.argv = [sys.executable, "-m", HOST_MODULE, scenario.fixtures]
        self.result: RunResult | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        env = {"PYTHONPATH": str(paths.REPO_ROOT), BRIDGE_ENV: str(self.sock.fileno()), GUARD_ENV: "1" if self.guard else ""}
        try:
            self.result = _launch("host", self.use_warm, self.argv, self.folder, limits=self.limits, env=env,
                                  pass_fds=(self.sock.fileno(),), started=self.sock.close)
        except BaseException as exc:   # noqa: B902 - reported as a grader fault by _judge
            self.error = exc
        finally:
            self.sock.close()


# Which implementation's run starts when: drawn from the operating system's randomness, so a learner's test
# cannot predict it (tests replace it with a seeded random.Random).
START_ORDER_RNG: random.Random = secrets.SystemRandom()


def run_suites(test_source: str, impl_sources: Sequence[str], scenario: Scenario, *,
               rng: random.Random | None = None, **kw) -> list[SuiteResult]:
    """run_suite over several implementations in parallel (one sandboxed process each); results in the
    order given. The runs start in a shuffled order (`rng`, else START_ORDER_RNG), all the same way, so
    neither when a run starts nor what it sees says which implementation it holds (correct ones first
    would be a clock side channel, handbook 5.5)."""
    if not impl_sources:
        return []
    order = start_order(len(impl_sources), rng or START_ORDER_RNG)
    workers = max(1, min(len(impl_sources), os.cpu_count() or 1))

    def batch() -> list[SuiteResult]:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda i: run_suite(test_source, impl_sources[i], scenario, **kw), order))
    faults = warm.faults()
    started = batch()
    if warm.faults() != faults:   # a run was rerun cold after a warm fault: the whole batch is (warm is paused now),
        started = batch()         # so every run of a batch starts the same way
    return in_given_order(order, started)


def start_order(count: int, rng: random.Random) -> list[int]:
    """The indices 0..count-1 in the order their runs start: a fresh shuffle each call."""
    order = list(range(count))
    rng.shuffle(order)
    return order


def in_given_order(order: Sequence[int], started: Sequence[SuiteResult]) -> list[SuiteResult]:
    """Undo `start_order`: `started[k]` is the result of implementation `order[k]`."""
    results: list[SuiteResult | None] = [None] * len(order)
    for position, index in enumerate(order):
        results[index] = started[position]
    if sorted(order) != list(range(len(order))) or len(started) != len(order):
        raise ValueError("the start order is not a permutation of the implementations")
    return results  # type: ignore[return-value]


# ---------------------------------------------------------------- reading the records

class _Drain(threading.Thread):
    """Reads the record pipe to end-of-file, keeping at most `cap` bytes (the rest is read and dropped)."""

    def __init__(self, fd: int, cap: int):
        super().__init__(name="course-record-drain", daemon=True)
        self.fd, self.cap = fd, max(0, int(cap))
        self.buf = bytearray()
        self.overflow = False
        self._stop_reading = threading.Event()

    def run(self) -> None:
        with selectors.DefaultSelector() as sel:
            sel.register(self.fd, selectors.EVENT_READ)
            while not self._stop_reading.is_set():
                if not sel.select(timeout=0.1):
                    continue
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                room = self.cap - len(self.buf)
                if len(chunk) > room:
                    self.overflow = True
                if room > 0:
                    self.buf += chunk[:room]

    def finish(self, grace: float) -> None:
        """Wait for end-of-file (all write ends closed) up to `grace` seconds, then stop reading."""
        self.join(grace)
        self._stop_reading.set()
        self.join()

    def data(self) -> bytes:
        data = bytes(self.buf)
        if self.overflow:   # the last line was cut at the cap: drop it
            data = data[: data.rfind(b"\n") + 1]
        return data


@dataclass
class _Records:
    ready: str | None = None   # the fixtures plugin the recorder saw loaded
    collected: list[tuple[str, str, int]] | None = None
    tests: dict[tuple[str, int, str], dict] = field(default_factory=dict)
    forged: set[tuple[str, int]] = field(default_factory=set)
    collected_twice: bool = False
    finished: int | None = None
    overflow: bool = False   # more record bytes than the cap: the later ones were dropped


# A record line longer than this is dropped unread: the recorder's own lines are far shorter (a "collected" line
# for thousands of tests included), and json.loads of a crafted 60 MB line cost the grading process 1.5 GB (red team).
MAX_RECORD_LINE = 4 * 2**20


def _parse(lines: list[bytes], nonce: str) -> _Records:
    """The recorder's records among the lines the tests' process wrote. Lines that do not start the way the
    recorder writes them (its nonce first), are too long, or do not parse are ignored, cheaply: the process
    that wrote them runs the learner's code, so they cost the grading process little whatever they hold."""
    rec = _Records()
    prefix = json.dumps({"nonce": nonce})[:-1].encode()   # '{"nonce": "<hex>"', as json.dumps writes it first
    for raw in lines:
        if len(raw) > MAX_RECORD_LINE or not raw.startswith(prefix):
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):   # RecursionError: a line nested too deeply for the parser
            continue
        if not isinstance(data, dict) or data.get("nonce") != nonce:
            continue
        kind = data.get("kind")
        try:
            if kind == "ready":
                rec.ready = str(data["fixtures"])
            elif kind == "collected":
                if rec.collected is not None:
                    rec.collected_twice = True
                rec.collected = [(str(n), str(m), int(r)) for n, m, r in data["items"]]
            elif kind == "test":
                key = (str(data["nodeid"]), int(data["rep"]), str(data["phase"]))
                if key in rec.tests:
                    rec.forged.add(key[:2])
                rec.tests[key] = data
            elif kind == "finished":
                rec.finished = int(data["exitstatus"])
        except (KeyError, TypeError, ValueError):
            continue
    return rec


def _run_outcome(rec: _Records, nodeid: str, rep: int, problem: str | None) -> tuple[str, str]:
    """One run's verdict: setup error, else the call record, else a teardown error."""
    setup = rec.tests.get((nodeid, rep, "setup"))
    if setup is not None:
        return str(setup.get("outcome")), str(setup.get("message", ""))
    call = rec.tests.get((nodeid, rep, "call"))
    if call is None:
        return "missing", f"no result recorded: {problem or 'the run stopped before this test finished'}"
    if call.get("outcome") != "passed":
        return str(call.get("outcome")), str(call.get("message", ""))
    teardown = rec.tests.get((nodeid, rep, "teardown"))
    if teardown is not None:
        return str(teardown.get("outcome")), str(teardown.get("message", ""))
    return "passed", ""


def _exit_mismatch(rec: _Records, run) -> bool:
    """The process's real exit status differs from the one its "finished" record claims (exec'd into
    something else, exited from an atexit handler, or a forged record)."""
    return (rec.finished is not None and not run.timed_out and run.returncode is not None
            and run.returncode != rec.finished)


def _judge(names: list[str], rec: _Records, run, limits: Limits, reps: int, fixtures: str,
           host: RunResult | None = None, confirm: int = 0, host_trusted: bool = False) -> SuiteResult:
    """The SuiteResult of a finished run. `host_trusted`: the implementation's process of a split run holds the
    grader's own version (a wheat or a chaff, not a learner's fix)."""
    fault = _grader_fault(rec, run, limits, fixtures)
    if fault and host is not None and _host_failed(host):
        fault += f"; the implementation's process: {_error_line(host.stdout + chr(10) + host.stderr) or host.killed_reason}"
    elif not fault and host_trusted and host is not None and host.timed_out and not _out_of_time(run):
        # its wall clock outlasts the tests' process's (host_limits): it ran out with the tests' process still in
        # time because the grader's side was starved, not because of the learner's tests. (Its CPU limit is the
        # tests' problem: host_limits.)
        fault = ("the grader's implementation process ran out of its wall clock while the tests still had time "
                 "(the grading machine is overloaded or its limits are too tight)")
    if fault:
        results = {n: TestResult(n, "missing", f"not run: {fault}", reps, reps) for n in names}
        return SuiteResult(results, fault, run.sandboxed, run.wall_seconds,
                           run.stdout + ("\n" + run.stderr if run.stderr else ""), grader_fault=fault)
    problem = _problem(rec, run, limits)
    if problem is None and host is not None and _host_failed(host):
        # the implementation's side stopped under the tests (killed by a limit, crashed): what the tests saw
        # after that is not the implementation's behaviour, so the run did not complete
        why = host.killed_reason or f"exit code {host.returncode}"
        problem = f"the implementation's process stopped ({why}) while the tests ran"
    untrusted = _exit_mismatch(rec, run)
    results: dict[str, TestResult] = {}
    for name in names:
        every = [(nodeid, rep) for nodeid, item_name, rep in (rec.collected or []) if item_name == name]
        runs = [(nodeid, rep) for nodeid, rep in every if rep < reps]
        confirms = [(nodeid, rep) for nodeid, rep in every if reps <= rep < reps + confirm]
        if not runs:
            message = (f"not run: {problem}" if problem else
                       "not collected (is it still a plain function at module level?)")
            results[name] = TestResult(name, "missing", message, reps, reps)
            continue
        forged = any((nodeid, rep) in rec.forged for nodeid, rep in every) or rec.collected_twice
        verdicts = [(rep, *_run_outcome(rec, nodeid, rep, problem)) for nodeid, rep in runs]
        bad = [(o if o in _ORDER else "error", m) for _, o, m in verdicts if o != "passed"]
        # Counted per repetition, not per case: a parametrized test whose one case fails every time
        # fails every time (it is not "flaky" because its other cases pass).
        repetitions = {rep for rep, _, _ in verdicts}
        failed_reps = {rep for rep, o, _ in verdicts if o != "passed"}
        cut = reps - len(repetitions & set(range(reps)))
        if cut > 0 and not untrusted:
            # fewer repetitions ran than the judge asked for (a test module that deselects its own runs, red team):
            # what did run proves nothing about every time, so the test counts as flaky, never as caught
            results[name] = TestResult(name, _FORGED, f"ran {reps - cut} of the {reps} times the judge runs each test "
                                       "(tests must not deselect their own repetitions)", reps, min(cut, reps - 1))
            continue
        if untrusted:
            outcome, message = _FORGED, problem or "the test process's exit does not match its record"
        elif forged:
            outcome, message = _FORGED, "more than one record for the same run (forged?)"
        elif bad:
            outcome, message = max(bad, key=lambda om: _ORDER[om[0]])
        else:
            outcome, message = "passed", ""
        confirm_reps, confirm_failures = _confirmations(rec, confirms, problem)
        results[name] = TestResult(name, outcome, message, len(repetitions),
                                   len(repetitions) if untrusted else len(failed_reps),
                                   0 if untrusted or forged else confirm_reps, confirm_failures)
    output = run.stdout + ("\n" + run.stderr if run.stderr else "")
    return SuiteResult(results, problem, run.sandboxed, run.wall_seconds, output)


def _confirmations(rec: _Records, confirms: list[tuple[str, int]], problem: str | None) -> tuple[int, int]:
    """(confirmation repetitions that ran, those in which some case did not pass). A repetition ran when some case
    of it left a record (the recorder runs all of a repetition's cases, or none)."""
    ran: set[int] = set()
    failed: set[int] = set()
    for nodeid, rep in confirms:
        if not any((nodeid, rep, phase) in rec.tests for phase in ("setup", "call", "teardown")):
            continue
        ran.add(rep)
        if _run_outcome(rec, nodeid, rep, problem)[0] != "passed":
            failed.add(rep)
    for nodeid, rep in confirms:   # a case of a repetition that ran, without a record: it did not pass
        if rep in ran and not any((nodeid, rep, phase) in rec.tests for phase in ("setup", "call", "teardown")):
            failed.add(rep)
    return len(ran), len(failed)


def _out_of_time(run: RunResult) -> bool:
    """Stopped by its wall clock or its CPU limit."""
    return run.timed_out or run.killed_reason == "cpu limit"


def _host_failed(host: RunResult) -> bool:
    """Did the implementation's process of a split run end other than by its tests being over?"""
    return host.timed_out or host.killed_reason is not None or host.returncode not in (0, 1)


def _grader_fault(rec: _Records, run, limits: Limits, fixtures: str) -> str | None:
    """Why the grader's own side of the run did not load, or None. The recorder writes "ready" once it, the
    course runtime and the scenario's fixtures plugin are loaded, before any test module or implementation
    is imported: a run without it failed before any of the learner's code ran."""
    if rec.ready == fixtures:
        return None
    if run.timed_out:
        return f"the grader's test runner did not start within {limits.wall_seconds:g} s"
    text = run.stdout + "\n" + run.stderr
    detail = _error_line(text)
    plugin = next((line.strip() for line in text.splitlines() if 'plugin "' in line), "")[:200]
    if plugin and detail not in plugin:
        detail = f"{plugin} {detail}"
    why = f" ({run.killed_reason})" if run.killed_reason else ""
    return (f"the grader's test runner did not start in the sandbox{why}"
            + (f": {detail}" if detail else f" (exit code {run.returncode})"))


def _problem(rec: _Records, run, limits: Limits) -> str | None:
    if run.timed_out:
        return f"timed out after {limits.wall_seconds:g} s (an endless loop or a hang?)"
    if rec.overflow:
        return (f"the test process wrote more than {limits.file_bytes} bytes of results: "
                "tests whose results came after that count as missing")
    if rec.collected is None:
        detail = _error_line(run.stdout + "\n" + run.stderr)
        if run.killed_reason:
            return f"the test process was stopped ({run.killed_reason}) before collecting tests"
        return f"the tests could not be collected: {detail}" if detail else \
            f"the test process ended before collecting tests (exit code {run.returncode})"
    if rec.finished is None:
        why = f" ({run.killed_reason})" if run.killed_reason else ""
        return (f"the test process stopped early{why}, exit code {run.returncode}: "
                "tests that did not report count as missing")
    if _exit_mismatch(rec, run):
        return (f"the test process's exit does not match its record (it recorded exit status "
                f"{rec.finished}, but exited with {run.returncode}): no test counts as passed")
    if rec.finished == 2 and not rec.collected:
        detail = _error_line(run.stdout + "\n" + run.stderr)
        return "the tests could not be collected" + (f": {detail}" if detail else "")
    if rec.finished == 2:
        return "pytest was interrupted (KeyboardInterrupt or an error outside the tests)"
    if rec.finished not in (0, 1, 5):
        detail = _error_line(run.stdout + "\n" + run.stderr)
        return f"pytest stopped with exit status {rec.finished}" + (f": {detail}" if detail else "")
    if not rec.collected:
        return "no tests were collected"
    return None


# The judge's own words for each kind of problem `_problem` and `_judge` report, without what the run printed or
# its exit codes (both are the test process's to choose). In step with the messages above: a problem that starts
# with none of these prefixes is said as the last entry.
_PROBLEM_WORDS = (
    ("timed out after ", None),                              # None: the message is the judge's words throughout
    ("the test process wrote more than ", None),
    ("the test process was stopped (", None),                # a sandbox limit from sandbox.RunResult's fixed list
    ("pytest was interrupted", None),
    ("no tests were collected", None),
    ("the tests could not be collected", "the tests could not be collected (an error while importing them or the "
     "code they test)"),
    ("the test process ended before collecting tests", "the test process ended before collecting tests"),
    ("the test process stopped early", "the test process stopped early: tests that did not report count as missing"),
    ("the test process's exit does not match its record", "the test process's exit does not match its record: "
     "no test counts as passed"),
    ("pytest stopped with exit status", "pytest stopped with an unexpected exit status"),
    ("the implementation's process stopped", "the implementation's process stopped while the tests ran"),
    ("", "the run did not finish normally"),
)


def judge_words(problem: str) -> str:
    """`problem` (a SuiteResult's) in the judge's words only, for feedback on a run whose test process held
    something secret or talked to a process that did (a correct version, the hidden tests): their output is a
    channel from those, so none of it is shown (course/judge/PROTOCOL.md, "What feedback may carry")."""
    for prefix, words in _PROBLEM_WORDS:
        if problem.startswith(prefix):
            return problem if words is None else words
    raise AssertionError("unreachable: the last prefix matches every problem")


def _error_line(text: str) -> str:
    """The most telling line of pytest's output: the first `E   ...` line, else the last error-ish one."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("E   "):
            return line[4:].strip()[:300]
    for line in reversed(lines):
        if "Error" in line or "error" in line:
            return line.strip()[:300]
    return lines[-1][:300] if lines else ""


def _all_missing(names: list[str], problem: str, reps: int) -> SuiteResult:
    results = {n: TestResult(n, "missing", problem, reps, reps) for n in names}
    return SuiteResult(results, problem, sandbox_available(), 0.0)
