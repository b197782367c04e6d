"""The webhook drill (module 01, findings only): the key's spans point at the code meant, and every
keyed flaw is real (shown by running the snippet), while a correct handler survives the same runs.

The witnesses drive a real SQLite file through a connection proxy that can run a second delivery
between two statements of the first, or fail a chosen statement, so nothing depends on timing.
"""
from __future__ import annotations

import ast
from collections.abc import Callable
import importlib.util
from pathlib import Path
import sqlite3
from typing import Any

import pytest

from course.paths import SOLUTIONS_DIR
import fixture_probe
from scenario_runs import outcomes as scenario_outcomes

from course.judge import exercises
from course import scenarios, taxonomy
from course.scenarios.webhook.fixtures import build_event, create_database

MODULE = "01-concurrent-writes"
SCENARIO = scenarios.get("webhook")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet   # the source version, not the generated release
LINES = SNIPPET.read_text().splitlines()
KEY = exercises.load_module_key(MODULE)["webhook_findings"]
FLAWS = {flaw.id: flaw for flaw in KEY.flaws}
REFERENCE_FINDINGS = KEY.key_dir / "reference_findings.py"

Handler = Callable[[Any, dict], "tuple[int, str]"]

# What each keyed span must contain (substrings of the joined lines), so an edit to the snippet that
# shifts lines breaks this test instead of silently moving the key.
EXPECTED_TEXT = {
    "check-then-act": ["SELECT 1 FROM processed_events WHERE event_id = ?", "if already_done:",
                       'return 200, "duplicate"'],
    "separate-commits": ["with conn:", "INSERT INTO processed_events (event_id)"],
    "ack-on-failure": ["except sqlite3.Error:", "log.exception(", 'return 200, "ok"'],
}
EXPECTED_DECOY_TEXT = {
    (19, 20): ['if event.get("type") != "payment.succeeded":', 'return 200, "ignored"'],
    (34, 35): ['f"INSERT INTO {BALANCES_TABLE} (customer_id, cents) VALUES (?, ?) "',
               "DO UPDATE SET cents = cents + excluded.cents"],
}


def span_text(span: tuple[int, int]) -> str:
    first, last = span
    return "\n".join(LINES[first - 1:last])


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def load_snippet() -> Handler:
    spec = importlib.util.spec_from_file_location("_webhook_snippet", SNIPPET)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handle_payment_succeeded


def fixed_handler(conn: Any, event: dict) -> tuple[int, str]:
    """A correct handler: record the event id and credit in one transaction; 503 on failure."""
    if event.get("type") != "payment.succeeded":
        return 200, "ignored"
    payment = event["data"]["object"]
    try:
        with conn:
            cur = conn.execute("INSERT OR IGNORE INTO processed_events (event_id) VALUES (?)",
                               (event["id"],))
            if cur.rowcount == 0:
                return 200, "duplicate"
            conn.execute("INSERT INTO customer_balances (customer_id, cents) VALUES (?, ?) "
                         "ON CONFLICT(customer_id) DO UPDATE SET cents = cents + excluded.cents",
                         (payment["customer"], payment["amount"]))
    except sqlite3.Error:
        return 503, "try again later"
    return 200, "ok"


HANDLERS = {"snippet": load_snippet(), "fixed": fixed_handler}


class Proxy:
    """A sqlite3 connection stand-in that calls `before(n, sql)` ahead of its n-th statement."""

    def __init__(self, conn: sqlite3.Connection, before: Callable[[int, str], None]) -> None:
        self._conn, self._before, self.statements = conn, before, 0

    def execute(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        self.statements += 1
        self._before(self.statements, sql)
        return self._conn.execute(sql, params)

    def __enter__(self) -> "Proxy":
        self._conn.__enter__()
        return self

    def __exit__(self, *exc: Any) -> bool | None:
        return self._conn.__exit__(*exc)


def deliver(handler: Handler, conn: Any, event: dict, attempts: int = 5) -> int:
    """The provider: resend until a 2xx answer (an exception is a 500). Returns the attempts used."""
    for attempt in range(1, attempts + 1):
        try:
            status, _ = handler(conn, event)
        except Exception:
            status = 500
        if 200 <= status < 300:
            return attempt
    return attempts


def balance(conn: sqlite3.Connection, customer: str = "cus_1") -> int:
    row = conn.execute("SELECT cents FROM customer_balances WHERE customer_id = ?", (customer,)).fetchone()
    return row[0] if row else 0


@pytest.fixture
def new_db(tmp_path: Path) -> Callable[[], Callable[[], sqlite3.Connection]]:
    """`new_db()` -> `connect`, a function opening connections to a fresh database file."""
    opened: list[sqlite3.Connection] = []
    counter = iter(range(1_000))

    def make() -> Callable[[], sqlite3.Connection]:
        path = tmp_path / f"payments-{next(counter)}.db"
        create_database(path)

        def connect() -> sqlite3.Connection:
            opened.append(sqlite3.connect(path, timeout=0.05))
            return opened[-1]
        return connect

    yield make
    for conn in opened:
        conn.close()


@pytest.fixture
def db(new_db) -> Callable[[], sqlite3.Connection]:
    return new_db()


# --- the key matches the file ------------------------------------------------------------------------

def test_key_shape() -> None:
    assert isinstance(KEY, exercises.FindingsExercise) and KEY.scenario == "webhook"
    assert set(FLAWS) == set(EXPECTED_TEXT)
    assert {tuple(d) for d in KEY.decoys} == set(EXPECTED_DECOY_TEXT)
    for flaw in KEY.flaws:
        assert flaw.categories <= set(taxonomy.BY_ID), flaw.id
        assert 1 <= flaw.lines[0] <= flaw.lines[1] <= len(LINES)
        if flaw.tolerance:
            assert flaw.tolerance[0] <= flaw.lines[0] and flaw.lines[1] <= flaw.tolerance[1]
        for decoy in KEY.decoys:
            assert not overlaps(flaw.lines, decoy), (flaw.id, decoy)


@pytest.mark.parametrize("flaw_id", sorted(EXPECTED_TEXT))
def test_each_flaw_span_holds_the_code_meant(flaw_id: str) -> None:
    text = span_text(FLAWS[flaw_id].lines)
    for fragment in EXPECTED_TEXT[flaw_id]:
        assert fragment in text, (flaw_id, fragment, text)


def test_separate_commits_tolerance_covers_both_transactions() -> None:
    text = span_text(FLAWS["separate-commits"].tolerance)
    assert text.count("with conn:") == 2 and "INSERT INTO processed_events" in text


@pytest.mark.parametrize("span", sorted(EXPECTED_DECOY_TEXT))
def test_each_decoy_span_holds_the_code_meant(span: tuple[int, int]) -> None:
    text = span_text(span)
    for fragment in EXPECTED_DECOY_TEXT[span]:
        assert fragment in text, (span, fragment, text)


def test_snippet_is_short() -> None:
    assert 30 <= len(LINES) <= 50


# --- the reference findings (the notebook's solution) ------------------------------------------------

def test_reference_findings_find_every_flaw_and_no_decoy() -> None:
    findings = ast.literal_eval(REFERENCE_FINDINGS.read_text())
    unmatched = dict(FLAWS)
    for finding in findings:
        assert set(finding) <= {"lines", "category", "why", "confidence"} and finding["why"]
        span = tuple(finding["lines"])
        assert not any(overlaps(span, d) for d in KEY.decoys), finding
        match = next(f for f in unmatched.values()
                     if overlaps(span, f.lines) and finding["category"] in f.categories)
        del unmatched[match.id]
    assert not unmatched


# --- every keyed flaw is real -------------------------------------------------------------------------

def run_race(handler: Handler, connect: Callable[[], sqlite3.Connection], k: int) -> int:
    """Deliver one event on two workers: the second runs whole just before the first's k-th statement.
    The provider then resends whatever was not acknowledged. Returns the customer's final balance."""
    event = build_event(amount=1500)
    second = connect()
    pending: list[str] = []

    def before(n: int, sql: str) -> None:
        if n == k:
            try:
                status, _ = handler(second, event)
            except Exception:
                status = 500
            if not 200 <= status < 300:
                pending.append("second")

    try:
        status, _ = handler(Proxy(connect(), before), event)
    except Exception:
        status = 500
    if not 200 <= status < 300:
        deliver(handler, connect(), event)
    if pending:
        deliver(handler, connect(), event)
    return balance(connect())


@pytest.mark.parametrize("name", sorted(HANDLERS))
def test_check_then_act_double_credits_under_concurrent_delivery(name: str, new_db) -> None:
    balances = [run_race(HANDLERS[name], new_db(), k) for k in (1, 2, 3)]
    if name == "snippet":
        assert balances == [1500, 3000, 3000]
    else:
        assert balances == [1500, 1500, 1500]


def run_fault(handler: Handler, connect: Callable[[], sqlite3.Connection], k: int) -> int:
    """Fail the handler's k-th statement once (disk I/O error), let the provider resend until a 2xx."""
    failed: list[int] = []

    def before(n: int, sql: str) -> None:
        if n == k and not failed:
            failed.append(n)
            raise sqlite3.OperationalError("disk I/O error")

    event = build_event(amount=1500)
    deliver(handler, Proxy(connect(), before), event)
    return balance(connect())


@pytest.mark.parametrize("name", sorted(HANDLERS))
def test_a_failed_statement_loses_or_doubles_the_credit(name: str, new_db) -> None:
    results = [run_fault(HANDLERS[name], new_db(), k) for k in (1, 2, 3)]
    if name == "snippet":
        # k=2: the credit fails, is answered 200 "ok", never resent (ack-on-failure): 0
        # k=3: the record fails after the credit committed, the resend credits again (separate-commits)
        assert results == [1500, 0, 3000]
    else:
        assert results == [1500, 1500, 1500]


# --- the decoys really are correct -----------------------------------------------------------------------

def test_decoy_other_event_types_are_acknowledged_without_writes(db) -> None:
    conn = db()
    assert HANDLERS["snippet"](conn, build_event(type="payment.refunded")) == (200, "ignored")
    assert conn.execute("SELECT count(*) FROM processed_events").fetchone() == (0,)


def test_decoy_fstring_only_inserts_a_constant(db) -> None:
    hostile = "cus_1'); DROP TABLE customer_balances; --"
    conn = db()
    assert HANDLERS["snippet"](conn, build_event(customer=hostile, amount=700)) == (200, "ok")
    assert balance(conn, hostile) == 700


# --- the assistant's own tests --------------------------------------------------------------------------

def test_assistant_tests_pass_on_the_snippet() -> None:
    result = scenario_outcomes("webhook", SNIPPET, SCENARIO.assistant_tests)
    assert len(result) == 4 and set(result.values()) == {"passed"}, result


# --- the notebook cell ----------------------------------------------------------------------------------

def test_notebook_solution_cell_is_the_reference_findings() -> None:
    from nbgrader_course import solution_answers
    source = solution_answers(MODULE)["webhook_findings"]
    assert source.startswith("%%findings webhook\n")
    assert ast.literal_eval(source.split("\n", 1)[1]) == ast.literal_eval(REFERENCE_FINDINGS.read_text())


# --- the fixtures hand out behaviour only -----------------------------------------------------------------

PROBE = fixture_probe.probe_suite(
    ["handle", "conn", "connect", "make_event", "balance"],
    setup="    status = handle(conn, make_event(amount=1500))\n    credited = balance('cus_1')\n",
    made=["status", "credited"])

FIXED_MODULE = ast.get_source_segment(Path(__file__).read_text(), next(
    node for node in ast.parse(Path(__file__).read_text()).body
    if isinstance(node, ast.FunctionDef) and node.name == "fixed_handler"))


def _every_version(tmp_path: Path) -> dict[str, Path]:
    """The snippet and two correct handlers as modules, one holding extra imports and names."""
    fixed = tmp_path / "fixed.py"
    fixed.write_text("from __future__ import annotations\n\nimport sqlite3\n\n\n" + FIXED_MODULE.replace("def fixed_handler", "def handle_payment_succeeded"))
    extra = tmp_path / "fixed_extra.py"
    extra.write_text(fixed.read_text().replace(
        "import sqlite3\n", "import hashlib\nimport logging\nimport sqlite3\n\nlog = logging.getLogger('payments')\n"
                             "PROCESSED = 'processed_events'\n", 1))
    return {"snippet": SNIPPET, "fixed": fixed, "fixed+extra": extra}


def test_probing_the_fixtures_tells_no_version_apart(tmp_path: Path) -> None:
    """dir()/hasattr()/type/repr of every fixture are the same whichever handler is under test."""
    runs = {name: scenario_outcomes("webhook", path, PROBE, sourceless=True)
            for name, path in _every_version(tmp_path).items()}
    for outcomes in runs.values():
        fixture_probe.assert_probe_ran(outcomes)
    assert len({tuple(sorted(o.items())) for o in runs.values()}) == 1, runs


def test_handle_is_a_wrapper_with_the_spec_signature(tmp_path: Path) -> None:
    probe = ('def test_wrapper(handle):\n    assert handle.__name__ == "handle_payment_succeeded"\n'
             '    assert not (hasattr(handle, "log") or hasattr(handle, "BALANCES_TABLE"))\n\n'
             'def test_keywords(handle, conn, make_event):\n'
             '    assert handle(conn=conn, event=make_event(type="other")) == (200, "ignored")\n')
    for name, path in _every_version(tmp_path).items():
        outcomes = scenario_outcomes("webhook", path, probe, sourceless=True)
        assert outcomes == {"test_wrapper": "passed", "test_keywords": "passed"}, name
