"""The judge service's admission rules, with an injected clock (counted, never slept): course.service.admission.
The service itself, its tokens and its burst behaviour are proven against a real JupyterHub in tests/test_hub.py."""
from __future__ import annotations

from course.service.admission import Queue, RateLimit
from course.service import client


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_rate_limit_is_per_learner_and_says_when_to_come_back():
    clock = Clock()
    limit = RateLimit(per_window=3, window=60.0, clock=clock)
    for _ in range(3):                                  # bob checks at 1000, 1005, 1010
        assert limit.retry_after("bob") is None
        clock.now += 5
    assert limit.retry_after("bob") == 45.0            # at 1015: his first check leaves the window at 1060
    assert limit.retry_after("cy") is None             # cy has her own window
    clock.now = 1060.0
    assert limit.retry_after("bob") is None            # the 1000 check is out: one slot, and it is counted
    assert limit.retry_after("bob") == 5.0             # full again until the 1005 check leaves

def test_the_queue_admits_workers_plus_waiting_and_estimates_the_wait():
    queue = Queue(workers=2, waiting=2, typical_seconds=6.0)
    assert [queue.enter() for _ in range(4)] == [None] * 4
    assert queue.enter() == 9                          # 3 ahead of a free worker, 6 s each, 2 workers
    queue.leave(6.0)
    assert queue.enter() is None and queue.admitted == 4
    queue.leave(16.0)                                  # a slow check raises the estimate (moving average)
    assert queue.typical_seconds == 8.0


def test_one_learner_cannot_hold_every_place_in_the_queue():
    """Red team: the queue was one count for everyone, so one learner's burst (within their rate limit) took every
    place and every other learner was told "busy". A learner has at most `per_learner` checks admitted at once."""
    queue = Queue(workers=2, waiting=8, typical_seconds=6.0, per_learner=2)
    assert [queue.enter("bob") for _ in range(2)] == [None, None]
    assert queue.enter("bob") == 6                     # bob waits for one of his own
    assert queue.enter("cy") is None                   # cy still gets in
    queue.leave(6.0, "bob")
    assert queue.enter("bob") is None and queue.admitted == 3


def test_without_a_service_the_client_says_so_and_without_a_server_it_says_why(monkeypatch):
    monkeypatch.delenv(client.SERVICE_ENV, raising=False)
    assert client.service_url() is None
    try:
        client.check("00-start-here", "warmup_findings", "x", url="http://127.0.0.1:9/services/judge", token="t")
    except client.ServiceUnavailable as exc:
        assert "could not be reached" in str(exc) and "graded when you submit" in str(exc)
    else:
        raise AssertionError("a closed port was reported as a verdict")


def test_the_cohort_report_counts_self_checks_per_exercise(tmp_path):
    import pytest
    from course.cohort.analytics import self_check_table
    from course.service.attempts import Attempts
    log = Attempts(tmp_path / "attempts.sqlite3")
    for user, outcome, fraction in [("bob", "judged", 0.0), ("bob", "judged", 1.0), ("bob", "cached", 1.0),
                                    ("cy", "judged", 0.5), ("cy", "limited", None), ("cy", "busy", None)]:
        log.record(user, "00-start-here", "warmup_findings", outcome, fraction)
    log.record("cy", "00-start-here", "warmup_tests", "judged", 1.0)
    log.close()
    table = self_check_table(tmp_path / "attempts.sqlite3").set_index("exercise")
    assert table.loc["warmup_findings"].to_dict() == {
        "module": "00-start-here", "learners": 2, "checks": 4, "checks_per_learner": 2.0, "turned_away": 2,
        "reached_full_marks": 1}
    assert table.loc["warmup_tests", "reached_full_marks"] == 1
    with pytest.raises(RuntimeError, match="no judge service attempts log"):
        self_check_table(tmp_path / "missing.sqlite3")


def test_the_cohort_report_lists_who_checked_far_more_than_the_others(tmp_path):
    """Past the findings budget a score is still a signal (many checks of guesses find the flaws): the instructor
    sees each learner's checks against the exercise's median, and the findings the service judged one by one."""
    from course.cohort.analytics import SELF_CHECK_LEARNER_COLUMNS, self_check_learners
    from course.service.attempts import Attempts, spend_one_by_one
    path = tmp_path / "attempts.sqlite3"
    log = Attempts(path)
    checks = {"ann": 2, "bob": 3, "cy": 30}
    for user, count in checks.items():
        for i in range(count):
            log.record(user, "08-capstone-review", "review_findings", "judged", min(1.0, i / 40))
    log.record("cy", "08-capstone-review", "review_findings", "limited")      # turned away: not a check
    log.record("ann", "00-start-here", "warmup_tests", "cached", 1.0)
    assert spend_one_by_one(path, "cy", "08-capstone-review", "review_findings",
                            [("a.py", n, n, "race-condition") for n in range(1, 6)], budget=24)
    log.close()
    table = self_check_learners(path)
    assert list(table.columns) == SELF_CHECK_LEARNER_COLUMNS
    top = table.iloc[0].to_dict()
    assert top == {"module": "08-capstone-review", "exercise": "review_findings", "user": "cy", "checks": 30,
                   "exercise_median": 3.0, "times_median": 10.0, "findings_judged_one_by_one": 5,
                   "best_fraction": 29 / 40}
    rest = table.iloc[1:][["user", "exercise", "times_median", "findings_judged_one_by_one"]].values.tolist()
    assert rest == [["bob", "review_findings", 1.0, 0], ["ann", "warmup_tests", 1.0, 0],    # more checks first
                    ["ann", "review_findings", 0.67, 0]]
    empty = tmp_path / "empty.sqlite3"
    Attempts(empty).close()
    assert self_check_learners(empty).empty


# ---------------------------------------------------------------- the handlers, with the hub's answer stubbed
# (HubAuth asks the hub whose token it is; here a token is the user's name). Red team, 2026-12.

import asyncio
from concurrent.futures import ThreadPoolExecutor
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPClientError

from course.service import app as service_app
from course.service.attempts import Attempts


def _serve_and_ask(tmp_path: Path, monkeypatch, requests: list[tuple[str, str, str, bytes | None]],
                   rate: int = 100) -> list[tuple[int, dict]]:
    """Each (user, method, path, body) against a real tornado server of make_app on loopback: (status, JSON)."""
    monkeypatch.setattr(service_app._Base, "get_current_user",
                        lambda self: {"name": self.request.headers["Authorization"].split()[-1], "kind": "user"})
    state = service_app.ServiceState(attempts=Attempts(tmp_path / "a.sqlite3"), limit=RateLimit(rate, 60.0),
                                     queue=Queue(1, 1), pool=ThreadPoolExecutor(1), cache_path=tmp_path / "c.sqlite3",
                                     instructors=frozenset({"ada"}))

    async def run() -> list[tuple[int, dict]]:
        server = service_app.make_app(state, "/services/judge").listen(0, address="127.0.0.1",
                                                                       max_body_size=service_app.MAX_BODY)
        port = next(iter(server._sockets.values())).getsockname()[1]
        client = AsyncHTTPClient()
        answers = []
        try:
            for user, method, path, body in requests:
                try:
                    response = await client.fetch(f"http://127.0.0.1:{port}/services/judge{path}", method=method,
                                                  body=body, headers={"Authorization": f"token {user}"})
                except HTTPClientError as exc:
                    response = exc.response
                answers.append((response.code, json.loads(response.body or b"{}")))
        finally:
            server.stop()
        return answers
    try:
        return asyncio.run(run())
    finally:
        state.pool.shutdown()


def test_a_module_name_is_never_a_path_whose_key_files_the_service_would_import(tmp_path, monkeypatch):
    """Red team: the service imported every */key.py under keys_dir() / module, and a module of `/tmp/x` (a folder
    any learner on the hub can write) replaced keys_dir() altogether: the learner's key.py ran in the service, as
    the hub's user, beside every key. A module is a plain folder name, or 404."""
    planted = tmp_path / "mine" / "x"
    planted.mkdir(parents=True)
    marker = tmp_path / "ran"
    (planted / "key.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\nEXERCISES = []\n")
    names = [str(tmp_path / "mine"), f"../../../../../../..{tmp_path / 'mine'}", "01-concurrent-writes/../..", ".", ""]
    body = lambda m: json.dumps({"module": m, "exercise": "x", "source": "%%tests oversell\n"}).encode()
    answers = _serve_and_ask(tmp_path, monkeypatch, [("bob", "POST", "/check", body(m)) for m in names])
    assert not marker.exists(), "a learner's key.py ran in the judge service"
    assert [code for code, _ in answers] == [404] * len(names), answers


@pytest.mark.parametrize("body", [b"[]", b'"x"', b"1", b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe"])
def test_a_request_that_is_not_a_json_object_is_a_readable_400(tmp_path, monkeypatch, body):
    """Red team: a JSON list, string or number (and very deep nesting) was an AttributeError (RecursionError):
    an unhandled 500 where the API promises a readable 400."""
    [(code, answer)] = _serve_and_ask(tmp_path, monkeypatch, [("bob", "POST", "/check", body)])
    assert code == 400 and "not a check request" in answer["error"], (code, answer)


def test_the_attempts_log_keeps_bounded_names_and_oversized_answers_are_rate_limited(tmp_path, monkeypatch):
    """Red team: a 413 (answer too long) was refused before the rate limit, so it was never limited, and every
    request logged its module and exercise names whole (up to the 512 KiB body): the attempts file grew without end."""
    huge = "m" * 100_000
    body = json.dumps({"module": huge, "exercise": huge, "source": "x" * (service_app.MAX_SOURCE + 1)}).encode()
    answers = _serve_and_ask(tmp_path, monkeypatch, [("bob", "POST", "/check", body)] * 3, rate=2)
    assert [code for code, _ in answers] == [413, 413, 429]
    rows = Attempts(tmp_path / "a.sqlite3").rows("bob")
    assert len(rows) == 3 and all(len(r["module"]) <= 200 and len(r["exercise"]) <= 200 for r in rows)


def test_the_content_cache_is_each_learners_own(tmp_path, monkeypatch):
    """Red team: verdicts were cached by content alone, so cy's check of exactly bob's answer came back at once with
    "cached": true, telling cy that someone had sent it. A learner's own re-check is still instant."""
    judged_now = []

    def judge_answer(exercise, source, reveal, cache, counts_only=False):
        judged_now.append(source)
        return SimpleNamespace(fraction=0.5, feedback="half", details={}, rows=[])
    monkeypatch.setattr("course.judge.engine.judge_answer", judge_answer)
    body = json.dumps({"module": "00-start-here", "exercise": "warmup_findings", "source": "%%findings warmup\n[]"})
    answers = _serve_and_ask(tmp_path, monkeypatch, [(u, "POST", "/check", body.encode()) for u in ("bob", "cy", "bob")])
    assert [(code, a["cached"]) for code, a in answers] == [(200, False), (200, False), (200, True)], answers
    assert len(judged_now) == 2


def test_the_services_records_are_hidden_from_the_code_it_judges(tmp_path, monkeypatch):
    """Red team: the attempts log (mode 0644) in a state folder outside the repository was readable from the
    sandbox, and a learner's test quoted another learner's attempt in a false alarm."""
    import os
    from course.judge import sandbox
    state = Path("/var/tmp") / f"judge-service-test-{os.getpid()}"
    monkeypatch.delenv(sandbox.HIDE_ENV, raising=False)
    try:
        service_app.private_state(state / "judge-service", state)
        Attempts(state / "judge-service" / "a.sqlite3").record("victim-cy", "m", "e", "judged", 0.42)
        (state / "jupyterhub.sqlite").write_text("victim-cy's token")
        assert (state / "judge-service").stat().st_mode & 0o777 == 0o700
        hidden = os.environ[sandbox.HIDE_ENV].split(os.pathsep)
        assert str((state / "judge-service").resolve()) in hidden and str(state.resolve()) in hidden
        reader = (f"%%tests oversell\nimport enum\n\n\ndef test_nothing_of_others_is_readable():\n"
                  f"    for name in ({str(state / 'judge-service' / 'a.sqlite3')!r}, {str(state / 'jupyterhub.sqlite')!r}):\n"
                  f"        try:\n            with enum.bltns.open(name, 'rb') as fh:\n                data = fh.read()\n"
                  f"        except OSError:\n            continue\n        assert b'victim' not in data, 'victim seen'\n")
        monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")
        answer = service_app.judged("01-concurrent-writes", "oversell_tests", reader, None, "bob")
        assert "victim" not in answer["feedback"] and "caught nothing" in answer["feedback"], answer["feedback"]
    finally:
        import shutil
        shutil.rmtree(state, ignore_errors=True)


# ---------------------------------------------------------------- the findings budget (course.judge.findings)

from course.judge import findings as findings_mod
from course.judge.engine import judge_answer
from course.judge.exercises import load_module_key
from hostile_corpus import findings_answer

BUDGETED = [("01-concurrent-writes", "oversell_findings"), ("08-capstone-review", "review_findings")]


def _shown_one_by_one(answer: dict) -> bool:
    """Does the feedback judge findings one by one (a found, false alarm or not scored line)?"""
    return any(ln.strip().split(":")[0] in ("found", "false alarm", "not scored") for ln in answer["feedback"].splitlines())


def _guesses(ex, start: int, count: int) -> list[tuple[str, int, int, str]]:
    """`count` distinct single-line findings from line `start` on (in ex's first file, for a review)."""
    file = ex.files[0] if ex.files else ""
    return [(file, line, line, "edge-case") for line in range(start, start + count)]


def _spend_all(module: str, ex, tmp_path: Path, user: str) -> None:
    """Send full answers of new findings until exactly the budget is spent; each is judged one by one."""
    per, budget = findings_mod.one_by_one(len(ex.flaws)), findings_mod.one_by_one_budget(len(ex.flaws))
    assert budget % per == 0
    for start in range(1, budget + 1, per):
        answer = service_app.judged(module, ex.id, findings_answer(ex, _guesses(ex, start, per)),
                                    tmp_path / "c.sqlite3", user, tmp_path / "a.sqlite3")
        assert _shown_one_by_one(answer) and "counts only" not in answer["feedback"], answer["feedback"]


@pytest.mark.parametrize("module, exercise", BUDGETED)
def test_findings_judged_before_are_free_and_new_ones_past_the_budget_get_counts_only(tmp_path, module, exercise):
    """The budget counts distinct findings (file, lines, category) judged one by one per learner and exercise:
    re-sending ones judged before (in another answer's text, so no cache hit) keeps the one-by-one feedback; one new
    finding past the budget gives counts only; another learner has their own budget."""
    ex = load_module_key(module)[exercise]
    _spend_all(module, ex, tmp_path, "bob")
    per = findings_mod.one_by_one(len(ex.flaws))
    again = "# revised\n" + findings_answer(ex, _guesses(ex, 1, per)[::-1])
    answer = service_app.judged(module, ex.id, again, tmp_path / "c.sqlite3", "bob", tmp_path / "a.sqlite3")
    assert _shown_one_by_one(answer) and not answer["cached"], answer["feedback"]
    one_new = findings_answer(ex, _guesses(ex, 1, per - 1) + [(ex.files[0] if ex.files else "", 1, 2, "edge-case")])
    answer = service_app.judged(module, ex.id, one_new, tmp_path / "c.sqlite3", "bob", tmp_path / "a.sqlite3")
    assert not _shown_one_by_one(answer) and "counts only" in answer["feedback"], answer["feedback"]
    answer = service_app.judged(module, ex.id, one_new, tmp_path / "c.sqlite3", "cy", tmp_path / "a.sqlite3")
    assert _shown_one_by_one(answer), answer["feedback"]
    import sqlite3
    with sqlite3.connect(tmp_path / "a.sqlite3") as db:
        counts = dict(db.execute("SELECT user, COUNT(*) FROM findings_judged GROUP BY user"))
    assert counts == {"bob": findings_mod.one_by_one_budget(len(ex.flaws)), "cy": per}


@pytest.mark.parametrize("module, exercise", BUDGETED)
def test_the_score_is_the_same_past_the_budget(tmp_path, module, exercise):
    """Past the budget only the rows change: the same answer (the key's flaws at their lines, plus a false alarm)
    scores what a fresh learner's does, and what the local judge gives."""
    ex = load_module_key(module)[exercise]
    _spend_all(module, ex, tmp_path, "bob")
    items = [(f.file, *f.spans[0], sorted(f.categories)[0]) for f in ex.flaws] + [(ex.files[0] if ex.files else "", 1, 1, "edge-case")]
    source = findings_answer(ex, items)
    spent = service_app.judged(module, ex.id, source, tmp_path / "c.sqlite3", "bob", tmp_path / "a.sqlite3")
    fresh = service_app.judged(module, ex.id, source, tmp_path / "c.sqlite3", "cy", tmp_path / "a.sqlite3")
    assert "counts only" in spent["feedback"] and _shown_one_by_one(fresh), (spent["feedback"], fresh["feedback"])
    assert spent["fraction"] == fresh["fraction"] == judge_answer(ex, source, cache=None).fraction > 0


def test_a_budget_that_cannot_be_read_gives_counts_only_and_is_not_cached(tmp_path):
    """Fail closed: with the budget's database unreadable (not SQLite) or not given, a findings answer gets counts
    only and the same score, and is not cached: once the budget can be read, the same answer is judged one by one."""
    module, ex = "01-concurrent-writes", load_module_key("01-concurrent-writes")["oversell_findings"]
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database, " * 100)
    source = findings_answer(ex, _guesses(ex, 20, 4))
    for budget_path in (broken, broken, None):
        answer = service_app.judged(module, ex.id, source, tmp_path / "c.sqlite3", "bob", budget_path)
        assert not _shown_one_by_one(answer) and "counts only" in answer["feedback"], answer["feedback"]
        assert not answer["cached"] and answer["fraction"] == judge_answer(ex, source, cache=None).fraction
    assert broken.read_bytes() == b"not a database, " * 100
    answer = service_app.judged(module, ex.id, source, tmp_path / "c.sqlite3", "bob", tmp_path / "a.sqlite3")
    assert _shown_one_by_one(answer) and not answer["cached"], answer["feedback"]


def test_the_check_handler_keeps_the_budget_next_to_the_attempts(tmp_path, monkeypatch):
    """Over HTTP: the service's budget is in its attempts database; past it, a check of new findings is counts only."""
    ex = load_module_key("01-concurrent-writes")["oversell_findings"]
    per, budget = findings_mod.one_by_one(len(ex.flaws)), findings_mod.one_by_one_budget(len(ex.flaws))
    body = lambda start: json.dumps({"module": "01-concurrent-writes", "exercise": ex.id,
                                     "source": findings_answer(ex, _guesses(ex, start, per))}).encode()
    answers = _serve_and_ask(tmp_path, monkeypatch,
                             [("bob", "POST", "/check", body(s)) for s in range(1, budget + per + 1, per)])
    assert [code for code, _ in answers] == [200] * len(answers)
    assert [_shown_one_by_one(a) for _, a in answers] == [True] * (budget // per) + [False], answers[-1]
    import sqlite3
    with sqlite3.connect(tmp_path / "a.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM findings_judged WHERE user = 'bob'").fetchone() == (budget,)
