"""Parsing Python source in the judge, safely from several threads.

CPython 3.11 can fail with "SystemError: AST constructor recursion depth mismatch" when `ast.parse`
runs in several threads at once (python/cpython#106905). The judge parses answers in parallel
threads, so every parse of learner text goes through this one lock.
"""
from __future__ import annotations

import ast
import threading
from typing import Any

_LOCK = threading.Lock()


def parse(source: str, filename: str = "<answer>") -> ast.Module:
    with _LOCK:
        return ast.parse(source, filename)


def literal_eval(node: ast.AST) -> Any:
    """ast.literal_eval of an already parsed node (no new parse, so no lock needed beyond the caller's)."""
    with _LOCK:
        return ast.literal_eval(node)
