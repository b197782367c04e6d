def test_null_or_missing_lists_mean_empty(impl) -> None:
    room = {"name": "ops", "members": ["ana", "bo", "sam"], "muted": ["sam"]}
    assert impl.push_targets(room, "ana") == ["bo"], f"a normal room pushed to {impl.push_targets(room, 'ana')}"
    cases = [
        {"name": "new", "members": None, "muted": None},   # as the directory sends a fresh room
        {"name": "quiet", "members": ["ana", "bo"], "muted": None},
        {"name": "bare"},
        {"name": "empty", "members": [], "muted": []},
    ]
    expected = [[], ["bo"], [], []]
    for room, want in zip(cases, expected):
        try:
            got = impl.push_targets(room, "ana")
        except TypeError as exc:
            raise AssertionError(
                f"a new message in room {room['name']!r} ({room}) crashed the push step with "
                f"TypeError: {exc}: the directory's null was not treated as an empty list"
            ) from None
        assert got == want, f"room {room['name']!r} pushed to {got}, expected {want}"
