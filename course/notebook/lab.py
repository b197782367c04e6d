"""`make lab`: start JupyterLab on the learner notebooks (modules/), opened at module 00.

Serves modules/ (not the repository root), binds to 127.0.0.1, prints the tokened URL, asks no
"news?" question (settings overrides in this venv), and culls kernels left idle for an hour. It runs
with the learner's settings that JupyterHub gives every learner (grading/hub/learner): Validate and the
assignment list, no formgrader or assignment-creation panels, which are the instructor's.
Its terminals (and kernels) find this environment's `python` first on PATH, so `python -m course check ...` typed
in JupyterLab's own terminal runs the course's commands: bash starts with the learner's own ~/.bashrc and then
puts this environment first (jupyter/terminal-rc.sh), and the server's PATH starts with it for any other shell.
The server runs in modules/ (the folder it serves): a terminal opened at the top of the file browser starts
there (Jupyter Server opens it in its own working folder), so the notebooks' `python -m course check
01-concurrent-writes/01-concurrent-writes.ipynb` finds the file.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
import shutil
import sys

from course.paths import GRADING_DIR, MODULES_DIR

START = "00-start-here/00-start-here.ipynb"
LEARNER_CONFIG = GRADING_DIR / "hub" / "learner"
TERMINAL_RC = Path(__file__).parent / "jupyter" / "terminal-rc.sh"
BIN_ENV = "COURSE_BIN"   # this environment's bin/ folder, which terminal-rc.sh puts first on PATH


def env_bin() -> Path:
    """The bin/ folder of the environment running the course (where its `python` and `nbgrader` are)."""
    return Path(sys.executable).parent


def terminal_settings() -> dict[str, list[str]]:
    """Jupyter Server's terminado settings: an interactive bash that reads terminal-rc.sh (no login shell, whose
    /etc/profile would reset PATH). Empty where there is no bash: the shell then inherits the server's PATH."""
    bash = shutil.which("bash")
    return {"shell_command": [bash, "--rcfile", str(TERMINAL_RC), "-i"]} if bash else {}


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
    terminals = terminal_settings()
    if terminals:
        argv.append(f"--ServerApp.terminado_settings={json.dumps(terminals)}")
    if not open_browser:
        argv.append("--ServerApp.open_browser=False")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    return argv


def lab_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a learner's JupyterLab: the learner settings first on JUPYTER_CONFIG_PATH, this
    environment's bin/ first on PATH (for its terminals and kernels)."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(LEARNER_CONFIG), env.get("JUPYTER_CONFIG_PATH")]))
    env[BIN_ENV] = str(env_bin())
    env["PATH"] = os.pathsep.join(filter(None, [str(env_bin()), env.get("PATH")]))
    return env


def main() -> None:
    install_overrides()
    if not (MODULES_DIR / START).exists():
        sys.exit(f"{MODULES_DIR / START} is missing: run `make build` first")
    os.chdir(MODULES_DIR)   # where terminals open (see above)
    os.execve(sys.executable, lab_argv(open_browser=not os.environ.get("COURSE_NO_BROWSER")), lab_env())
