"""The HTTP edge: a RequestContext per request, and respond(), which runs a handler.

A handler returns a dict (sent as 200) or raises a DomainError (sent with that error's status).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from house.errors import DomainError
from house.payments import PaymentProvider


@dataclass(frozen=True)
class RequestContext:
    tenant_id: str              # from the authenticated session, never from the request body
    db_path: str
    payments: PaymentProvider


def respond(handler: Callable[..., dict], ctx: RequestContext, **params: Any) -> tuple[int, dict]:
    """(HTTP status, JSON body) for one request."""
    try:
        return 200, handler(ctx, **params)
    except DomainError as exc:
        return exc.status, {"error": exc.code, "message": str(exc)}
