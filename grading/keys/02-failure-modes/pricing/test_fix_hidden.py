"""Hidden tests for the pricing fix: one property of the spec per test function.

All of them run against the real fault service on loopback with scripted faults and the fake clock
(course.scenarios.pricing.fixtures), so no verdict depends on how fast the machine is. Prices are
compared as plain values (course.sandboxed.plain).
"""
import pytest

from course.sandboxed.plain import plain

FAILURES = ("503", "429", "500", "reset")


def outcome(call):
    """What a call did: its value, or the name of the exception it raised (Exception only)."""
    try:
        return call()
    except Exception as exc:
        return type(exc).__name__


def test_returns_the_price(client, service, clock):
    assert plain(client.get_price("lamp")) == 1999
    assert plain(client.get_price("chair")) == 8900
    assert service.calls == 2 and clock.sleeps == []


def test_unknown_product_is_none_at_once(client, service, clock):
    assert client.get_price("ghost") is None
    assert service.calls == 1 and clock.sleeps == []


def test_503_is_told_apart_from_404(client, service, PriceUnavailable):
    service.script("503", "503")
    assert plain(client.get_price("lamp")) == 1999
    service.always("503")
    before = service.calls
    with pytest.raises(PriceUnavailable):
        client.get_price("lamp")
    assert service.calls - before == 3
    service.script("404")
    assert client.get_price("lamp") is None


def test_every_failure_is_retried_then_reported(make_client, service, PriceUnavailable):
    for failure in FAILURES:
        service.script(failure, failure)
        assert plain(make_client().get_price("desk")) == 24900, failure
        service.always(failure)
        before = service.calls
        with pytest.raises(PriceUnavailable):
            make_client().get_price("desk")
        assert service.calls - before == 3, failure
        service.script()


def test_attempts_are_bounded(make_client, service):
    for failure in FAILURES:
        service.always(failure)
        before = service.calls
        outcome(lambda: make_client().get_price("lamp"))
        assert 1 <= service.calls - before <= 3, failure


def test_timeouts_are_honoured(client, service, clock, PriceUnavailable):
    service.script("hang")
    assert plain(client.get_price("lamp")) == 1999
    service.always("hang")
    started = clock()
    with pytest.raises(PriceUnavailable):
        client.get_price("lamp")
    assert service.calls == 5
    assert all(t is not None and 0 < t <= 2 for t in service.timeouts), service.timeouts
    assert clock() - started <= 3 * 2 + 2 * 1    # three timeouts and two waits, at most


def test_waits_are_bounded(make_client, service, clock):
    service.script("reset", "reset")
    assert plain(make_client().get_price("lamp")) == 1999
    assert len(clock.sleeps) == 2 and all(0 <= w <= 1 for w in clock.sleeps), clock.sleeps
    service.always("reset")
    outcome(lambda: make_client().get_price("lamp"))
    assert len(clock.sleeps) <= 4 and all(0 <= w <= 1 for w in clock.sleeps), clock.sleeps
    service.script()
    waits = len(clock.sleeps)
    assert make_client().get_price("ghost") is None and make_client().get_price("lamp") == 1999
    assert len(clock.sleeps) == waits            # no wait without a failure


def test_waits_are_jittered(make_client, service, clock):
    for _ in range(20):                          # twenty clients that failed at the same moment
        service.script("reset")
        assert plain(make_client().get_price("lamp")) == 1999
    assert len(clock.sleeps) == 20
    assert len(set(clock.sleeps)) >= 10, clock.sleeps
