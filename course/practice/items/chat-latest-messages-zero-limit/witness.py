def test_limit_zero_returns_no_messages(impl) -> None:
    history = [impl.Message(i, "ana", f"message {i}") for i in range(1, 81)]
    three = impl.latest_messages(history, 3)
    assert [m.id for m in three] == [78, 79, 80], f"limit=3 returned ids {[m.id for m in three]}"
    none = impl.latest_messages(history, 0)
    assert none == [], (
        f"a client asking for limit=0 (header only) got {len(none)} messages, the whole 80-message room, past the 50-message cap: "
        "a slice from -0 starts at the beginning"
    )
