"""API tokens: verify the bearer token sent with each request."""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

# --- house helpers (existing, auth/errors.py and auth/http.py) ---


class AuthError(Exception):
    """Any authentication failure; the HTTP layer answers 401 with `code`."""
    code = "unauthenticated"


class TokenExpired(AuthError):
    code = "token_expired"  # clients refresh the token when they see this code


def to_response(handler: Callable[[], dict]) -> tuple[int, dict]:
    """Run a request handler: AuthError becomes 401 {"error": code}, anything else a 500."""
    try:
        return 200, handler()
    except AuthError as exc:
        return 401, {"error": exc.code}
    except Exception:
        return 500, {"error": "internal"}


# --- the assistant's change ---


@dataclass(frozen=True)
class ApiToken:
    user_id: int
    secret_sha256: str
    expires_at: int


def verify_bearer(header: str, lookup: Callable[[str], ApiToken | None], now: int) -> int:
    """Return the user id for an `Authorization: Bearer <token id>.<secret>` header."""
    scheme, _, credential = header.partition(" ")
    token_id, _, secret = credential.partition(".")
    if scheme != "Bearer" or not token_id or not secret:
        raise ValueError("malformed Authorization header")
    token = lookup(token_id)
    digest = hashlib.sha256(secret.encode()).hexdigest()
    if token is None or not hmac.compare_digest(token.secret_sha256, digest):
        raise PermissionError("invalid token")
    if token.expires_at <= now:
        raise PermissionError("token expired")
    return token.user_id
