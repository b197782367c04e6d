import hashlib

NOW = 1_772_600_000


def test_expired_token_gets_the_refresh_signal(impl) -> None:
    tokens = {
        "tk_live": impl.ApiToken(7, hashlib.sha256(b"s3cret").hexdigest(), NOW + 3600),
        "tk_old": impl.ApiToken(8, hashlib.sha256(b"s3cret").hexdigest(), NOW - 1),
    }

    def call(header: str):
        return impl.to_response(lambda: {"user": impl.verify_bearer(header, tokens.get, NOW)})

    assert call("Bearer tk_live.s3cret") == (200, {"user": 7}), "a valid token should authenticate user 7"
    expired = call("Bearer tk_old.s3cret")
    assert expired == (401, {"error": "token_expired"}), (
        f"an expired token was answered with {expired[0]} {expired[1]['error']!r} instead of 401 'token_expired': "
        "clients never refresh, the user sees a server error and monitoring counts it as an outage"
    )
    for header in ("Bearer tk_live.wrong", "Basic abc", "Bearer tk_nope.s3cret"):
        status, body = call(header)
        assert status == 401, f"{header!r} was answered with {status} {body['error']!r} instead of 401"
