"""Hidden tests for the refund fix: one property per test function, all deterministic.

The first seven check the spec's behaviour. The last four check that the fix stands on the house
codebase, from what course.scenarios.refund.house_usage observed while it ran (the `usage` fixture, served
by the fix's process as plain values: these tests run in another process): its SQL ran inside
the repository, its provider calls inside the house retry policy, its amounts came from house.money,
and it never imports sqlite3 (the house's import rule: only house.repository does). What refund_order
returns is compared as a plain value (course.sandboxed.plain).
"""
import pytest

from course.sandboxed.plain import plain


def one_of_everything(shop, ctx, refund_order, provider, errors):
    """Two refunds (the first after a transient failure), then a request for each domain error.

    For the reuse checks, which ask HOW the fix works: whether its answers are right is for the
    behaviour tests above, so a domain error raised or returned is fine here."""
    order_id = shop.add_order("acme", 1990)
    provider.fail_next()
    for target, percent in ((order_id, 15), (order_id, "12.5"), (order_id, "abc"), (order_id, 99),
                            (shop.orders_of("globex")[0], 10)):
        try:
            refund_order(ctx, target, percent)
        except errors.DomainError:
            pass
    assert len(provider.refunds) >= 2, "the two refunds did not go through"


def test_refunds_the_percentage_and_records_it(shop, ctx, refund_order, provider):
    order_id = shop.add_order("acme", 5000)
    result = plain(refund_order(ctx, order_id, 10))
    assert (result["order_id"], result["amount_cents"]) == (order_id, 500)
    assert provider.refunds == [(f"ch_{order_id}", 500)]
    [row] = shop.refunds(order_id)
    assert (row.tenant_id, row.amount_cents, row.provider_ref) == ("acme", 500, result["provider_ref"])
    assert plain(refund_order(ctx, order_id, "12.5"))["amount_cents"] == 625
    assert shop.refunded_cents(order_id) == 1125


def test_other_tenants_orders_are_not_found(shop, ctx, ctx_for, refund_order, provider, respond, errors):
    for theirs in shop.orders_of("globex"):
        with pytest.raises(errors.NotFound):
            refund_order(ctx, theirs, 10)
        status, body = respond(refund_order, ctx, order_id=theirs, percent=10)
        assert status == 404 and str(shop.total_cents(theirs)) not in str(plain(body))
    assert provider.attempts == 0 and shop.refunds() == []
    theirs = shop.orders_of("globex")[0]
    assert plain(refund_order(ctx_for("globex"), theirs, 10))["amount_cents"] == shop.total_cents(theirs) // 10


def test_amounts_round_half_up_to_the_cent(shop, ctx, refund_order, provider):
    cases = [(1990, 15, 299), (1005, 10, 101), (285, 10, 29), (25, 10, 3), (1, 50, 1), (2675, 10, 268),
             (1990, "12.5", 249), (4999, 50, 2500), (1999, 15, 300), (12345, "33.3", 4111)]
    for total_cents, percent, expected in cases:
        order_id = shop.add_order("acme", total_cents)
        assert plain(refund_order(ctx, order_id, percent))["amount_cents"] == expected, (total_cents, percent)
    assert [cents for _, cents in provider.refunds] == [expected for *_, expected in cases]


def test_transient_failures_are_retried_up_to_three_attempts(shop, ctx, refund_order, provider, errors):
    order_id = shop.orders_of("acme")[0]
    provider.fail_next(times=2)
    refund_order(ctx, order_id, 10)
    assert provider.attempts == 3 and len(shop.refunds(order_id)) == 1
    provider.fail_next(times=4)
    with pytest.raises(errors.UpstreamUnavailable):
        refund_order(ctx, order_id, 10)
    assert provider.attempts == 6 and len(shop.refunds(order_id)) == 1


def test_a_declined_refund_is_not_retried(shop, ctx, refund_order, provider, errors):
    order_id = shop.orders_of("acme")[0]
    provider.fail_next(kind="declined")
    with pytest.raises(errors.PaymentDeclined):
        refund_order(ctx, order_id, 10)
    assert provider.attempts == 1 and shop.refunds() == []


def test_every_attempt_has_a_timeout(shop, ctx, refund_order, provider):
    order_id = shop.orders_of("acme")[0]
    provider.fail_next(times=2, kind="hang")
    refund_order(ctx, order_id, 10)
    assert provider.attempts == 3
    assert all(t is not None and 0 < t <= 2 for t in provider.timeouts), provider.timeouts


def test_failures_are_raised_as_domain_errors(shop, ctx, refund_order, provider, respond, errors):
    order_id = shop.orders_of("acme")[0]
    for bad in (0, -5, 101, "abc", "nan", None):
        with pytest.raises(errors.InvalidRequest):
            refund_order(ctx, order_id, bad)
        assert respond(refund_order, ctx, order_id=order_id, percent=bad)[0] == 400
    with pytest.raises(errors.NotFound):
        refund_order(ctx, 999_999, 10)
    refund_order(ctx, order_id, 60)
    attempts = provider.attempts
    with pytest.raises(errors.Conflict):
        refund_order(ctx, order_id, 50)
    assert respond(refund_order, ctx, order_id=order_id, percent=41)[0] == 409
    assert provider.attempts == attempts   # no provider call for a refund that cannot be made
    assert shop.refunded_cents(order_id) == shop.total_cents(order_id) * 60 // 100


def test_database_access_goes_through_the_repository(shop, ctx, refund_order, provider, errors, usage):
    one_of_everything(shop, ctx, refund_order, provider, errors)
    seen = plain(usage())
    assert seen["raw_connections"] == 0, "opens its own sqlite3 connections instead of using the repository"
    assert seen["statements"], "no database access through house.repository seen"
    assert seen["sql_outside_repository"] == [], "runs SQL of its own instead of calling OrderRepository"


def test_provider_calls_go_through_the_house_retry_policy(shop, ctx, refund_order, provider, errors, usage):
    one_of_everything(shop, ctx, refund_order, provider, errors)
    attempts = plain(usage())["provider_attempts"]
    assert attempts and all(attempts), "calls the payment provider outside house.retry.call_with_retry"


def test_amounts_come_from_the_house_money_helper(shop, ctx, refund_order, provider, errors, usage):
    one_of_everything(shop, ctx, refund_order, provider, errors)
    computed = plain(usage())["money_results"]
    refunded = [cents for _, cents in plain(provider.refunds)]
    assert refunded and all(cents in computed for cents in refunded), \
        "computes refund amounts itself instead of with house.money"


def test_does_not_import_sqlite3(shop, ctx, refund_order, provider, errors, usage):
    one_of_everything(shop, ctx, refund_order, provider, errors)
    seen = plain(usage())
    assert seen["imports"], "no import of the module under test was seen"
    assert seen["sqlite3_imports"] == [] and seen["sqlite3_in_namespace"] == [], \
        "imports sqlite3: only house.repository may"
