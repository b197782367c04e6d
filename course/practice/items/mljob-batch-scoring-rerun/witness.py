import sqlite3


def test_a_rerun_after_a_crash_stores_one_prediction_per_customer(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(impl.SCHEMA)
    rows = [(f"c{n}", {"days_since_login": float(n)}) for n in range(1, 6)]
    scored = []

    def model_that_dies_on_c5(features):
        if features["days_since_login"] == 5.0:
            raise RuntimeError("worker killed while scoring")
        scored.append(features)
        return 0.1

    try:
        impl.score_batch(conn, "2026-12-01", rows, model_that_dies_on_c5, chunk_size=2)
    except RuntimeError:
        pass  # the scheduler reruns the failed job for the same day
    impl.score_batch(conn, "2026-12-01", rows, lambda features: 0.1, chunk_size=2)
    stored = conn.execute("SELECT COUNT(*) FROM predictions WHERE run_date = '2026-12-01'").fetchone()[0]
    extra = conn.execute("SELECT COUNT(*) - COUNT(DISTINCT customer_id) FROM predictions").fetchone()[0]
    conn.close()
    assert extra == 0, (
        f"the scoring job crashed after two chunks and was rerun: 5 customers now have {stored} predictions "
        f"for the day ({extra} duplicates), and the CRM export sends them twice")
