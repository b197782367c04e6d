"""`tidy bundle REF`: a reproducible .tar.gz of the repository at REF."""
from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

# The process runner; tests replace it with a recorder.
run: Callable[..., subprocess.CompletedProcess] = subprocess.run


def bundle(repo: Path, ref: str, out_dir: Path) -> Path:
    """Write ``<out_dir>/<repo>-<ref>.tar.gz`` with the tree at ``ref``.

    git archive streams a tar; gzip -n leaves the timestamp out so the same
    ref always gives byte-identical bundles.
    """
    if ref.startswith("-"):
        raise ValueError(f"not a ref: {ref!r}")  # would be read as a git option
    dest = out_dir / f"{repo.name}-{ref.replace('/', '-')}.tar.gz"
    pipeline = (
        f"git -C {shlex.quote(str(repo))} archive --format=tar"
        f" --prefix={shlex.quote(repo.name + '/')} {shlex.quote(ref)}"
        f" | gzip -n > {shlex.quote(str(dest))}"
    )
    run(pipeline, shell=True, check=True)
    return dest
