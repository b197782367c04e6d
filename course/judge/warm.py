"""Warm sandboxes: judged runs forked from pre-started, pre-imported servers instead of a new sandbox each.

Why: a cold run (course.judge.sandbox.run_sandboxed) pays, per process, bubblewrap, the interpreter and the
imports of pytest and the course runtime; that is most of a judged run's cost, and a tests exercise needs two
processes per implementation. Here one server per side of a run ("tests": the learner's tests, the recorder and
proxies; "host": the implementation and the scenario's fixtures, served without pytest; and "solo" for the grader's
own one-process runs) is started once per grading process, when first needed, in an ordinary sandbox, with those
imports done; each run is a child it forks (course.sandboxed.zygote has the
isolation argument: new namespaces, fresh tmpfs for every writable place, no capabilities, the run's own
cgroups and rlimits, a random pid under an init of its own). `run_warm` has run_sandboxed's contract: same command,
same environment, same descriptors at the same numbers, same RunResult.

The two sides never share a server: learner code never runs in a process forked from one that has handled an
implementation (and no server ever holds what a run holds: the run's request goes straight to its supervisor).

Anything wrong on the warm side (a server that does not start, dies, or breaks the protocol) raises WarmFault
before a result exists; course.judge.testrun then runs the whole batch cold, so a warm fault never gives points
and is never the learner's failure. Servers stop by themselves: when this process closes their control socket
(stop_servers, at exit), when it dies (bubblewrap's --die-with-parent), or after IDLE_SECONDS without a run.

COURSE_JUDGE_WARM=off runs every run cold; "on" (the DEFAULT) uses warm servers where the sandbox works.
"""
from __future__ import annotations

import atexit
import base64
import os
from pathlib import Path
import selectors
import shutil
import socket
import sys
import threading
import time
from typing import Callable, Mapping, Sequence
import warnings

from course import paths
from course.judge import sandbox
from course.judge.sandbox import Limits, RunResult
from course.sandboxed import zygote

WARM_ENV = "COURSE_JUDGE_WARM"
DEFAULT = "on"             # same verdicts as cold on every module key (tests/test_warm.py); off: all cold
KINDS = ("tests", "host", "solo")
IDLE_SECONDS = 60.0        # a server without a run this long stops by itself
MAX_AGE_SECONDS = 900.0    # and is replaced (not killed: its runs finish) after this long
STARTUP_SECONDS = 30.0     # a server that is not ready by then is a fault
SETUP_SECONDS = 10.0       # a run whose sandbox is not set up by then is a fault
FAULT_PAUSE_SECONDS = 60.0 # after a fault, runs are cold for this long
_SERVER_LIMITS = Limits(wall_seconds=MAX_AGE_SECONDS + 3600, cpu_seconds=3600, memory_mb=2048,
                        processes=1024, tmp_bytes=1024 * 1024)


class WarmFault(RuntimeError):
    """The warm side failed (not the run's code): the caller runs the same work cold."""


def enabled() -> bool:
    """Use warm servers? Not with COURSE_JUDGE_WARM=off, nor without a working sandbox, nor for a while after a
    fault, nor where the runtime lives under /tmp (a run's fresh /tmp would hide it)."""
    raw = os.environ.get(WARM_ENV, DEFAULT).strip().lower() or DEFAULT
    if raw in ("off", "0", "no", "false"):
        return False
    if raw not in ("on", "1", "yes", "true"):
        raise ValueError(f"{WARM_ENV} must be on or off (got {raw!r})")
    if time.monotonic() < _paused_until or not sandbox.sandbox_available():
        return False
    fresh = (Path("/tmp"), sandbox.WORKDIR_INSIDE.parent)   # laid anew in every run: the runtime must not be there
    return not any(root == f or f in root.parents for root in sandbox._runtime_roots() for f in fresh)


_paused_until = 0.0
_warned = False
_faults = 0


def faults() -> int:
    """How many warm faults this process has seen."""
    return _faults


def note_fault(exc: BaseException) -> None:
    """A warm fault happened: say so once, run cold for a while, start fresh servers after."""
    global _paused_until, _warned, _faults
    _faults += 1
    _paused_until = time.monotonic() + FAULT_PAUSE_SECONDS
    stop_servers()
    if not _warned:
        _warned = True
        warnings.warn(f"course.judge.warm: {exc}; running these runs cold (slower, same results)",
                      RuntimeWarning, stacklevel=3)


# ---------------------------------------------------------------- servers


def _last_pid_fd() -> int | None:
    """This host's /proc/sys/kernel/ns_last_pid open for writing, for the server's runs to start their pids high
    (course.sandboxed.zygote._scatter_pids); None where it cannot be opened (then runs have small pids)."""
    try:
        return os.open("/proc/sys/kernel/ns_last_pid", os.O_WRONLY | os.O_CLOEXEC)
    except OSError:
        return None


def _pid_max() -> int:
    """The host's highest pid (the kernel's default where it cannot be read)."""
    try:
        return int(Path("/proc/sys/kernel/pid_max").read_text())
    except (OSError, ValueError):
        return 32768


class _Server:
    """One pre-imported server (course.sandboxed.zygote) in a sandbox of its own, fed over a control socket."""

    def __init__(self, kind: str, view: tuple[str, ...]) -> None:
        self.kind, self.view = kind, view
        self.born = time.monotonic()
        self.result: RunResult | None = None
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._folder = sandbox.new_run_folder()
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        argv = [sys.executable, "-m", "course.sandboxed.zygote", kind, str(IDLE_SECONDS)]
        env = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONPATH": str(paths.REPO_ROOT),
               zygote.CONTROL_ENV: str(theirs.fileno())}
        pids = [fd] if (fd := _last_pid_fd()) is not None else []   # emptied once closed (closed exactly once)
        if pids:
            env[zygote.PIDS_ENV] = f"{pids[0]} {_pid_max()}"
        passed = (theirs.fileno(), *pids)

        def started() -> None:
            theirs.close()
            while pids:
                os.close(pids.pop())

        def run() -> None:   # this thread lives as long as the server: bubblewrap dies with the thread that started it
            try:
                self.result = sandbox.run_sandboxed(argv, self._folder, limits=_SERVER_LIMITS, env=env,
                                                    pass_fds=passed, started=started)
            except BaseException as exc:   # noqa: B902 - reported as a fault to whoever waits
                self.error = exc
            finally:
                started()
                self.control.close()
                shutil.rmtree(self._folder, ignore_errors=True)

        self.thread = threading.Thread(target=run, name=f"course-warm-{kind}", daemon=True)
        self.thread.start()
        self.control.settimeout(STARTUP_SECONDS)
        try:
            message, fds = zygote.receive(self.control)
        except (OSError, ValueError) as exc:
            message, fds = None, []
            self.error = self.error or exc
        for fd in fds:
            os.close(fd)
        if message is None or message.get("op") != "ready":
            self.stop()
            raise WarmFault(f"the warm {kind} server did not start: {self._why()}")
        self.control.settimeout(None)
        # The sandbox holds its work folder mounted; runs lay their own over it: nothing of it need stay listed.
        shutil.rmtree(self._folder, ignore_errors=True)

    def _why(self) -> str:
        if self.error is not None:
            return f"{type(self.error).__name__}: {self.error}"
        if self.result is not None:
            text = (self.result.stderr or self.result.stdout).strip().splitlines()
            return text[-1][:300] if text else f"exit code {self.result.returncode}"
        return "no answer"

    def alive(self) -> bool:
        return self.thread.is_alive() and self.control.fileno() >= 0

    def submit(self, sock: socket.socket) -> None:
        """Hand the server one run's socket: it forks that run's supervisor."""
        with self._lock:
            if not self.alive():
                raise WarmFault(f"the warm {self.kind} server is gone: {self._why()}")
            try:
                zygote.send(self.control, {"op": "run"}, [sock.fileno()])
            except OSError as exc:
                raise WarmFault(f"the warm {self.kind} server does not answer: {exc}") from None

    def stop(self, wait: float = 10.0) -> None:
        """Close the control socket: the server lets its runs finish and ends its sandbox."""
        try:
            self.control.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.thread.join(wait)


_servers: dict[str, _Server] = {}
_servers_lock = threading.Lock()


def _view() -> tuple[str, ...]:
    """What a sandbox started now would see and hide (COURSE_SANDBOX_HIDE, TMPDIR, the runtime): a server
    started with another view is replaced."""
    return (sys.executable, str(paths.REPO_ROOT), *map(str, sandbox._always_hidden()))


def _server(kind: str) -> _Server:
    view = _view()
    with _servers_lock:
        server = _servers.get(kind)
        if server is not None and (not server.alive() or server.view != view
                                   or time.monotonic() - server.born > MAX_AGE_SECONDS):
            threading.Thread(target=server.stop, daemon=True).start()   # its runs under way finish
            server = None
        if server is None:
            server = _servers[kind] = _Server(kind, view)
        return server


def stop_servers() -> None:
    """Stop every warm server of this process (they also stop by themselves; see the module docstring)."""
    with _servers_lock:
        servers = list(_servers.values())
        _servers.clear()
    for server in servers:
        server.stop()


atexit.register(stop_servers)


# ---------------------------------------------------------------- one run


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path: what a warm run gets written into its own work folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_warm(kind: str, argv: Sequence[str], files: Mapping[str, bytes], *, limits: Limits | None = None,
             env: dict[str, str] | None = None, pass_fds: Sequence[int] = (),
             started: Callable[[], None] | None = None) -> RunResult:
    """run_sandboxed's contract, in a child of the warm `kind` server, with `files` as its work folder's content.

    Raises WarmFault when the warm side fails; whatever the command does is reported in the RunResult."""
    limits = limits or Limits()
    limits.address_space_bytes()
    server = _server(kind)
    cgroup = sandbox._RunCgroups({"pids": limits.processes, "memory": limits.memory_mb * 1024 * 1024})
    procs_fds = cgroup.procs_fds()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    request = {"op": "run", "argv": list(argv), "env": sandbox._environment(sandbox.WORKDIR_INSIDE, env),
               "workdir": str(sandbox.WORKDIR_INSIDE),
               "files": {rel: base64.b64encode(data).decode() for rel, data in files.items()},
               "limits": {"tmp_bytes": limits.tmp_bytes, "file_bytes": limits.file_bytes},
               "rlimits": [[which, soft, hard] for which, (soft, hard) in sandbox.rlimit_settings(limits)],
               "cgroups": len(procs_fds), "targets": list(pass_fds)}
    start = time.monotonic()
    status: int | None = None
    timed_out = False
    try:
        try:
            server.submit(theirs)
            zygote.send(mine, request, [out_w, err_w, *procs_fds, *pass_fds])
        except OSError as exc:
            raise WarmFault(f"a warm run could not be handed over: {exc}") from None
        finally:
            theirs.close()
            for fd in (out_w, err_w, *procs_fds):
                os.close(fd)
        reply = _reply(mine, SETUP_SECONDS)
        if reply is None or reply.get("op") != "started":
            why = reply.get("why") if reply else "no answer from its supervisor"
            raise WarmFault(f"a warm {kind} run did not start: {why}")
        if started is not None:
            started()
        out, err, status, timed_out = _collect(mine, out_r, err_r, start + limits.wall_seconds, limits.output_bytes)
    finally:
        mine.close()
        for fd in (out_r, err_r):
            os.close(fd)
        out_of_memory = cgroup.memory_exhausted()
        cgroup.remove()
    elapsed = time.monotonic() - start
    stdout, stderr = sandbox._decode(out, limits.output_bytes), sandbox._decode(err, limits.output_bytes)
    reason = "wall clock" if timed_out else sandbox._killed_reason(status, stderr, True)
    if out_of_memory and not timed_out:
        reason = "memory limit"
    return RunResult(status, stdout, stderr, timed_out, reason, elapsed, True)


def _reply(sock: socket.socket, timeout: float) -> dict | None:
    sock.settimeout(timeout)
    try:
        message, fds = zygote.receive(sock)
    except (OSError, ValueError):
        return None
    finally:
        sock.settimeout(None)
    for fd in fds:
        os.close(fd)
    return message


def _collect(sock: socket.socket, out_r: int, err_r: int, deadline: float,
             cap: int) -> tuple[bytearray, bytearray, int | None, bool]:
    """Read the run's output (at most `cap` bytes per stream stored) until it exits and its pipes close; kill it
    at the deadline. Raises WarmFault when its supervisor goes away without an exit status."""
    bufs = {out_r: bytearray(), err_r: bytearray()}
    status: int | None = None
    exited_at: float | None = None
    with selectors.DefaultSelector() as sel:
        for fd in bufs:
            sel.register(fd, selectors.EVENT_READ)
        sel.register(sock, selectors.EVENT_READ)
        while True:
            now = time.monotonic()
            if now >= deadline:
                _kill(sock)
                return bufs[out_r], bufs[err_r], None, True
            if exited_at is not None and (now - exited_at > sandbox._GRACE_SECONDS
                                          or not any(fd in sel.get_map() for fd in bufs)):
                break   # exited, and its pipes are closed (or a stray holder is killed with the namespace)
            for key, _ in sel.select(timeout=min(0.1, deadline - now)):
                if key.fileobj is sock:
                    sel.unregister(sock)
                    reply = _reply(sock, SETUP_SECONDS)
                    if reply is None or reply.get("op") != "exit":
                        raise WarmFault(f"a warm run's supervisor stopped without an exit status ({reply})")
                    status, exited_at = reply.get("status"), time.monotonic()
                else:
                    sandbox.read_capped(sel, key.fd, bufs[key.fd], cap)
    return bufs[out_r], bufs[err_r], status, False


def _kill(sock: socket.socket) -> None:
    """Kill the run (its whole pid namespace) and wait a little for its supervisor to confirm."""
    try:
        zygote.send(sock, {"op": "kill"})
        _reply(sock, 5.0)
    except OSError:
        pass
