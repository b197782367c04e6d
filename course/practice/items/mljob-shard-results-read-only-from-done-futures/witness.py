import threading
from concurrent.futures import Future


class WedgedShard(Future):
    """A shard whose worker is stuck (it is running, so cancel() cannot stop it).

    result() without a timeout would wait for it forever: the witness notes that
    and lets go.
    """

    waiting_forever = threading.Event()
    settled = threading.Event()
    release = threading.Event()

    def result(self, timeout=None):
        if timeout is None and not self.done():
            WedgedShard.waiting_forever.set()
            WedgedShard.settled.set()
            WedgedShard.release.wait()
            return []
        return super().result(timeout)


class InlineExecutor:
    def submit(self, fn, shard):
        if shard == "stuck":
            future = WedgedShard()
            future.set_running_or_notify_cancel()
            return future
        future = Future()
        future.set_result(fn(shard))
        return future


def test_a_wedged_shard_does_not_hold_the_run(impl) -> None:
    fake = WedgedShard
    fake.waiting_forever, fake.settled, fake.release = (threading.Event() for _ in range(3))
    shards = [[{"x": 1}, {"x": 2}], "stuck", [{"x": 3}]]
    result = {}

    def run():
        try:
            result["out"] = impl.score_shards(InlineExecutor(), lambda s: [0.5] * len(s), shards,
                                              deadline_s=0.01)
        finally:
            fake.settled.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    fake.settled.wait(1.0)               # returned, or started waiting with no way out
    stuck = fake.waiting_forever.is_set()
    fake.release.set()
    worker.join(1.0)
    assert not stuck, (
        "one shard's worker was wedged and, after the deadline, the run waited for its result with no "
        "timeout: the deadline cancelled nothing, and the nightly run never finishes"
    )
    assert result.get("out") == ([0.5, 0.5, 0.5], 1), f"expected 3 scores and 1 late shard, got {result}"
