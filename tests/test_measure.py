"""The measurement kit (course.kits.measure): counters, scaling runner and growth plots, on real sqlite3."""
from __future__ import annotations

import math
import sqlite3
import tracemalloc

import pytest

from course.kits.measure import (CallCounter, OpCounter, PeakMemory, QueryCounter, describe_exponent, growth_exponent,
                            growth_plot, growth_ratio, peak_memory, query_plan, run_scaling)


@pytest.fixture
def conn(tmp_path):
    connection = sqlite3.connect(tmp_path / "kit.db")
    connection.executescript("""
        CREATE TABLE items (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, label TEXT NOT NULL);
    """)
    connection.executemany("INSERT INTO items (owner, label) VALUES (?, ?)",
                           [(i % 50, f"item {i}") for i in range(5000)])
    connection.commit()
    yield connection
    connection.close()


# ---------------------------------------------------------------- QueryCounter

def test_query_counter_counts_queries_not_transaction_control(conn):
    with QueryCounter(conn) as queries:
        conn.execute("SELECT COUNT(*) FROM items").fetchone()
        with conn:   # BEGIN ... COMMIT around the insert: not queries
            conn.execute("INSERT INTO items (owner, label) VALUES (?, ?)", (7, "new"))
        for owner in (1, 2, 3):
            conn.execute("SELECT label FROM items WHERE owner = ?", (owner,)).fetchall()
    assert queries.count == 5
    assert queries.statements[0] == "SELECT COUNT(*) FROM items"
    assert queries.statements[-1] == "SELECT label FROM items WHERE owner = 3"   # parameters filled in
    assert [s.split()[0] for s in queries.all_statements] == ["SELECT", "BEGIN", "INSERT", "COMMIT",
                                                                "SELECT", "SELECT", "SELECT"]


def test_query_counter_stops_counting_when_the_block_ends(conn):
    with QueryCounter(conn) as queries:
        conn.execute("SELECT 1").fetchone()
    conn.execute("SELECT 2").fetchone()
    assert queries.count == 1
    with pytest.raises(RuntimeError):
        with queries:
            with queries:
                pass


def test_query_counter_reports_connections_opened_inside_the_block(conn, tmp_path):
    """Queries on a second connection cannot be traced, but opening it is seen (checks require 0)."""
    with QueryCounter(conn) as queries:
        other = sqlite3.connect(tmp_path / "kit.db")
        other.execute("SELECT label FROM items WHERE owner = 1").fetchall()
        other.close()
        conn.execute("SELECT 1").fetchone()
    assert (queries.connections_opened, queries.count) == (1, 1)
    sqlite3.connect(":memory:").close()   # after the block: not counted
    assert queries.connections_opened == 1


def test_query_plan_shows_scan_then_search_once_indexed(conn):
    sql, params = "SELECT label FROM items WHERE owner = ?", (3,)
    assert query_plan(conn, sql, params) == ["SCAN items"]
    conn.execute("CREATE INDEX items_owner ON items (owner)")
    assert query_plan(conn, sql, params) == ["SEARCH items USING INDEX items_owner (owner=?)"]


# ---------------------------------------------------------------- CallCounter

def test_call_counter_counts_and_keeps_arguments():
    def price(sku, currency="EUR"):
        return len(sku)

    counted = CallCounter(price)
    assert [counted("a"), counted("bb", currency="USD")] == [1, 2]
    assert counted.count == 2 and counted.calls == [(("a",), {}), (("bb",), {"currency": "USD"})]
    assert counted.__name__ == "price"
    counted.reset()
    assert counted.count == 0


# ---------------------------------------------------------------- OpCounter

def emails(n: int) -> list[str]:
    """n addresses, about a third of them repeats, deterministic."""
    return [f"user{(i * 7) % (2 * n // 3 + 1)}@example.org" for i in range(n)]


def dedupe_with_list(values):
    out = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def dedupe_with_set(values):
    seen, out = set(), []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


def ops_for(dedupe, n: int) -> int:
    ops = OpCounter()
    values = ops.wrap_all(emails(n))
    result = dedupe(values)
    assert [ops.unwrap(v) for v in result] == list(dict.fromkeys(emails(n)))
    return ops.total


def test_op_counter_counts_each_operation():
    ops = OpCounter()
    a, b, a2 = ops.wrap_all(["a", "b", "a"])
    assert a == a2 and a != b and a < b and b > a and a <= a2 and b >= a
    assert hash(a) == hash("a")
    texts = [str(a), repr(a), f"{a:>3}"]
    assert dict(ops.counts) == {"__eq__": 1, "__ne__": 1, "__lt__": 1, "__gt__": 1, "__le__": 1, "__ge__": 1,
                                "__hash__": 1, "__str__": 1, "__repr__": 1, "__format__": 1}
    assert ops.total == 10
    assert texts == ["a", "'a'", "  a"] and ops.counts["__eq__"] == 4   # the texts count their comparisons
    ops.reset()
    assert ops.total == 0


def test_op_counter_tells_a_set_from_a_list():
    linear = [ops_for(dedupe_with_set, n) for n in (200, 400, 800)]
    quadratic = [ops_for(dedupe_with_list, n) for n in (200, 400, 800)]
    assert [growth_ratio(a, b) for a, b in zip(linear, linear[1:])] == pytest.approx([2, 2], abs=0.1)
    assert all(3.5 < growth_ratio(a, b) < 4.5 for a, b in zip(quadratic, quadratic[1:])), quadratic
    assert quadratic[0] > 15 * linear[0]


def test_sorting_is_counted_and_stays_near_linear():
    counts = []
    for n in (300, 600, 1200):
        ops = OpCounter()
        sorted(ops.wrap_all(emails(n)))
        counts.append(ops.counts["__lt__"])
        assert ops.counts["__lt__"] == ops.total
    assert 1.5 < counts[2] / counts[1] < 2.5   # n log n, not n**2


def test_converting_to_text_does_not_hide_the_work():
    ops = OpCounter()
    texts = [str(v) for v in ops.wrap_all(emails(600))]
    assert ops.counts["__str__"] == 600
    before = ops.total
    dedupe_with_list(texts)          # comparisons of the converted strings still count
    assert ops.total - before > 50_000
    assert texts[0] == "user0@example.org" and texts[0].upper() == "USER0@EXAMPLE.ORG"


def test_wrapped_values_are_not_reachable_past_the_counted_operations():
    ops = OpCounter()
    value = ops.wrap("secret@example.org")
    public = [name for name in dir(value) if not name.startswith("__")]
    assert public == ["unwrap"]
    with pytest.raises(TypeError):
        vars(value)
    assert ops.total == 0 and ops.unwrap(value) == "secret@example.org"


# ---------------------------------------------------------------- PeakMemory

def test_peak_memory_sees_fetchall_but_not_a_streamed_scan(conn):
    everything = peak_memory(lambda: conn.execute("SELECT * FROM items").fetchall())
    streamed = peak_memory(lambda: sum(1 for _ in conn.execute("SELECT * FROM items")))
    assert everything > 200_000 and streamed < 20_000, (everything, streamed)
    assert not tracemalloc.is_tracing()


def test_peak_memory_inside_a_traced_program_leaves_tracing_on():
    tracemalloc.start()
    try:
        with PeakMemory() as mem:
            block = [str(i) * 10 for i in range(10_000)]
        assert mem.peak > 10_000 * 50 and tracemalloc.is_tracing()
        del block
    finally:
        tracemalloc.stop()


# ---------------------------------------------------------------- scaling and plots

def test_run_scaling_returns_one_row_per_implementation_and_n():
    table = run_scaling({"square": lambda n: {"work": n * n}, "line": lambda n: {"work": 3 * n}}, [10, 20, 40],
                        timed=True)
    assert list(table.columns) == ["implementation", "n", "work", "seconds"]
    assert len(table) == 6 and set(table.implementation) == {"square", "line"}
    square = table[table.implementation == "square"]
    assert growth_exponent(square.n, square.work) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        run_scaling(lambda n: {"work": n}, [0, 10])


def test_growth_exponent_and_words():
    ns = [100, 200, 400, 800]
    assert growth_exponent(ns, [5, 5, 5, 5]) == pytest.approx(0.0)
    assert 1.05 < growth_exponent(ns, [n * math.log2(n) for n in ns]) < 1.2
    assert math.isnan(growth_exponent(ns, [0, 0, 0, 0]))
    assert [describe_exponent(k) for k in (0.0, 1.0, 2.0)] == ["constant", "linear", "quadratic"]
    assert growth_ratio(0, 0) == 1.0 and growth_ratio(0, 3) == math.inf and growth_ratio(2, 8) == 4


def test_growth_plot_is_log_log_with_the_exponent_in_the_legend():
    table = run_scaling({"assistant's code": lambda n: {"queries": 2 * n + 1}, "fix": lambda n: {"queries": 1}},
                        [100, 200, 400, 800])
    ax = growth_plot(table, "queries", ylabel="SQL queries per call", prediction=(400, 500))
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("assistant's code: ~ n^1.00") and "linear" in labels[0]
    assert labels[1] == "fix: ~ n^0.00 (constant)" and labels[2] == "your prediction"
    assert ax.get_ylabel() == "SQL queries per call"
