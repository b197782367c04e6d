"""`make lab`: start JupyterLab on the learner notebooks (modules/), opened at module 00.

Serves modules/ (not the repository root), binds to 127.0.0.1, prints the tokened URL, asks no
"news?" question (settings overrides in this venv), and culls kernels left idle for an hour. It runs
with the learner's settings that JupyterHub gives every learner (grading/hub/learner): Validate and the
assignment list, no formgrader or assignment-creation panels, which are the instructor's.
"""
from __future__ import annotations

import os
from pathlib import Path
import shutil
import sys

from course.paths import GRADING_DIR, MODULES_DIR

START = "00-start-here/00-start-here.ipynb"
LEARNER_CONFIG = GRADING_DIR / "hub" / "learner"


def install_overrides(prefix: Path = Path(sys.prefix)) -> Path:
    """Copy the course's JupyterLab settings overrides into this environment."""
    target = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).parent / "jupyter" / "overrides.json", target)
    return target


def lab_argv(root: Path = MODULES_DIR, port: int = 8888, open_browser: bool = True) -> list[str]:
    argv = [sys.executable, "-m", "jupyterlab",
            f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            f"--LabApp.default_url=/lab/tree/{START}",
            "--MappingKernelManager.cull_idle_timeout=3600", "--MappingKernelManager.cull_interval=300",
            "--MappingKernelManager.cull_connected=False"]
    if not open_browser:
        argv.append("--ServerApp.open_browser=False")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    return argv


def lab_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a learner's JupyterLab: the learner settings first on JUPYTER_CONFIG_PATH."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(LEARNER_CONFIG), env.get("JUPYTER_CONFIG_PATH")]))
    return env


def main() -> None:
    install_overrides()
    if not (MODULES_DIR / START).exists():
        sys.exit(f"{MODULES_DIR / START} is missing: run `make build` first")
    os.execve(sys.executable, lab_argv(open_browser=not os.environ.get("COURSE_NO_BROWSER")), lab_env())
