"""Media tools for the customer file area: thumbnails, search and archives.

The web app calls these with values from the request; the tools are the
usual command-line ones (ImageMagick, grep, tar), run with subprocess.
"""
from __future__ import annotations

import shlex
import subprocess

ARCHIVES = "/var/archive"


def make_thumbnail(upload: str, width: str) -> str:
    """A PNG thumbnail `width` pixels wide beside the upload; returns its path."""
    size = int(width)
    thumb = f"{upload.rsplit('.', 1)[0]}_w{size}.png"
    command = f"convert {shlex.quote(upload)} -thumbnail {size}x {shlex.quote(thumb)}"
    subprocess.run(command, shell=True, check=True, timeout=30)
    return thumb


def search_uploads(folder: str, text: str) -> list[str]:
    """The files under `folder` whose contents contain `text` (the search box)."""
    result = subprocess.run(["grep", "-rl", text, folder],
                            capture_output=True, text=True, timeout=30)
    return sorted(result.stdout.splitlines())


def archive_uploads(folder: str, label: str) -> str:
    """Pack the customer's folder into ARCHIVES/<label>.tar.gz; returns its path."""
    archive = f"{ARCHIVES}/{label}.tar.gz"
    subprocess.run(f"tar -czf {archive} -C {shlex.quote(folder)} .",
                   shell=True, check=True, timeout=300)
    return archive
