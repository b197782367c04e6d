"""Logout for the admin console, whose sessions are files in the session directory."""
from __future__ import annotations

import contextlib
import os
import re
from typing import Callable

SESSION_ID = re.compile(r"[A-Za-z0-9_-]{32,64}")


def logout(
    session_dir: str,
    session_id: str,
    remove: Callable[[str], None] = os.remove,
) -> None:
    """End the session: delete its file so the id stops working.

    Logging out twice (two tabs, a double click) is fine: the second call finds
    nothing to delete.
    """
    if not SESSION_ID.fullmatch(session_id):
        raise ValueError("malformed session id")
    with contextlib.suppress(FileNotFoundError):
        remove(os.path.join(session_dir, f"{session_id}.json"))
