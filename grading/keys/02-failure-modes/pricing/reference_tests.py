import pytest


def test_503_is_not_no_such_product(client, service, PriceUnavailable):
    service.always("503")
    with pytest.raises(PriceUnavailable):
        client.get_price("lamp")
    assert service.calls == 3            # three attempts, then it gives up


def test_404_means_no_such_product_at_once(client, service, clock):
    assert client.get_price("ghost") is None
    assert service.calls == 1 and clock.sleeps == []


def test_every_other_failure_is_retried(client, service):
    for failure in ("503", "429", "500", "reset", "hang"):
        service.script(failure, failure)     # two failures, then a normal answer
        assert client.get_price("lamp") == 1999, failure
    assert service.calls == 15


def test_every_call_has_a_timeout(client, service, PriceUnavailable):
    service.always("hang")
    with pytest.raises(PriceUnavailable):
        client.get_price("lamp")
    assert service.calls == 3
    assert all(t is not None and 0 < t <= 2 for t in service.timeouts)


def test_waits_are_short_and_jittered(make_client, service, clock):
    for _ in range(10):                  # ten shoppers, each meeting one failure
        service.script("503")
        assert make_client().get_price("lamp") == 1999
    assert len(clock.sleeps) == 10
    assert all(0 <= wait <= 1 for wait in clock.sleeps)
    assert len(set(clock.sleeps)) > 1    # not all coming back in lockstep
