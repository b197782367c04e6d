"""Module 08 (capstone review): the newsletter service's pull request runs, its own tests pass, and every keyed
flaw happens, shown by an execution witness.

Each witness is deterministic: the race driver tries every interleaving of two dispatchers, the mail provider is
the fault service on loopback behind ScriptedUrlopen with a fake clock, queries and comparisons are counted at n
and 2n (never timed), a database failure is scripted, and the time zone is set (POSIX TZ, no tz database).
Each witness also runs on the pull request with only that flaw's fix applied (grading/keys/.../fixes.py), where
it must NOT hold: so no witness is a check that cannot fail, and each flaw is one flaw.
"""
from __future__ import annotations

import contextlib
from datetime import timedelta
import importlib
import importlib.util
import os
from pathlib import Path
import random
import shutil
import sqlite3
import subprocess
import sys
from types import SimpleNamespace
from typing import Callable, Iterator
import urllib.request

import pytest

from course.judge import exercises
from course.judge.engine import judge_answer
from course.judge.findings import key_ambiguities
from course.kits import faults, race
from course.kits.measure import OpCounter, QueryCounter
from course.paths import GRADING_DIR, SOLUTIONS_DIR
from course.scenarios.quote.house import server_time_zone   # the process's TZ, set and restored

MODULE = "08-capstone-review"
FOLDER = SOLUTIONS_DIR / MODULE
KEY_DIR = GRADING_DIR / "keys" / MODULE / "review"
EXERCISE = exercises.load_module_key(MODULE)["review_findings"]
MODULES = ("db", "clock", "mailapi", "subscribers", "campaigns", "audience", "templates", "tokens", "export",
           "sender", "bounces")
SECRET = b"witness-secret"
MAIL_HOST = "https://mail.internal.example"


def _fixes() -> dict[str, list[tuple[str, str, str]]]:
    spec = importlib.util.spec_from_file_location("_capstone_fixes", KEY_DIR / "fixes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FIXES


FIXES = _fixes()


def copy_of_pr(target: Path, flaw: str | None = None) -> Path:
    """The pull request's code in `target` (the module folder's newsletter/ and PR.md), with one flaw's fix applied."""
    shutil.copytree(FOLDER / "newsletter", target / "newsletter", ignore=shutil.ignore_patterns("__pycache__"))
    for file, old, new in (FIXES[flaw] if flaw else []):
        path = target / file
        text = path.read_text()
        assert text.count(old) == 1, f"the fix for {flaw} no longer applies to {file}"
        path.write_text(text.replace(old, new))
    return target


@contextlib.contextmanager
def package(folder: Path) -> Iterator[SimpleNamespace]:
    """The newsletter package from `folder`, imported afresh (and forgotten afterwards)."""
    def forget() -> None:
        for name in [n for n in sys.modules if n == "newsletter" or n.startswith("newsletter.")]:
            del sys.modules[name]
    forget()
    sys.path.insert(0, str(folder))
    try:
        yield SimpleNamespace(**{name: importlib.import_module(f"newsletter.{name}") for name in MODULES})
    finally:
        sys.path.remove(str(folder))
        forget()


def database(pkg: SimpleNamespace, path: Path, subscribers: int = 3) -> sqlite3.Connection:
    """A fresh service database: lists 1 and 2, `subscribers` addresses on list 1, dee@example.com on list 2."""
    conn = pkg.db.connect(str(path))
    pkg.db.create_schema(conn)
    conn.execute("INSERT INTO lists (id, name) VALUES (1, 'Weekly'), (2, 'Offers')")
    conn.executemany("INSERT INTO subscribers (list_id, email, name) VALUES (1, ?, ?)",
                     [(f"reader{i}@example.com", f"Reader {i}") for i in range(subscribers)])
    conn.execute("INSERT INTO subscribers (list_id, email, name) VALUES (2, 'dee@example.com', 'Dee')")
    conn.commit()
    return conn


def mail_client(pkg: SimpleNamespace, service: faults.FaultService, clock: faults.FakeClock,
                script: faults.Script) -> tuple[object, faults.ScriptedUrlopen]:
    urlopen = faults.ScriptedUrlopen(clock, script, max_calls=1000, routes={MAIL_HOST: service.url})
    api = pkg.mailapi.MailApi(MAIL_HOST, "key", urlopen=urlopen, sleep=clock.sleep, rng=random.Random(7))
    return api, urlopen


# ---------------------------------------------------------------- the witnesses: True when the flaw happens

def claim_race(pkg: SimpleNamespace, tmp: Path) -> bool:
    """Two dispatchers claim the same due campaign: in some interleaving both are told to send it."""
    conn = database(pkg, tmp / "start.db")
    conn.execute("INSERT INTO campaigns (id, list_id, subject, body, send_at) VALUES (1, 1, 's', 'b', '2026-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    claim = lambda c: pkg.campaigns.start_sending(c, 1)   # noqa: E731
    worlds = race.explore([claim, claim], tmp / "start.db", workdir=tmp / "worlds")
    assert worlds.complete and all(not any(w.errors) for w in worlds)
    return any(w.results == (True, True) for w in worlds)


def naive_now(pkg: SimpleNamespace, tmp: Path) -> bool:
    """On a server at UTC+9, a campaign scheduled three hours from now is already due."""
    conn = database(pkg, tmp / "news.db")
    in_three_hours = pkg.clock.utcnow() + timedelta(hours=3)
    campaign = pkg.campaigns.schedule_campaign(conn, 1, "Spring sale", "<p>Hi</p>", in_three_hours)
    with server_time_zone("JST-9"):
        due = pkg.campaigns.due_campaigns(conn)
    with server_time_zone("UTC0"):
        assert pkg.campaigns.due_campaigns(conn) == []      # the witness is about the zone, not the clock
    return campaign in due


def per_address_suppression(pkg: SimpleNamespace, tmp: Path) -> bool:
    """Queries to build the audience grow with the audience (counted at n and 2n subscribers and extras)."""
    counts = []
    for n in (10, 20):
        conn = database(pkg, tmp / f"n{n}.db", subscribers=n)
        extra = [f"partner{i}@example.org" for i in range(n)]
        with QueryCounter(conn) as queries:
            assert len(pkg.audience.recipients(conn, 1, extra)) == 2 * n
        assert queries.connections_opened == 0
        counts.append(queries.count)
    return counts[1] - counts[0] >= 10


def extra_dedupe_scan(pkg: SimpleNamespace, tmp: Path) -> bool:
    """Equality comparisons between addresses grow four-fold when subscribers and extras double."""
    compared = []
    for n in (200, 400):
        conn = database(pkg, tmp / f"n{n}.db", subscribers=n)
        ops = OpCounter()
        conn.text_factory = lambda raw: ops.Text(raw.decode())   # addresses from SQLite count their comparisons
        extra = [f"partner{i}@example.org" for i in range(n)]
        assert len(pkg.audience.recipients(conn, 1, extra)) == 2 * n
        compared.append(ops.counts["__eq__"])
    return compared[0] > 0 and compared[1] >= 3.5 * compared[0]


def nested_retries(pkg: SimpleNamespace, tmp: Path) -> bool:
    """While the provider answers 503, each recipient costs more calls than the house retry policy makes."""
    conn = database(pkg, tmp / "news.db", subscribers=2)
    conn.execute("INSERT INTO campaigns (id, list_id, subject, body, send_at) VALUES (1, 1, 's', 'b', '2026-01-01T00:00:00+00:00')")
    conn.commit()
    clock = faults.FakeClock()
    with faults.serve() as service:
        api, urlopen = mail_client(pkg, service, clock, faults.Script((), then="503"))
        assert pkg.sender.send_campaign(conn, 1, api, SECRET) == 0
    calls_per_recipient = len(urlopen.calls) / 2
    assert conn.execute("SELECT count(*) FROM deliveries WHERE status = 'failed'").fetchone() == (2,)
    return calls_per_recipient > pkg.mailapi.RetryPolicy().attempts


def preview_bypass(pkg: SimpleNamespace, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """A provider that never answers holds the preview call forever (it passes no timeout)."""
    clock = faults.FakeClock()
    with faults.serve() as service:
        urlopen = faults.ScriptedUrlopen(clock, faults.Script(["hang"]), routes={MAIL_HOST: service.url})
        monkeypatch.setattr(urllib.request, "urlopen", urlopen)    # what the code calls, at call time or as a default
        with package(tmp) as fresh:
            try:
                fresh.sender.send_preview(MAIL_HOST, "key", "editor@news.example.com", "Spring sale", "<p>Hi</p>")
            except faults.CallHung:
                return True
            except fresh.mailapi.MailApiError:
                return False
    raise AssertionError("a provider that never answers cannot give a message id")


def bounce_redelivery(pkg: SimpleNamespace, tmp: Path) -> bool:
    """One soft bounce, delivered three times by the provider, suppresses the address."""
    conn = database(pkg, tmp / "news.db")
    event = {"id": "evt-1", "recipient": "reader1@example.com", "type": "soft"}
    assert [pkg.bounces.handle_bounce(conn, dict(event)) for _ in range(3)] == [200, 200, 200]
    return pkg.audience.is_suppressed(conn, "reader1@example.com")


class LockedForWrites:
    """A connection whose writes fail as under a long-held lock (a scripted fault); reads work."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: tuple = ()) -> sqlite3.Cursor:
        if sql.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            raise sqlite3.OperationalError("database is locked")
        return self._conn.execute(sql, parameters)

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


def ack_on_failure(pkg: SimpleNamespace, tmp: Path) -> bool:
    """When the bounce cannot be stored, the provider is told 200 (it will not resend) and nothing is stored."""
    conn = database(pkg, tmp / "news.db")
    status = pkg.bounces.handle_bounce(LockedForWrites(conn),
                                       {"id": "evt-1", "recipient": "reader1@example.com", "type": "hard"})
    assert not pkg.audience.is_suppressed(conn, "reader1@example.com")
    return 200 <= status < 300


def search_injection(pkg: SimpleNamespace, tmp: Path) -> bool:
    """An editor of list 1 types a search text that makes the query return another list's subscribers."""
    conn = database(pkg, tmp / "news.db")
    found = pkg.subscribers.search_subscribers(conn, 1, "') OR 1=1 OR ('")
    return any(row["email"] == "dee@example.com" for row in found)


def run_assistant_test(folder: Path, test: str) -> str:
    """One of the pull request's own tests, run by pytest in `folder`: "passed" or "failed"."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                           f"newsletter/tests/test_newsletter.py::{test}"], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(folder), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}, timeout=120)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return "passed" if proc.returncode == 0 else "failed"


def vacuous_duplicate_test(pkg: SimpleNamespace, tmp: Path) -> bool:
    """The "duplicate bounce" test passes on the pull request's bounces.py, which counts a duplicate (the
    bounce_redelivery witness holds on it): the test does not check what its name says."""
    assert bounce_redelivery(pkg, tmp)
    return run_assistant_test(tmp.parent, "test_duplicate_bounce_is_handled") == "passed"


WITNESSES: dict[str, Callable[..., bool]] = {
    "claim-race": claim_race, "naive-now": naive_now, "per-address-suppression": per_address_suppression,
    "extra-dedupe-scan": extra_dedupe_scan, "nested-retries": nested_retries, "preview-bypass": preview_bypass,
    "bounce-redelivery": bounce_redelivery, "ack-on-failure": ack_on_failure, "search-injection": search_injection,
    "vacuous-duplicate-test": vacuous_duplicate_test,
}


def witness(flaw: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The flaw's witness on the copy of the pull request in `folder` (its scratch files in folder/work)."""
    work = folder / "work"
    work.mkdir()
    if flaw == "preview-bypass":     # imports the package itself, after the transport is in place
        return preview_bypass(None, folder, monkeypatch)
    with package(folder) as pkg:
        return WITNESSES[flaw](pkg, work)


@pytest.mark.parametrize("flaw", sorted(WITNESSES))
def test_the_flaw_happens_in_the_pull_request(flaw: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert witness(flaw, copy_of_pr(tmp_path), monkeypatch), f"{flaw}: the witness does not hold on the pull request"


@pytest.mark.parametrize("flaw", sorted(WITNESSES))
def test_the_flaws_fix_removes_it(flaw: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not witness(flaw, copy_of_pr(tmp_path, flaw), monkeypatch), f"{flaw}: the witness still holds after its fix"


def test_every_keyed_flaw_has_a_witness_and_a_fix() -> None:
    keyed = {flaw.id for flaw in EXERCISE.flaws}
    assert keyed == set(WITNESSES) == set(FIXES)


# ---------------------------------------------------------------- the change itself

def test_the_assistants_tests_pass_on_its_code(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "newsletter/tests"],
                          cwd=copy_of_pr(tmp_path), capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(tmp_path), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "17 passed" in proc.stdout


def test_the_change_is_the_size_and_shape_the_issue_asks_for() -> None:
    """8-12 files in the service, 400-600 lines under review, >= 6 categories in >= 4 files, >= 2 flaw-free files,
    at least one flaw from each of modules 01-05 and one from 06 or 07, and decoys."""
    service = sorted(p for p in (FOLDER / "newsletter").rglob("*.py") if "__pycache__" not in p.parts
                     and p.name != "__init__.py")     # the package marker is a docstring
    assert 8 <= len(service) <= 12
    changed = sum(len((FOLDER / f).read_text().splitlines()) for f in EXERCISE.files if f != "newsletter/subscribers.py")
    changed += 12    # search_subscribers, the PR's addition to subscribers.py (PR.md)
    assert 400 <= changed <= 600, changed
    primary = {flaw.id: flaw for flaw in EXERCISE.flaws}
    categories = set().union(*(f.categories for f in EXERCISE.flaws))
    assert len(categories) >= 6 and len({f.file for f in EXERCISE.flaws}) >= 4
    assert len(EXERCISE.flaw_free_files) >= 2 and len(EXERCISE.decoys) >= 4
    by_module = {"01": {"race-condition", "duplicate-delivery"}, "02": {"error-handling", "retry-storm", "missing-timeout"},
                 "03": {"n-plus-one", "quadratic", "unbounded-load"}, "04": {"pattern-drift"}, "05": {"hidden-state"},
                 "06/07": {"vacuous-test", "edge-case", "injection"}}
    for module, wanted in by_module.items():
        assert categories & wanted, module
    assert all(flaw.severity in ("low", "medium", "high") for flaw in primary.values())


def test_every_span_is_inside_its_file_and_the_key_is_unambiguous() -> None:
    assert key_ambiguities(EXERCISE) == []
    for flaw in EXERCISE.flaws:
        length = len((FOLDER / flaw.file).read_text().splitlines())
        assert all(1 <= a <= b <= length for a, b in flaw.spans), flaw.id
    for file, first, last, *_ in (*EXERCISE.decoys, *EXERCISE.neutral):
        assert 1 <= first <= last <= len((FOLDER / file).read_text().splitlines()), (file, first)
        assert file in EXERCISE.files
        for flaw in EXERCISE.flaws:     # a decoy is correct code: no finding on it may match a flaw
            spans = [*flaw.spans, *([flaw.tolerance] if flaw.tolerance else [])]
            assert flaw.file != file or all(last < a or b < first for a, b in spans), (flaw.id, file, first)


def test_the_code_reads_finished() -> None:
    """Nothing in the change names a flaw: no markers, no 'bug', no TODO."""
    for file in EXERCISE.files:
        text = (FOLDER / file).read_text().lower()
        compile(text, file, "exec")
        for word in ("todo", "fixme", "bug", "flaw", "vulnerab", "n+1", "race"):
            assert word not in text, (file, word)


def test_the_reference_review_earns_full_marks_and_a_blank_nothing() -> None:
    reference = (KEY_DIR / "reference_review.py").read_text()
    assert judge_answer(EXERCISE, "%%findings newsletter\n" + reference).fraction == 1.0
    assert judge_answer(EXERCISE, "%%findings newsletter\n# YOUR CODE HERE\nraise NotImplementedError()").fraction == 0.0
