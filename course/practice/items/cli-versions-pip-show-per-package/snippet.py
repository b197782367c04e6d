"""`devtool versions`: report the installed version of each pinned requirement."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence

Runner = Callable[[Sequence[str]], str]


def run_pip(args: Sequence[str]) -> str:
    """Run pip under the current interpreter and return its stdout."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=120
    )
    return proc.stdout


def parse_show(output: str) -> dict[str, str]:
    """Parse `pip show` output (one or more packages, separated by '---') into {name: version}."""
    versions: dict[str, str] = {}
    name = None
    for line in output.splitlines():
        key, _, value = line.partition(": ")
        if key == "Name":
            name = value.strip().lower()
        elif key == "Version" and name:
            versions[name] = value.strip()
    return versions


def installed_versions(requirements: Sequence[str], run: Runner = run_pip) -> dict[str, str | None]:
    """Installed version per requirement name, or None when it is not installed."""
    result: dict[str, str | None] = {}
    for req in requirements:
        name = req.split("==")[0].strip().lower()
        result[name] = parse_show(run(["show", name])).get(name)
    return result
