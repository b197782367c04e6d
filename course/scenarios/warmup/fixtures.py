"""Trusted pytest plugin for the warm-up: gives tests the implementation under test.

Learner tests, the assistant's tests and the hidden fix tests all take `sales` as an argument
instead of importing it, so the grader can run the same tests against several implementations
placed, one at a time, at `sales.py` on the test's path.
"""
from __future__ import annotations

import importlib
from types import ModuleType

import pytest

IMPORT_NAME = "sales"


@pytest.fixture
def sales() -> ModuleType:
    """The module under test (the assistant's code, your fix, or one of the grader's versions)."""
    return importlib.import_module(IMPORT_NAME)
