"""Run a notebook top to bottom the one way the suite and `make bench` both do: nbval, in a fresh kernel.

Not nbclient: its NotebookClient sometimes misses the execute reply of a cell that opens ipywidgets and
then waits out the whole cell timeout (jupyter/nbclient#312; seen here on module 03's live experiment,
two runs in four). nbval waits for the kernel's idle status and is not affected.
"""
from __future__ import annotations

from pathlib import Path
import subprocess
import sys

from course.nbgrader.tools import nbgrader_env


def run_top_to_bottom(notebook: Path, workdir: Path, env: dict[str, str] | None = None,
                      cell_timeout: int = 120) -> subprocess.CompletedProcess:
    """Every cell of `notebook` in a fresh kernel (nbval-lax: errors fail, outputs are not compared)."""
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                           f"--nbval-cell-timeout={cell_timeout}", str(notebook)],
                          cwd=workdir, env=nbgrader_env(env), capture_output=True, text=True, timeout=600)
