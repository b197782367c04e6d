"""Session creation for the login endpoint."""
from __future__ import annotations

import secrets
import time
from typing import Any, Protocol


class SessionStore(Protocol):
    def put(self, session_id: str, data: dict[str, Any], ttl: int) -> None: ...


SESSION_TTL = 60 * 60 * 8


def create_session(store: SessionStore, user_id: int, now: float | None = None) -> dict[str, Any]:
    """Create a login session for `user_id`, save it, and return it."""
    now = time.time() if now is None else now
    session = {
        "id": secrets.token_urlsafe(32),
        "user_id": user_id,
        "expires_at": now + SESSION_TTL,
    }
    try:
        store.put(session["id"], session, ttl=SESSION_TTL)
    except Exception as exc:
        return {"error": f"session store unavailable: {exc}"}
    return session


def login_response(store: SessionStore, user_id: int) -> tuple[int, dict[str, str]]:
    """Status and headers once the password has been checked."""
    session = create_session(store, user_id)
    return 200, {"Set-Cookie": f"sid={session.get('id', '')}; HttpOnly; Secure; SameSite=Lax"}
