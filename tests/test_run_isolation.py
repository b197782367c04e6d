"""No side channels between runs, by construction (handbook 5.5; issue 13, classes 3, 5 and 6).

- Class 3: correct and broken implementations' runs start in a shuffled order drawn from an unpredictable
  source, all the same way (same folder, same names, same view), and the results go back to the right
  implementation; the host's cgroup tree is not visible inside a sandbox.
- Class 5: every run folder is private (an unguessable name under a mode-0700 parent the sandbox hides), so
  with TMPDIR outside /tmp a run cannot read or list the folder of a run going on at the same time.
- Class 6: the private /tmp is capped and counted against the run's memory limit: writing past it fails
  cleanly inside the run (ENOSPC), and what /tmp may hold is taken out of each process's address space.
Coordination between concurrent runs goes through pipes, never through sleeps or timings.
"""
from __future__ import annotations

from collections import Counter
import errno
import os
from pathlib import Path
import random
import secrets
import shutil
import sys
import tempfile
import textwrap
import threading

import pytest

from course.judge import engine, sandbox, testrun
from course.judge.exercises import load_module_key
from course.judge.sandbox import Limits, new_run_folder, run_sandboxed, sandbox_available
from course.judge.testrun import SuiteResult, TestResult, in_given_order, run_suites, start_order
from course.scenarios._selftest import SCENARIO

needs_bwrap = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap does not work here")
MB = 1024 * 1024


def py(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


@pytest.fixture
def tmpdir_outside_tmp(monkeypatch) -> Path:
    """TMPDIR pointed at a folder outside /tmp (the red team's setting), for this test only."""
    base = Path(tempfile.mkdtemp(dir="/var/tmp", prefix="course-tmpdir-")).resolve()
    base.chmod(0o1777)   # as a shared TMPDIR is: only the run folders' own parent keeps others out
    monkeypatch.setenv("TMPDIR", str(base))
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    assert sandbox.runs_root().parent == base
    yield base
    shutil.rmtree(base)


# ---------------------------------------------------------------- class 3: start order

def test_start_order_is_a_fresh_permutation_that_is_undone_exactly():
    rng = random.Random(1)
    firsts = Counter()
    for _ in range(60):
        order = start_order(5, rng)
        assert sorted(order) == list(range(5))
        firsts[order[0]] += 1
        started = [f"result of {i}" for i in order]           # what the runs return, in start order
        assert in_given_order(order, started) == [f"result of {i}" for i in range(5)]
    assert set(firsts) == set(range(5)), firsts                 # no implementation always starts first
    with pytest.raises(ValueError):
        in_given_order([0, 0, 1], ["a", "b", "c"])


def test_the_default_start_order_comes_from_the_operating_systems_randomness():
    assert isinstance(testrun.START_ORDER_RNG, secrets.SystemRandom)


def test_run_suites_starts_runs_in_the_drawn_order_and_returns_results_in_the_given_order(monkeypatch):
    started: list[str] = []
    lock = threading.Lock()

    def fake_run_suite(test_source, impl_source, scenario, **kw):
        with lock:
            started.append(impl_source)
        return SuiteResult({}, f"ran {impl_source}", True, 0.0)

    monkeypatch.setattr(testrun, "run_suite", fake_run_suite)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)             # one worker: starts happen in submission order
    impls = [f"impl {i}" for i in range(6)]
    expected_order = start_order(len(impls), random.Random(7))
    results = run_suites("def test_x(): pass\n", impls, SCENARIO, rng=random.Random(7))
    assert started == [impls[i] for i in expected_order]
    assert started != impls                                     # the seed's order is not the given one
    assert [r.problem for r in results] == [f"ran {impl}" for impl in impls]


def test_correct_and_broken_implementations_start_in_one_shuffled_batch(monkeypatch):
    """The judge hands the wheats and the chaffs to one run_suites call, so they share one shuffled start
    order (before, the correct ones always ran first and together: a clock-phase side channel)."""
    ex = load_module_key("00-start-here")["warmup_tests"]
    batches: list[list[str]] = []

    def fake_run_suites(test_source, impl_sources, scenario, **kw):
        batches.append(list(impl_sources))
        names = testrun.test_names(test_source)
        return [SuiteResult({n: TestResult(n, "passed", "", kw["reps"], 0) for n in names}, None, True, 0.0)
                for _ in impl_sources]

    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")
    monkeypatch.setattr(testrun, "run_suites", fake_run_suites)
    verdict = engine.judge_answer(ex, "%%tests warmup\ndef test_empty_day(sales):\n"
                                      "    assert sales.average_order_value([]) == 0\n")
    sources = [(ex.key_dir / impl.path).read_text() for impl in (*ex.wheats, *ex.chaffs)]
    assert len(ex.wheats) >= 2 and ex.chaffs
    assert len(batches) == 1 and Counter(batches[0]) == Counter(sources), len(batches)
    assert verdict.details["missed"] == [impl.flaw for impl in ex.chaffs]   # results still reach the right chaff


VIEW_TEST = '''
import os, sys

def test_view(add):
    env = sorted((k, v) for k, v in os.environ.items() if not k.endswith("_FD"))
    view = (os.getcwd(), os.environ.get("HOME"), sorted(os.listdir(".")), sorted(os.listdir("/tmp")), env,
            sys.argv[1:], os.getuid())
    assert False, repr(view) + f" pid={os.getpid()}"
'''


@needs_bwrap
def test_every_run_starts_the_same_way():
    """What a run can see of its own setup (folder, names, environment, arguments, user) is the same for every
    implementation: only behaviour tells them apart. (The record pipes' descriptor numbers, *_FD, follow the
    shuffled start position, so they say nothing about the implementation.) Its pid is the same small one in cold
    runs (bubblewrap's command is pid 2) and drawn at random in the host's range in warm ones, where a small pid
    told a fix it was judged (course.sandboxed.zygote, tests/test_fix_gaming.py)."""
    good, bad = "def add(a, b):\n    return a + b\n", "def add(a, b):\n    return a - b\n"
    results = run_suites(VIEW_TEST, [good, bad, good, bad], SCENARIO, limits=Limits(wall_seconds=20))
    views = [r.results["test_view"].message for r in results]
    assert all(r.results["test_view"].outcome == "failed" for r in results), views
    assert str(sandbox.WORKDIR_INSIDE) in views[0] and "test_answer.py" in views[0], views[0]
    pids = [int(v.rsplit(" pid=", 1)[1]) for v in views]
    assert len({v.rsplit(" pid=", 1)[0] for v in views}) == 1, views
    assert len(set(pids)) == 1 or min(pids) >= 300, pids


@needs_bwrap
def test_the_host_cgroup_tree_is_not_visible():
    host_paths = {line.split(":", 2)[2] for line in Path("/proc/self/cgroup").read_text().splitlines()} - {"/"}
    work = new_run_folder()
    try:
        result = run_sandboxed(py("""
            import os
            print(os.listdir("/sys/fs/cgroup") if os.path.isdir("/sys/fs/cgroup") else [])
            print(sorted({line.split(":", 2)[2] for line in open("/proc/self/cgroup").read().splitlines()}))
        """), work)
    finally:
        shutil.rmtree(work)
    assert result.returncode == 0, result.stderr
    tree, own = result.stdout.splitlines()
    assert tree == "[]"
    assert own == "['/']", own                                  # the run's own cgroups are its root
    assert not any(p in result.stdout for p in host_paths), (host_paths, result.stdout)


# ---------------------------------------------------------------- class 5: private run folders

def test_run_folders_are_private_and_unguessable(tmpdir_outside_tmp: Path):
    first, second = new_run_folder(), new_run_folder()
    root = sandbox.runs_root()
    assert first.parent == second.parent == root and first != second
    assert len(first.name) == 32 and int(first.name, 16) >= 0    # 128 random bits, not a counter
    for folder in (root, first, second):
        st = os.lstat(folder)
        assert (st.st_mode & 0o777, st.st_uid) == (0o700, os.geteuid()), folder


def test_a_runs_parent_that_is_not_ours_is_refused(tmpdir_outside_tmp: Path):
    """Someone else's folder (or a link) where the private parent should be: a clear error, no run folder."""
    target = tmpdir_outside_tmp / "elsewhere"
    target.mkdir()
    sandbox.runs_root().symlink_to(target)
    with pytest.raises(PermissionError, match="not a folder of this user"):
        new_run_folder()
    assert list(target.iterdir()) == []


PROBE_OTHER_RUN = """
    import os, sys
    other, root, tmpdir = sys.argv[1:4]
    for path in (other, os.path.join(other, "hidden_tests.py"), root, tmpdir):
        try:
            if os.path.isdir(path):
                print(path, "lists", sorted(os.listdir(path)))
            else:
                print(path, "reads", open(path).read())
        except OSError as exc:
            print(path, type(exc).__name__)
    found = [os.path.join(d, f) for top in (tmpdir, "/tmp", "/home") for d, _, fs in os.walk(top) for f in fs]
    print("found", sorted(f for f in found if f.endswith("hidden_tests.py")))
"""

HOLD_OPEN = """
    import os, sys
    started, release = int(sys.argv[1]), int(sys.argv[2])
    os.write(started, b"started")
    os.close(started)
    os.read(release, 1)          # held open until the other run has looked
    print(open("hidden_tests.py").read().strip())
"""


@needs_bwrap
def test_a_run_cannot_see_a_concurrent_runs_folder_with_tmpdir_outside_tmp(tmpdir_outside_tmp: Path):
    """Run B holds hidden tests in its folder and stays open (it waits on a pipe) while run A looks for them
    by B's host path, through the private parent, through TMPDIR and by walking the folders it can see."""
    mine, theirs = new_run_folder(), new_run_folder()
    (theirs / "hidden_tests.py").write_text("SECRET = 'the hidden tests'\n")
    started_r, started_w = os.pipe()
    release_r, release_w = os.pipe()
    held: dict[str, object] = {}

    def run_b() -> None:
        try:
            held["result"] = run_sandboxed(py(HOLD_OPEN) + [str(started_w), str(release_r)], theirs,
                                           limits=Limits(wall_seconds=60), pass_fds=(started_w, release_r))
        finally:
            os.close(started_w)   # so that a B which never started ends the wait below (end of file)

    b = threading.Thread(target=run_b)
    b.start()
    try:
        assert os.read(started_r, 7) == b"started", held            # B is running: its folder is handed over
        a = run_sandboxed(py(PROBE_OTHER_RUN) + [str(theirs), str(sandbox.runs_root()), str(tmpdir_outside_tmp)],
                          mine, limits=Limits(wall_seconds=60))
    finally:
        os.write(release_w, b"x")
        b.join()
        for fd in (started_r, release_r, release_w):
            os.close(fd)
    assert a.returncode == 0, a.stderr
    lines = a.stdout.splitlines()
    assert lines[0] == f"{theirs} FileNotFoundError", lines
    assert lines[1] == f"{theirs / 'hidden_tests.py'} FileNotFoundError", lines
    assert lines[2] == f"{sandbox.runs_root()} lists []", lines       # an empty tmpfs over every run folder
    assert lines[3] == f"{tmpdir_outside_tmp} lists ['{sandbox.runs_root().name}']", lines
    assert not any(theirs.name in line for line in lines[2:]) and "the hidden tests" not in a.stdout
    assert lines[-1] == "found []", lines
    result_b = held["result"]
    assert result_b.returncode == 0 and result_b.stdout.strip() == "SECRET = 'the hidden tests'", result_b.stderr
    shutil.rmtree(mine)
    shutil.rmtree(theirs)


# ---------------------------------------------------------------- class 6: /tmp inside the limits

FILL_TMP = """
    import errno, os, resource
    print(resource.getrlimit(resource.RLIMIT_AS)[0])
    written = 0
    try:
        with open("/tmp/fill", "wb") as f:
            while written < {stop}:
                f.write(b"x" * (1024 * 1024))
                f.flush()
                written += 1024 * 1024
        print("wrote", written)
    except OSError as exc:
        print(errno.errorcode[exc.errno], written)
"""


@needs_bwrap
def test_writing_past_the_private_tmp_fails_cleanly_inside_the_run():
    work = new_run_folder()
    try:
        result = run_sandboxed(py(FILL_TMP.format(stop=64 * MB)), work, limits=Limits(tmp_bytes=8 * MB))
    finally:
        shutil.rmtree(work)
    assert result.returncode == 0 and not result.killed_reason, result.stderr
    _, outcome = result.stdout.splitlines()
    kind, written = outcome.split()
    assert kind == errno.errorcode[errno.ENOSPC] and int(written) <= 8 * MB, outcome


@needs_bwrap
def test_what_tmp_holds_counts_against_the_memory_limit():
    """/tmp full, the process cannot also take the whole memory limit: the two share memory_mb."""
    def allocate(fill: int) -> list[str]:
        return py(textwrap.dedent(FILL_TMP.format(stop=fill)) + textwrap.dedent("""
            try:
                block = bytearray(200 * 1024 * 1024)
                print("allocated")
            except MemoryError:
                print("MemoryError")
        """))
    work = new_run_folder()
    try:
        shared = run_sandboxed(allocate(100 * MB), work, limits=Limits(memory_mb=256, tmp_bytes=128 * MB, file_bytes=128 * MB))
        alone = run_sandboxed(allocate(0), work, limits=Limits(memory_mb=256, tmp_bytes=4 * MB))
    finally:
        shutil.rmtree(work)
    assert shared.returncode == 0, shared.stderr
    assert shared.stdout.split() == [str(128 * MB), "wrote", str(100 * MB), "MemoryError"], shared.stdout
    assert alone.stdout.split()[-1] == "allocated", alone.stdout + alone.stderr   # control: the allocation fits alone
    assert int(alone.stdout.split()[0]) == 256 * MB - 4 * MB


def test_a_tmp_as_large_as_the_memory_limit_is_refused_before_anything_runs(tmp_path: Path):
    with pytest.raises(ValueError, match="tmp_bytes"):
        run_sandboxed(py("open('ran', 'w').write('1')"), tmp_path, limits=Limits(memory_mb=64, tmp_bytes=64 * MB))
    assert not (tmp_path / "ran").exists()


def _memory_cgroup_here() -> bool:
    probe = sandbox._RunCgroups({"memory": 256 * MB})
    try:
        return "memory" in probe.paths
    finally:
        probe.remove()


HOLD_TOGETHER = """
    import subprocess, sys
    with open("/tmp/fill", "wb") as f:
        for _ in range({fill_mb}):
            f.write(b"x" * (1024 * 1024))
    hold = "import os; b = b'x' * (25 * 1024 * 1024); print('held', flush=True); os.read(0, 1)"
    kids = [subprocess.Popen([sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for _ in range(5)]
    held = [k.stdout.readline().strip() for k in kids]
    for k in kids:
        k.stdin.close()
    print(sorted(k.wait() for k in kids))
"""


@needs_bwrap
@pytest.mark.skipif(not _memory_cgroup_here(), reason="no memory cgroup can be made here (the rlimits still hold)")
def test_a_runs_processes_and_its_tmp_share_one_memory_limit():
    """Five processes, each well within its own address space, plus what /tmp holds: together past the
    run's memory limit, so the kernel stops one, and the run says why. The same processes without the full
    /tmp fit (control)."""
    limits = Limits(memory_mb=256, tmp_bytes=200 * MB, file_bytes=200 * MB, wall_seconds=60)
    work = new_run_folder()
    try:
        full = run_sandboxed(py(HOLD_TOGETHER.format(fill_mb=150)), work, limits=limits)
        empty = run_sandboxed(py(HOLD_TOGETHER.format(fill_mb=0)), work, limits=limits)
    finally:
        shutil.rmtree(work)
    assert full.killed_reason == "memory limit", (full.stdout, full.stderr)
    assert (empty.returncode, empty.killed_reason, empty.stdout.strip()) == (0, None, "[0, 0, 0, 0, 0]"), empty.stderr


@needs_bwrap
def test_a_bubblewrap_that_cannot_size_a_tmpfs_still_runs_and_says_so_once(monkeypatch):
    """bubblewrap before 0.7.0 has no --size (Ubuntu 22.04 ships 0.6): the sandbox still works, /tmp left to the
    memory cgroup, with one warning; this machine's bubblewrap is probed as able to size it."""
    assert sandbox._sizes_tmpfs(sandbox._bwrap_path()) is True and sandbox._sized_tmp is True
    monkeypatch.setattr(sandbox, "_sized_tmp", False)
    monkeypatch.setattr(sandbox, "_size_warned", False)
    assert "--size" not in sandbox._bwrap_argv("bwrap", Path("/w"), [], ["true"], None, MB)
    work = new_run_folder()
    try:
        with pytest.warns(RuntimeWarning, match="cannot size a tmpfs") as caught:
            runs = [run_sandboxed(py("open('/tmp/x', 'w').write('x')"), work) for _ in range(2)]
    finally:
        shutil.rmtree(work)
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert len([w for w in caught if "cannot size" in str(w.message)]) == 1
