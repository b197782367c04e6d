"""Run one untrusted command in a sandbox, with hard limits, and report faithfully what happened.

Why: learner code (tests, fixes) is graded by running it, and anything it can reach it can subvert.
The sandbox is bubblewrap (`bwrap`): a read-only view of the whole filesystem, only the run folder
writable, a private /tmp, fresh /proc and /dev, new namespaces (so no network, not even the host's
loopback), no capabilities, and the answer keys hidden under an empty tmpfs. When the caller is
root, the command also runs as an unprivileged user (see `_identity`), so files only root may read
(/etc/shadow, /root, ...) stay unreadable: a root uid inside the sandbox, even in a user namespace
mapped to host root, still passes the owner checks on root's files. Limits come from
rlimits set just before exec (memory, CPU, file size, no core files), a best-effort pids cgroup
(RLIMIT_NPROC is ignored for root), a wall clock that SIGKILLs the whole process group, and an
output cap that keeps reading but stops storing.

Where bwrap is missing or does not work (an instructor's laptop without namespaces) the command
still runs with the rlimits only, `sandboxed=False`, and one warning says isolation is reduced.
"""
from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
import resource
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from typing import Callable, Sequence
import uuid
import warnings

from course import paths

BWRAP = "/usr/bin/bwrap"
SETPRIV = "/usr/bin/setpriv"
SANDBOX_UID = SANDBOX_GID = 65534   # nobody / nogroup: who the command runs as when the caller is root
_GRACE_SECONDS = 0.5   # after the main process exits, how long stray holders of its pipes may linger


@dataclass
class Limits:
    wall_seconds: float = 30.0
    cpu_seconds: int = 30
    memory_mb: int = 1024
    output_bytes: int = 200_000            # per stream (stdout, stderr)
    processes: int = 64
    file_bytes: int = 64 * 1024 * 1024      # largest file the command may write (RLIMIT_FSIZE)


@dataclass
class RunResult:
    returncode: int | None      # None only if the process could not be reaped
    stdout: str
    stderr: str
    timed_out: bool
    killed_reason: str | None   # "wall clock", "cpu limit", "memory limit", "file size limit", "killed"
    wall_seconds: float
    sandboxed: bool


# ---------------------------------------------------------------- availability (probed once)

_probe: tuple[bool, str] | None = None
_warned = False
# Who the sandboxed command runs as, (uid, gid), when the caller is root and the probe could drop to
# an unprivileged user; None keeps the caller's identity (not root: a learner's laptop).
_identity: tuple[int, int] | None = None
_root_problem: str | None = None   # why a root caller could not drop (then the command runs as root)
_root_warned = False
_probe_lock = threading.Lock()


def _bwrap_path() -> str | None:
    if os.path.exists(BWRAP) and os.access(BWRAP, os.X_OK):
        return BWRAP
    return shutil.which("bwrap")


def _setpriv_path() -> str | None:
    if os.path.exists(SETPRIV) and os.access(SETPRIV, os.X_OK):
        return SETPRIV
    return shutil.which("setpriv")


def _probe_bwrap() -> tuple[bool, str]:
    global _identity, _root_problem
    exe = _bwrap_path()
    if exe is None:
        return False, "bubblewrap (bwrap) is not installed"
    identity, root_problem = None, None
    if os.geteuid() == 0:
        drop_to = (SANDBOX_UID, SANDBOX_GID)
        root_problem = _try_bwrap(exe, drop_to) if _setpriv_path() else "setpriv is not installed"
        if root_problem is None:
            identity = drop_to
    problem = None if identity is not None else _try_bwrap(exe, None)
    _identity, _root_problem = identity, root_problem
    return (True, "bwrap works") if problem is None else (False, problem)


def _try_bwrap(exe: str, identity: tuple[int, int] | None) -> str | None:
    """None if a probe command runs in the sandbox (as `identity`, able to start the interpreter and
    read this repository), else why not."""
    if identity is None:
        command, expected = ["/bin/sh", "-c", "echo ok > probe"], None
    else:
        command = [sys.executable, "-c", "import os, sys; os.listdir(sys.argv[1]); "
                   "open('probe', 'w').write(str(os.geteuid()))", str(paths.REPO_ROOT)]
        expected = str(identity[0])
    with tempfile.TemporaryDirectory(prefix="course-probe-") as tmp:
        work = Path(tmp).resolve()
        if identity is not None:
            _hand_over(work, identity)
        argv = _bwrap_argv(exe, work, [], command, identity)
        try:
            proc = subprocess.run(argv, capture_output=True, timeout=10, env={"PATH": "/usr/bin:/bin"})
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bwrap could not be started: {exc}"
        probe = work / "probe"
        ok = proc.returncode == 0 and probe.is_file() and (expected is None or probe.read_text() == expected)
        if not ok:
            err = proc.stderr.decode(errors="replace").strip().splitlines()
            return f"bwrap does not work here ({err[-1] if err else f'exit code {proc.returncode}'})"
    return None


def sandbox_available() -> bool:
    """True when bwrap is installed and a probe run inside it succeeded (probed once per process)."""
    global _probe
    if _probe is None:
        with _probe_lock:   # run_suites starts runs from several threads at once
            if _probe is None:
                _probe = _probe_bwrap()
    return _probe[0]


def _warn_unsandboxed() -> None:
    global _warned
    if not _warned:
        _warned = True
        reason = _probe[1] if _probe else "sandbox not probed"
        warnings.warn(
            f"course.judge.sandbox: {reason}; running untrusted code with resource limits only. Isolation is "
            "reduced: the code can read the answer keys, write outside its folder and use the network.",
            RuntimeWarning, stacklevel=3)


def _warn_root() -> None:
    global _root_warned
    if not _root_warned:
        _root_warned = True
        warnings.warn(
            f"course.judge.sandbox: could not drop to an unprivileged user ({_root_problem}); the sandboxed "
            "code runs as root without capabilities and can read files only root may read.",
            RuntimeWarning, stacklevel=3)


# ---------------------------------------------------------------- command line

def _always_hidden() -> list[Path]:
    """Keys; everything in the repository except the sandbox side of the `course` runtime (course.paths:
    the trusted packages are hidden too) and the interpreter's environment
    (its .git holds every key as objects, solutions/ and tests/ hold model answers); and whatever
    COURSE_SANDBOX_HIDE lists (os.pathsep-separated), such as the cohort's nbgrader course folder."""
    extra = [Path(p) for p in os.environ.get("COURSE_SANDBOX_HIDE", "").split(os.pathsep) if p]
    needed = {(paths.REPO_ROOT / "course").resolve(), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    repo_rest = []
    if paths.REPO_ROOT.is_dir():
        for child in paths.REPO_ROOT.iterdir():
            resolved = child.resolve()
            if not any(resolved == n or resolved in n.parents for n in needed):
                repo_rest.append(child)
    return [paths.keys_dir(), paths.REPO_ROOT / "grading", *repo_rest, *paths.trusted_packages(), *extra]


def _runtime_roots() -> list[Path]:
    """Folders the sandboxed process needs to read: the interpreter, its environment, this repository."""
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), paths.REPO_ROOT,
             Path(sys.executable).resolve().parent}
    return sorted(p.resolve() for p in roots if p.exists())


def _bwrap_argv(exe: str, workdir: Path, hide: Sequence[Path], argv: Sequence[str],
                identity: tuple[int, int] | None = None) -> list[str]:
    tmp = Path("/tmp")
    if identity is None:
        args = [exe, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--tmpfs", "/tmp"]
    else:
        # As root, no user namespace: bwrap would map the sandbox's uid to the caller's, host root.
        # bwrap keeps only what setpriv needs to drop to `identity` (and to chdir into the workdir,
        # which by then belongs to that user); setpriv then clears every capability set.
        args = [exe, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP",
                "--cap-add", "CAP_DAC_READ_SEARCH", "--perms", "1777", "--tmpfs", "/tmp"]
    layers: list[tuple[Path, bool]] = [(tmp, True)]   # what is laid over the host's view, in order:
    all_roots = _runtime_roots()                        # (folder, an empty tmpfs rather than a bind)
    roots = [r for r in all_roots if not any(o in r.parents for o in all_roots)]
    if identity is not None:
        # A folder the unprivileged user cannot enter (/root, mode 700, holding a pyenv interpreter)
        # on the way to the runtime or the workdir: lay an empty tmpfs over it and put back only those.
        for cover in _untraversable_ancestors([*roots, workdir], outside=tmp):
            args += ["--perms", "0755", "--tmpfs", str(cover)]
            layers.append((cover, True))
    # The private /tmp (or a cover) must not swallow the runtime when it lives there (a clone or venv
    # under /tmp): put those folders back read-only first; the hides below still apply on top of them.
    for root in roots:
        if any(tmpfs and m in root.parents for m, tmpfs in layers):
            if identity is not None:
                args += _make_way(root, layers)
            args += ["--ro-bind", str(root), str(root)]
            layers.append((root, False))
    seen: set[Path] = set()
    for path in hide:
        path = Path(path).resolve()
        if path in seen or not path.exists():   # nothing to hide; bwrap cannot mount on a missing path
            continue
        seen.add(path)
        if path.is_dir():
            args += ["--tmpfs", str(path)]
            layers.append((path, True))
        else:
            args += ["--ro-bind", "/dev/null", str(path)]
    if identity is not None:
        args += _make_way(workdir, layers)
    args += ["--bind", str(workdir), str(workdir), "--chdir", str(workdir), "--"]
    if identity is not None:
        uid, gid = identity
        args += [_setpriv_path() or SETPRIV, f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
                 "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return args + list(argv)


def _untraversable_ancestors(targets: Sequence[Path], outside: Path) -> list[Path]:
    """For each target, its outermost ancestor that others may not enter (no o+x), skipping those at
    or under `outside` (the private /tmp, laid anew); outermost first, none under another."""
    found: set[Path] = set()
    for target in targets:
        for anc in reversed(target.parents):   # from / down
            if anc == outside or outside in anc.parents:
                break
            try:
                mode = os.stat(anc).st_mode
            except OSError:
                break
            if not mode & stat.S_IXOTH:
                found.add(anc)
                break
    return sorted(p for p in found if not any(q in p.parents for q in found))


def _make_way(target: Path, layers: Sequence[tuple[Path, bool]]) -> list[str]:
    """bwrap creates the missing parents of a mount point with mode 700, which only root may enter:
    when the last layer over `target`'s parents is an empty tmpfs, create them with mode 755 first."""
    over = [(path, tmpfs) for path, tmpfs in layers if path in target.parents]
    if not over or not over[-1][1]:
        return []   # the host's own folders (or a bind of them) lead there
    base = over[-1][0]
    args: list[str] = []
    for d in reversed(target.parents):
        if base in d.parents:
            args += ["--perms", "0755", "--dir", str(d)]
    return args


def _environment(workdir: Path, extra: dict[str, str] | None) -> dict[str, str]:
    bindir = os.path.dirname(sys.executable)
    env = {
        "PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(workdir),
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra or {})
    return env


# ---------------------------------------------------------------- limits

class _PidsCgroup:
    """A throwaway pids cgroup (v1 or v2) capping the number of tasks; silently absent if not permitted.

    RLIMIT_NPROC counts every process of the user and is not enforced for root, so as root it
    cannot stop a fork bomb; a pids cgroup can.
    """

    def __init__(self, limit: int):
        self.path: str | None = None
        for base in ("/sys/fs/cgroup/pids", "/sys/fs/cgroup"):
            if not os.path.exists(os.path.join(base, "cgroup.procs")):
                continue
            path = os.path.join(base, f"course-sandbox-{uuid.uuid4().hex[:12]}")
            try:
                os.mkdir(path)
            except OSError:
                continue
            try:
                with open(os.path.join(path, "pids.max"), "w") as f:
                    f.write(str(limit))
                self.path = path
                return
            except OSError:
                os.rmdir(path)

    def procs_fd(self) -> int | None:
        if self.path is None:
            return None
        try:
            return os.open(os.path.join(self.path, "cgroup.procs"), os.O_WRONLY)
        except OSError:
            return None

    def remove(self) -> None:
        if self.path is None:
            return
        for _ in range(50):
            try:
                os.rmdir(self.path)
                return
            except OSError:
                time.sleep(0.02)


def _nproc_limit(processes: int) -> int | None:
    """RLIMIT_NPROC counts all the user's processes, and root ignores it: allow `processes` more
    than the user runs now, and skip it for root or where /proc cannot be counted."""
    if os.geteuid() == 0:
        return None
    try:
        uid = os.getuid()
        mine = sum(1 for e in os.scandir("/proc") if e.name.isdigit() and _owner(e.path) == uid)
    except OSError:
        return None
    return mine + processes


def _owner(path: str) -> int | None:
    try:
        return os.stat(path).st_uid
    except OSError:
        return None


def _preexec(limits: Limits, procs_fd: int | None):
    mem = limits.memory_mb * 1024 * 1024
    cpu = max(1, int(limits.cpu_seconds))
    nproc = _nproc_limit(limits.processes)
    settings = [(resource.RLIMIT_AS, (mem, mem)),
                (resource.RLIMIT_CPU, (cpu, cpu + 1)),
                (resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes)),
                (resource.RLIMIT_CORE, (0, 0))]
    if nproc is not None:
        settings.append((resource.RLIMIT_NPROC, (nproc, nproc)))

    def apply() -> None:   # runs in the child between fork and exec: keep it to plain system calls
        if procs_fd is not None:
            try:
                os.write(procs_fd, str(os.getpid()).encode())
            except OSError:
                pass
        for which, value in settings:
            try:
                resource.setrlimit(which, value)
            except (ValueError, OSError):
                pass   # e.g. above an existing hard limit: keep the stricter existing one
    return apply


def _killed_reason(returncode: int | None, stderr: str, sandboxed: bool) -> str | None:
    if returncode is None:
        return None
    sig = -returncode if returncode < 0 else (returncode - 128 if sandboxed and returncode > 128 else 0)
    if sig == signal.SIGXCPU:
        return "cpu limit"
    if sig == signal.SIGXFSZ:
        return "file size limit"
    if sig == signal.SIGKILL:
        return "killed"
    if returncode != 0 and "MemoryError" in stderr[-2000:]:
        return "memory limit"
    return None


# ---------------------------------------------------------------- the workdir's owner

_Owners = dict[str, tuple[int, int]]


def _hand_over(workdir: Path, identity: tuple[int, int]) -> _Owners:
    """Give the workdir and everything in it to `identity` (as root could write there before), and
    return the owners it had, by relative path. Never follows a symbolic link."""
    owners: _Owners = {}

    def owner_of(rel: str, st: os.stat_result) -> tuple[int, int]:
        owners[rel] = (st.st_uid, st.st_gid)
        return identity
    _chown_tree(workdir, owner_of)
    return owners


def _give_back(workdir: Path, owners: _Owners) -> None:
    """Restore the owners from before the run; what the run created goes to the workdir's owner.
    Runs once every process of the run is gone; never follows a symbolic link (the run made them)."""
    default = owners.get(".")
    if default is not None:
        _chown_tree(workdir, lambda rel, st: owners.get(rel, default))


def _chown_tree(top: Path, owner_of: Callable[[str, os.stat_result], tuple[int, int]]) -> None:
    def chown(name: str, rel: str, dir_fd: int | None) -> None:
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            want = owner_of(rel, st)
            if (st.st_uid, st.st_gid) != want:
                os.chown(name, *want, dir_fd=dir_fd, follow_symlinks=False)
        except OSError:
            pass   # gone, or a filesystem without owners: the run sees what it sees

    chown(str(top), ".", None)
    try:
        for dirpath, dirnames, filenames, dir_fd in os.fwalk(top, follow_symlinks=False):
            rel = os.path.relpath(dirpath, top)
            for name in (*dirnames, *filenames):
                chown(name, os.path.normpath(os.path.join(rel, name)), dir_fd)
    except OSError:
        pass


# ---------------------------------------------------------------- running

def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_sandboxed(argv: list[str], workdir: Path, *, limits: Limits | None = None,
                  env: dict[str, str] | None = None, hide: Sequence[Path] = (),
                  stdin: bytes | None = None, pass_fds: Sequence[int] = (),
                  started: Callable[[], None] | None = None) -> RunResult:
    """Run argv with cwd=workdir inside the sandbox (or with limits only, see module docstring).

    `started()` is called once the process exists (the caller may then close its copies of `pass_fds`, so
    the other end of a socket sees end-of-file when this process ends).

    The exit code is reported as it is (an early `os._exit(0)` gives 0): judging it is the caller's
    job. Output beyond `limits.output_bytes` per stream is read and dropped.
    """
    limits = limits or Limits()
    workdir = Path(workdir).resolve()
    sandboxed = sandbox_available()
    identity = _identity if sandboxed else None
    owners: _Owners | None = None
    if sandboxed:
        if identity is None and _root_problem is not None:
            _warn_root()
        full = _bwrap_argv(_bwrap_path() or BWRAP, workdir, [*_always_hidden(), *hide], argv, identity)
        if identity is not None:
            owners = _hand_over(workdir, identity)
    else:
        _warn_unsandboxed()
        full = list(argv)

    cgroup = _PidsCgroup(limits.processes)
    procs_fd = cgroup.procs_fd()
    stdin_file = None
    if stdin is not None:
        stdin_file = tempfile.TemporaryFile()
        stdin_file.write(stdin)
        stdin_file.seek(0)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            full, cwd=workdir, env=_environment(workdir, env),
            stdin=stdin_file if stdin_file is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, pass_fds=tuple(pass_fds),
            preexec_fn=_preexec(limits, procs_fd))
    except BaseException:
        cgroup.remove()
        if owners is not None:
            _give_back(workdir, owners)
        raise
    finally:
        if procs_fd is not None:
            os.close(procs_fd)
        if stdin_file is not None:
            stdin_file.close()
    try:
        if started is not None:
            started()
        out, err, timed_out = _collect(proc, start + limits.wall_seconds, limits.output_bytes)
    finally:
        _kill_group(proc)   # nothing of this run may outlive it (no-op when already gone)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        cgroup.remove()
        if owners is not None:
            _give_back(workdir, owners)
    elapsed = time.monotonic() - start
    stdout = _decode(out, limits.output_bytes)
    stderr = _decode(err, limits.output_bytes)
    returncode = proc.returncode
    reason = "wall clock" if timed_out else _killed_reason(returncode, stderr, sandboxed)
    return RunResult(returncode, stdout, stderr, timed_out, reason, elapsed, sandboxed)


def _collect(proc: subprocess.Popen, deadline: float, cap: int) -> tuple[bytearray, bytearray, bool]:
    """Read both pipes until they close, storing at most `cap` bytes each (plus a flag byte)."""
    bufs = {proc.stdout.fileno(): bytearray(), proc.stderr.fileno(): bytearray()}
    order = list(bufs)
    sel = selectors.DefaultSelector()
    for fd in bufs:
        sel.register(fd, selectors.EVENT_READ)
    exited_at: float | None = None
    timed_out = False
    try:
        while sel.get_map():
            now = time.monotonic()
            if now >= deadline:
                timed_out = True
                break
            if exited_at is None and proc.poll() is not None:
                exited_at = now
            if exited_at is not None and now - exited_at > _GRACE_SECONDS:
                break   # a stray background process still holds the pipes; it is killed below
            for key, _ in sel.select(timeout=min(0.1, deadline - now)):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    sel.unregister(key.fd)
                    continue
                buf = bufs[key.fd]
                if len(buf) <= cap:
                    buf += chunk[: cap + 1 - len(buf)]   # one byte over the cap marks truncation
        if not timed_out:
            remaining = deadline - time.monotonic()
            try:
                proc.wait(timeout=max(0.0, remaining))
            except subprocess.TimeoutExpired:
                timed_out = True
    finally:
        if timed_out:
            _kill_group(proc)
        sel.close()
        proc.stdout.close()
        proc.stderr.close()
    return bufs[order[0]], bufs[order[1]], timed_out


def _decode(buf: bytearray, cap: int) -> str:
    text = bytes(buf[:cap]).decode("utf-8", errors="replace")
    if len(buf) > cap:
        text += f"\n[output truncated at {cap} bytes]"
    return text
