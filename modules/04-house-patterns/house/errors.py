"""Domain errors. Handlers raise them; house.web.respond turns each into its HTTP status.

A handler never returns {"error": ...}: respond() would send that as 200 OK.
"""
from __future__ import annotations


class DomainError(Exception):
    """A request we cannot serve as asked; `status` is the HTTP status the client gets."""
    status = 400
    code = "bad_request"


class InvalidRequest(DomainError):
    status, code = 400, "invalid_request"


class PaymentDeclined(DomainError):
    """The payment provider said no (a 4xx from it). Final: never retried."""
    status, code = 402, "payment_declined"


class NotFound(DomainError):
    """No such thing for this tenant. Another tenant's data is "not found" too: never say it exists."""
    status, code = 404, "not_found"


class Conflict(DomainError):
    """The request clashes with the current state (for example, more refunded than was paid)."""
    status, code = 409, "conflict"


class UpstreamUnavailable(DomainError):
    """A service we depend on kept failing until the house retry policy gave up."""
    status, code = 503, "upstream_unavailable"


class TransientError(Exception):
    """Raised by outbound clients for a failure worth retrying: a timeout, a 5xx.

    Not a domain error: house.retry.call_with_retry retries it, and turns the last one into
    UpstreamUnavailable.
    """
