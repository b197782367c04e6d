"""The mixed-review drill (module 02, findings only): the key's spans point at the code meant, and each
keyed flaw is real, shown by running the snippet on a real SQLite file (a connection proxy forces the
one interleaving that matters, so nothing depends on timing).
"""
from __future__ import annotations

import queue
import sqlite3

import pytest

from course.judge import exercises
from course.kits import race
from course import scenarios
from course.paths import SOLUTIONS_DIR
from course.scenarios.batch_import.fixtures import create_database
from scenario_runs import outcomes as scenario_outcomes

MODULE = "02-failure-modes"
SCENARIO = scenarios.get("batch_import")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet
LINES = SNIPPET.read_text().splitlines()
KEY = exercises.load_module_key(MODULE)["batch_import_findings"]
FLAWS = {flaw.id: flaw for flaw in KEY.flaws}
EXPECTED_TEXT = {
    "half-commit": ["if imported % BATCH_SIZE == 0:", "conn.commit()"],
    "dropped-changes": ["try:", "changes.put_nowait(sku)", "except Exception:", "pass"],
    "check-then-insert": ["SELECT price_cents FROM prices WHERE sku = ?", "if current is None:",
                          "INSERT INTO prices"],
}


def text(span: tuple[int, int]) -> str:
    return "\n".join(LINES[span[0] - 1:span[1]])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "shop.db"
    create_database(path)
    opened: list[sqlite3.Connection] = []

    def connect() -> sqlite3.Connection:
        opened.append(sqlite3.connect(path, timeout=0))
        return opened[-1]
    yield connect
    for conn in opened:
        conn.close()


def committed(connect) -> dict[str, int]:
    return dict(connect().execute("SELECT sku, price_cents FROM prices"))


def rows(n: int, bad_at: int | None = None) -> list[dict]:
    return [{"sku": f"sku-{i}", "price_cents": None if i == bad_at else 100 + i} for i in range(1, n + 1)]


def test_key_spans_and_decoy_hold_the_code_meant():
    assert set(FLAWS) == set(EXPECTED_TEXT) and len(LINES) == 39
    for flaw_id, fragments in EXPECTED_TEXT.items():
        for fragment in fragments:
            assert fragment in text(FLAWS[flaw_id].lines), (flaw_id, fragment)
    assert KEY.decoys == ((26, 28),) and "current[0] != row" in text((26, 26))


def test_reference_findings_are_the_notebook_solution_and_score_full():
    import ast
    from course.judge.findings import match, parse_findings
    from nbgrader_course import solution_answers
    reference = (KEY.key_dir / "reference_findings.py").read_text()
    cell = solution_answers(MODULE)["batch_import_findings"]
    assert ast.literal_eval(cell.split("\n", 1)[1]) == ast.literal_eval(reference)
    found, problems = parse_findings(reference)
    assert match(found, KEY, problems).fraction == 1.0


def test_assistant_tests_pass_on_the_snippet():
    outcomes = scenario_outcomes("batch_import", SNIPPET, SCENARIO.assistant_tests)
    assert len(outcomes) == 3 and set(outcomes.values()) == {"passed"}, outcomes


def test_a_bad_row_leaves_half_an_import(db):
    import_prices = race.fresh_copy(SNIPPET).import_prices
    conn, changes = db(), queue.Queue(maxsize=10_000)
    with pytest.raises(sqlite3.IntegrityError):
        import_prices(conn, rows(750, bad_at=600), changes)
    assert len(committed(db)) == 500                 # the first batch stayed
    assert conn.in_transaction                       # 99 more rows wait for whoever commits next
    conn.commit()
    assert len(committed(db)) == 599
    assert changes.qsize() == 0                      # and the indexer heard of none of them


def test_a_full_queue_loses_changes_silently(db):
    import_prices = race.fresh_copy(SNIPPET).import_prices
    changes = queue.Queue(maxsize=10)
    assert import_prices(db(), rows(25), changes) == 25    # no error, no warning
    assert changes.qsize() == 10 and len(committed(db)) == 25


class BackOfficeBetweenSelectAndInsert:
    """A connection proxy: just before the import's first INSERT, the back office adds the same SKU."""

    def __init__(self, conn: sqlite3.Connection, back_office: sqlite3.Connection) -> None:
        self._conn, self._back_office, self._done = conn, back_office, False

    def execute(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        if sql.lstrip().upper().startswith("INSERT") and not self._done:
            self._done = True
            with self._back_office:
                self._back_office.execute("INSERT INTO prices (sku, price_cents) VALUES (?, ?)", (params[0], 999))
        return self._conn.execute(sql, params)

    def commit(self) -> None:
        self._conn.commit()


def upsert_import(conn, rows, changes):
    """One statement per row: the check and the write cannot be split by another connection."""
    for row in rows:
        conn.execute("INSERT INTO prices (sku, price_cents) VALUES (?, ?) "
                     "ON CONFLICT(sku) DO UPDATE SET price_cents = excluded.price_cents",
                     (row["sku"], row["price_cents"]))
    conn.commit()
    return len(rows)


def test_select_then_insert_fails_when_the_back_office_adds_the_sku_in_between(db):
    import_prices = race.fresh_copy(SNIPPET).import_prices
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        import_prices(BackOfficeBetweenSelectAndInsert(db(), db()), rows(3), queue.Queue())
    assert committed(db) == {"sku-1": 999}


def test_the_same_interleaving_cannot_hurt_a_single_statement_upsert(db):
    assert upsert_import(BackOfficeBetweenSelectAndInsert(db(), db()), rows(3), None) == 3
    assert committed(db) == {"sku-1": 101, "sku-2": 102, "sku-3": 103}
