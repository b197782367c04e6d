"""Tests the assistant wrote alongside ProductCache (they pass on its code)."""


def test_miss_loads_from_catalogue(cache, upstream, run):
    assert run(cache.get("sku-1")) == "sku-1:v1"
    assert upstream.calls == 1


def test_hit_is_served_from_cache(cache, upstream, run):
    run(cache.get("sku-1"))
    assert run(cache.get("sku-1")) == "sku-1:v1"
    assert upstream.calls == 1


def test_entry_expires_after_ttl(cache, upstream, clock, run):
    run(cache.get("sku-1"))
    clock.advance(31)
    assert run(cache.get("sku-1")) == "sku-1:v2"
    assert upstream.calls == 2


def test_keys_are_cached_separately(cache, upstream, run):
    assert run(cache.get("sku-1")) == "sku-1:v1"
    assert run(cache.get("sku-2")) == "sku-2:v1"
    assert upstream.keys == ["sku-1", "sku-2"]
