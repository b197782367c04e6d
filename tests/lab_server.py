"""Test harness: a real JupyterLab started the way `make lab` starts it (course.notebook.lab.lab_argv, lab_env, in
the folder it serves), on port 0.

Everything the server and its kernels write (runtime files, workspaces, the learner's catalog, the
judge's verdict cache) goes under the test's own folder, never into the developer's home.
"""
from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import re
import socket
import subprocess
import threading
import time
from typing import Iterator
import urllib.request

from course.notebook.lab import install_overrides, lab_argv, lab_env
from course.paths import MODULES_DIR

_URL = re.compile(r"(http://127\.0\.0\.1:(\d+))(/lab\S*)\?token=(\w+)")


@dataclass
class Lab:
    base: str       # http://127.0.0.1:<port>
    token: str
    url: str        # the tokened link the server printed (opens module 00)
    log: list[str] = field(default_factory=list)   # the server's output so far, for failure messages

    def log_tail(self, lines: int = 40) -> str:
        return "".join(self.log[-lines:])


@contextlib.contextmanager
def running_lab(state: Path, root: Path = MODULES_DIR, startup_seconds: float = 90,
                catalog: Path | None = None) -> Iterator[Lab]:
    """Start JupyterLab serving `root`, wait until it accepts connections, stop it afterwards. The learner's
    catalog is `catalog` (default: in `state`; a browser test that opens the cheat sheet puts it under `root`,
    where the course keeps it)."""
    install_overrides()
    state.mkdir(parents=True, exist_ok=True)
    env = {**lab_env(),
           "JUPYTER_RUNTIME_DIR": str(state / "runtime"), "JUPYTER_CONFIG_DIR": str(state / "config"),
           "COURSE_CATALOG": str(catalog or state / "catalog.csv"), "XDG_CACHE_HOME": str(state / "cache")}
    proc = subprocess.Popen(lab_argv(root=root, port=0, open_browser=False), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, cwd=root)
    try:
        lab = _wait_for_url(proc, time.time() + startup_seconds)
        yield lab
    finally:
        stop(proc, 20)


def _wait_for_url(proc: subprocess.Popen, deadline: float) -> Lab:
    lines: list[str] = []
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = _URL.search(line)
        if match:
            base, port, path, token = match.groups()
            while time.time() < deadline:   # the URL is logged just before the socket accepts
                try:
                    socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            lab = Lab(base=base, token=token, url=match.group(0), log=lines)
            # keep reading the server's log in the background, so a full pipe never blocks it
            threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
            return lab
    raise AssertionError("JupyterLab did not start:\n" + "".join(lines[-30:]))



_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\r")


def terminal_run(lab: Lab, command: str, until: str, timeout: float = 240) -> str:
    """Open a terminal in the running JupyterLab (its REST API, then its websocket, as the Terminal tab does),
    type `command`, and return what the terminal showed (escape codes removed) once `until` appears in it.
    The terminal is closed afterwards. AssertionError with the output if `until` does not appear in time."""
    def call(method: str, path: str) -> bytes:
        req = urllib.request.Request(f"{lab.base}{path}", method=method, data=b"" if method == "POST" else None,
                                     headers={"Authorization": f"token {lab.token}"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.read()

    name = json.loads(call("POST", "/api/terminals"))["name"]
    try:
        return asyncio.run(_type_and_read(lab, name, command, until, timeout))
    finally:
        call("DELETE", f"/api/terminals/{name}")


async def _type_and_read(lab: Lab, name: str, command: str, until: str, timeout: float) -> str:
    from tornado.websocket import websocket_connect

    url = f"ws{lab.base[len('http'):]}/terminals/websocket/{name}?token={lab.token}"
    ws = await websocket_connect(url)
    shown: list[str] = []
    try:
        await ws.write_message(json.dumps(["stdin", command + "\r"]))
        deadline = time.monotonic() + timeout
        while until not in _ANSI.sub("", "".join(shown)):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                message = await asyncio.wait_for(ws.read_message(), left)
            except asyncio.TimeoutError:
                break
            if message is None:
                break
            kind, *payload = json.loads(message)
            if kind == "stdout":
                shown.append(payload[0])
    finally:
        ws.close()
    text = _ANSI.sub("", "".join(shown))
    if until not in text:
        raise AssertionError(f"the terminal never showed {until!r} after `{command}`:\n{text[-3000:]}")
    # the lines after `until` may still be arriving; a short wait for the prompt is not needed by callers
    return text


def stop(proc: subprocess.Popen, timeout: float) -> None:
    """End a server the test started: SIGTERM, then SIGKILL if it has not gone within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
