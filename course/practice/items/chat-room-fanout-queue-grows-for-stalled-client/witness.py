from course.practice import witness_kit


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
    witness_kit.assert_grows_less_than(lambda n: _held_for_stalled_client(impl, n), (600, 1200), factor=1.5, message=(
        "one client stopped reading: after 600 messages its queue held {small:,}, after 1,200 it held "
        "{large:,}: every stalled connection keeps the room's whole traffic in memory, and a busy room "
        "with a few hundred sleeping phones takes the chat server down"
    ))
