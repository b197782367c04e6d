"""`tool package`: build a release tarball from the project's files."""
from __future__ import annotations

import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Callable, Iterable


def build_package(
    project: Path,
    files: Iterable[str],
    out: Path,
    render: Callable[[Path], None],
    scratch: str | None = None,
) -> Path:
    """Copy `files` into a fresh staging directory, render the templates there,
    and write the result to the tarball `out`. The project itself is never touched.
    """
    staging = Path(tempfile.mkdtemp(prefix="tool-package-", dir=scratch))
    for name in files:
        dest = staging / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project / name, dest)
    render(staging)
    with tarfile.open(out, "w:gz") as tar:
        tar.add(staging, arcname=project.name)
    shutil.rmtree(staging)
    return out
