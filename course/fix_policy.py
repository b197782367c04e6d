"""What a learner's fix may use, checked statically before it runs beside the hidden tests.

The fix is imported into the same process as the hidden tests, so in-process tricks (reaching the
pytest recorder through the plugin manager, `gc` or frames, then exiting early) could forge passes
that no sandbox can tell apart. A fix for these exercises needs none of that: it may import only
ordinary standard-library modules, and may not use dynamic code, introspection or dunder attributes.
This is a static screen on top of the sandbox, not a sandbox: it raises the bar, it is not airtight.
"""
from __future__ import annotations

import ast

ALLOWED_IMPORTS = frozenset({
    "__future__", "abc", "asyncio", "bisect", "collections", "contextlib", "contextvars", "copy", "dataclasses",
    "datetime", "decimal", "enum", "fractions", "functools", "hashlib", "heapq", "hmac", "itertools", "json",
    "logging", "math", "numbers", "operator", "random", "re", "secrets", "sqlite3", "statistics", "string",
    "textwrap", "threading", "time", "types", "typing", "uuid", "warnings", "zoneinfo",
})
FORBIDDEN_CALLS = frozenset({"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "open",
                             "breakpoint", "input", "memoryview", "delattr"})
ALLOWED_DUNDERS = frozenset({"__init__", "__name__", "__enter__", "__exit__", "__aenter__", "__aexit__",
                             "__eq__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__", "__repr__", "__str__",
                             "__post_init__", "__iter__", "__next__", "__len__", "__contains__", "__call__",
                             "__slots__", "__all__", "__doc__", "__future__", "__bool__"})
FORBIDDEN_ATTRS = frozenset({"_exit", "pluginmanager", "f_back", "f_globals", "f_locals", "gi_frame",
                             "cr_frame", "tb_frame", "tb_next", "f_code"})


def violations(source: str, extra_imports: frozenset[str] = frozenset()) -> list[str]:
    """Readable reasons this fix may not run (empty when it is fine). Assumes `source` parses."""
    allowed = ALLOWED_IMPORTS | extra_imports
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else ["(relative import)"]
        else:
            names = []
        for name in names:
            if name.split(".")[0] not in allowed:
                found.append(f"line {node.lineno}: imports {name!r}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS:
                found.append(f"line {node.lineno}: calls {node.func.id}()")
            elif node.func.id in {"getattr", "setattr", "hasattr"} and len(node.args) >= 2:
                attr = node.args[1]
                if not (isinstance(attr, ast.Constant) and isinstance(attr.value, str)) or _suspicious(attr.value):
                    found.append(f"line {node.lineno}: {node.func.id}() with a computed or special attribute name")
        if isinstance(node, ast.Attribute) and _suspicious(node.attr):
            found.append(f"line {node.lineno}: uses .{node.attr}")
        if isinstance(node, ast.Name) and node.id.startswith("__") and node.id.endswith("__") and node.id not in ALLOWED_DUNDERS:
            found.append(f"line {node.lineno}: uses {node.id}")
    return list(dict.fromkeys(found))


def _suspicious(attr: str) -> bool:
    dunder = attr.startswith("__") and attr.endswith("__")
    return (dunder and attr not in ALLOWED_DUNDERS) or attr in FORBIDDEN_ATTRS
