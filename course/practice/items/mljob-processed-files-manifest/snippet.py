"""Which raw files the feature pipeline has already turned into training rows."""
from __future__ import annotations

import json
from pathlib import Path


def processed_files(manifest: Path) -> set[str]:
    """Names of the files already processed (none before the first run)."""
    if not manifest.exists():
        return set()
    with open(manifest, encoding="utf-8") as f:
        return set(json.load(f)["processed"])


def mark_processed(manifest: Path, filename: str) -> None:
    """Record that `filename` is done, so the next run skips it.

    The pipeline's workers share one manifest; each records its file when it finishes.
    """
    done = processed_files(manifest)
    done.add(filename)
    staging = manifest.with_suffix(".tmp")
    with open(staging, "w", encoding="utf-8") as f:
        json.dump({"processed": sorted(done)}, f)
    staging.replace(manifest)  # atomic rename: readers never see a half-written manifest


def files_to_process(manifest: Path, incoming: list[str]) -> list[str]:
    """The incoming raw files no worker has processed yet, in their original order."""
    done = processed_files(manifest)
    return [name for name in incoming if name not in done]
