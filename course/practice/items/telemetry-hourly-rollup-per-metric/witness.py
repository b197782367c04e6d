import sqlite3

from course.practice import witness_kit

HOUR = 1_767_225_600  # 2026-01-01T00:00Z


def _db(n_metrics: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE samples (metric TEXT, ts INTEGER, value REAL);"
        "CREATE TABLE rollups (metric TEXT, hour INTEGER, count INTEGER, total REAL, peak REAL,"
        " PRIMARY KEY (metric, hour));"
    )
    rows = []
    for m in range(n_metrics):
        for k in range(3):
            rows.append((f"svc.m{m:03d}", HOUR + 600 * k + m, float(k + m)))
        rows.append((f"svc.m{m:03d}", HOUR + 3600, 999.0))  # next hour: not counted
    conn.executemany("INSERT INTO samples VALUES (?, ?, ?)", rows)
    conn.commit()
    return conn


def _selects(impl, n_metrics: int) -> int:
    conn = _db(n_metrics)
    rollups, seen = witness_kit.traced_statements(conn, lambda: impl.rollup_hour(conn, HOUR))
    assert len(rollups) == n_metrics, f"expected one rollup per metric ({n_metrics}), got {len(rollups)}"
    first = rollups[0]
    assert (first.metric, first.count, first.total, first.peak) == ("svc.m000", 3, 3.0, 2.0), f"wrong rollup {first}"
    stored = conn.execute("SELECT COUNT(*) FROM rollups").fetchone()[0]
    assert stored == n_metrics, f"{stored} rollups stored, expected {n_metrics}"
    return sum(1 for s in seen if s.lstrip().upper().startswith("SELECT"))


def test_rollup_query_count_does_not_grow_with_metrics(impl) -> None:
    witness_kit.assert_scales(lambda n: _selects(impl, n), (12, 24), at_most=1, message=(
        "rolling up 12 metrics ran {small} SELECT queries and 24 metrics ran {large}: one aggregate "
        "query per metric, so a tenant with 5,000 metrics costs 5,001 scans of the hour every hour"
    ))
