"""GET /rooms/<room_id>/files/<filename>: download a room attachment."""
from __future__ import annotations

from pathlib import Path


class NotFound(Exception):
    """Mapped to HTTP 404 by the web layer."""


def attachment_path(uploads: Path, room_id: str, filename: str) -> Path:
    """Where an attachment of a room is stored: ``uploads/<room_id>/<filename>``.

    Both parts come from the URL, so any "../" is stripped from them first:
    a request cannot climb out of the uploads folder.
    """
    room_id = room_id.replace("../", "")
    filename = filename.replace("../", "")
    return uploads / room_id / filename


def read_attachment(uploads: Path, room_id: str, filename: str) -> bytes:
    """The attachment's bytes, or NotFound if the room has no such file."""
    path = attachment_path(uploads, room_id, filename)
    if not path.is_file():
        raise NotFound(f"{room_id}/{filename}")
    return path.read_bytes()
