"""File downloads for the customer portal: GET /files/<path>

Each customer's uploads live in their own folder on the file server; the
handler maps the path in the URL to a file in that folder.
"""
from __future__ import annotations

import os


def read_download(root: str, requested: str) -> bytes:
    """The bytes of the file `requested` (a path relative to `root`, from the URL)."""
    requested = requested.replace("../", "")           # no climbing out of the folder
    path = os.path.normpath(os.path.join(root, requested))
    if not path.startswith(root):
        raise FileNotFoundError(requested)
    if not os.path.isfile(path):
        raise FileNotFoundError(requested)
    with open(path, "rb") as f:
        return f.read()
