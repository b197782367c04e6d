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
thread switch interval, so timing-dependent tests meet more than one schedule.

Under the runner (COURSE_RECORD_FD set), importing this plugin also installs an audit hook
(sys.addaudithook, which cannot be removed) before any test module or implementation is imported. It
raises PermissionError on what no test or implementation of this course needs and what a forger
would: starting or signalling processes (os.exec, os.posix_spawn, os.spawn, os.fork, os.forkpty,
os.system, os.kill, os.killpg, subprocess.Popen; the unaudited _posixsubprocess.fork_exec is
replaced and its module may not be imported again), ctypes (every ctypes.* event, and importing
ctypes/_ctypes), heap and stack walking (gc.get_objects, gc.get_referrers, gc.get_referents,
sys._current_frames), and opening or listing anything that resolves into /proc (so /proc/self/fd,
/proc/self/mem and /dev/fd, which is a link into /proc) and symlinks pointing there.
"""
from __future__ import annotations

import functools
import json
import os
import random
import stat
import sys

import pytest

from course.sandboxed.messages import first_line

REP_FIXTURE = "_course_judge_rep"
_SWITCH_INTERVALS = (sys.getswitchinterval(), 1e-6, 0.05)   # rep 0 is the normal schedule


# ---------------------------------------------------------------- the audit hook

_BLOCKED_EVENTS = frozenset({
    "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "os.system", "os.kill", "os.killpg",
    "subprocess.Popen", "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames"})
_BLOCKED_PREFIXES = ("ctypes.",)
_BLOCKED_IMPORTS = frozenset({"ctypes", "_ctypes", "_posixsubprocess", "_testcapi", "_testinternalcapi"})
_PATH_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
_FROZEN_FUNCTION_ATTRS = frozenset({"__code__", "__defaults__", "__kwdefaults__"})
_FROZEN_OWNERS = ("test_", "conftest", "course", "_pytest", "pytest", "pluggy")   # test modules and the runtime


def _blocked(what: str) -> PermissionError:
    return PermissionError(f"not allowed in graded code: {what}")


def _install_guard() -> None:
    """Install the audit hook described in the module docstring (once; it cannot be removed)."""
    import posix

    # Bound now, and only C functions: monkeypatching os, os.path or posixpath later changes nothing here.
    lstat, readlink, getcwd, fspath = posix.lstat, posix.readlink, posix.getcwd, posix.fspath
    is_link = stat.S_ISLNK
    try:
        proc_dev = lstat("/proc").st_dev
    except OSError:
        proc_dev = None
    # the interpreter's folders and the whole course runtime (this file sits in course/sandboxed/)
    runtime = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    roots = (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, runtime)
    trusted = tuple(sorted({p.rstrip("/") + "/" for p in roots if p.startswith("/")}))

    def text(path) -> str | None:
        if isinstance(path, int) or path is None:
            return None
        try:
            path = fspath(path)
        except TypeError:
            return None
        return path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else path

    def into_proc(path: str, base: str) -> bool:
        """Does resolving `path` from directory `base` (component by component, following symlinks)
        touch the procfs mount?"""
        cur = "/" if path.startswith("/") else base
        if proc_dev is None:
            return (cur + "/" + path).startswith("/proc")
        try:
            if lstat(cur).st_dev == proc_dev:
                return True
        except OSError:
            return False
        todo = path.split("/")[::-1]
        links = 0
        while todo:
            part = todo.pop()
            if part in ("", "."):
                continue
            if part == "..":
                cur = cur.rsplit("/", 1)[0] or "/"
                continue
            nxt = ("" if cur == "/" else cur) + "/" + part
            try:
                st = lstat(nxt)
            except OSError:
                return False   # no such entry: the call fails on its own, or creates a plain file
            if st.st_dev == proc_dev:
                return True
            if is_link(st.st_mode):
                links += 1
                if links > 40:
                    return True
                target = readlink(nxt)
                todo.extend(target.split("/")[::-1])
                if target.startswith("/"):
                    cur = "/"
            else:
                cur = nxt
        return False

    def forbidden_path(event: str, args: tuple) -> bool:
        path = text(args[0]) if args else None
        if path is None:
            if args and args[0] is None and event != "open":   # os.listdir() / os.scandir(): the cwd
                path = "."
            else:
                return False   # an fd already open
        if path.startswith(trusted) and "/../" not in path and "/./" not in path:
            return False       # the interpreter's and the course's own files (imports), no links into /proc
        cwd = getcwd()
        if into_proc(path, cwd):
            return True
        if event == "open" and len(args) > 1 and args[1] is None and not path.startswith("/"):
            # os.open, the one audited call that takes dir_fd, which the event does not show: the base
            # could be any directory. Refuse climbing out of it, and resolve from the directories that
            # hold a way into /proc.
            if ".." in path.split("/"):
                return True
            return into_proc(path, "/") or into_proc(path, "/dev")
        return False

    def forbidden_link(args: tuple) -> bool:
        target = text(args[0]) if args else None
        if target is None:
            return False
        if ".." in target.split("/"):
            return True
        link = text(args[1]) if len(args) > 1 else None
        link_dir = (link or "").rsplit("/", 1)[0] if link and "/" in link else "."
        cwd = getcwd()
        base = link_dir if link_dir.startswith("/") else cwd + "/" + link_dir
        return any(into_proc(target, b) for b in (base, cwd, "/", "/dev"))

    def hook(event: str, args: tuple) -> None:
        if event in _PATH_EVENTS:
            if forbidden_path(event, args):
                raise _blocked(f"{event} {args[0]!r} (under /proc)")
        elif event in _BLOCKED_EVENTS or event.startswith(_BLOCKED_PREFIXES):
            raise _blocked(event)
        elif event == "import":
            name = str(args[0]) if args else ""
            filename = text(args[1]) if len(args) > 1 else None
            leaf = (filename or "").rsplit("/", 1)[-1].split(".", 1)[0]
            if name.rsplit(".", 1)[-1] in _BLOCKED_IMPORTS or leaf in _BLOCKED_IMPORTS:
                raise _blocked(f"import {name}")
        elif event == "os.symlink":
            if forbidden_link(args):
                raise _blocked(f"os.symlink {args[0]!r}")
        elif event == "object.__setattr__" and len(args) > 1 and args[1] in _FROZEN_FUNCTION_ATTRS:
            # rewriting a test's or the runtime's code is how a module could swap hidden tests for no-ops
            # (the standard library does it to its own functions, e.g. types.coroutine: that stays allowed)
            owner = getattr(args[0], "__module__", None) or ""
            if owner.startswith(_FROZEN_OWNERS):
                raise _blocked(f"setting {args[1]} of {owner}.{getattr(args[0], '__qualname__', '?')}")

    # subprocess's own process starter is not audited: take it away, and (through the hook) keep a fresh
    # copy of its module from being imported.
    import _posixsubprocess

    def fork_exec(*args, **kwargs):
        raise _blocked("_posixsubprocess.fork_exec")
    _posixsubprocess.fork_exec = fork_exec
    sys.addaudithook(hook)


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
        _install_guard()
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

    def emit_test(item, phase: str, outcome: str, message: str = "") -> None:
        emit(kind="test", nodeid=item.nodeid, name=name_of(item), rep=rep_of(item),
             phase=phase, outcome=outcome, message=message)

    class Recorder:
        @pytest.fixture
        def _course_judge_rep(self, request):
            return request.param

        def pytest_generate_tests(self, metafunc):
            reps = metafunc.config.getoption("judge_reps")
            if reps > 1:
                metafunc.fixturenames.append(REP_FIXTURE)
                metafunc.parametrize(REP_FIXTURE, range(reps), indirect=True,
                                     ids=[f"rep{r}" for r in range(reps)])

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
            return (yield)

        def pytest_sessionfinish(self, session, exitstatus):
            emit(kind="finished", exitstatus=int(exitstatus))

    def pytest_addoption(parser):
        parser.addoption("--judge-reps", dest="judge_reps", type=int, default=1,
                         help="run every test this many times, perturbing each repetition")
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
