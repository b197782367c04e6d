"""Reminder emails for abandoned carts.

Built for three callers: the checkout (when a customer asks to be reminded),
the nightly job that mails every abandoned cart, and the worker that sends
the reminders the marketing tool queues.
"""
from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache

# Set by the web middleware for every request, so support can trace an email back to it.
request_id: ContextVar[str] = ContextVar("request_id")

GREETINGS = {"en": "Hello {name},", "de": "Hallo {name},", "fr": "Bonjour {name},"}


@lru_cache(maxsize=None)
def greeting(locale: str) -> str:
    """The greeting line for a locale such as "de-AT" (English when we have none)."""
    return GREETINGS.get(locale.split("-")[0].lower(), GREETINGS["en"])


def build_reminder(customer: dict, cart: list[tuple[str, int]], headers: dict = {}) -> EmailMessage:
    """The "you left something in your cart" email for one customer."""
    headers.setdefault("List-Unsubscribe", f"<https://shop.example/unsubscribe/{customer['token']}>")
    headers["X-Request-Id"] = request_id.get()

    message = EmailMessage()
    message["To"] = customer["email"]
    message["Subject"] = "You left something in your cart"
    message["Date"] = format_datetime(datetime.now())
    for name, value in headers.items():
        message[name] = value

    lines = [greeting(customer.get("locale", "en")).format(name=customer["name"]), ""]
    lines += [f"- {qty} x {sku}" for sku, qty in sorted(cart)]
    message.set_content("\n".join(lines))
    return message
