import itertools
import types


class FlakyServer:
    """Stores messages (dropping repeated client_msg_ids), but the answer to the first post is lost."""

    def __init__(self, timeout_error) -> None:
        self._timeout_error = timeout_error
        self.stored = {}
        self.posts = 0

    def post_message(self, room, text, client_msg_id):
        self.posts += 1
        if client_msg_id not in self.stored:
            self.stored[client_msg_id] = (room, text, len(self.stored) + 1)
        if self.posts == 1:
            raise self._timeout_error("no answer within 5 s")
        return self.stored[client_msg_id][2]


def test_a_retry_after_a_lost_answer_does_not_post_twice(impl) -> None:
    ids = itertools.count(1)
    impl.uuid = types.SimpleNamespace(uuid4=lambda: types.SimpleNamespace(hex=f"id{next(ids):04d}"))
    server = FlakyServer(impl.SendTimeout)
    impl.send_message(server, "general", "running 5 min late", sleep=lambda seconds: None)
    copies = [text for _, text, _ in server.stored.values()]
    assert len(copies) == 1, (
        f"the server stored the message but its answer was lost; the client retried and the room now "
        f"shows it {len(copies)} times")
