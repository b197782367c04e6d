import pytest


def test_burst_of_misses_makes_one_load(cache, upstream, crowd):
    results = crowd(cache, "sku-1", n=50)
    assert upstream.calls == 1
    assert results == ["sku-1:v1"] * 50   # everyone sees the same product


def test_burst_after_expiry_makes_one_load(cache, upstream, clock, run, crowd):
    run(cache.get("sku-1"))
    clock.advance(31)                    # past the ttl: everyone misses at once
    results = crowd(cache, "sku-1", n=50)
    assert upstream.calls == 2
    assert results == ["sku-1:v2"] * 50


def test_different_keys_load_once_each(cache, upstream, crowd):
    results = crowd(cache, ["sku-1", "sku-2", "sku-1", "sku-2"])
    assert upstream.calls == 2
    assert results == ["sku-1:v1", "sku-2:v1", "sku-1:v1", "sku-2:v1"]


def test_fresh_just_before_ttl_stale_at_ttl(cache, upstream, clock, run):
    run(cache.get("sku-1"))
    clock.advance(29)
    assert run(cache.get("sku-1")) == "sku-1:v1"
    clock.advance(1)                     # exactly 30 s after the load
    assert run(cache.get("sku-1")) == "sku-1:v2"
    assert upstream.calls == 2


def test_ttl_zero_turns_caching_off(make_cache, upstream, run):
    cache = make_cache(ttl=0)
    run(cache.get("sku-1"))
    run(cache.get("sku-1"))
    assert upstream.calls == 2


def test_failed_load_is_retried_by_the_next_get(cache, upstream, run):
    upstream.fail_next()
    with pytest.raises(upstream.Error):
        run(cache.get("sku-1"))
    assert run(cache.get("sku-1")) == "sku-1:v1"
    assert upstream.calls == 2


def test_failure_during_a_burst_does_not_stick(cache, upstream, run, crowd):
    upstream.fail_next()
    results = crowd(cache, "sku-1", n=20)
    assert upstream.max_in_flight == 1
    assert isinstance(results[0], upstream.Error)   # the caller whose load failed sees the error
    # the spec lets waiters either share that error or load again, one at a time
    assert all(r == "sku-1:v1" or isinstance(r, upstream.Error) for r in results)
    assert run(cache.get("sku-1")) == "sku-1:v1"
