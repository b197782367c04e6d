"""Export and import of a user's account preferences (Settings > Transfer)."""
from __future__ import annotations

import base64
import binascii
import pickle
from typing import Any

ALLOWED_KEYS = {"theme", "language", "two_factor_prompt", "muted_rooms", "digest_hour"}


def export_preferences(prefs: dict[str, Any]) -> str:
    """The text file the user downloads: their preferences, base64-encoded.

    pickle keeps sets and tuples as they are, which a JSON round trip would not.
    """
    return base64.b64encode(pickle.dumps(prefs)).decode("ascii")


def import_preferences(blob: str) -> dict[str, Any]:
    """Read a file made by export_preferences(), keeping only known settings.

    Raises ValueError when the upload is not a preferences file.
    """
    try:
        data = pickle.loads(base64.b64decode(blob, validate=True))
    except (binascii.Error, pickle.UnpicklingError, EOFError) as exc:
        raise ValueError("not a preferences file") from exc
    if not isinstance(data, dict):
        raise ValueError("not a preferences file")
    return {key: value for key, value in data.items() if key in ALLOWED_KEYS}
