"""Trusted pytest plugin for the fan-out drill: tenants, the order repository and the three callers.

Every test gets its own copy of the implementation module (its own thread pool, like a fresh
process); pools a copy keeps are shut down after the test. Whether the tenant reaches a pool's
threads does not depend on timing (see house.py), so these tests are deterministic.

Fixtures (take them as test arguments):
- `repo`          the order repository: tenants "public", "acme" and "globex" each have orders with
                  ids 1 to 40; `repo.get(order_id)` answers for the current tenant. An order has
                  `.tenant`, `.id` and `.total_cents`.
- `tenant`        `with tenant("acme"): ...` makes "acme" the current tenant inside the block (as the
                  middleware does). Outside any block the tenant is "public".
- `fetch_orders`  `fetch_orders(repo, order_ids)`: the implementation under test (a wrapper function)
- `handler`       `handler("acme", order_ids)`: the account page (each call is a request in its own
                  context; the middleware sets the tenant) returns what fetch_orders gave it
- `batch_job`     `batch_job("acme", order_ids)`: the monthly statement job (sets the tenant around
                  the call, in the test's thread)
- `worker`        `worker("acme", order_ids)`: the export worker, a real background thread started
                  for the test (sets the tenant per message)
- `callers`       {"request handler": handler, "batch job": batch_job, "worker thread": worker}

    def test_account_page_shows_the_tenants_orders(handler):
        orders = handler("acme", [1, 2, 3])
        assert [(o.tenant, o.id) for o in orders] == [("acme", 1), ("acme", 2), ("acme", 3)]
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
from typing import Any

import pytest

from course.kits.callers import by_name, fixture_function
from course.sandboxed.fresh_module import close_executors, fresh_import
from course.scenarios.fanout import house

IMPORT_NAME = "order_history"


@pytest.fixture
def repo() -> house.OrderRepository:
    """The order repository: tenants public, acme and globex, orders 1 to 40 each."""
    return house.OrderRepository()


@pytest.fixture
def tenant() -> Callable[[str], contextlib.AbstractContextManager]:
    """`with tenant("acme"):` runs the block for that tenant."""
    return house.use_tenant


@pytest.fixture(name="fetch_orders")
def fetch_orders_fixture() -> Iterator[Callable[..., Any]]:
    """fetch_orders(repo, order_ids) of the implementation under test (this test's own copy)."""
    module = fresh_import(IMPORT_NAME)

    def fetch_orders(repo: Any, order_ids: Any) -> Any:
        """The current tenant's orders with these ids, in order (the implementation under test)."""
        return module.fetch_orders(repo, order_ids)

    yield fetch_orders
    close_executors(module)


@pytest.fixture
def handler(fetch_orders: Callable[..., Any], repo: house.OrderRepository) -> Iterator[Callable[..., Any]]:
    """handler(tenant, order_ids): the account page (a request per call)."""
    yield from fixture_function("handler", house.AccountPage(fetch_orders, repo))


@pytest.fixture
def batch_job(fetch_orders: Callable[..., Any], repo: house.OrderRepository) -> Iterator[Callable[..., Any]]:
    """batch_job(tenant, order_ids): the monthly statement job."""
    yield from fixture_function("batch_job", house.StatementJob(fetch_orders, repo))


@pytest.fixture
def worker(fetch_orders: Callable[..., Any], repo: house.OrderRepository) -> Iterator[Callable[..., Any]]:
    """worker(tenant, order_ids): the export worker thread (started for the test, stopped after it)."""
    yield from fixture_function("worker", house.ExportWorker(fetch_orders, repo))


@pytest.fixture
def callers(handler: Callable[..., Any], batch_job: Callable[..., Any],
            worker: Callable[..., Any]) -> dict[str, Callable[..., Any]]:
    """The three callers by name, to loop over."""
    return by_name(handler, batch_job, worker)
