"""`make lab` starts a real JupyterLab: on 127.0.0.1, serving modules/ only, opened at module 00, no news prompt."""
import json
import re
import urllib.request

import pytest

from course.authoring.build import module_names, self_study_names
from course.notebook.lab import START
from course.paths import LEARNER_DIR
from lab_server import running_lab

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
