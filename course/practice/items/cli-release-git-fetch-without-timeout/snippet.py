"""`tool release notes`: find the last release tag to start the changelog from."""
from __future__ import annotations

import subprocess
from typing import Any, Callable

Run = Callable[..., Any]


def last_release_tag(repo: str, run: Run = subprocess.run) -> str:
    """Fetch tags from origin, then return the newest `v*` tag reachable from HEAD.

    Fetching first matters: CI clones are shallow and may not have the tags yet.
    """
    run(["git", "-C", repo, "fetch", "--tags", "--quiet", "origin"], check=True)
    proc = run(
        ["git", "-C", repo, "describe", "--tags", "--abbrev=0", "--match", "v*"],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout.strip()
