"""Test harness: a real JupyterHub on loopback, run from the shipped grading/jupyterhub_config.py, with
real OS users (one per person, PAM passwords) and configurable-http-proxy from the npm registry.

Everything is made by the test and removed afterwards: the users and their homes, the exchange, the
hub's state, every process (checked). Needs root (useradd, and LocalProcessSpawner runs each server
as its user) and `make hub-proxy` (the proxy, installed into the venv at setup time).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import contextlib
from dataclasses import dataclass, field
import http.cookiejar
import json
import os
from pathlib import Path
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any, Iterator
import urllib.error
import urllib.parse
import urllib.request

from course.paths import GRADING_DIR, REPO_ROOT

VENV_BIN = Path(sys.executable).parent
PROXY = VENV_BIN.parent / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
RUNUSER = "/usr/sbin/runuser"   # by full path: /usr/sbin is not on every PATH
HUB_CONFIG = GRADING_DIR / "jupyterhub_config.py"


def missing_prerequisite() -> str | None:
    """Why this machine cannot run the hub test, or None."""
    if os.geteuid() != 0:
        return "needs root: it creates OS users, and the hub runs each server as its own user"
    for tool in ("/usr/sbin/useradd", "/usr/sbin/userdel", "/usr/sbin/chpasswd", RUNUSER):
        if not os.path.exists(tool):
            return f"{tool} is missing"
    if not PROXY.exists():
        return f"{PROXY} is missing: `make hub-proxy` installs configurable-http-proxy (needs npm)"
    return None


class HTTPFailure(AssertionError):
    pass


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Person:
    name: str
    role: str                      # "instructor" or "learner"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18), repr=False)
    token: str | None = field(default=None, repr=False)


@dataclass
class Hub:
    base: str                      # http://127.0.0.1:<proxy port>
    exchange: Path
    people: list[Person]
    log: Path

    def log_tail(self, chars: int = 6000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    # -------------------------------------------------------- HTTP
    def request(self, method: str, path: str, *, token: str | None = None, body: Any = None,
                opener: urllib.request.OpenerDirector | None = None, headers: dict[str, str] | None = None,
                form: dict[str, str] | None = None, timeout: float = 180) -> tuple[int, Any]:
        data, head = None, dict(headers or {})
        if body is not None:
            data, head["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            head["Content-Type"] = "application/x-www-form-urlencoded"
        if token:
            head["Authorization"] = f"token {token}"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=head)
        try:
            with (opener or urllib.request.build_opener()).open(req, timeout=timeout) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        text = raw.decode(errors="replace")
        try:
            return status, json.loads(text) if text else None
        except json.JSONDecodeError:
            return status, text

    def call(self, person: Person, method: str, path: str, body: Any = None, expect: tuple[int, ...] = (200, 201)):
        """A REST call with the person's own token; fails with the hub's log on an unexpected status."""
        status, reply = self.request(method, path, token=person.token, body=body)
        if status not in expect:
            raise HTTPFailure(f"{person.name}: {method} {path} -> {status}: {str(reply)[:2000]}\n--- hub log ---\n"
                              + self.log_tail())
        return reply

    def server(self, person: Person, method: str, path: str, body: Any = None, expect: tuple[int, ...] = (200, 201)):
        """A call to the person's own single-user server, through the proxy."""
        return self.call(person, method, f"/user/{person.name}{path}", body, expect)

    # -------------------------------------------------------- what each person does first
    def log_in(self, person: Person) -> None:
        """The login form with the OS password (PAM), then an API token made with that session."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
        self.request("GET", "/hub/login", opener=opener)
        xsrf = next(c.value for c in jar if c.name == "_xsrf")
        status, reply = self.request("POST", "/hub/login", opener=opener,
                                     form={"username": person.name, "password": person.password, "_xsrf": xsrf})
        if status != 302 or not any(c.name.startswith("jupyterhub-session") for c in jar):
            raise HTTPFailure(f"{person.name} could not log in ({status}): {str(reply)[:500]}\n{self.log_tail()}")
        xsrf = next(c.value for c in jar if c.name == "_xsrf")   # logging in issued a new one
        status, reply = self.request("POST", f"/hub/api/users/{person.name}/tokens", opener=opener,
                                     headers={"X-XSRFToken": xsrf}, body={"note": "hub test", "expires_in": 3600})
        if status != 201:
            raise HTTPFailure(f"{person.name}: no token ({status}): {str(reply)[:500]}\n{self.log_tail()}")
        person.token = reply["token"]

    def run_in_kernel(self, person: Person, code: list[str], timeout: float = 600) -> list[str]:
        """Run each cell of `code` in a new kernel of the person's own server (through the proxy, with their token),
        as JupyterLab does; returns each cell's output text (streams, results, tracebacks). The kernel is shut down."""
        import asyncio
        kernel = self.server(person, "POST", "/api/kernels", {"name": "python3"})
        try:
            return asyncio.run(_execute_cells(self.base.replace("http", "ws", 1) +
                                              f"/user/{person.name}/api/kernels/{kernel['id']}/channels",
                                              person.token or "", code, timeout))
        finally:
            self.server(person, "DELETE", f"/api/kernels/{kernel['id']}", expect=(204,))

    def start_servers(self, people: list[Person], timeout: float = 180) -> None:
        """Ask for every server at once (each request waits up to 10 s for its spawn), then wait until each is ready."""
        with ThreadPoolExecutor(len(people)) as pool:
            list(pool.map(lambda p: self.call(p, "POST", f"/hub/api/users/{p.name}/server", expect=(201, 202)), people))
        deadline = time.time() + timeout
        waiting = list(people)
        while waiting and time.time() < deadline:
            waiting = [p for p in waiting
                       if not self.call(p, "GET", f"/hub/api/users/{p.name}")["servers"].get("", {}).get("ready")]
            if waiting:
                time.sleep(0.5)
        if waiting:
            raise HTTPFailure(f"servers not ready after {timeout} s: {[p.name for p in waiting]}\n{self.log_tail()}")


async def _execute_cells(url: str, token: str, cells: list[str], timeout: float) -> list[str]:
    """Jupyter's messaging protocol over the kernel's websocket: one execute_request per cell, its output until idle."""
    import asyncio
    import uuid
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect
    conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
    session, outputs = uuid.uuid4().hex, []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session, "username": "test",
                           "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            text: list[str] = []
            while True:
                raw = await asyncio.wait_for(conn.read_message(), timeout)
                if raw is None:
                    raise AssertionError(f"the kernel's websocket closed; output so far: {''.join(text)}")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    text.append(content["text"])
                elif kind in ("execute_result", "display_data"):
                    text.append(content["data"].get("text/plain", "") + "\n")
                    if "<table" in content["data"].get("text/html", ""):
                        text.append("[an HTML table]\n")
                elif kind == "error":
                    text.append("\n".join(content["traceback"]) + "\n")
                elif kind == "status" and content["execution_state"] == "idle":
                    break
            outputs.append("".join(text))
    finally:
        conn.close()
    return outputs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=60)


def processes_of(user: str) -> list[int]:
    out = _run("ps", "-o", "pid=", "-u", user)
    return [int(pid) for pid in out.stdout.split()]


def _unreachable(path: Path, user: str) -> Path | None:
    """The first folder on the way to `path` that `user` may not enter, if any."""
    for folder in [*reversed(path.parents), path]:
        if _run(RUNUSER, "-u", user, "--", "test", "-x", str(folder)).returncode != 0:
            return folder
    return None


KEYS_CLOSED = [REPO_ROOT / "grading" / "keys", REPO_ROOT / ".git"]


@contextlib.contextmanager
def instructor_keys(base: Path, instructor: str) -> Iterator[Path]:
    """A copy of the keys only `instructor` (and root: the judge service) can read; the checkout's keys and .git
    closed to other users meanwhile (modes restored after)."""
    import pwd
    keys = base / "instructor-keys"
    shutil.copytree(REPO_ROOT / "grading" / "keys", keys, ignore=shutil.ignore_patterns("__pycache__"))
    account = pwd.getpwnam(instructor)
    for folder, dirs, files in os.walk(keys):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            os.chown(name, account.pw_uid, account.pw_gid)
    keys.chmod(0o700)
    modes = {path: path.stat().st_mode & 0o7777 for path in KEYS_CLOSED if path.exists()}
    try:
        for path, mode in modes.items():
            path.chmod(mode & ~0o077)
        yield keys
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


@contextlib.contextmanager
def entered_by_others(paths: list[Path]) -> Iterator[list[Path]]:
    """On CI only: let other users pass through (o+x, not read) the folders on the way to `paths`
    that shut them out, such as /root when the clone sits under it; restore each mode afterwards.

    A throwaway CI machine may clone the repository anywhere; a developer's machine is left alone
    (check_runtime_reachable then says what to move)."""
    opened: dict[Path, int] = {}
    if os.environ.get("CI"):
        for path in paths:
            for folder in [*reversed(path.parents), path]:
                mode = folder.stat().st_mode
                if folder.is_dir() and folder not in opened and not mode & 0o001:
                    opened[folder] = mode
                    folder.chmod((mode | 0o001) & 0o7777)
    try:
        yield sorted(opened)
    finally:
        for folder, mode in opened.items():
            folder.chmod(mode & 0o7777)


def check_runtime_reachable(user: str) -> None:
    """Each person's server runs this venv's interpreter and this repository's code as that user."""
    probe = _run(RUNUSER, "-u", user, "--", sys.executable, "-c", "import course, nbgrader, jupyterhub")
    if probe.returncode == 0:
        return
    blocked = next(filter(None, (_unreachable(p, user) for p in
                                 (Path(sys.executable).resolve(), REPO_ROOT, VENV_BIN))), None)
    raise AssertionError(
        f"OS user {user} cannot run {sys.executable} with the course importable "
        f"({probe.stderr.strip().splitlines()[-1:] or probe.returncode}). "
        + (f"{blocked} is not open to other users. " if blocked else "")
        + "The venv must be built from an interpreter outside private homes (the Makefile prefers "
          "/usr/bin/python3: `rm -rf .venv && make .venv/.installed hub-proxy`), and the clone must sit "
          "where other users may enter (not under /root).")


@contextlib.contextmanager
def running_hub(people: list[Person], state: Path, startup_seconds: float = 120) -> Iterator[Hub]:
    """Create the people's OS users, start the hub from the shipped config, tear everything down after.

    The keys are where a cohort keeps them: a copy readable by the instructor only (COURSE_KEYS_DIR, for their
    server and the judge service), while the checkout's own grading/keys and .git are closed to everyone else for
    the duration (learners share this checkout's runtime here; in a deployment their image has no keys at all)."""
    base = Path(tempfile.mkdtemp(prefix="course-hub-", dir="/tmp"))
    base.chmod(0o755)   # the homes and the exchange live here: every user must get through
    created: list[str] = []
    proc = None
    log = state / "hub.log"
    stack = contextlib.ExitStack()   # folders opened for the users (CI), closed again last
    try:
        for person in people:
            added = _run("/usr/sbin/useradd", "--create-home", "--home-dir", str(base / "home" / person.name),
                         "--shell", "/bin/bash", person.name)
            if added.returncode != 0:
                raise AssertionError(f"useradd {person.name}: {added.stderr}")
            created.append(person.name)
            _run("/usr/sbin/chpasswd", stdin=f"{person.name}:{person.password}\n").check_returncode()
        opened = stack.enter_context(entered_by_others([Path(sys.executable).resolve(), REPO_ROOT, VENV_BIN]))
        if opened:
            print(f"CI: opened {', '.join(map(str, opened))} to other users (o+x) for the hub test")
        check_runtime_reachable(people[-1].name)
        keys = stack.enter_context(instructor_keys(base, next(p.name for p in people if p.role == "instructor")))
        port = free_port()
        env = {**os.environ,
               "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "/usr/bin:/bin")]),
               "COURSE_INSTRUCTORS": ",".join(p.name for p in people if p.role == "instructor"),
               "COURSE_LEARNERS": ",".join(p.name for p in people if p.role == "learner"),
               "COURSE_EXCHANGE": str(base / "exchange"), "COURSE_HUB_STATE": str(state),
               "COURSE_HUB_IP": "127.0.0.1", "COURSE_HUB_PORT": str(port),
               "COURSE_HUB_API_PORT": str(free_port()), "COURSE_PROXY_API_PORT": str(free_port()),
               "COURSE_HUB_PROXY": str(PROXY), "COURSE_JUDGE_SERVICE_PORT": str(free_port()),
               "COURSE_KEYS_DIR": str(keys)}
        for name in [k for k in env if k.startswith("PYTEST_")]:
            del env[name]   # nothing of pytest's leaks into the users' servers
        state.mkdir(parents=True, exist_ok=True)
        with open(log, "w") as out:
            proc = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(HUB_CONFIG)], cwd=state, env=env,
                                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        hub = Hub(base=f"http://127.0.0.1:{port}", exchange=base / "exchange", people=people, log=log)
        deadline = time.time() + startup_seconds
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"the hub exited ({proc.returncode}):\n{hub.log_tail()}")
            with contextlib.suppress(OSError):
                if hub.request("GET", "/hub/api/", timeout=5)[0] == 200:
                    break
            if time.time() > deadline:
                raise AssertionError(f"the hub did not answer within {startup_seconds} s:\n{hub.log_tail()}")
            time.sleep(0.3)
        yield hub
    finally:
        try:
            leftovers = _tear_down(proc, created, base, _proxy_pid(state))
        finally:
            stack.close()
    if leftovers:
        raise AssertionError(f"processes outlived the hub (killed now): {leftovers}\n{log.read_text()[-3000:]}")


def _proxy_pid(state: Path) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int((state / "jupyterhub-proxy.pid").read_text().strip())
    return None


def _tear_down(proc: subprocess.Popen | None, users: list[str], base: Path,
               proxy_pid: int | None) -> dict[str, list[int]]:
    """Stop the hub (it stops the proxy and every server), remove the users and their files. Returns
    the processes that were still alive after the hub stopped (killed here), by user ("proxy" too)."""
    leftovers: dict[str, list[int]] = {}
    if proc is not None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                leftovers["hub"] = [proc.pid]
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, 0)           # anything still in the hub's session?
            leftovers["hub session"] = [proc.pid]
            os.killpg(proc.pid, signal.SIGKILL)
    if proxy_pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proxy_pid, 0)            # the proxy, whichever session it runs in
            leftovers["proxy"] = [proxy_pid]
            os.kill(proxy_pid, signal.SIGKILL)
    deadline = time.time() + 10
    for user in users:
        pids = processes_of(user)
        while pids and time.time() < deadline:   # a server may take a moment to exit after its SIGTERM
            time.sleep(0.2)
            pids = processes_of(user)
        if pids:
            leftovers[user] = pids
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
        _run("/usr/sbin/userdel", "--remove", user)
    shutil.rmtree(base, ignore_errors=True)
    return leftovers
