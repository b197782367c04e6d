import sqlite3


class SlowDatabase:
    """Every query hits the statement timeout (the orders table is being vacuumed)."""

    def execute(self, sql, params=()):
        raise sqlite3.OperationalError("canceling statement due to statement timeout")


class CountingPool:
    size = 5

    def __init__(self):
        self.in_use = 0

    def acquire(self):
        self.in_use += 1
        return SlowDatabase()

    def release(self, conn):
        self.in_use -= 1


def test_failed_query_gives_the_connection_back(impl) -> None:
    pool = CountingPool()
    for customer in range(pool.size):
        try:
            impl.recent_orders(pool, customer_id=customer)
        except sqlite3.OperationalError:
            pass
    assert pool.in_use == 0, (
        f"{pool.size} account pages hit a statement timeout and {pool.in_use} of the pool's {pool.size} "
        "connections were never given back: from now on every request waits for a connection that will "
        "not come back, and the shop is down until it restarts"
    )
