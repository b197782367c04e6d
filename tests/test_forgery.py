"""The runner against an implementation that tries to forge its own grade (real sandbox, real pytest).

The attack an independent review demonstrated: the learner's module, imported in the same pytest
process as the hidden tests, found the record file through /proc/self/fd, read back the nonce and
the collected test ids, wrote "passed" records and a "finished" line, and exec'd /bin/true. Records
now go through the write end of a pipe, and course.sandboxed.pytest_record's audit hook refuses /proc, new
processes, ctypes and heap walking; the parent also checks the real exit status against the record.
These tests bypass the static fix policy (course.fix_policy) on purpose: they check the runner alone.
"""
from __future__ import annotations

import os
import textwrap

from course.judge import testrun
from course.judge.sandbox import Limits, RunResult
from course.scenarios import get
from course.scenarios._selftest import SCENARIO
from course.judge.testrun import SuiteResult, run_suite

SHORT = Limits(wall_seconds=20)
BLOCKED = "not allowed in graded code"

HIDDEN = """
    def test_adds(add):
        assert add(2, 3) == 5

    def test_negative(add):
        assert add(-1, 1) == 0

    def test_zero(add):
        assert add(0, 0) == 0
"""

# The reviewer's forger (/tmp/review/forge_fix_clean.py), as a wrong `calc.add`: every way it knows
# to read the record channel back, then fake records for every collected test, then exec.
FORGER = '''
import json
import logging

o = logging.os                      # os, reached through an allowed module


def _forge(data: bytes, fd: int) -> None:
    for line in data.splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and rec.get("kind") == "collected":
            for nodeid, test, rep in rec["items"]:
                o.write(fd, (json.dumps({"nonce": rec["nonce"], "kind": "test", "nodeid": nodeid,
                                         "name": test, "rep": rep, "phase": "call",
                                         "outcome": "passed", "message": ""}) + "\\n").encode())
            o.write(fd, (json.dumps({"nonce": rec["nonce"], "kind": "finished", "exitstatus": 0}) + "\\n").encode())
            o.execv("/bin/true", ["true"])


def _settle() -> list[str]:
    errors = []
    try:                            # the reviewer's way: list the fds, pread each
        fds = [int(name) for name in o.listdir("/proc/self/fd")]
    except OSError as exc:
        errors.append(f"listdir: {exc}")
        fds = list(range(3, 64))
    for fd in fds:
        try:
            _forge(o.pread(fd, 1 << 20, 0), fd)
        except OSError as exc:
            errors.append(f"pread {fd}: {exc}")
        for path in (f"/proc/self/fd/{fd}", f"/dev/fd/{fd}"):   # reopen a pipe's write end for reading
            try:
                reader = o.open(path, o.O_RDONLY | o.O_NONBLOCK)
            except OSError as exc:
                errors.append(f"open {path}: {exc}")
                continue
            try:
                _forge(o.read(reader, 1 << 20), fd)
            except OSError as exc:
                errors.append(f"read {path}: {exc}")
    return errors


def add(a, b):
    raise RuntimeError("could not forge: " + "; ".join(_settle()))
'''


def run(tests: str, impl: str, **kw) -> SuiteResult:
    kw.setdefault("limits", SHORT)
    return run_suite(textwrap.dedent(tests), impl, SCENARIO, **kw)


def outcomes(result: SuiteResult) -> dict[str, str]:
    return {name: r.outcome for name, r in result.results.items()}


def test_the_reviewers_forgery_passes_nothing():
    result = run(HIDDEN, FORGER)
    assert result.sandboxed
    assert not [n for n, r in result.results.items() if r.outcome == "passed"], outcomes(result)
    assert outcomes(result) == {"test_adds": "failed", "test_negative": "failed", "test_zero": "failed"}, result
    assert result.problem is None
    # every move was refused: listing /proc/self/fd, reading back the pipe, reopening it through /proc
    message = result.results["test_adds"].message
    assert message.startswith(f"RuntimeError: could not forge: listdir: {BLOCKED}: os.listdir"), message
    assert f"open /proc/self/fd/3: {BLOCKED}" in message and f"open /dev/fd/3: {BLOCKED}" in message, message


def test_the_reviewers_forgery_is_refused_on_the_real_hidden_oversell_tests():
    from course.judge.exercises import load_module_key
    from course.judge.engine import judge_limits

    ex = load_module_key("01-concurrent-writes")["oversell_fix"]
    hidden = (ex.key_dir / ex.hidden_tests).read_text()
    forger = textwrap.dedent('''
        import json
        import logging
        import sqlite3

        def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:
            """The assistant's snippet, unchanged, plus a 'helper'."""
            _settle()
            row = conn.execute("SELECT stock, price_cents FROM products WHERE sku = ?", (sku,)).fetchone()
            if row is None:
                return None
            stock, price_cents = row
            if stock < qty:
                return None
            conn.execute("UPDATE products SET stock = stock - ? WHERE sku = ?", (qty, sku))
            cursor = conn.execute("INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
                                  (sku, qty, customer_id, qty * price_cents))
            conn.commit()
            return cursor.lastrowid

        def _settle():
            o = logging.os
            for name in o.listdir("/proc/self/fd"):
                fd = int(name)
                try:
                    data = o.pread(fd, 1 << 20, 0)
                except OSError:
                    continue
                for line in data.splitlines():
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(rec, dict) and rec.get("kind") == "collected":
                        for nodeid, test, rep in rec["items"]:
                            o.write(fd, (json.dumps({"nonce": rec["nonce"], "kind": "test", "nodeid": nodeid,
                                                     "name": test, "rep": rep, "phase": "call",
                                                     "outcome": "passed", "message": ""}) + "\\n").encode())
                        o.write(fd, (json.dumps({"nonce": rec["nonce"], "kind": "finished", "exitstatus": 0})
                                     + "\\n").encode())
                        o.execv("/bin/true", ["true"])
    ''')
    result = run_suite(hidden, forger, get("oversell"), limits=judge_limits())
    assert result.results and result.sandboxed
    assert not [n for n, r in result.results.items() if r.outcome == "passed"], outcomes(result)


def test_forged_records_without_the_nonce_then_a_clean_exit_pass_nothing():
    # Cannot read the nonce, so guess one, "finish", and leave before the real records are written.
    result = run(HIDDEN, textwrap.dedent('''
        import json, logging
        o = logging.os
        def add(a, b):
            for fd in range(3, 64):
                for rec in ({"nonce": "0" * 32, "kind": "test", "nodeid": "test_answer.py::test_adds",
                             "name": "test_adds", "rep": 0, "phase": "call", "outcome": "passed"},
                            {"nonce": "0" * 32, "kind": "finished", "exitstatus": 0}):
                    try:
                        o.write(fd, (json.dumps(rec) + "\\n").encode())
                    except OSError:
                        pass
            o._exit(0)
    '''))
    assert set(outcomes(result).values()) == {"missing"}
    assert "stopped early" in result.problem


OPERATIONS = """
    import asyncio, gc, json, logging, os, shutil, sqlite3, subprocess, sys, tempfile, threading
    import pytest

    BLOCKED = "not allowed in graded code"

    def blocked(call):
        with pytest.raises(PermissionError, match=BLOCKED):
            call()

    def test_exec():
        blocked(lambda: os.execv("/bin/true", ["true"]))
        blocked(lambda: os.posix_spawn("/bin/true", ["true"], {}))

    def test_subprocess():
        blocked(lambda: subprocess.run(["/bin/true"]))
        blocked(lambda: os.system("true"))

    def test_unaudited_fork_exec():
        import _posixsubprocess
        blocked(lambda: _posixsubprocess.fork_exec())
        del sys.modules["_posixsubprocess"]
        blocked(lambda: __import__("_posixsubprocess"))

    def test_fork_and_signals():
        blocked(os.fork)
        blocked(lambda: os.kill(os.getpid(), 0))
        blocked(lambda: os.killpg(os.getpgid(0), 0))

    def test_proc_self_fd():
        blocked(lambda: os.listdir("/proc/self/fd"))
        blocked(lambda: os.scandir("/proc/self/fd"))
        blocked(lambda: os.listdir("/dev/fd"))
        blocked(lambda: open("/proc/self/mem", "rb"))
        blocked(lambda: open("/proc/self/fd/1", "rb"))
        blocked(lambda: open("/dev/fd/1", "rb"))
        blocked(lambda: open("/proc/self/environ", "rb"))

    def test_proc_by_detours(tmp_path):
        blocked(lambda: os.listdir("../" * 12 + "proc/self/fd"))
        root = os.open("/", os.O_RDONLY)
        blocked(lambda: os.open("proc/self/fd", os.O_RDONLY, dir_fd=root))
        dev = os.open("/dev", os.O_RDONLY)
        blocked(lambda: os.open("fd", os.O_RDONLY, dir_fd=dev))
        blocked(lambda: os.symlink("/proc/self/fd", tmp_path / "link"))
        blocked(lambda: os.symlink("/dev/fd", tmp_path / "link"))
        cwd = os.getcwd()
        try:
            os.chdir("/proc")
            blocked(os.listdir)
            blocked(lambda: open("self/mem", "rb"))
        finally:
            os.chdir(cwd)

    def test_ctypes():
        blocked(lambda: __import__("ctypes"))
        blocked(lambda: __import__("_ctypes"))

    def test_heap_and_stack_walking():
        blocked(gc.get_objects)
        blocked(lambda: gc.get_referrers(test_heap_and_stack_walking))
        blocked(lambda: gc.get_referents(test_heap_and_stack_walking))
        blocked(sys._current_frames)

    def test_ordinary_code_still_works(tmp_path):
        assert sys._getframe().f_code.co_name == "test_ordinary_code_still_works"
        logging.getLogger("x").warning("logging uses sys._getframe")
        done = []
        t = threading.Thread(target=done.append, args=(1,))
        t.start(); t.join()
        assert done == [1]
        conn = sqlite3.connect(tmp_path / "db.sqlite")
        conn.execute("CREATE TABLE t (x)"); conn.commit(); conn.close()
        assert asyncio.run(asyncio.sleep(0, result=7)) == 7
        (tmp_path / "proc").mkdir()                  # an ordinary folder named proc is fine
        (tmp_path / "proc" / "f.txt").write_text("ok")
        assert open(tmp_path / "proc" / "f.txt").read() == "ok"
        os.symlink("f.txt", tmp_path / "proc" / "g.txt")
        assert (tmp_path / "proc" / "g.txt").read_text() == "ok"
        assert sorted(os.listdir(tmp_path)) == ["db.sqlite", "proc"]
        assert "test_answer.py" in os.listdir()
        with open("/dev/null", "rb") as f:
            assert f.read() == b""
        d = tempfile.mkdtemp()
        open(os.path.join(d, "x"), "w").close()
        shutil.rmtree(d)
        assert json.loads("[1]") == [1] and gc.collect() >= 0
"""


def test_processes_proc_ctypes_and_heap_walking_are_refused():
    result = run(OPERATIONS, "def add(a, b):\n    return a + b\n")
    assert result.problem is None, result.output
    assert set(outcomes(result).values()) == {"passed"}, {n: r.message for n, r in result.results.items()
                                                          if r.outcome != "passed"}


def test_an_exit_that_does_not_match_the_record_passes_nothing():
    result = run("""
        import atexit, os
        atexit.register(os._exit, 3)     # after pytest's "finished" record, the process exits with 3
        def test_adds(add):
            assert add(2, 3) == 5
    """, "def add(a, b):\n    return a + b\n")
    assert outcomes(result) == {"test_adds": "error"}
    assert "exit does not match its record" in result.problem
    assert result.results["test_adds"].failures == 1


def test_exit_mismatch_in_the_parent_alone():
    lines = [b'{"nonce": "n", "kind": "ready", "fixtures": "f"}',
             b'{"nonce": "n", "kind": "collected", "items": [["t::test_a", "test_a", 0]]}',
             b'{"nonce": "n", "kind": "test", "nodeid": "t::test_a", "rep": 0, "phase": "call",'
             b' "outcome": "passed", "message": ""}',
             b'{"nonce": "n", "kind": "finished", "exitstatus": 0}']
    parsed = testrun._parse(lines, "n")
    ok = testrun._judge(["test_a"], parsed, RunResult(0, "", "", False, None, 0.1, True), SHORT, 1, "f")
    assert ok.problem is None and ok.passed("test_a")
    bad = testrun._judge(["test_a"], parsed, RunResult(1, "", "", False, None, 0.1, True), SHORT, 1, "f")
    assert "does not match" in bad.problem and not bad.passed("test_a")


MANY = """
    import pytest
    @pytest.mark.parametrize("x", range(3000))
    def test_many(add, x):
        assert add(x, 0) == x
"""


def test_thousands_of_records_do_not_block_the_pipe():
    result = run(MANY, "def add(a, b):\n    return a + b\n", limits=Limits(wall_seconds=60))
    assert result.problem is None, result.output[-2000:]
    assert outcomes(result) == {"test_many": "passed"}
    # "passed" needs a passing record for each of the 3000 collected cases
    assert (result.results["test_many"].reps, result.results["test_many"].failures) == (1, 0)


def test_records_beyond_the_cap_are_missing_with_a_clear_problem():
    result = run(MANY, "def add(a, b):\n    return a + b\n", limits=Limits(wall_seconds=60, file_bytes=300_000))
    assert "more than 300000 bytes of results" in result.problem
    test = result.results["test_many"]
    assert test.outcome == "missing" and (test.reps, test.failures) == (1, 1)


def test_a_grandchild_holding_the_pipe_does_not_hang_the_parent():
    read, write = os.pipe()
    keep = os.dup(write)             # a stray holder of the write end, like an escaped grandchild
    try:
        drain = testrun._Drain(read, 10)
        drain.start()
        os.write(write, b'{"a": 1}\n{"b": 2}\n')
        os.close(write)
        drain.finish(0.2)
        assert not drain.is_alive()
        assert drain.overflow and drain.data() == b'{"a": 1}\n'
    finally:
        os.close(keep)
        os.close(read)


def test_swapping_a_test_functions_code_is_refused_at_run_time():
    """The red team's fix swapped each hidden test's __code__ for a no-op (reached through a gadget the
    static screen missed). Whatever the route, the runner's audit hook refuses the assignment."""
    import textwrap
    from course.scenarios._selftest import SCENARIO
    from course.judge.testrun import run_suite
    hidden = "def test_adds(add):\n    assert add(2, 3) == 5\n"
    impl = textwrap.dedent('''
        import sys as _s
        def _noop():
            return None
        for _name, _mod in list(_s.modules.items()):
            if _name.startswith("test_"):
                for _k, _v in list(vars(_mod).items()):
                    if _k.startswith("test_") and callable(_v):
                        _v.__code__ = _noop.__code__
        def add(a, b):
            return a - b
    ''')
    suite = run_suite(hidden, impl, SCENARIO)
    assert suite.results["test_adds"].outcome != "passed", suite
