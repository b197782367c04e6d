"""Password-reset emails, sent from the /password-reset request."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Any, Callable

SMTP_HOST = "smtp.internal"
SMTP_PORT = 587


def send_reset_email(
    to: str,
    link: str,
    smtp_factory: Callable[..., Any] = smtplib.SMTP,
) -> None:
    """Email the one-time reset link to `to` over STARTTLS."""
    msg = EmailMessage()
    msg["From"] = "Accounts <no-reply@example.com>"
    msg["To"] = to
    msg["Subject"] = "Reset your password"
    msg.set_content(f"Use this link within 30 minutes to choose a new password:\n\n{link}\n")
    with smtp_factory(SMTP_HOST, SMTP_PORT) as smtp:
        smtp.starttls()
        smtp.send_message(msg)
