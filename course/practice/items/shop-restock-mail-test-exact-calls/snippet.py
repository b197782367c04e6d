"""Back-in-stock e-mails, with the assistant's test."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from unittest import mock

Send = Callable[[str, str, str], None]  # (to, subject, link): the mail service client


def notify_back_in_stock(sku: str, title: str, subscribers: Mapping[str, bool], send: Send) -> int:
    """E-mail each address still subscribed to ``sku`` (True), once, in sign-up order.

    Returns the number of e-mails sent.
    """
    sent = 0
    for address, subscribed in subscribers.items():
        if subscribed:
            send(address, f"{title} is back in stock", f"/p/{sku}")
            sent += 1
    return sent


def test_notify_back_in_stock() -> None:
    send = mock.Mock()
    subscribers = {"ana@example.com": True, "bo@example.com": False, "cy@example.com": True}
    assert notify_back_in_stock("MUG-01", "Blue mug", subscribers, send) == 2
    assert send.call_args_list == [
        mock.call("ana@example.com", "Blue mug is back in stock", "/p/MUG-01"),
        mock.call("cy@example.com", "Blue mug is back in stock", "/p/MUG-01"),
    ]
