from fractions import Fraction
import itertools
import math

from hypothesis import given, strategies as st

totals = st.integers(min_value=0)                       # any size: the spec sets no upper limit
weight_lists = st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=6).filter(any)


@given(total=totals, weights=weight_lists)
def test_no_cent_is_made_or_lost(split_cents, total, weights):
    assert sum(split_cents(total, weights)) == total


@given(total=totals, weights=weight_lists)
def test_each_part_is_its_share_rounded_down_or_up(split_cents, total, weights):
    parts = split_cents(total, weights)
    assert len(parts) == len(weights)
    for part, weight in zip(parts, weights):
        share = Fraction(total * weight, sum(weights))
        assert math.floor(share) <= part <= math.ceil(share), (part, share)


@given(total=totals, weights=weight_lists)
def test_a_larger_weight_never_pays_less(split_cents, total, weights):
    parts = split_cents(total, weights)
    for (part_a, weight_a), (part_b, weight_b) in itertools.combinations(zip(parts, weights), 2):
        if weight_a > weight_b:
            assert part_a >= part_b
        elif weight_b > weight_a:
            assert part_b >= part_a
