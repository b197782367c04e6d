"""Trusted pytest plugin for the split scenario: gives tests the bill splitter under test.

Fixtures (take them as test arguments):
- `split_cents`  `split_cents(total_cents, weights)`: the implementation under test (a fresh copy per test, the same
                 one for every example a property test tries: it keeps no state); returns its list of parts or
                 raises what it raised.

    from hypothesis import given, strategies as st

    @given(total=st.integers(min_value=0, max_value=10_000))
    def test_one_person_pays_everything(split_cents, total):
        assert split_cents(total, [1]) == [total]
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from course.sandboxed.fresh_module import close_executors, fresh_import

IMPORT_NAME = "split_bill"


@pytest.fixture
def split_cents() -> Iterator[Callable[..., Any]]:
    """split_cents(total_cents, weights): the implementation under test."""
    module = fresh_import(IMPORT_NAME)

    def split_cents(total_cents: Any, weights: Any) -> Any:
        """Each weight's part of total_cents, in whole cents (the implementation under test)."""
        return module.split_cents(total_cents, weights)

    yield split_cents
    close_executors(module)
