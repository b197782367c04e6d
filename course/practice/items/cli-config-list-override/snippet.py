"""User configuration for the `tidy` command-line tool."""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "plugins": ["imports", "whitespace", "usage-stats"],
    "ignore": [".git", "node_modules"],
    "output": {"color": True, "width": 100},
}


def merge_settings(defaults: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """Overlay the user's settings on the defaults.

    Tables are merged key by key, so a config file only needs the keys it
    changes; lists are combined without duplicates.
    """
    merged = copy.deepcopy(defaults)
    for key, value in user.items():
        base = merged.get(key)
        if isinstance(base, dict) and isinstance(value, dict):
            merged[key] = merge_settings(base, value)
        elif isinstance(base, list) and isinstance(value, list):
            merged[key] = base + [item for item in value if item not in base]
        else:
            merged[key] = value
    return merged


def load_settings(path: Path) -> dict[str, Any]:
    """Read the user's TOML config (if any) over the built-in defaults."""
    if not path.exists():
        return merge_settings(DEFAULTS, {})
    with path.open("rb") as fh:
        return merge_settings(DEFAULTS, tomllib.load(fh))
