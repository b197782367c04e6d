from types import SimpleNamespace


class RateLimitedChannel:
    """Over its quota until t = 20 s: answers 429 with Retry-After, as the channel manager documents.

    Time is the witness's own clock, advanced only by the fake sleep.
    """

    def __init__(self):
        self.now = 0.0
        self.early_calls = 0

    def sleep(self, seconds):
        self.now += seconds

    def post(self, path, payload):
        if self.now < 20:
            self.early_calls += 1
            return SimpleNamespace(status=429, headers={"Retry-After": str(int(20 - self.now))}, body={})
        return SimpleNamespace(status=200, headers={}, body={"accepted": True})


def test_push_waits_as_long_as_the_channel_asks(impl) -> None:
    channel = RateLimitedChannel()
    resp = impl.push_availability(channel, "DBL", {"2026-06-01": 3}, sleep=channel.sleep)
    assert channel.early_calls == 1 and resp.status == 200, (
        f"the channel manager answered 429 'Retry-After: 20' and got {channel.early_calls} requests inside "
        f"those 20 s; the push ended with HTTP {resp.status}: every early retry counts against the quota, "
        "so availability is not published and persistent offenders get their API key suspended"
    )
