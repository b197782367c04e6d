"""`train` entry point: resolve the run configuration."""
from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

# --- house helpers (existing, mljob/config.py) ---

DEFAULTS = {"epochs": "10", "learning_rate": "0.001", "dataset": "s3://ml/train/latest"}


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Defaults, overridden by the job's JSON file, overridden by MLJOB_<KEY> environment variables."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)
    if path.exists():
        config.update(json.loads(path.read_text(encoding="utf-8")))
    return {key: environ.get(f"MLJOB_{key.upper()}", value) for key, value in config.items()}


# --- the assistant's change ---


def run_config(argv: Sequence[str], config_path: Path) -> dict[str, str]:
    """The run's configuration: the job config, with any command-line flags taking precedence."""
    parser = argparse.ArgumentParser(prog="train")
    parser.add_argument("--epochs")
    parser.add_argument("--learning-rate", dest="learning_rate")
    parser.add_argument("--dataset")
    flags = {key: value for key, value in vars(parser.parse_args(argv)).items() if value is not None}
    return {**load_config(config_path), **flags}
