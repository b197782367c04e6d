def test_unknown_address_gets_the_same_answer(impl) -> None:
    accounts = {"ana@example.com": 7}
    tokens, mails = {}, []
    send = lambda to, link: mails.append((to, link))  # noqa: E731
    known = impl.request_reset("Ana@example.com", accounts, tokens, send, new_token=lambda: "tok1")
    assert mails == [("Ana@example.com", "https://app.example.com/reset/tok1")] and tokens == {"tok1": 7}, (
        f"a known address got mails {mails} and tokens {tokens}"
    )
    unknown = impl.request_reset("mallory@example.com", accounts, tokens, send, new_token=lambda: "tok2")
    assert len(mails) == 1 and "tok2" not in tokens, "an unknown address was sent a reset link"
    assert (unknown.status, unknown.message) == (known.status, known.message), (
        f"a registered address gets {known.status} {known.message!r} but an unregistered one gets "
        f"{unknown.status} {unknown.message!r}: anyone can test which e-mail addresses have accounts"
    )
