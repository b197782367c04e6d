"""File downloads for the customer portal: GET /files/<path>

Each customer's uploads live in their own folder on the file server; the
handler maps the path in the URL to a file in that folder. The path is
resolved first (every "..", an absolute path, a link) and checked after:
a file is served only when where it really is lies inside the folder.
"""
from __future__ import annotations

from pathlib import Path


def read_download(root: str, requested: str) -> bytes:
    """The bytes of the file `requested` (a path relative to `root`, from the URL)."""
    folder = Path(root).resolve()
    path = (folder / requested).resolve()          # an absolute `requested` replaces the folder: checked below
    if not path.is_relative_to(folder):            # whole folder names, not a string prefix ("acme-labs")
        raise FileNotFoundError(requested)
    if not path.is_file():
        raise FileNotFoundError(requested)
    return path.read_bytes()
