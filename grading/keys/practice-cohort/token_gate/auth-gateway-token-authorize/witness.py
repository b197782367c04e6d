class Revocations:
    """The revocation list service: revoked token ids, or unreachable."""

    def __init__(self, revoked: set[str], reachable: bool = True) -> None:
        self.revoked, self.reachable = revoked, reachable

    def is_revoked(self, token_id: str) -> bool:
        if not self.reachable:
            raise ConnectionError("revocations.internal:443: connection refused")
        return token_id in self.revoked


def test_a_revoked_token_stays_refused_while_the_list_is_down(impl) -> None:
    stolen = impl.Claims("tok-7f3a", "user:ada", expires_at=2_000.0)   # revoked when Ada changed her password
    fine = impl.Claims("tok-91c0", "user:bo", expires_at=2_000.0)
    assert impl.authorize(fine, Revocations({"tok-7f3a"}), now=1_000.0) == "user:bo", "a valid token was refused"
    try:
        impl.authorize(stolen, Revocations({"tok-7f3a"}), now=1_000.0)
    except impl.Unauthorized:
        pass
    else:
        raise AssertionError("a revoked token was accepted with the revocation list up")
    try:
        subject = impl.authorize(stolen, Revocations({"tok-7f3a"}, reachable=False), now=1_000.0)
    except (impl.Unauthorized, ConnectionError):
        return
    raise AssertionError(
        f"while the revocation list was unreachable, Ada's revoked token was accepted: the request ran as {subject!r}")
