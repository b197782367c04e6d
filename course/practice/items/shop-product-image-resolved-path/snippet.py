"""GET /media/<sku>/<filename>: product images for the storefront."""
from __future__ import annotations

import mimetypes
from pathlib import Path


class NotFound(Exception):
    """Mapped to HTTP 404 by the web layer."""


def product_image(media_root: Path, sku: str, filename: str) -> tuple[str, bytes]:
    """Content type and bytes of ``<media_root>/<sku>/<filename>``.

    Both parts come from the URL. The joined path is resolved (".." and
    symlinks included) and must still lie inside the media folder.
    """
    root = media_root.resolve()
    path = (root / sku / filename).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise NotFound(f"{sku}/{filename}")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return content_type, path.read_bytes()
