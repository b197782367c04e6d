from course.practice import witness_kit


class FakePresence:
    def __init__(self) -> None:
        self.requests = 0

    def status_many(self, user_ids):
        self.requests += 1
        states = ("online", "away")
        return {u: states[int(u[1:]) % 2] for u in user_ids if int(u[1:]) % 5}  # every fifth is unknown


def _requests(impl, n: int) -> int:
    client = FakePresence()
    members = [impl.Member(f"u{i}", f"Member {i}") for i in range(n)]
    listing = impl.member_list(client, members)
    assert [m["status"] for m in listing[:4]] == ["offline", "away", "online", "away"], (
        f"wrong statuses {[m['status'] for m in listing[:4]]}")
    assert [m["id"] for m in listing] == [m.user_id for m in members], "members out of order"
    return client.requests


def test_member_list_makes_one_presence_request(impl) -> None:
    witness_kit.assert_scales(lambda n: _requests(impl, n), (25, 50), at_most=1, message=(
        "listing 25 members made {small} presence requests and 50 members made {large}: one request per member"
    ))
