"""Trusted pytest plugin for the send-list drill: counted addresses and the implementation under test.

Fixtures (take them as test arguments):
- `ops`              an OpCounter: ops.wrap_all(addresses) makes counted stand-ins; ops.total is every
                     comparison, hash and conversion to text done on them since; ops.counts by kind;
                     ops.unwrap(address) gives the plain text back (for your own checks).
- `make_lists`       make_lists(n, unsubscribed=0) -> (sources, unsubscribed): n plain addresses over
                     three sources, about a third of them repeats, and that many unsubscribed addresses
                     (half of them in the sources), deterministic.
- `build_send_list`  build_send_list(sources, unsubscribed) of the implementation under test (a wrapper).
"""
from __future__ import annotations

import importlib
import random
from typing import Any, Callable

import pytest

from course.kits.measure.counters import OpCounter

IMPORT_NAME = "recipients"


def make_lists(n: int, unsubscribed: int = 0, seed: int = 11) -> tuple[list[list[str]], list[str]]:
    """n addresses over three sources (about a third repeats) and `unsubscribed` opted-out addresses."""
    if n < 0 or unsubscribed < 0:
        raise ValueError("sizes must not be negative")
    rng = random.Random(seed * 1_000_003 + n * 31 + unsubscribed)
    people = max(1, (2 * n) // 3)
    addresses = [f"reader{rng.randrange(people):06d}@example.org" for _ in range(n)]
    cuts = sorted(rng.sample(range(n + 1), 2)) if n >= 2 else [0, n]
    sources = [addresses[:cuts[0]], addresses[cuts[0]:cuts[1]], addresses[cuts[1]:]]
    opted_out = [f"reader{rng.randrange(people):06d}@example.org" if i % 2 == 0 else f"gone{i:06d}@example.org"
                 for i in range(unsubscribed)]
    return sources, opted_out


def expected_send_list(sources: list[list[Any]], unsubscribed: list[Any]) -> list[Any]:
    """The right answer, the plain way (for plain strings)."""
    blocked = set(unsubscribed)
    return [a for a in dict.fromkeys(a for source in sources for a in source) if a not in blocked]


def build_send_list(sources: list[list[Any]], unsubscribed: list[Any]) -> Any:
    """build_send_list(sources, unsubscribed) of the implementation under test (looked up per call)."""
    return importlib.import_module(IMPORT_NAME).build_send_list(sources, unsubscribed)


@pytest.fixture
def ops() -> OpCounter:
    """A fresh operation counter: ops.wrap_all(values), ops.total, ops.counts, ops.unwrap(value)."""
    return OpCounter()


@pytest.fixture(name="make_lists")
def make_lists_fixture() -> Callable[..., tuple[list[list[str]], list[str]]]:
    return make_lists


@pytest.fixture(name="build_send_list")
def build_send_list_fixture() -> Callable[..., Any]:
    return build_send_list
