"""Trusted pytest plugin for the quote scenario: the shop, the function under test and its three callers.

Every test gets its own copy of the implementation module (its own caches and globals, like a
fresh process), so tests never leak state into each other and a test's verdict does not depend on
which tests ran before it. The servers' local time zone is Berlin's for the whole test session
(house.SERVER_TZ), set explicitly: nothing depends on the machine's time zone or clock.

Fixtures (take them as test arguments):
- `shop`       the price book: `shop.set_price("lamp", 3000)` (an admin's change, effective at
               once), `shop.price("lamp")`, `shop.promotion` = (starts, ends) of the 3-for-2, aware
               UTC: Fri 2024-11-29 00:00 to Mon 2024-12-02 00:00 (excluded). It starts with
               lamp 2500, mug 900 and pen 150 cents.
- `catalog`    a catalog session on `shop`, to call `quote` yourself
- `quote`      `quote(catalog, lines, at)`: the implementation under test (a wrapper function)
- `handler`    `handler(lines, at)`: the checkout API prices the cart (one request per call: a new
               session, a fresh list parsed from the request, `at` as an aware UTC time)
- `batch_job`  `batch_job(lines, at)`: the nightly job (one session for its whole run, YOUR list
               object passed as it is, `at` as a naive UTC time read from the database)
- `worker`     `worker(lines, at)`: the marketplace worker, a real background thread (one session
               since it started, a fresh list per message, `at` in the shop's local time, CET)
- `callers`    {"request handler": handler, "batch job": batch_job, "worker thread": worker}

Each caller returns the total `quote` gave it (or raises what `quote` raised). Give every caller
the same instant: each converts it to its own form, so a correct `quote` gives all three the same
total.

    def test_callers_agree(callers):
        at = datetime(2024, 11, 26, 12, 0, tzinfo=timezone.utc)
        for name, call in callers.items():
            assert call([("lamp", 1), ("pen", 2)], at) == 2800, name
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
from datetime import datetime
from typing import Any

import pytest

from course.kits.callers import by_name, fixture_function
from course.sandboxed.fresh_module import close_executors, fresh_import
from course.scenarios.quote import house

IMPORT_NAME = "pricing"
_session_tz = contextlib.ExitStack()


def pytest_configure(config: pytest.Config) -> None:
    _session_tz.enter_context(house.server_time_zone())


def pytest_unconfigure(config: pytest.Config) -> None:
    _session_tz.close()


@pytest.fixture
def shop() -> house.PriceBook:
    """The shop's price book: lamp 2500, mug 900, pen 150 cents; the Black Friday 3-for-2 window."""
    return house.PriceBook()


@pytest.fixture
def catalog(shop: house.PriceBook) -> house.Catalog:
    """A catalog session on `shop`."""
    return shop.catalog()


@pytest.fixture(name="quote")
def quote_fixture() -> Iterator[Callable[..., Any]]:
    """quote(catalog, lines, at) of the implementation under test (this test's own copy)."""
    module = fresh_import(IMPORT_NAME)

    def quote(catalog: Any, lines: Any, at: datetime) -> Any:
        """The total of the cart `lines` at `at`, in cents (the implementation under test)."""
        return module.quote(catalog, lines, at)

    yield quote
    close_executors(module)


@pytest.fixture
def handler(quote: Callable[..., Any], shop: house.PriceBook) -> Iterator[Callable[..., Any]]:
    """handler(lines, at): the checkout API (a request per call)."""
    yield from fixture_function("handler", house.CheckoutHandler(quote, shop))


@pytest.fixture
def batch_job(quote: Callable[..., Any], shop: house.PriceBook) -> Iterator[Callable[..., Any]]:
    """batch_job(lines, at): the nightly job (one run for the whole test)."""
    yield from fixture_function("batch_job", house.NightlyJob(quote, shop))


@pytest.fixture
def worker(quote: Callable[..., Any], shop: house.PriceBook) -> Iterator[Callable[..., Any]]:
    """worker(lines, at): the marketplace worker thread (started for the test, stopped after it)."""
    yield from fixture_function("worker", house.MarketplaceWorker(quote, shop))


@pytest.fixture
def callers(handler: Callable[..., Any], batch_job: Callable[..., Any],
            worker: Callable[..., Any]) -> dict[str, Callable[..., Any]]:
    """The three callers by name, to loop over."""
    return by_name(handler, batch_job, worker)
