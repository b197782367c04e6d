"""Helpers for fixtures' behaviour-only facades (see tests/fixture_probe.py): what a test receives must
look the same for every implementation, the assistant's, the learner's fix and the grader's versions.
"""
from __future__ import annotations

from types import ModuleType
from typing import Callable, TypeVar

T = TypeVar("T")


def same_error_class(module: ModuleType, name: str, replacement: type[Exception], call: Callable[[], T]) -> T:
    """Run call(); if it raises the implementation's own exception class `name` (a subclass of anything),
    raise `replacement` with the same message instead, so `pytest.raises(replacement)` works for every
    version and the exception object tells nothing else about the version."""
    own = getattr(module, name, None)
    try:
        return call()
    except BaseException as exc:
        if not (isinstance(own, type) and isinstance(exc, own)):
            raise
        message = str(exc)
    raise replacement(message)
