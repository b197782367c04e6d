from course.practice import witness_kit


class BusyLockService:
    """Another worker holds ledger:acct_9 and keeps renewing it (it is stuck mid-posting).

    acquire() with a timeout gives up with False, as the real client does; without
    one it would wait for as long as the holder renews: the witness notes that and
    lets go.
    """

    def __init__(self):
        self.trap = witness_kit.EndlessWait()
        self.posted = False

    def acquire(self, name, ttl, timeout=None):
        if timeout is None:
            self.trap.hold()
            return True
        return False

    def release(self, name):
        pass


def test_posting_gives_up_on_a_held_lock(impl) -> None:
    locks = BusyLockService()

    def attempt():
        try:
            impl.post_with_account_lock(locks, "acct_9", lambda: setattr(locks, "posted", True))
        except Exception:
            pass   # refusing to post (busy) is an acceptable answer

    stuck = witness_kit.waits_forever(locks.trap, attempt)
    assert not stuck, (
        "the account's lock was held by a stuck worker, and the posting request waited to acquire it with "
        "no timeout: the TTL only frees locks of crashed holders, so each new payment for acct_9 ties up "
        "one more request thread until the API runs out of them"
    )
    assert not locks.posted, "the entry was posted without holding the account lock"
