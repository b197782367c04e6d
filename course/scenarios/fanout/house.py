"""The shop around `fetch_orders()` (module 05 drill): tenants, the order repository and three callers.

Public, no key material; the fixtures (fixtures.py) drive the implementation under test through it.

- `current_tenant`: the house's context variable for "which shop is this request for". The web
  middleware sets it for each request; the repository reads it on every query. Code that runs
  without a tenant (scripts, the admin shell) sees the "public" storefront.
- `use_tenant(name)`: set the tenant for a block, and put the previous one back afterwards.
- `OrderRepository`: every tenant's orders, numbered from 1 per tenant. `get(order_id)` returns the
  CURRENT tenant's order (KeyError if that tenant has none with this id).
- The callers, each with its own way of setting the tenant: `AccountPage` (the request handler: each
  call runs in its own context, like a request, and the middleware sets the tenant there),
  `StatementJob` (the monthly batch job: `with use_tenant(...)` around each customer, in the
  calling thread) and `ExportWorker` (a real background thread that sets the tenant per message).

Python runs a new thread (a pool's worker threads included) in a new, empty context: a context
variable set by the code that submits work is not set inside the pool's threads unless the work is
run in a copy of the submitter's context (`contextvars.copy_context().run`). That is deterministic:
it does not depend on timing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
import contextlib
import contextvars
from dataclasses import dataclass
from typing import Any

from course.kits.callers import WORKER_TIMEOUT, WorkerThread

current_tenant: contextvars.ContextVar[str] = contextvars.ContextVar("current_tenant", default="public")

TENANTS = ("public", "acme", "globex")
ORDERS_PER_TENANT = 40

FetchOrders = Callable[[Any, list], Any]


@contextlib.contextmanager
def use_tenant(name: str) -> Iterator[None]:
    """Run the block for tenant `name` (what the middleware does for a request)."""
    token = current_tenant.set(name)
    try:
        yield
    finally:
        current_tenant.reset(token)


@dataclass(frozen=True)
class Order:
    tenant: str
    id: int
    total_cents: int


class OrderRepository:
    """Every tenant's orders; queries answer for the tenant in the current context."""

    def __init__(self, tenants: Sequence[str] = TENANTS, per_tenant: int = ORDERS_PER_TENANT) -> None:
        self._orders = {(t, i): Order(t, i, 1000 * (k + 1) + 7 * i)
                        for k, t in enumerate(tenants) for i in range(1, per_tenant + 1)}

    def get(self, order_id: int) -> Order:
        """The current tenant's order with this id; KeyError if the tenant has none."""
        tenant = current_tenant.get()
        try:
            return self._orders[(tenant, order_id)]
        except (KeyError, TypeError):
            raise KeyError(f"tenant {tenant!r} has no order {order_id!r}") from None

    def __repr__(self) -> str:
        return "<order repository>"


class AccountPage:
    """The request handler: each call is a request, run in its own context with its tenant set."""

    name = "request handler"

    def __init__(self, fetch_orders: FetchOrders, repo: OrderRepository) -> None:
        self._fetch, self._repo = fetch_orders, repo

    def _request(self, tenant: str, order_ids: list) -> Any:
        current_tenant.set(tenant)          # the middleware, inside this request's own context
        return self._fetch(self._repo, order_ids)

    def __call__(self, tenant: str, order_ids: Sequence[int]) -> Any:
        return contextvars.copy_context().run(self._request, tenant, list(order_ids))

    def stop(self) -> None:
        pass


class StatementJob:
    """The monthly statement job: a loop in the calling thread, setting each customer's tenant."""

    name = "batch job"

    def __init__(self, fetch_orders: FetchOrders, repo: OrderRepository) -> None:
        self._fetch, self._repo = fetch_orders, repo

    def __call__(self, tenant: str, order_ids: Sequence[int]) -> Any:
        with use_tenant(tenant):
            return self._fetch(self._repo, list(order_ids))

    def stop(self) -> None:
        pass


class ExportWorker:
    """The export worker: a background thread, started once, handling one message at a time."""

    name = "worker thread"

    def __init__(self, fetch_orders: FetchOrders, repo: OrderRepository, timeout: float = WORKER_TIMEOUT) -> None:
        self._fetch, self._repo = fetch_orders, repo
        self._thread = WorkerThread("export-worker", timeout=timeout)

    def __call__(self, tenant: str, order_ids: Sequence[int]) -> Any:
        ids = list(order_ids)

        def handle(_: Any) -> Any:
            with use_tenant(tenant):             # set per message, in the worker's own thread
                return self._fetch(self._repo, ids)

        return self._thread.run(handle)

    def stop(self) -> None:
        self._thread.stop()


CALLERS = (AccountPage, StatementJob, ExportWorker)
