"""`make lab` starts a real JupyterLab: on 127.0.0.1, serving modules/ only, opened at module 00, no news prompt;
its own terminal runs the course's `python -m course check`."""
import json
import os
import re
import urllib.request

import pytest

from course.authoring.build import module_names, self_study_names
from course.notebook.lab import START, env_bin, lab_env
from course.paths import LEARNER_DIR
from lab_server import running_lab, terminal_run

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path):
    with running_lab(tmp_path) as lab:
        yield lab.url


def get(base: str, path: str, token: str):
    req = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.read().decode()


def test_lab_serves_the_learner_folders_and_opens_module_00(server):
    base, token = re.match(r"(http://127\.0\.0\.1:\d+)/lab\S*\?token=(\w+)", server).groups()
    assert f"/lab/tree/{START}" in server            # the printed link opens module 00
    status, body = get(base, "/api/contents/", token)
    names = sorted(item["name"] for item in json.loads(body)["content"] if item["name"] != LEARNER_DIR.name)
    assert status == 200 and names == sorted(module_names() + self_study_names())   # modules/, not the repo
    assert names[:2] == ["00-start-here", "01-concurrent-writes"]
    status, body = get(base, f"/api/contents/{START}", token)
    assert status == 200 and json.loads(body)["type"] == "notebook"
    status, body = get(base, "/lab/api/settings/@jupyterlab/apputils-extension:notification", token)
    defaults = json.loads(body)["schema"]["properties"]        # overrides.json becomes the defaults
    assert defaults["fetchNews"]["default"] == "false" and defaults["checkForUpdates"]["default"] is False
    status, body = get(base, "/lab/api/settings/@jupyterlab/notebook-extension:tracker", token)
    assert json.loads(body)["schema"]["properties"]["recordTiming"]["default"] is True   # cohort report's times


def test_learners_get_validate_but_not_the_instructors_panels(server):
    """`make lab` runs with the learner settings JupyterHub gives learners (grading/hub/learner)."""
    import urllib.error
    base, token = re.match(r"(http://127\.0\.0\.1:\d+)/lab\S*\?token=(\w+)", server).groups()
    status, page = get(base, "/lab", token)
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    disabled = config["disabledExtensions"]
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} <= set(disabled)
    assert not any("validate" in name or "assignment-list" in name for name in disabled)
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(base, "/formgrader", token)                    # the server extension is off, not just hidden
    assert missing.value.code == 404


def test_lab_env_puts_this_environment_first_on_path():
    env = lab_env({"PATH": "/usr/bin:/bin"})
    assert env["PATH"].split(os.pathsep)[0] == str(env_bin()) and env["PATH"].endswith("/usr/bin:/bin")


def test_a_terminal_in_jupyterlab_runs_course_check(tmp_path, monkeypatch):
    """`make lab` runs `.venv/bin/python -m course lab` from a shell whose PATH does not have the venv: the
    terminal JupyterLab opens must still run the course's python (issue 14: a ModuleNotFoundError before)."""
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")      # no venv on the learner's PATH
    monkeypatch.setenv("HOME", str(tmp_path / "home"))              # a home whose .bashrc sets nothing
    (tmp_path / "home").mkdir()
    with running_lab(tmp_path / "lab") as lab:
        out = terminal_run(lab, f"python -m course check {START}", until="Total:")
    assert "Total: 0 / 6 points (00-start-here)" in out, out[-3000:]
    assert "still unanswered in the saved file: warmup_tests, warmup_findings, warmup_fix" in out
    assert "ModuleNotFoundError" not in out and "command not found" not in out
