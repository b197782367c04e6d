import asyncio


class SlowLog:
    """A message log whose first write lets another handler post while it is in flight."""

    def __init__(self) -> None:
        self.messages = []
        self.during_first_write = None

    async def append(self, message) -> None:
        if self.during_first_write is not None:
            other, self.during_first_write = self.during_first_write, None
            await other()
        self.messages.append(message)


def test_two_messages_posted_together_get_different_numbers(impl) -> None:
    log = SlowLog()
    room = impl.Room("general", log)
    log.during_first_write = lambda: room.post("bo", "on my way")
    asyncio.run(room.post("ada", "standup in 5"))
    numbers = sorted(m.seq for m in log.messages)
    assert len(set(numbers)) == len(numbers), (
        f"two messages posted at the same moment were both numbered #{numbers[0]}: a client that has "
        f"seen #{numbers[0]} never fetches the other one")
