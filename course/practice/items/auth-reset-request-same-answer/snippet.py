"""POST /password-reset: e-mail a reset link."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SendMail = Callable[[str, str], None]  # (to, link): queues the mail, returns at once
ANSWER = "If an account exists for that address, we have sent it a reset link."


@dataclass(frozen=True)
class ResetResponse:
    status: int
    message: str


def request_reset(email: str, accounts: Mapping[str, int], tokens: dict[str, int], send: SendMail,
                  new_token: Callable[[], str] = lambda: secrets.token_urlsafe(32)) -> ResetResponse:
    """Start a password reset for ``email``.

    Known addresses get a one-time link (its token maps to the account id).
    The answer is the same whether or not the address has an account.
    """
    account_id = accounts.get(email.strip().lower())
    if account_id is not None:
        token = new_token()
        tokens[token] = account_id
        send(email.strip(), f"https://app.example.com/reset/{token}")
    return ResetResponse(202, ANSWER)
