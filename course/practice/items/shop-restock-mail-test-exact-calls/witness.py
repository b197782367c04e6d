from course.practice import witness_kit


def _mails_unsubscribed(sku, title, subscribers, send):
    for address in subscribers:
        send(address, f"{title} is back in stock", f"/p/{sku}")
    return sum(subscribers.values())


def _wrong_link(sku, title, subscribers, send):
    sent = 0
    for address, subscribed in subscribers.items():
        if subscribed:
            send(address, f"{title} is back in stock", "/shop")
            sent += 1
    return sent


def _counts_subscribers(sku, title, subscribers, send):
    for address, subscribed in subscribers.items():
        if subscribed:
            send(address, f"{title} is back in stock", f"/p/{sku}")
    return len(subscribers)


def _mails_twice(sku, title, subscribers, send):
    sent = 0
    for _ in range(2):
        for address, subscribed in subscribers.items():
            if subscribed:
                send(address, f"{title} is back in stock", f"/p/{sku}")
                sent += 1
    return sent // 2


BROKEN = {
    "also e-mails people who unsubscribed": _mails_unsubscribed,
    "links every e-mail to the shop's home page": _wrong_link,
    "reports the number of subscribers instead of e-mails sent": _counts_subscribers,
    "sends every e-mail twice": _mails_twice,
}


def test_mocked_mailer_is_checked_call_by_call(impl) -> None:
    assert witness_kit.passes(impl.test_notify_back_in_stock), "the assistant's test fails on the correct function"
    what = witness_kit.first_survivor(impl, "test_notify_back_in_stock", "notify_back_in_stock", BROKEN)
    assert what is None, f"the assistant's test still passed on a version that {what}"
