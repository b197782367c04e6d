"""Answer key for the refund scenario (module 04-house-patterns).

The snippet is solutions/04-house-patterns/refunds.py, written beside the house codebase
(solutions/04-house-patterns/house/) instead of on it. Its five flaws, each a house pattern bypassed
or re-implemented, and each with damage a test can show:
- tenant-leak (pattern-drift, lines 24-26; raw SQL from line 21 on): raw sqlite3 instead of the
  tenant-scoped OrderRepository, and the order is looked up by id alone: acme's agent refunds
  globex's orders and gets their data back.
- money-rounding (pattern-drift / edge-case, lines 30-31, and the float percent on 15): float
  dollars and round(), which rounds half to even, instead of house.money: 15% of 1990 cents is 298,
  not 299 (about 7.6% of random refunds come out a cent short).
- unbounded-retry (retry-storm, lines 38-43): its own `while True` loop instead of
  house.retry.call_with_retry: it never gives up during an outage, and it retries a decline too.
- no-timeout (missing-timeout, line 40): the provider call gets no timeout, so one that never
  answers holds the request (and its database connection) forever.
- error-dict (error-handling / pattern-drift, lines 16-19, 27-28, 35-36): {"error": ...} returned
  instead of a domain error raised, so house.web.respond answers 200 OK to every failure.
Decoys: the parameterized query (25), the over-refund comparison (35: refunding exactly the rest is
allowed), the connection closed in `finally` (52-53).

Spec freedoms the wheats use (course/scenarios/refund/__init__.py): extra keys in the result; how long
to wait between attempts (the house waits 0.2 s then 0.4 s, wheat_like_snippet 0.5 s each time); the
timeout (2 s, or 1.5 s); which error a request with two problems raises (wheat_house_way looks the
order up first). wheat_like_snippet also shows what behaviour tests cannot see: it duplicates the
house patterns correctly, so the learner's tests must pass it, and only the fix's reuse checks and
the findings name that drift.
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw, Impl, TestsExercise

FLAW_TITLES = {
    "tenant-leak": "Raw sqlite3 instead of the tenant-scoped repository: the order is looked up by id alone, so "
                   "one tenant's agent refunds another tenant's orders.",
    "money-rounding": "Money in float dollars with round() (half to even) instead of house.money: exact half "
                      "cents come out a cent short (15% of 1990 cents gives 298, not 299).",
    "unbounded-retry": "Its own retry loop instead of the house policy: it never stops retrying while the "
                       "provider is down (and retries a decline too).",
    "no-timeout": "The provider call has no timeout: a provider that never answers holds the request forever.",
    "error-dict": "Failures are returned as {\"error\": ...} instead of raised as domain errors, so the API "
                  "answers 200 OK to a missing order, a bad percent or an over-refund.",
}

EXERCISES = [
    TestsExercise(
        id="refund_tests",
        scenario="refund",
        wheats=(
            Impl("wheat_house_way.py",
                 freedom="more keys in the result are fine, and a request with two problems may raise either error.",
                 note="on the house codebase; looks the order up before parsing the percent; extra result keys"),
            Impl("wheat_like_snippet.py",
                 freedom="how it calls the provider within the policy (how long it waits between attempts, any timeout up to 2 s) is not specified.",
                 note="the snippet's shape (raw sqlite3, its own loop, inline Decimal) made correct: tenant in the "
                      "WHERE, 3 attempts with a 1.5 s timeout and 0.5 s waits, ROUND_HALF_UP, errors raised"),
        ),
        chaffs=(
            Impl("chaff_tenant_leak.py", flaw="tenant-leak",
                 rule="an order that belongs to another tenant raises NotFound: nothing is refunded or revealed.",
                 note="wheat_like_snippet with the snippet's query: no tenant_id in the WHERE"),
            Impl("chaff_half_even.py", flaw="money-rounding",
                 rule="the amount is total_cents x percent / 100, rounded half up to a whole cent (15% of 1990 cents is 299).",
                 note="looks like the fix (repository, retry policy, Decimal) but quantize() without "
                      "rounding=ROUND_HALF_UP rounds half to even"),
            Impl("chaff_unbounded_retry.py", flaw="unbounded-retry",
                 rule="a TransientError is retried at most 3 attempts in all, then UpstreamUnavailable is raised.",
                 note="repository and house.money, a timeout on every call, only TransientError retried, but "
                      "its own `while True` loop"),
            Impl("chaff_no_timeout.py", flaw="no-timeout",
                 rule="every attempt at the provider is given a timeout (a number of seconds, at most 2, never None).",
                 note="looks like the fix: call_with_retry, but the lambda drops the timeout it is given"),
            Impl("chaff_error_dict.py", flaw="error-dict",
                 rule="failures are raised as the house's domain errors, never returned.",
                 note="looks like the fix, then catches DomainError and returns {'error': ...}"),
        ),
        flaw_titles=FLAW_TITLES,
    ),
    FindingsExercise(
        id="refund_findings",
        scenario="refund",
        flaws=(
            # the raw-SQL flaw owns the free lines of the handler's database code (21-49) as tolerance;
            # the other flaws share a category with it, so they keep to their own lines
            Flaw("tenant-leak", lines=(24, 26), tolerance=(21, 49),
                 categories=frozenset({"pattern-drift", "spec-misread"}), title=FLAW_TITLES["tenant-leak"]),
            Flaw("money-rounding", lines=(30, 31), also=((15, 15),),
                 categories=frozenset({"pattern-drift", "edge-case", "spec-misread"}),
                 title=FLAW_TITLES["money-rounding"]),
            Flaw("unbounded-retry", lines=(38, 43),
                 categories=frozenset({"retry-storm", "pattern-drift", "error-handling"}),
                 title=FLAW_TITLES["unbounded-retry"]),
            Flaw("no-timeout", lines=(40, 40),
                 categories=frozenset({"missing-timeout"}), title=FLAW_TITLES["no-timeout"]),
            Flaw("error-dict", lines=(16, 19), also=((27, 28), (35, 36)), tolerance=(14, 19),
                 categories=frozenset({"error-handling", "pattern-drift"}), title=FLAW_TITLES["error-dict"]),
        ),
        decoys=((25, 25), (35, 35), (52, 53)),
    ),
    FixExercise(
        id="refund_fix",
        scenario="refund",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        allowed_imports=("house",),
        properties={
            "test_refunds_the_percentage_and_records_it": "refunds the percentage through the provider and records it",
            "test_other_tenants_orders_are_not_found": "another tenant's order is NotFound: nothing refunded or shown",
            "test_amounts_round_half_up_to_the_cent": "amounts round half up to the cent",
            "test_transient_failures_are_retried_up_to_three_attempts": "transient failures: 3 attempts, then UpstreamUnavailable",
            "test_a_declined_refund_is_not_retried": "a declined refund is not retried",
            "test_every_attempt_has_a_timeout": "every provider call has a timeout",
            "test_failures_are_raised_as_domain_errors": "failures are raised as domain errors (400, 404, 409)",
            "test_database_access_goes_through_the_repository": "reuse: all database access through house.repository",
            "test_provider_calls_go_through_the_house_retry_policy": "reuse: provider calls through house.retry",
            "test_amounts_come_from_the_house_money_helper": "reuse: amounts computed by house.money",
            "test_does_not_import_sqlite3": "import rule: no sqlite3 import outside house.repository",
        },
    ),
]
