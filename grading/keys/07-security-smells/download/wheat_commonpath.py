"""File downloads for the customer portal: GET /files/<path>"""
from __future__ import annotations

import os


def read_download(root: str, requested: str) -> bytes:
    """The bytes of the file `requested` inside `root`; FileNotFoundError for anything else."""
    path = os.path.realpath(os.path.join(root, requested))
    if os.path.commonpath([root, path]) != root or not os.path.isfile(path):
        raise FileNotFoundError(requested)
    with open(path, "rb") as f:
        return f.read()
