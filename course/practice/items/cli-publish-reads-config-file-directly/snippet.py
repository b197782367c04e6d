"""`devtool publish`: upload the built package to the team's registry."""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

# --- house helpers (existing, devtool/config.py) ---

DEFAULTS = {"registry": "https://pkgs.internal.example/simple", "timeout": "30"}


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Defaults, overridden by the project's devtool.json, overridden by DEVTOOL_<KEY> variables."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)
    if path.exists():
        config.update(json.loads(path.read_text(encoding="utf-8")))
    for key in config:
        config[key] = environ.get(f"DEVTOOL_{key.upper()}", config[key])
    return config


# --- the assistant's change ---


def publish_target(project_dir: Path) -> str:
    """The registry URL that `devtool publish` uploads to."""
    config_file = project_dir / "devtool.json"
    settings = json.loads(config_file.read_text(encoding="utf-8")) if config_file.exists() else {}
    return settings.get("registry", "https://pkgs.internal.example/simple")
