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
