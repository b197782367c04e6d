import threading


class BusyLockService:
    """Another worker holds ledger:acct_9 and keeps renewing it (it is stuck mid-posting).

    acquire() with a timeout gives up with False, as the real client does; without
    one it would wait for as long as the holder renews: the witness notes that and
    lets go.
    """

    def __init__(self):
        self.waiting_without_timeout = threading.Event()
        self.settled = threading.Event()
        self.release_waiters = threading.Event()
        self.posted = False

    def acquire(self, name, ttl, timeout=None):
        if timeout is None:
            self.waiting_without_timeout.set()
            self.settled.set()
            self.release_waiters.wait()
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
        finally:
            locks.settled.set()

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    locks.settled.wait(1.0)              # gave up, or started waiting with no way out
    stuck = locks.waiting_without_timeout.is_set()
    locks.release_waiters.set()
    worker.join(1.0)
    assert not stuck, (
        "the account's lock was held by a stuck worker, and the posting request waited to acquire it with "
        "no timeout: the TTL only frees locks of crashed holders, so each new payment for acct_9 ties up "
        "one more request thread until the API runs out of them"
    )
    assert not locks.posted, "the entry was posted without holding the account lock"
