"""Trusted pytest plugin for the refund scenario (module 04): what every test of `refund_order` receives.

The `house` codebase is in the run folder beside the implementation (the runner copies it there).
Everything here is deterministic: no real clock (time.sleep is the fake clock's in this test
process), no network, scripted provider failures, a real SQLite file per test.

- `shop`          the shop's database, seen from outside any tenant. It starts with orders of two
                  tenants: shop.orders_of("acme"), shop.orders_of("globex") give their ids.
                  shop.add_order(tenant, total_cents) -> a new order's id; shop.refunds(order_id=None)
                  -> the refunds recorded (RefundRow: tenant_id, order_id, amount_cents, provider_ref);
                  shop.refunded_cents(order_id); shop.total_cents(order_id).
- `provider`      the fake payment provider: provider.attempts (refund calls, failed ones included),
                  provider.timeouts (the timeout each call was given; None = wait forever),
                  provider.refunds (accepted: (charge_id, amount_cents)),
                  provider.fail_next(times=1, kind="transient" | "declined" | "hang"). After 20
                  failures in a row it stops the test (ProviderGaveUp): code that never gives up.
- `clock`         the fake clock: clock.now (seconds), clock.sleeps (every sleep, in order).
- `ctx`           the request context of a support agent of tenant "acme" (house.web.RequestContext).
- `ctx_for`       ctx_for("globex") -> the context of another tenant, same database and provider.
- `refund_order`  the code under test: refund_order(ctx, order_id, percent).
- `respond`       house.web.respond: respond(refund_order, ctx, order_id=..., percent=...) -> (HTTP status, body).
- `errors`        the house's domain errors: errors.NotFound, errors.InvalidRequest, errors.Conflict,
                  errors.PaymentDeclined, errors.UpstreamUnavailable, errors.DomainError.

The hidden fix tests also get `usage` (HIDDEN_RUN_FIXTURES: never served to a learner's tests), a function
returning what course.scenarios.refund.house_usage observed during this test, as plain values.

    def test_another_tenants_order_is_not_found(shop, ctx, refund_order, provider, errors):
        [theirs, *_] = shop.orders_of("globex")
        with pytest.raises(errors.NotFound):
            refund_order(ctx, theirs, 10)
        assert provider.refunds == [] and shop.refunds() == []
"""
from __future__ import annotations

import importlib
from pathlib import Path
import time
from types import SimpleNamespace
from typing import Any, Callable, Iterator

import pytest

from course.scenarios.refund.fakes import FakeClock, FakeProvider, ShopDB
from course.scenarios.refund.house_usage import USAGE, install
from house import errors as house_errors
from house.web import RequestContext, respond as house_respond

IMPORT_NAME = "refunds"
TENANT = "acme"
HIDDEN_RUN_FIXTURES = ("usage",)   # served to the grader's hidden tests only (course.sandboxed.host)

install(IMPORT_NAME)              # before any implementation is imported (see house_usage)
CLOCK = FakeClock()               # one clock for the test process, reset for every test
time.sleep = CLOCK.sleep          # the code under test sleeps in fake seconds, whatever it imported

ERRORS = SimpleNamespace(**{name: getattr(house_errors, name) for name in (
    "DomainError", "InvalidRequest", "NotFound", "Conflict", "PaymentDeclined", "UpstreamUnavailable")})


def _implementation() -> Any:
    """The module under test, as imported from the run folder (never handed to tests)."""
    return importlib.import_module(IMPORT_NAME)


def refund_order(ctx: RequestContext, order_id: int, percent: Any) -> Any:
    """refund_order(ctx, order_id, percent) of the implementation under test."""
    with USAGE.watching():
        return _implementation().refund_order(ctx, order_id, percent)


@pytest.fixture(autouse=True)
def _fresh_observations() -> Iterator[None]:
    CLOCK.reset()
    USAGE.reset()
    yield


@pytest.fixture(name="refund_order")
def refund_order_fixture() -> Callable[..., Any]:
    """refund_order(ctx, order_id, percent) of the implementation under test (behind a wrapper)."""
    return refund_order


@pytest.fixture
def shop(tmp_path: Path) -> ShopDB:
    """A fresh shop database (a temporary file) with the seeded orders of "acme" and "globex"."""
    return ShopDB.create(tmp_path / "shop.db")


@pytest.fixture
def clock() -> FakeClock:
    """The fake clock every sleep in this test advances."""
    return CLOCK


@pytest.fixture
def provider() -> FakeProvider:
    """The fake payment provider (see the module docstring)."""
    return FakeProvider(CLOCK, on_attempt=USAGE.provider_attempt)


@pytest.fixture
def ctx_for(shop: ShopDB, provider: FakeProvider) -> Callable[[str], RequestContext]:
    """ctx_for(tenant) -> the request context of that tenant's support agent."""
    def make(tenant: str) -> RequestContext:
        return RequestContext(tenant_id=tenant, db_path=str(shop.path), payments=provider)
    return make


@pytest.fixture
def ctx(ctx_for: Callable[[str], RequestContext]) -> RequestContext:
    """The request context of a support agent of tenant "acme"."""
    return ctx_for(TENANT)


@pytest.fixture
def respond() -> Callable[..., tuple[int, dict]]:
    """house.web.respond(handler, ctx, **params) -> (HTTP status, JSON body)."""
    return house_respond


@pytest.fixture
def usage() -> Callable[[], dict[str, Any]]:
    """usage() -> how the code under test used the house codebase so far in this test (Usage.summary)."""
    return lambda: USAGE.summary(_implementation())


@pytest.fixture
def errors() -> SimpleNamespace:
    """The house's domain errors, for pytest.raises(errors.NotFound) and the like."""
    return ERRORS
