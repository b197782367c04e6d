"""`tool lint`: run the project's linter with a time limit."""
from __future__ import annotations

import subprocess
from typing import Any, Callable

TIMED_OUT = 124   # the exit code timeout(1) uses


def run_linter(
    argv: list[str],
    limit_s: float = 120.0,
    popen: Callable[..., Any] = subprocess.Popen,
) -> tuple[int, str]:
    """Run the linter and return (exit code, output).

    A run that exceeds `limit_s` is killed and reported as TIMED_OUT, with
    whatever it printed so far, so a wedged plugin cannot stall the pipeline.
    """
    proc = popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        out, _ = proc.communicate(timeout=limit_s)
        return proc.returncode, out
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        return TIMED_OUT, out
