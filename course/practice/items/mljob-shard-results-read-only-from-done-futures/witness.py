from concurrent.futures import Future

from course.practice import witness_kit


class WedgedShard(Future):
    """A shard whose worker is stuck (it is running, so cancel() cannot stop it).

    result() without a timeout would wait for it forever: the witness notes that
    and lets go.
    """

    trap = witness_kit.EndlessWait()

    def result(self, timeout=None):
        if timeout is None and not self.done():
            WedgedShard.trap.hold()
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
    WedgedShard.trap = witness_kit.EndlessWait()
    shards = [[{"x": 1}, {"x": 2}], "stuck", [{"x": 3}]]
    result = {}

    def run():
        result["out"] = impl.score_shards(InlineExecutor(), lambda s: [0.5] * len(s), shards, deadline_s=0.01)

    stuck = witness_kit.waits_forever(WedgedShard.trap, run)
    assert not stuck, (
        "one shard's worker was wedged and, after the deadline, the run waited for its result with no "
        "timeout: the deadline cancelled nothing, and the nightly run never finishes"
    )
    assert result.get("out") == ([0.5, 0.5, 0.5], 1), f"expected 3 scores and 1 late shard, got {result}"
