import json
import os
import tempfile
from pathlib import Path
from unittest import mock


def test_environment_override_is_honoured(impl) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "devtool.json").write_text(json.dumps({"registry": "https://pkgs.internal.example/team-a"}))
        with mock.patch.dict(os.environ, {"DEVTOOL_REGISTRY": ""}, clear=False):
            del os.environ["DEVTOOL_REGISTRY"]
            plain = impl.publish_target(project)
        with mock.patch.dict(os.environ, {"DEVTOOL_REGISTRY": "https://staging-mirror.ci.example/simple"}):
            in_ci = impl.publish_target(project)
    assert plain == "https://pkgs.internal.example/team-a", f"without overrides the file's registry is used, got {plain}"
    assert in_ci == "https://staging-mirror.ci.example/simple", (
        f"with DEVTOOL_REGISTRY set to the staging mirror (as CI does), publish would upload to {in_ci}: "
        "the environment override every other devtool command honours is ignored"
    )
