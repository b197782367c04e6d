from course.practice import witness_kit


class TokenId(witness_kit.CountingStr):
    """A token id that counts equality comparisons."""


def _comparisons(impl, n: int) -> int:
    sessions = [impl.Session(f"s{i}", i % 50, TokenId(f"rt-{i:05d}"), active=i % 7 != 0) for i in range(n)]
    revocations = [impl.Revocation(TokenId(f"rt-{i:05d}"), "leaked") for i in range(0, n, 3)]
    TokenId.comparisons = 0
    killed = impl.sessions_to_kill(sessions, revocations, locked_users=[47])
    count = TokenId.comparisons
    assert killed[:4] == ["s3", "s6", "s9", "s12"], f"wrong sessions {killed[:4]}"
    assert "s47" in killed and "s0" not in killed, "locked user 47's session must go; inactive s0 must not be listed"
    return count


def test_matching_work_grows_linearly(impl) -> None:
    witness_kit.assert_scales(lambda n: _comparisons(impl, n), (60, 120), at_most=3, message=(
        "checking 60 sessions took {small:,} token comparisons and 120 sessions took {large:,}: every "
        "session scans the whole revocation list"
    ))
