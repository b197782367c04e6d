"""`tool config set`: save the config file atomically."""
from __future__ import annotations

import json
import os
import tempfile
from typing import Any


def save_config(path: str, config: dict[str, Any]) -> None:
    """Write `config` as JSON to `path` so that readers see the old file or the
    new one, never half of one: write a temp file next to it, then rename it over."""
    directory = os.path.dirname(os.path.abspath(path))
    tmp = tempfile.NamedTemporaryFile(
        "w", dir=directory, prefix=".config-", suffix=".tmp", delete=False, encoding="utf-8"
    )
    try:
        with tmp:
            json.dump(config, tmp, indent=2, sort_keys=True)
            tmp.write("\n")
        os.replace(tmp.name, path)
    except BaseException:
        os.unlink(tmp.name)
        raise
