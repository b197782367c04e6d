def test_one_token_check_makes_a_bounded_number_of_idp_calls(impl) -> None:
    calls = []
    waits = []

    def opener(req, timeout=None):
        calls.append(req.full_url)
        raise ConnectionResetError("idp overloaded")

    try:
        impl.introspect("tok_abc", opener=opener, sleep=waits.append)
    except OSError:
        pass
    assert len(calls) <= 3, (
        f"the identity provider was struggling and a single token check sent it {len(calls)} requests "
        f"(waiting {sum(waits):.1f} s in between): the retry loop wraps a helper that already retries, so "
        "every API request multiplies the load on the IdP at the moment it can least take it"
    )
