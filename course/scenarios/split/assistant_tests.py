"""Tests the assistant wrote alongside split_cents (they pass on its code)."""


def test_even_split(split_cents):
    assert split_cents(900, [1, 1, 1]) == [300, 300, 300]


def test_uneven_split(split_cents):
    assert split_cents(1000, [1, 3]) == [250, 750]


def test_the_rounding_is_absorbed(split_cents):
    assert split_cents(100, [1, 1, 1]) == [33, 33, 34]


def test_parts_add_up(split_cents):
    for total, weights in [(100, [1, 1, 1]), (1999, [2, 3, 5]), (1, [1, 1])]:
        assert sum(split_cents(total, weights)) == total
