"""The warm runner (course.judge.warm, course.sandboxed.zygote): the cold runner's results, one fresh sandbox per run.

Each isolation test has its control: what one run may not leave for the next, the same run sees (so the check
can fail). No timed assertions: limits are checked by what stopped the run, not by how long it took.
"""
from __future__ import annotations

import os
from pathlib import Path
import signal
import textwrap
import time

import pytest

from course.judge import sandbox, testrun, warm
from course.judge.sandbox import Limits
from course.scenarios._selftest import SCENARIO

GOOD = "def add(a, b):\n    return a + b\n"
BROKEN = "def add(a, b):\n    return a - b\n"
SHORT = Limits(wall_seconds=30, cpu_seconds=10)
PY = [os.sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_it.py"]
ENV = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


@pytest.fixture(autouse=True)
def warm_on(monkeypatch):
    monkeypatch.setenv(warm.WARM_ENV, "on")
    monkeypatch.setattr(warm, "_paused_until", 0.0)   # a fault in an earlier test pauses warm runs
    if not warm.enabled():
        pytest.skip("warm servers need a working bubblewrap sandbox")
    yield
    warm.stop_servers()


@pytest.fixture
def launches(monkeypatch) -> list[tuple[str, bool]]:
    """(side, warm?) of every process testrun starts."""
    seen: list[tuple[str, bool]] = []
    real = testrun._launch

    def recording(kind, use_warm, *args, **kwargs):
        seen.append((kind, use_warm))
        return real(kind, use_warm, *args, **kwargs)
    monkeypatch.setattr(testrun, "_launch", recording)
    return seen


def plain_run(test_source: str, limits: Limits = SHORT) -> sandbox.RunResult:
    """A plain pytest file (no recorder, no audit hook) in a child of the warm tests server."""
    return warm.run_warm("tests", PY, {"test_it.py": textwrap.dedent(test_source).encode()}, limits=limits, env=ENV)


def outcomes(result: testrun.SuiteResult) -> dict[str, tuple[str, int, str]]:
    return {n: (r.outcome, r.failures, r.message) for n, r in result.results.items()}


SUITE = """
def test_adds(add):
    assert add(2, 3) == 5

def test_fails_on_purpose(add):
    assert add(2, 2) == 5, "two and two"

def test_raises(add):
    raise KeyError("nope")
"""


@pytest.mark.parametrize("split", [False, True])
def test_warm_runs_give_the_cold_runners_results(monkeypatch, launches, split):
    results = {}
    for mode in ("off", "on"):
        monkeypatch.setenv(warm.WARM_ENV, mode)
        results[mode] = [outcomes(r) for r in testrun.run_suites(SUITE, [GOOD, BROKEN], SCENARIO, reps=2,
                                                                   limits=SHORT, split=split, sourceless=True)]
    assert results["on"] == results["off"]
    assert results["on"][0]["test_adds"] == ("passed", 0, "") and results["on"][1]["test_adds"][0] == "failed"
    assert {w for _, w in launches} == {False, True}   # both runners did run
    assert len(launches) == (8 if split else 4)


LEAVES = """
import os, pathlib

PLACES = ["/tmp/left-behind", os.path.join(os.getcwd(), "left-behind"), os.path.expanduser("~/also-left")]
PLACES += ["/dev/shm/left-behind"] if os.path.isdir("/dev/shm") else []

def test_a_nothing_from_an_earlier_run(add):
    assert [p for p in PLACES if os.path.exists(p)] == []

def test_b_leave_files(add):
    for p in PLACES:
        pathlib.Path(p).write_text("secret of an earlier run")

def test_c_the_same_run_sees_them(add):   # the control: the check above can fail
    assert [p for p in PLACES if os.path.exists(p)] == PLACES
"""


@pytest.mark.parametrize("split", [False, True])
def test_a_file_written_by_one_run_is_not_visible_to_the_next(launches, split):
    for _ in range(3):
        result = testrun.run_suite(LEAVES, GOOD, SCENARIO, limits=SHORT, split=split)
        assert {n: o for n, (o, _, _) in outcomes(result).items()} == {
            "test_a_nothing_from_an_earlier_run": "passed", "test_b_leave_files": "passed",
            "test_c_the_same_run_sees_them": "passed"}, result.output
    assert launches and all(w for _, w in launches)


def test_a_run_sees_no_other_process_and_an_empty_proc():
    pid_max = int(Path("/proc/sys/kernel/pid_max").read_text())
    result = plain_run(f"""
        import os

        def test_alone():
            me = os.getpid()
            assert os.listdir("/proc") == []
            others = []
            for pid in range(2, {pid_max} + 1):
                try:
                    os.kill(pid, 0)
                    others.append(pid)
                except ProcessLookupError:
                    pass
            assert others == [me]
            os.kill(1, 0)   # the control: the run's own init is there
        """)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_runs_pids_start_at_a_random_host_looking_number():
    """Red team: pid 2 (its own pid namespace) told a fix it was judged; its init now starts the namespace's pids at
    a random number in the host's range (course.sandboxed.zygote._scatter_pids), for the command and what it starts."""
    pid_max = int(Path("/proc/sys/kernel/pid_max").read_text())
    source = """
        import os, threading

        def test_pids():
            seen = []
            t = threading.Thread(target=lambda: seen.append(threading.get_native_id()))
            t.start(); t.join()
            print("PIDS", os.getpid(), seen[0])
        """
    pids = []
    for _ in range(3):
        result = warm.run_warm("tests", [*PY[:-1], "-s", "test_it.py"], {"test_it.py": textwrap.dedent(source).encode()},
                               limits=SHORT, env=ENV)
        assert result.returncode == 0, result.stdout + result.stderr
        line = next(line for line in result.stdout.splitlines() if line.startswith("PIDS"))
        pids.append(tuple(int(n) for n in line.split()[1:]))
    for me, thread in pids:
        assert 300 <= me <= min(pid_max, 4194304) - 1000 and me < thread <= me + 10, pids   # its thread follows it
    assert len({me for me, _ in pids}) > 1, pids   # random: three equal draws of ~30,000 would be a 1e-9 event


def test_memory_left_by_one_run_does_not_reach_the_next():
    """Each run is a fresh fork of a server that never changes: module state set by one run is gone in the next."""
    source = """
        import json

        def test_mark():
            assert not hasattr(json, "left_by_an_earlier_run")
            json.left_by_an_earlier_run = True
            assert json.left_by_an_earlier_run   # the control
        """
    for _ in range(3):
        result = plain_run(source)
        assert result.returncode == 0, result.stdout


def test_each_runs_limits_stop_it():
    cpu = plain_run("def test_spin():\n    while True:\n        pass\n", Limits(wall_seconds=60, cpu_seconds=1))
    assert cpu.killed_reason == "cpu limit" and not cpu.timed_out
    wall = plain_run("import time\n\ndef test_sleep():\n    time.sleep(120)\n", Limits(wall_seconds=2, cpu_seconds=5))
    assert wall.timed_out and wall.killed_reason == "wall clock"
    memory = plain_run("def test_eat():\n    x = bytearray(600 * 1024 * 1024)\n",
                       Limits(memory_mb=256, tmp_bytes=16 * 1024 * 1024))
    assert memory.returncode != 0 and "MemoryError" in memory.stdout
    roomy = plain_run("def test_eat():\n    x = bytearray(100 * 1024 * 1024)\n", Limits(memory_mb=512))
    assert roomy.returncode == 0, roomy.stdout   # the control: the same allocation under a larger limit
    tmp = plain_run("def test_fill():\n    open('/tmp/big', 'wb').write(b'x' * (8 * 1024 * 1024))\n",
                    Limits(tmp_bytes=4 * 1024 * 1024))
    assert tmp.returncode == 1 and "No space left" in tmp.stdout


def test_a_run_leaves_no_process_behind():
    marker = str(int(time.time() * 1000) % 10**9 + 424242)
    result = plain_run(f"""
        import subprocess

        def test_background():
            subprocess.Popen(["sleep", "{marker}"], start_new_session=True)
        """)
    assert result.returncode == 0, result.stdout
    assert _processes_with(marker) == []


def test_servers_stop_by_themselves(monkeypatch):
    monkeypatch.setattr(warm, "IDLE_SECONDS", 1.0)
    assert plain_run("def test_ok():\n    pass\n").returncode == 0
    servers = list(warm._servers.values())
    assert servers and _zygotes()
    for server in servers:
        server.thread.join(60)   # idle: it stops without being told
        assert not server.thread.is_alive()
    assert _zygotes() == []
    assert plain_run("def test_ok():\n    pass\n").returncode == 0   # a new one starts on demand
    warm.stop_servers()
    assert _zygotes() == []


SLOW_SUITE = SUITE + """
import time

def test_takes_a_while(add):
    time.sleep(2)
"""


def test_a_server_side_death_mid_run_is_a_fault_and_the_run_is_rerun_cold(monkeypatch, launches):
    """A run's supervisor killed while the run is under way: the warm results are dropped, the batch is rerun cold
    (never points, never the learner's failure), and later runs are cold for a while."""
    import threading
    killed: list[int] = []
    stop = threading.Event()

    def supervisors() -> set[int]:
        zygotes = _zygotes()
        return {pid for pid in zygotes if _parent(pid) in zygotes}   # a supervisor: a child of a server

    def kill_a_supervisor() -> None:
        while not stop.is_set() and not killed:
            # only one of the batch below: a supervisor of the run before it may still be exiting, its result in
            # (killed then, it is no fault: the test failed once that way, on a loaded machine)
            for pid in sorted(supervisors() - earlier):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            stop.wait(0.05)
    assert testrun.run_suite(SUITE, GOOD, SCENARIO, limits=SHORT, split=True).problem is None   # servers up
    earlier = supervisors()
    monkeypatch.setattr(warm, "_warned", False)
    killer = threading.Thread(target=kill_a_supervisor)
    killer.start()
    try:
        with pytest.warns(RuntimeWarning, match="course.judge.warm"):
            good, broken = testrun.run_suites(SLOW_SUITE, [GOOD, BROKEN], SCENARIO, limits=SHORT, split=True)
    finally:
        stop.set()
        killer.join()
    assert killed
    for result in (good, broken):
        assert result.grader_fault is None and result.problem is None
        assert outcomes(result)["test_takes_a_while"][0] == "passed" and outcomes(result)["test_fails_on_purpose"][0] == "failed"
    assert outcomes(good)["test_adds"] == ("passed", 0, "") and outcomes(broken)["test_adds"][0] == "failed"
    # the whole batch again, cold (every run of a batch starts the same way), and cold for a while after
    assert sorted(launches[-4:]) == sorted([("tests", False), ("host", False)] * 2)
    assert not warm.enabled()


def test_a_supervisor_that_vanishes_mid_run_is_a_fault():
    """The run's supervisor goes away without an exit status: WarmFault, never a result."""
    import socket
    mine, theirs = socket.socketpair()
    r, w = os.pipe()
    r2 = os.dup(r)
    os.close(w)
    theirs.close()
    try:
        with pytest.raises(warm.WarmFault, match="without an exit status"):
            warm._collect(mine, r, r2, time.monotonic() + 30, 1000)
    finally:
        mine.close()
        os.close(r)
        os.close(r2)


# ---------------------------------------------------------------- helpers

def _descendants() -> list[int]:
    """Processes under this one (from /proc: parent links)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    mine, found = {os.getpid()}, []
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                found.append(pid)
                changed = True
    return found


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _zygotes() -> list[int]:
    return [p for p in _descendants() if "course.sandboxed.zygote" in _cmdline(p) and "bwrap" not in _cmdline(p)]


def _processes_with(marker: str) -> list[int]:
    """Processes whose command line holds `marker` (a run's namespace is gone once its result is back)."""
    return [int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit() and marker in _cmdline(int(e.name))]


@pytest.mark.slow
@pytest.mark.parametrize("module", __import__("course.authoring.build", fromlist=["module_names"]).module_names())
def test_every_module_keys_verdicts_are_the_cold_runners(monkeypatch, module):
    """The real solution notebook of every module, judged cold and warm: the same verdict, word for word."""
    import nbformat

    from course.judge.engine import judge_notebook
    from course.paths import SOLUTIONS_DIR
    nb = nbformat.read(str(next((SOLUTIONS_DIR / module).glob("*.ipynb"))), as_version=4)
    verdicts = {}
    for mode in ("off", "on"):
        monkeypatch.setenv(warm.WARM_ENV, mode)
        verdicts[mode] = {gid: (v.fraction, v.feedback, v.details) for gid, v in judge_notebook(nb, module, cache=None).items()}
    assert verdicts["on"] == verdicts["off"]
    assert all(fraction == 1.0 for fraction, _, _ in verdicts["on"].values())
