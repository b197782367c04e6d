"""A warm server inside a sandbox: pytest (or the fixtures host) and the course runtime imported once, a fresh child
forked per run.

Started by course.judge.warm as `python -m course.sandboxed.zygote <kind>` in an ordinary sandbox
(course.judge.sandbox.run_sandboxed), with env COURSE_ZYGOTE_FD naming its end of a control socket. It never
runs tests itself and never reads what a run holds: per run it receives only a socket (SCM_RIGHTS) and forks.

Per run, three processes (why each exists):
- the supervisor (a fork of this server): reads the run's request from that socket (command line, environment,
  files, limits, and its descriptors: output pipes, cgroup files, the runner's pipes and bridge socket), so what
  a run holds (an implementation, a learner's tests) is only ever in processes that end with the run, never in
  the server that forks the next one. It makes new user, mount, pid, ipc, network and uts namespaces and forks:
- the run's init (pid 1 of the new pid namespace): joins the run's cgroups, lays fresh, size-limited tmpfs over
  /tmp, the work folder's parent (/home) and /dev/shm and an empty one over /proc (a fresh procfs cannot be mounted under
  bubblewrap's locked covers; the grader's own processes are not in this pid namespace anyway), brings up the
  loopback, writes the run's files, sets the rlimits, starts the namespace's pids at a random, host-looking number
  (ns_last_pid, through a descriptor the grader passes), drops every capability and sets no_new_privs, then forks
  the command and reaps, like bubblewrap's init (its exit status is the command's, 128 + signal if killed).
  When it exits the kernel kills everything left in the namespace: nothing of a run outlives it.
- the command (pid 2 under bubblewrap, a random pid above 300 here): `python -m pytest ...`
  (`python -m course.sandboxed.host ...` in a "host"
  server, which never imports pytest) run in this interpreter (runpy), with the
  run's descriptors at the numbers its environment names, then the interpreter's shutdown steps (threads
  joined, atexit handlers) and os._exit.

So a run cannot leave a file, a SysV/POSIX IPC object, a listening socket or memory for the next one (every
writable place is new and private, the server's memory is never written by a child), and cannot see or signal
the server, the supervisors or other runs (another pid namespace, an empty /proc).

Protocol (length-prefixed JSON, see `send`/`receive`):
  server -> grader  {"op": "ready"} once imported        grader -> server  {"op": "run"} + [run socket]
  grader -> supervisor  {"op": "run", argv, env, files (base64), limits, targets} + [out, err, cgroups..., fds...]
  supervisor -> grader  {"op": "started"} | {"op": "fault", "why"};  then {"op": "exit", "status"}
  grader -> supervisor  {"op": "kill"} (or closing the socket): the run is killed at once.
"""
from __future__ import annotations

import array
import base64
import json
import os
import select
import signal
import socket
import struct
import sys
from typing import Any

CONTROL_ENV = "COURSE_ZYGOTE_FD"
# A descriptor open for writing on the grader's /proc/sys/kernel/ns_last_pid (bubblewrap's /proc/sys is read-only and
# a fresh procfs cannot be mounted): writing it sets the last pid of the WRITER's pid namespace, and only a writer with
# CAP_SYS_ADMIN over that namespace's user namespace may (the run's init, before it drops its capabilities; never the
# server, the command or anything the command starts).
PIDS_ENV = "COURSE_ZYGOTE_PIDS_FD"
PID_FLOOR = 300                 # the kernel's own floor when pids wrap around (RESERVED_PIDS)
PID_CEILING = 4194304           # PID_MAX_LIMIT on 64-bit
MAX_FDS = 64
_HEADER = struct.Struct("!I")
MAX_MESSAGE = 64 * 1024 * 1024
IDLE_SECONDS = 60.0   # a server nobody asked for a run this long stops by itself

# ---------------------------------------------------------------- messages


def send(sock: socket.socket, message: dict[str, Any], fds: list[int] = ()) -> None:
    """One message, with `fds` attached to its first byte."""
    data = json.dumps(message).encode()
    payload = _HEADER.pack(len(data)) + data
    if fds:
        sent = socket.send_fds(sock, [payload[:1]], list(fds))
        payload = payload[sent:]
    sock.sendall(payload)


def receive(sock: socket.socket) -> tuple[dict[str, Any] | None, list[int]]:
    """(message, descriptors that came with it); (None, []) at end-of-file."""
    first, fds, _, _ = socket.recv_fds(sock, 1, MAX_FDS)
    if not first:
        return None, []
    rest = _exactly(sock, _HEADER.size - 1)
    if rest is None:
        return None, fds
    (size,) = _HEADER.unpack(first + rest)
    if size > MAX_MESSAGE:
        raise ValueError("message too large")
    body = _exactly(sock, size)
    if body is None:
        return None, fds
    return json.loads(body), fds


def _exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------- system calls (ctypes, before any run code)

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_RDONLY, MS_REC, MS_PRIVATE = 2, 4, 8, 1, 0x4000, 0x40000
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 24, 38
_libc: Any = None


def _load_libc() -> None:
    global _libc
    import ctypes
    _libc = ctypes.CDLL(None, use_errno=True)


def _call(name: str, *args: Any) -> None:
    import ctypes
    if getattr(_libc, name)(*args) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{name}: {os.strerror(err)}")


def _mount_tmpfs(target: str, options: str, flags: int = MS_NOSUID | MS_NODEV) -> None:
    _call("mount", b"tmpfs", target.encode(), b"tmpfs", flags, options.encode())


def _drop_capabilities() -> None:
    """No capability left, in any set, for this process and what it starts."""
    import ctypes
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == 22:   # EINVAL: past the last
            break
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)   # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()                  # effective, permitted, inheritable: all empty
    _call("capset", header, data)
    _call("prctl", PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def _loopback_up() -> None:
    import fcntl
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s.fileno(), 0x8913, ifreq))[1]   # SIOCGIFFLAGS
        fcntl.ioctl(s.fileno(), 0x8914, struct.pack("16sH22x", b"lo", flags | 0x1 | 0x40))   # SIOCSIFFLAGS: up


def _scrub() -> None:
    """What the run must not find already imported (the cold runner's command does not have it)."""
    global _libc
    _libc = None
    for name in [n for n in sys.modules if n == "ctypes" or n.startswith(("ctypes.", "_ctypes"))]:
        del sys.modules[name]


# ---------------------------------------------------------------- the server


_kind = "tests"   # this server's kind (main)
_pids: tuple[int, int] | None = None   # (the ns_last_pid descriptor, the host's pid_max), when the grader gave one
RUNS = {"tests": "pytest", "solo": "pytest", "host": "course.sandboxed.host"}   # kind -> the module its runs run
# The implementation's side of a split run (course.sandboxed.host) serves fixtures without pytest: nothing of pytest
# may be imported in its server, so nothing of it is in the process of a fix under the hidden tests (corpus c10).
_HOST_MODULES = ("course.sandboxed.bridge", "course.sandboxed.guard", "course.sandboxed.messages",
                 "course.sandboxed.resolver", "course.sandboxed.facades", "course.sandboxed.plain",
                 "course.sandboxed.fresh_module", "course.kits.race", "inspect", "shutil")
_COMMON_MODULES = ("sqlite3", "decimal", "fractions", "datetime", "queue", "threading", "tempfile", "runpy",
                   "atexit", "traceback", "fcntl")
# What every pytest run imported after the fork (seen in each run's sys.modules, 2026-12): pytest's debugging plugin's
# pdb (with cmd, code, codeop), faulthandler, argcomplete, and the course modules the recorder and the proxies import.
# Not readline (pytest imports it in the run on purpose, to attach it to the run's own stdio), nor
# course.sandboxed.pytest_record or .proxied (importing them reads the run's descriptors and bridge).
_PYTEST_RUN_MODULES = ("pdb", "faulthandler", "_pytest._argcomplete", "encodings.unicode_escape",
                       "course.sandboxed.host", "course.sandboxed.hypothesis_profile")
# What the fixtures' side imported after the fork in module 01: the scenario registry and the fault-injection kit
# (about 10 ms a run); neither reads anything of a run when imported.
_FIXTURE_RUN_MODULES = ("pkgutil", "course.paths", "course.scenarios", "course.kits.faults")
# What scenarios' fixtures import beside the implementation (the stampede's event loop, the fault services' HTTP
# servers and clients): imported once in the servers that hold fixtures, instead of in every run
_FIXTURE_MODULES = ("asyncio", "http.server", "urllib.request")


def preload(kind: str) -> None:
    """Import what every run of this kind imports: the course runtime, and pytest with its default plugins unless
    the kind's runs are pytest-free ("host")."""
    import importlib
    if RUNS[kind] == "pytest":
        import _pytest.config
        import pytest  # noqa: F401
        for name in (*_pytest.config.essential_plugins, *_pytest.config.default_plugins):
            importlib.import_module(f"_pytest.{name}" if name != "python_path" else "_pytest.python_path")
        for name in ("course.sandboxed.bridge", "course.sandboxed.guard", "course.sandboxed.messages",
                     "course.sandboxed.facades", "course.sandboxed.plain", "course.sandboxed.fresh_module",
                     "_pytest.pytester", "_pytest.assertion.rewrite", *_PYTEST_RUN_MODULES):
            importlib.import_module(name)
    else:
        for name in _HOST_MODULES:
            importlib.import_module(name)
    for name in _COMMON_MODULES:
        importlib.import_module(name)
    if kind == "solo":
        importlib.import_module("course.kits.race")
    if kind in ("solo", "host"):
        for name in (*_FIXTURE_MODULES, *_FIXTURE_RUN_MODULES):
            importlib.import_module(name)
    if RUNS[kind] != "pytest" and ("pytest" in sys.modules or "_pytest" in sys.modules):
        raise RuntimeError(f"the warm {kind} server must not load pytest")
    _load_libc()


def serve(control: socket.socket, idle: float = IDLE_SECONDS) -> None:
    """Fork a supervisor per run request until the grader closes the socket or nothing comes for `idle` s."""
    import gc
    gc.collect()
    gc.freeze()   # children then neither walk nor copy the server's objects in their collections
    send(control, {"op": "ready"})
    children: set[int] = set()
    while True:
        ready, _, _ = select.select([control], [], [], idle)
        if not ready:
            break
        message, fds = receive(control)
        if message is None:
            break
        if message.get("op") != "run" or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            continue
        pid = os.fork()
        if pid == 0:
            try:
                control.close()
                _supervise(socket.socket(fileno=fds[0]))
            finally:
                os._exit(0)
        os.close(fds[0])
        children.add(pid)
        _reap(children, block=False)
    control.close()
    _reap(children, block=True)   # runs under way finish: ending the sandbox would kill them


def _reap(children: set[int], *, block: bool) -> None:
    while children:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        children.discard(pid)


# ---------------------------------------------------------------- one run


def _supervise(sock: socket.socket) -> None:
    """Read the run's request, start its init in new namespaces, report its start and its exit status."""
    try:
        request, fds = receive(sock)
        if request is None:
            return
        uid, gid = os.geteuid(), os.getegid()
        _call("unshare", CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS)
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 127
            try:
                sock.close()
                os.close(ready_r)
                code = _init(request, fds, ready_w)
            except BaseException as exc:   # noqa: B902 - the supervisor reports a fault (no "ready" byte)
                os.write(2, f"warm run setup failed: {type(exc).__name__}: {exc}\n".encode(errors="replace"))
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)
        os.close(ready_w)
        ok = os.read(ready_r, 1) == b"1"
        os.close(ready_r)
        if not ok:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            send(sock, {"op": "fault", "why": "the run's sandbox could not be set up"})
            return
        send(sock, {"op": "started"})
        status = _wait_or_kill(pid, sock)
        send(sock, {"op": "exit", "status": status})
    except (OSError, ValueError) as exc:
        try:
            send(sock, {"op": "fault", "why": f"{type(exc).__name__}: {exc}"})
        except OSError:
            pass


def _wait_or_kill(pid: int, sock: socket.socket) -> int | None:
    """The init's exit status; a kill request (or the grader gone) kills it, and its whole namespace, first."""
    pidfd = os.pidfd_open(pid)
    try:
        while True:
            ready, _, _ = select.select([pidfd, sock], [], [])
            if pidfd not in ready:
                try:
                    message, extra = receive(sock)
                except (OSError, ValueError):
                    message, extra = None, []
                for fd in extra:
                    os.close(fd)
                if message is None or message.get("op") == "kill":
                    os.kill(pid, signal.SIGKILL)
                else:
                    continue
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
    finally:
        os.close(pidfd)


def _init(request: dict[str, Any], fds: list[int], ready_w: int) -> int:
    """pid 1 of the run: fresh writable places, limits, no capabilities; then the command as pid 2."""
    import resource
    _call("prctl", PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)   # the supervisor gone: the run goes too
    limits = request["limits"]
    out, err, *rest = fds
    cgroups, passed = rest[: request["cgroups"]], rest[request["cgroups"]:]
    for fd in cgroups:   # the run's own pids and memory cgroups, before anything is allocated ("0": this process)
        os.write(fd, b"0")   # failing here fails the setup: the grader then runs it cold, never unlimited
        os.close(fd)
    workdir = request["workdir"]
    _call("mount", b"none", b"/", None, MS_REC | MS_PRIVATE, None)
    _mount_tmpfs("/tmp", f"size={max(4096, limits['tmp_bytes'])},mode=1777")
    parent = os.path.dirname(workdir)   # /home: the server's own work folder there is gone from the host
    if parent != "/tmp":
        _mount_tmpfs(parent, f"size={max(4096, limits['file_bytes'])},mode=755")
    os.makedirs(workdir, exist_ok=True)
    if os.path.isdir("/dev/shm"):
        _mount_tmpfs("/dev/shm", "size=65536,mode=1777")
    _mount_tmpfs("/proc", "size=4096,mode=555", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY)
    _loopback_up()
    for rel, data in request["files"].items():
        path = os.path.join(workdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
    os.chdir(workdir)
    for which, soft, hard in request["rlimits"]:
        try:
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            pass
    _scatter_pids()
    _drop_capabilities()
    pid = os.fork()
    if pid == 0:
        os.close(ready_w)
        _command(request, out, err, passed)   # never returns
    for fd in (out, err, *passed):
        os.close(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # as bubblewrap's init: the command cannot interrupt its reaper
    os.write(ready_w, b"1")
    os.close(ready_w)
    return _reap_all(pid)


def _reap_all(main: int) -> int:
    """Reap every process of the namespace until the command exits; its status, 128 + signal if killed."""
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return 1
        if pid == main:
            return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


def _scatter_pids() -> None:
    """Start this pid namespace's pids at a random, host-looking number, so the command is not pid 2.

    Red team: the implementation's process had a small pid (its own pid namespace), visible in every log record, and a
    fix that behaved only then earned the points its snippet does not. Best effort, not fail-closed: when the grader
    could not open ns_last_pid, or the write fails (no CAP_SYS_ADMIN over this namespace, an old kernel), the run goes
    on with small pids; that lets a fix tell it is judged, it never gives a wrong verdict."""
    if _pids is None:
        return
    fd, pid_max = _pids
    high = min(pid_max, PID_CEILING) - 1000
    if high > PID_FLOOR:
        import secrets
        try:
            os.pwrite(fd, str(PID_FLOOR + secrets.randbelow(high - PID_FLOOR)).encode(), 0)
        except OSError:
            pass
    os.close(fd)


def _take_pids_fd() -> tuple[int, int] | None:
    """(the ns_last_pid descriptor, the host's pid_max) the grader passed as PIDS_ENV="<fd> <pid_max>"; None without.
    The host's pid_max, not this sandbox's: newer kernels keep one per pid namespace, and a new one's is the limit."""
    fields = os.environ.pop(PIDS_ENV, "").split()
    if len(fields) != 2 or not all(f.isdigit() for f in fields):
        return None
    return int(fields[0]), int(fields[1])


def _command(request: dict[str, Any], out: int, err: int, passed: list[int]) -> None:
    """Become `python -m <this kind's module> ...` with the run's descriptors and environment; exit with its status."""
    code = 1
    try:
        targets = request["targets"]
        import fcntl
        above = max([2, *targets]) + 1   # copies out of the way of the target numbers, then into place
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, above) for fd in (out, err, *passed)]
        for fd in (out, err, *passed):
            os.close(fd)
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(high[0], 1)
        os.dup2(high[1], 2)
        for fd, target in zip(high[2:], targets):
            os.dup2(fd, target, inheritable=True)
        _close_all_but({0, 1, 2, *targets})
        _scrub()
        os.environ.clear()
        os.environ.update(request["env"])
        argv = request["argv"]
        if argv[1:3] != ["-m", RUNS[_kind]]:
            raise ValueError(f"a warm {_kind} run is `python -m {RUNS[_kind]} ...`")
        import importlib
        import runpy
        importlib.invalidate_caches()   # the work folder is a new one under the same name
        race = sys.modules.get("course.kits.race")
        if race is not None:   # this run's folders are tmpfs: race worlds keep sqlite3's default fsync, as production's
            race.SYNC_WORLDS = True
        sys.argv = ["-m", *argv[3:]]
        code = _run_main(runpy, argv[2])
    except BaseException:   # noqa: B902 - as the interpreter would: print it, exit 1
        import traceback
        traceback.print_exc()
    finally:
        _shutdown()
        os._exit(code)


def _close_all_but(keep: set[int]) -> None:
    """Close every descriptor not in `keep` (the server's, the supervisor's, the copies made on the way)."""
    import resource
    start = 0
    for fd in (*sorted(keep), max(max(keep) + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])):
        if fd > start:   # never an empty range: closerange(n, n) closes everything from n on (close_range(n, n - 1))
            os.closerange(start, fd)
        start = fd + 1


def _run_main(runpy: Any, module: str) -> int:
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code & 0xFF
        print(exc.code, file=sys.stderr)
        return 1
    return 0


def _shutdown() -> None:
    """What the interpreter does at exit: join non-daemon threads, run atexit handlers, flush."""
    import atexit
    import threading
    try:
        threading._shutdown()   # type: ignore[attr-defined]
    except BaseException:   # noqa: B902
        pass
    try:
        atexit._run_exitfuncs()
    except BaseException:   # noqa: B902
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:   # noqa: B902
            pass


def main() -> None:
    global _kind
    kind = _kind = sys.argv[1] if len(sys.argv) > 1 else "tests"
    if kind not in RUNS:
        raise SystemExit(f"no such kind of warm server: {kind!r}")
    fd = os.environ.pop(CONTROL_ENV, None)
    if fd is None:
        raise SystemExit(f"{CONTROL_ENV} is not set: this server runs only under the judge")
    control = socket.socket(fileno=int(fd))
    global _pids
    _pids = _take_pids_fd()
    preload(kind)
    serve(control, float(sys.argv[2]) if len(sys.argv) > 2 else IDLE_SECONDS)


if __name__ == "__main__":
    main()
