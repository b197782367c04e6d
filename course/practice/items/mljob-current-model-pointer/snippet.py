"""The 'current model' pointer: training publishes a new model, scoring workers read the pointer."""
from __future__ import annotations

import json
import os
from pathlib import Path
import tempfile


def publish(pointer: Path, model_uri: str, version: int) -> None:
    """Point scoring at a new model; workers re-read the pointer before every batch."""
    fd, staging = tempfile.mkstemp(dir=pointer.parent, prefix=pointer.name, suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8") as f:
            os.fchmod(f.fileno(), 0o644)  # mkstemp makes it private; the workers run as another user
            json.dump({"model_uri": model_uri, "version": version}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(staging, pointer)
    except BaseException:
        os.unlink(staging)
        raise


def current(pointer: Path) -> dict[str, object]:
    """The model the workers should score with."""
    with open(pointer, encoding="utf-8") as f:
        return json.load(f)
