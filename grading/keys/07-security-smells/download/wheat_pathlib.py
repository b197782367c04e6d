"""File downloads for the customer portal, with pathlib; refuses '..' and absolute paths outright."""
from pathlib import Path, PurePosixPath


def read_download(root, requested):
    parts = PurePosixPath(requested).parts
    if PurePosixPath(requested).is_absolute() or ".." in parts:
        raise FileNotFoundError(requested)
    base = Path(root).resolve()
    path = base.joinpath(*parts).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise FileNotFoundError(requested)
    return path.read_bytes()
