"""Where things live in the repository, found from this package's location (one place, used everywhere)."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
SOLUTIONS_DIR = REPO_ROOT / "solutions"
MODULES_DIR = REPO_ROOT / "modules"
GRADING_DIR = REPO_ROOT / "grading"


def keys_dir() -> Path:
    """The judge's keys. Instructors can point elsewhere with COURSE_KEYS_DIR (keys kept off learner machines)."""
    return Path(os.environ.get("COURSE_KEYS_DIR", GRADING_DIR / "keys")).resolve()


def module_keys_dir(module: str) -> Path:
    return keys_dir() / module


def keys_available(module: str) -> bool:
    return module_keys_dir(module).is_dir()
