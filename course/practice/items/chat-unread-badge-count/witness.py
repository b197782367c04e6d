def test_own_messages_are_not_unread(impl) -> None:
    me, bob = 1, 2
    messages = [
        impl.Message(10, bob, "lunch?"),
        impl.Message(11, me, "sure, 12:30"),      # I answered from my phone
        impl.Message(12, me, "at the usual place"),
        impl.Message(13, bob, "see you"),
    ]
    count = impl.unread_count(messages, me, last_read_id=10)
    assert count == 1, (
        "after I read Bob's message and then wrote two replies from my phone, my badge says "
        f"{count} unread, counting my own two messages as unseen; only Bob's 'see you' is new to me"
    )
    assert impl.unread_count(messages, bob, last_read_id=None) == 2, "someone who never opened the room should see the other person's messages as unread"
