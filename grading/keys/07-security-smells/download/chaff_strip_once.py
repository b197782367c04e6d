"""File downloads for the customer portal: GET /files/<path>"""
from __future__ import annotations

import os


def read_download(root: str, requested: str) -> bytes:
    """The bytes of the file `requested` (a path relative to `root`, from the URL)."""
    requested = requested.replace("../", "").lstrip("/")   # no parent folders, no absolute paths
    path = os.path.join(root, requested)
    if not os.path.isfile(path):
        raise FileNotFoundError(requested)
    with open(path, "rb") as f:
        return f.read()
