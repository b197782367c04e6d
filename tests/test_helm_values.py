"""The README's Zero to JupyterHub values for the judge service agree with grading/jupyterhub_config.py: the same
service name, command, port, scopes and environment variable names (the chart itself is not run here: no Kubernetes
on these machines)."""
from __future__ import annotations

import re
import runpy
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlparse

import pytest
from traitlets.config import Config
import yaml

from course.paths import GRADING_DIR, REPO_ROOT
from course.service import client
from course.service.__main__ import LISTEN_ENV, listen_address


def readme_values() -> dict[str, Any]:
    """The yaml block in the README's Zero to JupyterHub section."""
    text = (REPO_ROOT / "README.md").read_text()
    section = text[text.index("**Zero to JupyterHub on Kubernetes**"):]
    match = re.search(r"\n( *)```yaml\n(.*?)\n\1```", section, re.S)
    assert match, "no yaml block in the README's Zero to JupyterHub section"
    return yaml.safe_load(textwrap.dedent(match.group(2)))


def hub_config(tmp_path: Path, monkeypatch) -> Config:
    """grading/jupyterhub_config.py as JupyterHub loads it, with a cohort's settings and temporary folders."""
    for name, value in {"COURSE_INSTRUCTORS": "ada", "COURSE_LEARNERS": "bob", "COURSE_HUB_STATE": str(tmp_path / "hub"),
                        "COURSE_EXCHANGE": str(tmp_path / "exchange"), "COURSE_KEYS_DIR": str(tmp_path / "keys")}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("COURSE_JUDGE_SERVICE_PORT", raising=False)
    c = Config()
    runpy.run_path(str(GRADING_DIR / "jupyterhub_config.py"), init_globals={"get_config": lambda: c})
    return c


def spawned_env(c: Config, user: str) -> dict[str, str]:
    spawner = SimpleNamespace(user=SimpleNamespace(name=user), environment={})
    c.Spawner.pre_spawn_hook(spawner)
    return spawner.environment


def test_the_readme_helm_values_for_the_judge_service_agree_with_the_hub_config(tmp_path, monkeypatch):
    values, c = readme_values(), hub_config(tmp_path, monkeypatch)
    [service] = c.JupyterHub.services
    helm = values["hub"]["services"][service["name"]]            # the chart names the service by its key
    assert "name" not in helm and "apiToken" not in helm          # the chart generates the token: none in the README
    assert helm["command"][1:] == service["command"][1:] == ["-m", "course.service"]
    assert helm["oauth_no_confirm"] == service["oauth_no_confirm"]
    port = urlparse(service["url"]).port
    assert urlparse(helm["url"]).port == port
    assert set(service["environment"]) - {"COURSE_JUDGE_SERVICE_WORKERS", "COURSE_JUDGE_SERVICE_RATE",
                                          "COURSE_JUDGE_SERVICE_QUEUE"} <= set(helm["environment"])
    assert helm["environment"][LISTEN_ENV] == "0.0.0.0"           # http://hub:PORT is not loopback
    assert listen_address({"JUPYTERHUB_SERVICE_URL": helm["url"], **helm["environment"]}) == ("0.0.0.0", port)

    user_role = next(role for role in c.JupyterHub.load_roles if role["name"] == "user")
    assert values["hub"]["loadRoles"]["user"]["scopes"] == user_role["scopes"]
    assert values["hub"]["config"]["Spawner"]["server_token_scopes"] == c.Spawner.server_token_scopes
    assert f"access:services!service={service['name']}" in c.Spawner.server_token_scopes

    assert [p["port"] for p in values["hub"]["service"]["extraPorts"]] == [port]
    [rule] = values["hub"]["networkPolicy"]["ingress"]
    assert rule["ports"] == [{"port": port}]

    learner = spawned_env(c, "bob")
    assert client.SERVICE_ENV in learner and client.SERVICE_ENV not in spawned_env(c, "ada")
    extra = values["singleuser"]["extraEnv"]
    assert set(extra) == {client.SERVICE_ENV}
    assert urlparse(extra[client.SERVICE_ENV]).path == urlparse(learner[client.SERVICE_ENV]).path == \
        f"/services/{service['name']}"
    assert urlparse(extra[client.SERVICE_ENV]).netloc == urlparse(helm["url"]).netloc


def test_the_service_listens_on_loopback_unless_told_where():
    assert listen_address({"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:8090"}) == ("127.0.0.1", 8090)
    assert listen_address({}) == ("127.0.0.1", 0)
    with pytest.raises(SystemExit, match="127.0.0.1 only"):
        listen_address({"JUPYTERHUB_SERVICE_URL": "http://hub:8090"})
    assert listen_address({"JUPYTERHUB_SERVICE_URL": "http://hub:8090", LISTEN_ENV: "0.0.0.0"}) == ("0.0.0.0", 8090)
