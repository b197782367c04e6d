class FlakyStore:
    """The first write fails (the database failed over), later ones work."""

    def __init__(self):
        self.balances = {"w_1": 1000}
        self.fail_next_write = True

    def get_balance(self, wallet_id):
        return self.balances[wallet_id]

    def set_balance(self, wallet_id, cents):
        if self.fail_next_write:
            self.fail_next_write = False
            raise ConnectionError("database is failing over")
        self.balances[wallet_id] = cents


def test_failed_top_up_releases_the_wallet_lock(impl) -> None:
    wallets = impl.Wallets(FlakyStore())
    try:
        wallets.top_up("w_1", 500)
    except ConnectionError:
        pass
    held = wallets._lock_for("w_1").locked()
    assert not held, (
        "one top-up failed on a database blip and the lock for wallet w_1 is still held: the next top-up, "
        "refund or payment for this wallet in this worker blocks forever on lock.acquire()"
    )
