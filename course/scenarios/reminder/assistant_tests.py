"""Tests the assistant wrote alongside build_reminder (they pass on its code)."""


def test_reminder_goes_to_the_customer(build_reminder, customer, in_request):
    with in_request("req-1"):
        message = build_reminder(customer("ada"), [("lamp", 1)])
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "You left something in your cart"
    assert "Hello Ada," in message.get_content()


def test_cart_lines_are_listed(build_reminder, customer, in_request):
    with in_request("req-2"):
        message = build_reminder(customer("ada"), [("mug", 2), ("lamp", 1)])
    assert "- 1 x lamp\n- 2 x mug" in message.get_content()


def test_unsubscribe_link_and_request_id(build_reminder, customer, in_request):
    with in_request("req-3"):
        message = build_reminder(customer("ada"), [("lamp", 1)])
    assert message["List-Unsubscribe"] == "<https://shop.example/unsubscribe/tok-ada>"
    assert message["X-Request-Id"] == "req-3"


def test_greeting_follows_the_locale(build_reminder, customer, in_request):
    with in_request("req-4"):
        message = build_reminder(customer("jonas", locale="de-AT"), [("lamp", 1)])
    assert "Hallo Jonas," in message.get_content()
