"""A module key's versions, for the scenario test files: wheats and chaffs by name, the snippet, what fails.

One way to name them in every module's tests (tests/test_security_smells.py, tests/test_edge_cases_first.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from course import scenarios
from course.judge import exercises


def key_dir(key: Mapping[str, exercises.Exercise], name: str) -> Path:
    """The key folder of scenario `name` (any of its exercises)."""
    return next(ex.key_dir for ex in key.values() if ex.scenario == name)


def impls(key: Mapping[str, exercises.Exercise], name: str) -> tuple[dict[str, Path], dict[str, Path]]:
    """(wheats by file stem, chaffs by flaw id) of a scenario's tests exercise."""
    ex = key[f"{name}_tests"]
    return ({Path(i.path).stem: ex.key_dir / i.path for i in ex.wheats},
            {i.flaw: ex.key_dir / i.path for i in ex.chaffs})


def snippet(name: str) -> Path:
    """The assistant's code of scenario `name`."""
    return scenarios.get(name).snippet_path()


def failing(result: dict[str, str]) -> list[str]:
    """The tests of one run that did not pass, in source order."""
    return [n for n, o in result.items() if o != "passed"]
