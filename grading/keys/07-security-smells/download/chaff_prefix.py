"""File downloads for the customer portal: GET /files/<path>"""
from __future__ import annotations

import os


def read_download(root: str, requested: str) -> bytes:
    """The bytes of the file `requested` (a path relative to `root`, from the URL)."""
    path = os.path.realpath(os.path.join(root, requested))
    if not path.startswith(root):                       # still under the customer's folder
        raise FileNotFoundError(requested)
    if not os.path.isfile(path):
        raise FileNotFoundError(requested)
    with open(path, "rb") as f:
        return f.read()
