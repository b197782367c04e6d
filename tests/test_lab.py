"""`make lab` starts a real JupyterLab: on 127.0.0.1, serving modules/ only, opened at module 00, no news prompt."""
import json
import os
import re
import socket
import subprocess
import time
import urllib.request

import pytest

from course.build import module_names
from course.lab import START, lab_argv

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path):
    from course.lab import install_overrides
    install_overrides()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.Popen(lab_argv(port=0, open_browser=False), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env)
    url = None
    deadline = time.time() + 90
    lines = []
    while time.time() < deadline and url is None:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"(http://127\.0\.0\.1:\d+/lab\S*\?token=\w+)", line)
        url = match.group(1) if match else None
    try:
        assert url, "".join(lines[-30:])
        host, port = re.match(r"http://([\d.]+):(\d+)", url).groups()
        while time.time() < deadline:                 # the URL is logged just before the socket accepts
            try:
                socket.create_connection((host, int(port)), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def get(base: str, path: str, token: str):
    req = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.read().decode()


def test_lab_serves_the_learner_folders_and_opens_module_00(server):
    base, token = re.match(r"(http://127\.0\.0\.1:\d+)/lab\S*\?token=(\w+)", server).groups()
    assert f"/lab/tree/{START}" in server            # the printed link opens module 00
    status, body = get(base, "/api/contents/", token)
    names = sorted(item["name"] for item in json.loads(body)["content"])
    assert status == 200 and names == module_names()   # modules/ (every module's folder), not the repo
    assert "00-start-here" in names
    status, body = get(base, f"/api/contents/{START}", token)
    assert status == 200 and json.loads(body)["type"] == "notebook"
    status, body = get(base, "/lab/api/settings/@jupyterlab/apputils-extension:notification", token)
    defaults = json.loads(body)["schema"]["properties"]        # overrides.json becomes the defaults
    assert defaults["fetchNews"]["default"] == "false" and defaults["checkForUpdates"]["default"] is False
