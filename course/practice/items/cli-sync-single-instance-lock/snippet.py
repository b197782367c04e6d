"""Single-instance guard for the `sync` command."""
from __future__ import annotations

import os
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another `sync` holds the lock file."""


def acquire_lock(lock_path: Path) -> None:
    """Claim `lock_path` for this process, or raise AlreadyRunning if another sync has it.

    The file holds our pid so `sync --status` can say who is running.
    """
    if lock_path.exists():
        raise AlreadyRunning(f"sync is already running (lock file {lock_path})")
    with open(lock_path, "w", encoding="utf-8") as lock:
        lock.write(f"{os.getpid()}\n")


def release_lock(lock_path: Path) -> None:
    """Remove the lock file at the end of the run."""
    lock_path.unlink(missing_ok=True)


def running_pid(lock_path: Path) -> int | None:
    """The pid of the sync holding the lock, or None when none is running."""
    try:
        return int(lock_path.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None
