def _held_for_stalled_client(impl, messages):
    room = impl.Room("general")
    stalled = room.subscribe("phone-in-a-tunnel")   # TCP still open, nothing read
    active = room.subscribe("desktop")
    for i in range(messages):
        room.publish({"seq": i, "text": "hello"})
        while not active.empty():
            active.get_nowait()                     # this client keeps up
    return stalled.qsize()


def test_stalled_client_does_not_pile_up_messages(impl) -> None:
    held_n = _held_for_stalled_client(impl, 600)
    held_2n = _held_for_stalled_client(impl, 1_200)
    assert held_2n < 1.5 * held_n, (
        f"one client stopped reading: after 600 messages its queue held {held_n:,}, after 1,200 it held "
        f"{held_2n:,}: every stalled connection keeps the room's whole traffic in memory, and a busy room "
        "with a few hundred sleeping phones takes the chat server down"
    )
