"""Where things live in the repository, found from this package's location (one place, used everywhere)."""
from __future__ import annotations

import os
import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
SOLUTIONS_DIR = REPO_ROOT / "solutions"
MODULES_DIR = REPO_ROOT / "modules"
GRADING_DIR = REPO_ROOT / "grading"
# The learner's own folder beside the modules (their catalog and cheat sheet): inside what JupyterLab serves,
# one per clone, never generated, so `make build` leaves it alone and git ignores it.
LEARNER_DIR = MODULES_DIR / "my-catalog"

# The trust line of the layout. These packages run inside the sandbox beside learner code (the runner's
# in-sandbox side, the kits fixtures use, the scenarios' public fixtures); with the top-level modules of
# course/ they are all a sandbox can import. Every other package (judge, nbgrader, cohort, notebook,
# authoring, practice) is hidden inside a sandbox, and tests/test_layout.py holds that the sandbox side
# imports none of them.
SANDBOX_PACKAGES = ("sandboxed", "kits", "scenarios")


def trusted_packages(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The packages of course/ (or of another copy's `package_dir`) that never run in a sandbox: hidden there,
    never imported from the sandbox side."""
    return sorted(p for p in package_dir.iterdir()
                  if (p / "__init__.py").is_file() and p.name not in SANDBOX_PACKAGES)


def keys_dir() -> Path:
    """The judge's keys. Instructors can point elsewhere with COURSE_KEYS_DIR (keys kept off learner machines)."""
    return Path(os.environ.get("COURSE_KEYS_DIR", GRADING_DIR / "keys")).resolve()


MODULE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")   # one plain folder name: never "..", "/" or absolute


def module_keys_dir(module: str) -> Path:
    """The key folder of `module`, a plain folder name (`01-concurrent-writes`). Anything else, an absolute path or
    one with `..` or `/`, is refused (ValueError): a key folder's key.py files are imported, and the judge service
    takes the module's name from a learner's request (red team: `/tmp/x` made it import a learner's key.py)."""
    if not isinstance(module, str) or not MODULE_NAME.fullmatch(module):
        raise ValueError(f"not a module name: {module!r}")
    return keys_dir() / module


def keys_available(module: str) -> bool:
    """Are this module's keys readable here? False, not an error, where they exist but are closed to this user
    (a cohort learner's server: the judge service holds them)."""
    try:
        return module_keys_dir(module).is_dir()
    except (OSError, ValueError):
        return False
