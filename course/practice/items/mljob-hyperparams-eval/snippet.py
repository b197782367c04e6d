"""Hyperparameters typed into the training-job form."""
from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {"lr": 1e-3, "epochs": 10, "layers": [128, 64], "optimizer": "adam"}


def parse_hyperparams(text: str) -> dict[str, Any]:
    """Parse ``name = value`` lines into a dict, over the defaults.

    Values are Python literals: numbers (1e-3), strings ('sgd'), lists
    ([64, 32]) and booleans. They are evaluated with no builtins available,
    so a value can only ever be a plain expression.
    """
    params = dict(DEFAULTS)
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ValueError(f"line {lineno}: expected 'name = value'")
        try:
            params[name] = eval(value.strip(), {"__builtins__": {}}, {})
        except (SyntaxError, NameError, TypeError, ValueError) as exc:
            raise ValueError(f"line {lineno}: {value.strip()!r} is not a value") from exc
    return params
