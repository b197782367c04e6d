"""A test that needs something the machine lacks: skipped on a developer's machine, failed on CI.

CI runs `make test` as root, which installs everything these tests need; a missing piece there is a
broken install step, and a skip would hide it.
"""
from __future__ import annotations

import os

import pytest


def require(why_not: str | None, what: str) -> None:
    """Call at module level with the reason `what` cannot run here (None when it can)."""
    if why_not is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} cannot run: {why_not}", pytrace=False)
    pytest.skip(f"{what} cannot run here: {why_not}", allow_module_level=True)
