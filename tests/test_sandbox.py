"""The sandbox really isolates (real bwrap): keys hidden, only the run folder writable, no network,
hard wall/memory/output limits; and the fallback without bwrap still applies the limits."""
from __future__ import annotations

import os
from pathlib import Path
import shutil
import socket
import sys
import tempfile
import textwrap
import time
import warnings

import pytest

from course import paths
from course.judge import sandbox
from course.judge.sandbox import Limits, run_sandboxed, sandbox_available

needs_bwrap = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap does not work here")
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="the drop to an unprivileged user is for root callers")
# The drop needs the checkout and the interpreter's folders themselves to be enterable by others (their
# parents may be private: the sandbox handles that). A checkout made private (mode 0700) keeps root,
# with the sandbox's warning; that is a property of the checkout, not something these tests can fix.
readable_checkout = pytest.mark.skipif(
    any(Path(p).resolve().stat().st_mode & 0o005 != 0o005 for p in (paths.REPO_ROOT, sys.prefix, sys.base_prefix)),
    reason="this checkout or interpreter folder is private (mode 0700): the sandbox keeps root here, with a warning")


def py(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    work = tmp_path / "learner-a"
    work.mkdir()
    return work


@pytest.fixture
def visible_dir() -> Path:
    """A folder the sandbox can see (its own /tmp is private, so not under /tmp). mkdtemp makes it
    0700, which the sandbox's unprivileged user (when we are root) could not enter: open it up."""
    base = Path(tempfile.mkdtemp(dir="/var/tmp", prefix="course-sbx-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base)


@pytest.fixture
def secret_key(visible_dir: Path, monkeypatch) -> Path:
    """A key file in a keys folder the judge is pointed at (COURSE_KEYS_DIR)."""
    keys = visible_dir / "keys"
    (keys / "01-x").mkdir(parents=True)
    key = keys / "01-x" / "key.py"
    key.write_text("ANSWER = 42\n")
    monkeypatch.setenv("COURSE_KEYS_DIR", str(keys))
    assert paths.keys_dir() == keys.resolve()
    return key


@needs_bwrap
def test_probe_is_cached_and_true_here():
    assert sandbox_available() is True
    assert sandbox._probe == (True, "bwrap works")


@needs_bwrap
def test_can_write_inside_workdir_and_reports_exit_code(workdir: Path):
    result = run_sandboxed(py("""
        import os, sys
        open("out.txt", "w").write("hello")
        print(os.getcwd(), os.environ["HOME"], sorted(k for k in os.environ if k.startswith("XYZ")))
        os._exit(7)
    """), workdir, env={"XYZ_EXTRA": "1"})
    assert result.sandboxed and not result.timed_out
    assert result.returncode == 7
    assert (workdir / "out.txt").read_text() == "hello"
    inside = str(sandbox.WORKDIR_INSIDE)   # the same neutral path for every run, never the host's
    assert result.stdout.split() == [inside, inside, "['XYZ_EXTRA']"]


@needs_bwrap
def test_parent_environment_does_not_leak(workdir: Path, monkeypatch):
    monkeypatch.setenv("COURSE_TEST_SECRET", "s3cret")
    result = run_sandboxed(py("import os; print(sorted(os.environ))"), workdir)
    assert "COURSE_TEST_SECRET" not in result.stdout
    assert "PYTHONHASHSEED" in result.stdout


@needs_bwrap
def test_keys_folder_is_hidden(workdir: Path, secret_key: Path, monkeypatch):
    peek = py(f"print(open({str(secret_key)!r}).read())")
    monkeypatch.setenv("COURSE_KEYS_DIR", str(workdir / "elsewhere"))
    assert run_sandboxed(peek, workdir).stdout == "ANSWER = 42\n\n"   # visible when not the keys dir
    monkeypatch.setenv("COURSE_KEYS_DIR", str(secret_key.parent.parent))
    assert "FileNotFoundError" in run_sandboxed(peek, workdir).stderr
    code = f"""
        import os
        print(os.path.exists({str(secret_key)!r}), os.listdir({str(secret_key.parent.parent)!r}))
        print(os.listdir({str(paths.REPO_ROOT / "grading")!r}))
    """
    result = run_sandboxed(py(code), workdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["False []", "[]"]
    assert secret_key.read_text() == "ANSWER = 42\n"     # hidden, not touched


@needs_bwrap
def test_extra_hide_paths_are_hidden(workdir: Path, visible_dir: Path):
    other = visible_dir / "learner-b"
    other.mkdir()
    (other / "answers.txt").write_text("copy me")
    (visible_dir / "single.txt").write_text("file")
    code = f"""
        import os
        print(os.listdir({str(other)!r}))
        try:
            print(open({str(visible_dir / 'single.txt')!r}).read())
        except OSError as exc:
            print(type(exc).__name__)
    """
    assert run_sandboxed(py(code), workdir).stdout.split() == ["['answers.txt']", "file"]
    hidden = run_sandboxed(py(code), workdir, hide=[other, visible_dir / "single.txt"])
    assert hidden.stdout.split() == ["[]", "PermissionError"], hidden.stderr   # a file is covered by /dev/null


@needs_bwrap
def test_the_exchange_is_hidden_from_every_run(workdir: Path, visible_dir: Path, monkeypatch):
    """nbgrader's exchange holds every learner's submission: hidden from any run (`course check` and the score
    cells too, not only autograde), at the hub's folder (COURSE_EXCHANGE) and at nbgrader's default."""
    from nbgrader.exchange.default.exchange import Exchange

    assert sandbox.NBGRADER_DEFAULT_EXCHANGE == Path(Exchange.class_traits()["root"].default_value)
    hub_config = (paths.REPO_ROOT / "grading" / "hub" / "common" / "nbgrader_config.py").read_text()
    assert f'os.environ.get("{sandbox.HUB_EXCHANGE_ENV}", "{sandbox.HUB_DEFAULT_EXCHANGE}")' in hub_config
    exchange = visible_dir / "exchange"
    (exchange / "inbound").mkdir(parents=True)
    (exchange / "inbound" / "bob+01+submission.ipynb").write_text("bob's answers")
    code = f"import os; print(os.listdir({str(exchange / 'inbound')!r}))"
    assert run_sandboxed(py(code), workdir).stdout.split() == ["['bob+01+submission.ipynb']"]
    monkeypatch.setenv(sandbox.HUB_EXCHANGE_ENV, str(exchange))
    hidden = run_sandboxed(py(code), workdir)
    assert "bob" not in hidden.stdout and "FileNotFoundError" in hidden.stderr, (hidden.stdout, hidden.stderr)


@needs_bwrap
def test_cannot_write_into_a_sibling_learners_folder(visible_dir: Path):
    # The sibling is visible (not under the sandbox's private /tmp), but read-only.
    mine, theirs = visible_dir / "learner-a", visible_dir / "learner-b"
    mine.mkdir()
    theirs.mkdir()
    (theirs / "answer.py").write_text("theirs\n")
    result = run_sandboxed(py(f"""
        import os
        print(open({str(theirs / "answer.py")!r}).read().strip())
        for attempt in ("open('{theirs / "answer.py"}', 'w')", "open('{theirs / "new.py"}', 'w')",
                        "os.remove('{theirs / "answer.py"}')"):
            try:
                eval(attempt)
                print("wrote")
            except OSError as exc:
                print(exc.errno)
    """), mine)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["theirs", "30", "30", "30"]   # EROFS each time
    assert sorted(p.name for p in theirs.iterdir()) == ["answer.py"]
    assert (theirs / "answer.py").read_text() == "theirs\n"


@needs_bwrap
def test_private_tmp(workdir: Path, tmp_path: Path):
    marker = Path("/tmp") / f"course-sbx-marker-{tmp_path.name}"
    marker.write_text("host")
    try:
        result = run_sandboxed(py(f"""
            import os
            print(os.path.exists({str(marker)!r}))
            open("/tmp/scratch", "w").write("x")
        """), workdir)
        assert result.stdout.strip() == "False" and result.returncode == 0
        assert not Path("/tmp/scratch").exists() or Path("/tmp/scratch").read_text() != "x"
    finally:
        marker.unlink()


@needs_bwrap
def test_no_network_not_even_host_loopback(workdir: Path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    try:
        result = run_sandboxed(py(f"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=2)
                print("connected")
            except OSError as exc:
                print("refused", exc.errno)
        """), workdir)
        assert result.stdout.startswith("refused"), result.stdout + result.stderr
        with pytest.raises(socket.timeout):
            server.accept()
    finally:
        server.close()


@needs_bwrap
def test_wall_limit_kills_a_process_ignoring_signals_and_its_children(workdir: Path):
    code = """
        import os, signal, time
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if os.fork() == 0:
            os.setsid()                       # a grandchild in its own session
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            while True:
                with open("beat", "a") as f:
                    f.write(".")
                time.sleep(0.05)
        while True:
            pass
    """
    start = time.monotonic()
    result = run_sandboxed(py(code), workdir, limits=Limits(wall_seconds=1.5))
    elapsed = time.monotonic() - start
    assert result.timed_out and result.killed_reason == "wall clock"
    assert 1.4 < elapsed < 4, elapsed
    size = (workdir / "beat").stat().st_size
    time.sleep(0.4)
    assert (workdir / "beat").stat().st_size == size     # the grandchild is dead too


@needs_bwrap
def test_memory_limit(workdir: Path):
    result = run_sandboxed(py("x = bytearray(600 * 1024 * 1024); print('allocated')"), workdir,
                           limits=Limits(memory_mb=256))
    assert result.returncode != 0 and "allocated" not in result.stdout
    assert "MemoryError" in result.stderr and result.killed_reason == "memory limit"


@needs_bwrap
def test_cpu_limit(workdir: Path):
    result = run_sandboxed(py("while True: pass"), workdir, limits=Limits(cpu_seconds=1, wall_seconds=10))
    assert not result.timed_out and result.killed_reason == "cpu limit"   # the CPU limit, not the wall clock


@needs_bwrap
def test_output_is_capped_without_reading_it_all_into_memory(workdir: Path):
    code = "import sys\nfor _ in range(500):\n    sys.stdout.write('x' * 100_000)\nprint('end')"
    result = run_sandboxed(py(code), workdir, limits=Limits(output_bytes=10_000))
    assert result.returncode == 0
    assert result.stdout.startswith("x" * 10_000)
    assert len(result.stdout) < 10_100 and result.stdout.endswith("[output truncated at 10000 bytes]")


@needs_bwrap
def test_stdin_and_pass_fds(workdir: Path, tmp_path: Path):
    import os
    read_end, write_end = os.pipe()
    result = run_sandboxed(py(f"""
        import os, sys
        os.write({write_end}, sys.stdin.read().upper().encode())
    """), workdir, stdin=b"ping", pass_fds=(write_end,))
    os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert os.read(read_end, 100) == b"PING"
    os.close(read_end)


def test_fallback_runs_with_limits_and_warns_once(workdir: Path, monkeypatch):
    monkeypatch.setattr(sandbox, "_probe", (False, "bubblewrap (bwrap) is not installed"))
    monkeypatch.setattr(sandbox, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ok = run_sandboxed(py("open('f', 'w').write('1'); print('ran')"), workdir)
        big = run_sandboxed(py("x = bytearray(600 * 1024 * 1024)"), workdir, limits=Limits(memory_mb=256))
        slow = run_sandboxed(py("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: pass"),
                             workdir, limits=Limits(wall_seconds=1))
    assert ok.returncode == 0 and ok.stdout == "ran\n" and not ok.sandboxed
    assert big.killed_reason == "memory limit"
    assert slow.timed_out and slow.wall_seconds < 3
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1
    assert "not installed" in messages[0] and "Isolation is reduced" in messages[0]


@needs_bwrap
@pytest.mark.parametrize("parent", ["/tmp", str(sandbox.WORKDIR_INSIDE.parent)])
def test_repository_under_tmp_stays_readable_and_its_keys_hidden(workdir: Path, monkeypatch, parent: str):
    """A clone under /tmp (as a CI checkout may be) or under /home (a laptop's): the private /tmp and the
    empty /home that holds the run folder must not hide the runtime, and the clone's keys stay hidden."""
    repo = Path(tempfile.mkdtemp(prefix="course-clone-", dir=parent))
    repo.chmod(0o755)                                            # as `git clone` makes it
    try:
        (repo / "course").mkdir()
        (repo / "course" / "runtime.txt").write_text("runtime\n")
        (repo / "grading" / "keys" / "01-x").mkdir(parents=True)
        (repo / "grading" / "keys" / "01-x" / "key.py").write_text("ANSWER = 42\n")
        monkeypatch.setattr(paths, "REPO_ROOT", repo)
        monkeypatch.setenv("COURSE_KEYS_DIR", str(repo / "grading" / "keys"))
        code = f"""
            import os
            print(open({str(repo / "course" / "runtime.txt")!r}).read().strip())
            print(os.path.exists({str(repo / "grading" / "keys" / "01-x" / "key.py")!r}))
            try:
                open({str(repo / "course" / "x.txt")!r}, "w")
            except OSError:
                print("read-only")
        """
        result = run_sandboxed(py(code), workdir)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["runtime", "False", "read-only"]
    finally:
        shutil.rmtree(repo)


CAPS_AND_IDS = """
    import os
    status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
    print(os.getuid(), os.geteuid(), os.getgid(), os.getegid(), os.getgroups())
    print(sorted({status[k].split()[0] for k in ("Uid", "Gid")}))
    print(sorted({status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")}))
"""


@needs_bwrap
@as_root
@readable_checkout
def test_root_caller_runs_the_code_as_an_unprivileged_user(workdir: Path, visible_dir: Path):
    """Root inside the sandbox (even without capabilities, even in a user namespace mapped to host
    root) passes the owner check on root's files: /etc/shadow (0640 root:shadow), a 0600 file."""
    secret = visible_dir / "root-only.txt"     # visible, not hidden: only its mode protects it
    secret.write_text("s3cret")
    secret.chmod(0o600)
    (workdir / "given.txt").write_text("from the runner\n")   # root-owned, as the runner writes them
    shadow = os.stat("/etc/shadow", follow_symlinks=False) if os.path.exists("/etc/shadow") else None
    result = run_sandboxed(py(textwrap.dedent(CAPS_AND_IDS) + textwrap.dedent(f"""
        for path in ({str(secret)!r}, "/etc/shadow"):
            try:
                print(open(path).read()[:20])
            except OSError as exc:
                print(type(exc).__name__)
        open("given.txt", "a").write("and the run\\n")       # the workdir and its files are its own
        os.mkdir("sub")
        open("sub/new.txt", "w").write("new")
        os.symlink("/etc/shadow", "link")
        open("/tmp/scratch", "w").write("x")
        print(oct(os.stat("/tmp").st_mode & 0o7777), open("/tmp/scratch").read())
    """)), workdir)
    assert result.sandboxed and result.returncode == 0, (sandbox._root_problem, result.stderr)
    lines = result.stdout.splitlines()
    uid, gid = sandbox.SANDBOX_UID, sandbox.SANDBOX_GID
    assert lines[0] == f"{uid} {uid} {gid} {gid} []"
    assert lines[1] == str(sorted({str(uid), str(gid)}))                 # real, effective, saved, fs
    assert lines[2] == "['0000000000000000']"                              # no capability anywhere
    assert lines[3] == "PermissionError"
    assert lines[4] == ("PermissionError" if shadow else "FileNotFoundError")
    assert lines[5:] == ["0o1777 x"]
    assert (workdir / "given.txt").read_text() == "from the runner\nand the run\n"
    assert (workdir / "sub" / "new.txt").read_text() == "new"
    # Handed back: everything is the caller's again, and the link was not followed.
    for path in (workdir, *workdir.rglob("*")):
        st = os.stat(path, follow_symlinks=False)
        assert (st.st_uid, st.st_gid) == (0, 0), path
    if shadow:
        after = os.stat("/etc/shadow", follow_symlinks=False)
        assert (after.st_uid, after.st_gid, after.st_mode) == (shadow.st_uid, shadow.st_gid, shadow.st_mode)


@needs_bwrap
@as_root
@readable_checkout
def test_workdir_inside_a_folder_others_cannot_enter(tmp_path: Path):
    """A run folder under a 0700 folder (mkdtemp) outside /tmp: the sandbox still reaches its own
    folder (at its neutral path: HOME, the working folder), and nothing else in that folder."""
    base = Path(tempfile.mkdtemp(dir="/var/tmp", prefix="course-sbx-"))   # 0700
    try:
        mine, theirs = base / "learner-a", base / "learner-b"
        mine.mkdir()
        theirs.mkdir()
        (theirs / "answers.txt").write_text("copy me")
        result = run_sandboxed(py(f"""
            import os
            open(os.path.join(os.environ["HOME"], "home.txt"), "w").write("h")
            print(os.listdir("."), os.path.exists({str(theirs)!r}))
        """), mine)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["['home.txt']", "False"]
        assert (mine / "home.txt").read_text() == "h"
    finally:
        shutil.rmtree(base)


@needs_bwrap
@as_root
def test_root_caller_without_setpriv_keeps_root_and_warns(workdir: Path, monkeypatch):
    monkeypatch.setattr(sandbox, "_setpriv_path", lambda: None)
    for name, value in (("_probe", None), ("_identity", None), ("_root_problem", None), ("_root_warned", False)):
        monkeypatch.setattr(sandbox, name, value)
    assert sandbox_available() and sandbox._identity is None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = run_sandboxed(py("import os; print(os.getuid()); open('f', 'w').write('1')"), workdir)
        run_sandboxed(py("pass"), workdir)
    assert first.returncode == 0 and first.stdout == "0\n", first.stderr
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(messages) == 1 and "setpriv is not installed" in messages[0]


@needs_bwrap
def test_only_the_runtime_of_the_repository_is_visible(workdir: Path):
    """The red team read keys from .git objects and model answers from solutions/: only course/ stays, and of it
    only the sandbox side (the judge, the nbgrader glue and the rest of the trusted packages are hidden)."""
    code = f"""
        import os
        root = {str(paths.REPO_ROOT)!r}
        print(sorted(n for n in os.listdir(root) if os.path.isdir(os.path.join(root, n)) and os.listdir(os.path.join(root, n))))
        print(os.path.exists(os.path.join(root, "course", "sandboxed", "pytest_record.py")))
        print([p for p in {[str(p.relative_to(paths.REPO_ROOT)) for p in paths.trusted_packages()]!r}
               if os.path.exists(os.path.join(root, p, "__init__.py"))])
    """
    result = run_sandboxed(py(code), workdir)
    assert result.returncode == 0, result.stderr
    visible, runtime, trusted_seen = result.stdout.splitlines()[:3]
    assert runtime == "True"
    assert trusted_seen == "[]", trusted_seen
    for private in (".git", "solutions", "tests", "grading", "modules"):
        assert f"'{private}'" not in visible, visible
