"""Run one untrusted command in a sandbox, with hard limits, and report faithfully what happened.

Why: learner code (tests, fixes) is graded by running it, and anything it can reach it can subvert.
The sandbox is bubblewrap (`bwrap`): a read-only view of the whole filesystem, only the run folder
writable, a private /tmp, fresh /proc and /dev, new namespaces (so no network, not even the host's
loopback, and no view of the host's cgroup tree), no capabilities, and the answer keys hidden under an
empty tmpfs. Runs do not see each other (handbook 5.5): each run folder is a private folder of its own
(`new_run_folder`: an unguessable name under a mode-0700 parent that the sandbox hides), and inside the
sandbox it is always at the same neutral path (`WORKDIR_INSIDE`, under an empty /home), so neither its
name nor where TMPDIR points says which run, or which implementation, it is. The private /tmp is a tmpfs
of `Limits.tmp_bytes` whose size is taken out of the memory limit (see `Limits`). When the caller is
root, the command also runs as an unprivileged user (see `_identity`), so files only root may read
(/etc/shadow, /root, ...) stay unreadable: a root uid inside the sandbox, even in a user namespace
mapped to host root, still passes the owner checks on root's files. Limits come from
rlimits set just before exec (memory, CPU, file size, no core files), best-effort pids and memory
cgroups (RLIMIT_NPROC is ignored for root; RLIMIT_AS bounds one process, the memory cgroup the whole run
and its /tmp), a wall clock that SIGKILLs the whole process group, and an
output cap that keeps reading but stops storing.

Where bwrap is missing or does not work (an instructor's laptop without namespaces) the command
still runs with the rlimits only, `sandboxed=False`, and one warning says isolation is reduced.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
import os
from pathlib import Path
import resource
import secrets
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
    """What one run may use. Memory: `memory_mb` covers the private /tmp too: /tmp is a tmpfs of
    `tmp_bytes` (writing past it fails with ENOSPC) and each process's address space (RLIMIT_AS) gets
    the rest, so what a process holds plus what the run keeps in /tmp stays within `memory_mb`; where a
    memory cgroup can be made, it also holds all the run's processes and its /tmp to `memory_mb` together."""
    wall_seconds: float = 30.0
    cpu_seconds: int = 30
    memory_mb: int = 1024
    output_bytes: int = 200_000            # per stream (stdout, stderr)
    processes: int = 64
    file_bytes: int = 64 * 1024 * 1024      # largest file the command may write (RLIMIT_FSIZE)
    tmp_bytes: int = 64 * 1024 * 1024       # size of the private /tmp, taken out of memory_mb

    def address_space_bytes(self) -> int:
        """RLIMIT_AS of each process: the memory limit less the private /tmp. A /tmp as large as the
        memory limit (or larger) is a mistake in the limits, not something to run with."""
        rest = self.memory_mb * 1024 * 1024 - self.tmp_bytes
        if self.tmp_bytes < 0 or rest <= 0:
            raise ValueError(f"Limits.tmp_bytes ({self.tmp_bytes}) must be between 0 and the memory limit "
                             f"({self.memory_mb} MB): the private /tmp counts against the memory")
        return rest


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
# Whether bwrap can size a tmpfs (--size: bubblewrap 0.7.0 and later; Ubuntu 22.04 ships 0.6). Without it
# the private /tmp is bounded only by the run's memory cgroup, where one can be made, with a warning.
_sized_tmp = True
_size_warned = False


def _bwrap_path() -> str | None:
    if os.path.exists(BWRAP) and os.access(BWRAP, os.X_OK):
        return BWRAP
    return shutil.which("bwrap")


def _setpriv_path() -> str | None:
    if os.path.exists(SETPRIV) and os.access(SETPRIV, os.X_OK):
        return SETPRIV
    return shutil.which("setpriv")


def _probe_bwrap() -> tuple[bool, str]:
    global _identity, _root_problem, _sized_tmp
    exe = _bwrap_path()
    if exe is None:
        return False, "bubblewrap (bwrap) is not installed"
    _sized_tmp = _sizes_tmpfs(exe)
    identity, root_problem = None, None
    if os.geteuid() == 0:
        drop_to = (SANDBOX_UID, SANDBOX_GID)
        root_problem = _try_bwrap(exe, drop_to) if _setpriv_path() else "setpriv is not installed"
        if root_problem is None:
            identity = drop_to
    problem = None if identity is not None else _try_bwrap(exe, None)
    _identity, _root_problem = identity, root_problem
    return (True, "bwrap works") if problem is None else (False, problem)


def _sizes_tmpfs(exe: str) -> bool:
    try:
        shown = subprocess.run([exe, "--help"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return b"--size" in shown.stdout + shown.stderr


def _try_bwrap(exe: str, identity: tuple[int, int] | None) -> str | None:
    """None if a probe command runs in the sandbox (as `identity`, able to start the interpreter and
    read this repository), else why not."""
    if identity is None:
        command, expected = ["/bin/sh", "-c", "echo ok > probe"], None
    else:
        command = [sys.executable, "-c", "import os, sys; os.listdir(sys.argv[1]); "
                   "open('probe', 'w').write(str(os.geteuid()))", str(paths.REPO_ROOT)]
        expected = str(identity[0])
    try:
        work = new_run_folder()
    except OSError as exc:
        return f"no private run folder could be made: {exc}"
    try:
        if identity is not None:
            _hand_over(work, identity)
        argv = _bwrap_argv(exe, work, [], command, identity, Limits().tmp_bytes)
        try:
            proc = subprocess.run(argv, capture_output=True, timeout=10, env={"PATH": "/usr/bin:/bin"})
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bwrap could not be started: {exc}"
        probe = work / "probe"
        ok = proc.returncode == 0 and probe.is_file() and (expected is None or probe.read_text() == expected)
        if not ok:
            err = proc.stderr.decode(errors="replace").strip().splitlines()
            return f"bwrap does not work here ({err[-1] if err else f'exit code {proc.returncode}'})"
    finally:
        shutil.rmtree(work, ignore_errors=True)
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


def _warn_unsized_tmp() -> None:
    global _size_warned
    if not _size_warned:
        _size_warned = True
        warnings.warn(
            "course.judge.sandbox: this bubblewrap cannot size a tmpfs (--size needs bubblewrap 0.7.0 or later): "
            "the sandbox's private /tmp is bounded only by the run's memory cgroup, where one can be made.",
            RuntimeWarning, stacklevel=3)


def _warn_root() -> None:
    global _root_warned
    if not _root_warned:
        _root_warned = True
        warnings.warn(
            f"course.judge.sandbox: could not drop to an unprivileged user ({_root_problem}); the sandboxed "
            "code runs as root without capabilities and can read files only root may read.",
            RuntimeWarning, stacklevel=3)


# ---------------------------------------------------------------- run folders

RUNS_PREFIX = "course-runs-"


def runs_root() -> Path:
    """Where this user's run folders live: `<tempdir>/course-runs-<uid>` (TMPDIR decides the tempdir).
    One fixed parent per user, so the sandbox can hide every run folder of every grading process at once."""
    return Path(tempfile.gettempdir()).resolve() / f"{RUNS_PREFIX}{os.geteuid()}"


def new_run_folder() -> Path:
    """A new, empty, private run folder (mode 0700, an unguessable name) under `runs_root()` (mode 0700,
    ours). Raises PermissionError with a readable message when that parent exists but is not a private
    folder of ours (another user made it first, or it is a link): run folders are never put in a
    folder someone else may list."""
    root = runs_root()
    try:
        os.mkdir(root, 0o700)
    except FileExistsError:
        pass
    st = os.lstat(root)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
        raise PermissionError(f"{root} is not a folder of this user (uid {os.geteuid()}); the judge keeps its "
                              "private run folders there: remove it, or point TMPDIR elsewhere")
    if stat.S_IMODE(st.st_mode) != 0o700:
        os.chmod(root, 0o700, follow_symlinks=False)
    folder = root / secrets.token_hex(16)
    os.mkdir(folder, 0o700)
    return folder


# ---------------------------------------------------------------- command line

HIDE_ENV = "COURSE_SANDBOX_HIDE"   # more folders to hide, os.pathsep-separated


def _always_hidden() -> list[Path]:
    """Keys; everything in the repository except the sandbox side of the `course` runtime (course.paths:
    the trusted packages are hidden too) and the interpreter's environment
    (its .git holds every key as objects, solutions/ and tests/ hold model answers); and whatever
    COURSE_SANDBOX_HIDE lists (os.pathsep-separated), such as the cohort's nbgrader course folder."""
    extra = [Path(p) for p in os.environ.get(HIDE_ENV, "").split(os.pathsep) if p]
    needed = {(paths.REPO_ROOT / "course").resolve(), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    repo_rest = []
    for checkout in _checkouts():
        for child in checkout.iterdir():
            resolved = child.resolve()
            if not any(resolved == n or resolved in n.parents for n in needed):
                repo_rest.append(child)
    return [paths.keys_dir(), paths.REPO_ROOT / "grading", *repo_rest, *paths.trusted_packages(), runs_root(),
            *exchange_roots(), *extra]


def hide_also(folders: Sequence[str]) -> None:
    """Hide `folders` too from every later run this process starts (through COURSE_SANDBOX_HIDE, which warm
    servers are keyed on): the Judge adds the course folder and the configured exchange, cohort workers the same."""
    hidden = [p for p in os.environ.get(HIDE_ENV, "").split(os.pathsep) if p]
    missing = [str(p) for p in folders if str(p) not in hidden]
    if missing:
        os.environ[HIDE_ENV] = os.pathsep.join(hidden + missing)


# nbgrader's exchange: its inbound/ holds every learner's submission. Hidden from every run, whoever starts it
# (`course check` and the score cells too, not only autograde, whose Judge adds the root its config sets).
NBGRADER_DEFAULT_EXCHANGE = Path("/usr/local/share/nbgrader/exchange")   # nbgrader's Exchange.root default
HUB_EXCHANGE_ENV, HUB_DEFAULT_EXCHANGE = "COURSE_EXCHANGE", Path("/srv/nbgrader/exchange")  # grading/hub


def exchange_roots() -> list[Path]:
    """The exchange folders a course run on this machine may use: nbgrader's default and the hub's."""
    return [NBGRADER_DEFAULT_EXCHANGE, Path(os.environ.get(HUB_EXCHANGE_ENV) or HUB_DEFAULT_EXCHANGE)]


def _checkouts() -> list[Path]:
    """This repository, and any other checkout of the course on the way to the interpreter's environment (a
    worktree whose .venv is another checkout's: that one's keys and .git must be hidden too, red team)."""
    found = [paths.REPO_ROOT] if paths.REPO_ROOT.is_dir() else []
    for folder in Path(sys.prefix).resolve().parents:
        if folder not in found and (folder / "grading").is_dir() and (folder / "course").is_dir():
            found.append(folder)
    return found


def _runtime_roots() -> list[Path]:
    """Folders the sandboxed process needs to read: the interpreter, its environment, this repository."""
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), paths.REPO_ROOT,
             Path(sys.executable).resolve().parent}
    return sorted(p.resolve() for p in roots if p.exists())


# Where the run folder is inside the sandbox, whatever its path on the host: the same for every run, and
# not under a temporary folder (a fix that behaves only in a "temporary working folder" learns nothing).
# /home is laid empty to hold it (hiding the host's homes too); a host without /home keeps it in /tmp.
_NEUTRAL_PARENT = Path("/home")
WORKDIR_INSIDE = _NEUTRAL_PARENT / "app" if _NEUTRAL_PARENT.is_dir() else Path("/tmp/app")
_CGROUP_TREE = Path("/sys/fs/cgroup")


def _bwrap_argv(exe: str, workdir: Path, hide: Sequence[Path], argv: Sequence[str],
                identity: tuple[int, int] | None, tmp_bytes: int) -> list[str]:
    tmp = Path("/tmp")
    if identity is None:
        args = [exe, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    else:
        # As root, no user namespace: bwrap would map the sandbox's uid to the caller's, host root.
        # bwrap keeps only what setpriv needs to drop to `identity` (and to chdir into the workdir,
        # which by then belongs to that user); setpriv then clears every capability set.
        args = [exe, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP",
                "--cap-add", "CAP_DAC_READ_SEARCH", "--perms", "1777"]
    if _sized_tmp:
        args += ["--size", str(max(4096, tmp_bytes))]   # counted in the memory limit (see Limits)
    args += ["--tmpfs", str(tmp)]
    # The cgroup namespace shows the run's own cgroups as "/" in /proc/self/cgroup; the host's tree
    # mounted at /sys/fs/cgroup is laid over with an empty tmpfs.
    if _CGROUP_TREE.is_dir():
        args += ["--tmpfs", str(_CGROUP_TREE)]
    layers: list[tuple[Path, bool]] = [(tmp, True)]     # what is laid over the host's view, in order:
    if WORKDIR_INSIDE.parent != tmp:                    # (folder, an empty tmpfs rather than a bind)
        args += ["--perms", "0755", "--tmpfs", str(WORKDIR_INSIDE.parent)] if identity is not None else \
            ["--tmpfs", str(WORKDIR_INSIDE.parent)]
        layers.append((WORKDIR_INSIDE.parent, True))
    fresh = [path for path, _ in layers]
    all_roots = _runtime_roots()
    roots = [r for r in all_roots if not any(o in r.parents for o in all_roots)]
    if identity is not None:
        # A folder the unprivileged user cannot enter (/root, mode 700, holding a pyenv interpreter)
        # on the way to the runtime: lay an empty tmpfs over it and put back only the runtime.
        for cover in _untraversable_ancestors(roots, outside=fresh):
            args += ["--perms", "0755", "--tmpfs", str(cover)]
            layers.append((cover, True))
    # The private /tmp, the empty /home (or a cover) must not swallow the runtime when it lives there (a
    # clone or venv under /tmp or a home): put those folders back read-only first; the hides below
    # still apply on top of them.
    for root in roots:
        if any(tmpfs and m in root.parents for m, tmpfs in layers):
            if identity is not None:
                args += _make_way(root, layers)
            args += ["--ro-bind", str(root), str(root)]
            layers.append((root, False))
    seen: set[Path] = set()
    for path in hide:
        path = Path(path).resolve()
        if path in seen or not path.exists() or _covered(path, layers):
            continue   # nothing to hide (bwrap cannot mount on a missing path), or already under an empty tmpfs
        seen.add(path)
        if path.is_dir():
            args += ["--tmpfs", str(path)]
            layers.append((path, True))
        else:
            args += ["--ro-bind", "/dev/null", str(path)]
    if identity is not None:
        args += _make_way(WORKDIR_INSIDE, layers)
    args += ["--bind", str(workdir), str(WORKDIR_INSIDE), "--chdir", str(WORKDIR_INSIDE), "--"]
    if identity is not None:
        uid, gid = identity
        args += [_setpriv_path() or SETPRIV, f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
                 "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return args + list(argv)


def _covered(path: Path, layers: Sequence[tuple[Path, bool]]) -> bool:
    """True when the last layer laid over `path` (or over a folder holding it) is an empty tmpfs:
    nothing of the host's `path` shows in the sandbox already."""
    over = [tmpfs for layer, tmpfs in layers if layer == path or layer in path.parents]
    return bool(over) and over[-1]


def _untraversable_ancestors(targets: Sequence[Path], outside: Sequence[Path]) -> list[Path]:
    """For each target, its outermost ancestor that others may not enter (no o+x), skipping those at
    or under a folder of `outside` (laid anew as an empty tmpfs); outermost first, none under another."""
    found: set[Path] = set()
    for target in targets:
        for anc in reversed(target.parents):   # from / down
            if any(anc == o or o in anc.parents for o in outside):
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


def _environment(home: Path, extra: dict[str, str] | None) -> dict[str, str]:
    bindir = os.path.dirname(sys.executable)
    env = {
        "PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
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

# controller -> (its limit file, v1 name first; files set to the same value where present, best effort).
_CGROUP_LIMITS = {"pids": (("pids.max",), ()),
                  "memory": (("memory.limit_in_bytes", "memory.max"), ("memory.memsw.limit_in_bytes",))}


class _RunCgroups:
    """Throwaway cgroups (v1 or v2) for one run: a pids cgroup capping the number of tasks and a memory
    cgroup capping what the run's processes hold together, the private /tmp's pages included (the kernel
    charges a tmpfs page to the cgroup of the process that wrote it), swap included where it is counted.
    Each is silently absent where it is not permitted: the rlimits still hold (handbook 5.5).

    RLIMIT_NPROC counts every process of the user and is not enforced for root, so as root it
    cannot stop a fork bomb; a pids cgroup can. RLIMIT_AS bounds one process, not a run of many.
    """

    def __init__(self, limits: dict[str, int]):
        self.paths: dict[str, str] = {}   # controller -> its cgroup's folder (one folder for both on v2)
        for controller, value in limits.items():
            self._place(controller, value)

    def _place(self, controller: str, value: int) -> None:
        names, equal = _CGROUP_LIMITS[controller]
        for base in (f"/sys/fs/cgroup/{controller}", "/sys/fs/cgroup"):
            if not os.path.exists(os.path.join(base, "cgroup.procs")):
                continue
            shared = next((p for p in self.paths.values() if os.path.dirname(p) == base), None)
            path = shared or os.path.join(base, f"course-sandbox-{uuid.uuid4().hex[:12]}")
            if shared is None:
                try:
                    os.mkdir(path)
                except OSError:
                    continue
            name = next((n for n in names if os.path.exists(os.path.join(path, n))), None)
            try:
                if name is None:
                    raise OSError(f"no {controller} controller here")
                with open(os.path.join(path, name), "w") as f:
                    f.write(str(value))
                self.paths[controller] = path
                for file in equal:   # memory plus swap, v1 with swap accounting on
                    with contextlib.suppress(OSError), open(os.path.join(path, file), "w") as f:
                        f.write(str(value))
                return
            except OSError:
                if shared is None:
                    os.rmdir(path)

    def procs_fds(self) -> list[int]:
        fds = []
        for path in dict.fromkeys(self.paths.values()):
            try:
                fds.append(os.open(os.path.join(path, "cgroup.procs"), os.O_WRONLY))
            except OSError:
                pass
        return fds

    def memory_exhausted(self) -> bool:
        """The kernel killed a process of the run because the run's memory cgroup was full."""
        path = self.paths.get("memory")
        if path is None:
            return False
        for name in ("memory.oom_control", "memory.events"):   # v1, v2
            try:
                with open(os.path.join(path, name)) as f:
                    counts = dict(line.split()[:2] for line in f if len(line.split()) >= 2)
                return int(counts.get("oom_kill", "0")) > 0
            except (OSError, ValueError):
                continue
        return False

    def remove(self) -> None:
        for path in dict.fromkeys(self.paths.values()):
            for _ in range(50):
                try:
                    os.rmdir(path)
                    break
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


def rlimit_settings(limits: Limits) -> list[tuple[int, tuple[int, int]]]:
    """The rlimits of one run's processes, (resource, (soft, hard)): set before exec, or in a warm run's init."""
    mem = limits.address_space_bytes()
    cpu = max(1, int(limits.cpu_seconds))
    nproc = _nproc_limit(limits.processes)
    settings = [(resource.RLIMIT_AS, (mem, mem)),
                (resource.RLIMIT_CPU, (cpu, cpu + 1)),
                (resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes)),
                (resource.RLIMIT_CORE, (0, 0))]
    if nproc is not None:
        settings.append((resource.RLIMIT_NPROC, (nproc, nproc)))
    return settings


def _preexec(limits: Limits, procs_fds: Sequence[int]):
    settings = rlimit_settings(limits)

    def apply() -> None:   # runs in the child between fork and exec: keep it to plain system calls
        for fd in procs_fds:
            try:
                os.write(fd, str(os.getpid()).encode())
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
    """Run argv with cwd=workdir inside the sandbox (or with limits only, see module docstring). Inside the
    sandbox the workdir is at WORKDIR_INSIDE (also HOME), never at its host path: argv names its files
    relative to it.

    `started()` is called once the process exists (the caller may then close its copies of `pass_fds`, so
    the other end of a socket sees end-of-file when this process ends).

    The exit code is reported as it is (an early `os._exit(0)` gives 0): judging it is the caller's
    job. Output beyond `limits.output_bytes` per stream is read and dropped.
    """
    limits = limits or Limits()
    limits.address_space_bytes()   # bad limits are an error before anything runs
    workdir = Path(workdir).resolve()
    sandboxed = sandbox_available()
    identity = _identity if sandboxed else None
    owners: _Owners | None = None
    if sandboxed:
        if identity is None and _root_problem is not None:
            _warn_root()
        if not _sized_tmp:
            _warn_unsized_tmp()
        full = _bwrap_argv(_bwrap_path() or BWRAP, workdir, [*_always_hidden(), *hide], argv, identity,
                           limits.tmp_bytes)
        if identity is not None:
            owners = _hand_over(workdir, identity)
    else:
        _warn_unsandboxed()
        full = list(argv)

    cgroup = _RunCgroups({"pids": limits.processes, "memory": limits.memory_mb * 1024 * 1024})
    procs_fds = cgroup.procs_fds()
    stdin_file = None
    if stdin is not None:
        stdin_file = tempfile.TemporaryFile()
        stdin_file.write(stdin)
        stdin_file.seek(0)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            full, cwd=workdir, env=_environment(WORKDIR_INSIDE if sandboxed else workdir, env),
            stdin=stdin_file if stdin_file is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, pass_fds=tuple(pass_fds),
            preexec_fn=_preexec(limits, procs_fds))
    except BaseException:
        cgroup.remove()
        if owners is not None:
            _give_back(workdir, owners)
        raise
    finally:
        for fd in procs_fds:
            os.close(fd)
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
        out_of_memory = cgroup.memory_exhausted()
        cgroup.remove()
        if owners is not None:
            _give_back(workdir, owners)
    elapsed = time.monotonic() - start
    stdout = _decode(out, limits.output_bytes)
    stderr = _decode(err, limits.output_bytes)
    returncode = proc.returncode
    reason = "wall clock" if timed_out else _killed_reason(returncode, stderr, sandboxed)
    if out_of_memory and not timed_out:
        reason = "memory limit"   # the kernel killed a process of the run: its processes and /tmp were full
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
                read_capped(sel, key.fd, bufs[key.fd], cap)
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


def read_capped(sel: selectors.BaseSelector, fd: int, buf: bytearray, cap: int) -> None:
    """Read what `fd` has into `buf`, storing at most `cap` bytes (one more marks truncation); at end-of-file
    stop watching it."""
    chunk = os.read(fd, 65536)
    if not chunk:
        sel.unregister(fd)
    elif len(buf) <= cap:
        buf += chunk[: cap + 1 - len(buf)]


def _decode(buf: bytearray, cap: int) -> str:
    text = bytes(buf[:cap]).decode("utf-8", errors="replace")
    if len(buf) > cap:
        text += f"\n[output truncated at {cap} bytes]"
    return text
