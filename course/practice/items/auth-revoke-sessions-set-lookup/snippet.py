"""Incident response: find the live sessions that must be killed after a token leak."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Session:
    session_id: str
    user_id: int
    refresh_token_id: str
    active: bool


@dataclass(frozen=True)
class Revocation:
    token_id: str
    reason: str


def sessions_to_kill(
    sessions: Iterable[Session], revocations: Iterable[Revocation], locked_users: Iterable[int] = ()
) -> list[str]:
    """Ids of active sessions whose refresh token was revoked or whose user is locked, in input order."""
    revoked = {r.token_id for r in revocations}
    locked = set(locked_users)
    return [
        s.session_id
        for s in sessions
        if s.active and (s.refresh_token_id in revoked or s.user_id in locked)
    ]
