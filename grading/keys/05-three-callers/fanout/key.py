"""Answer key for the fan-out drill (module 05-three-callers, scenario `fanout`, tests only).

The snippet is solutions/05-three-callers/order_history.py. Its flaw:
- context-lost (hidden-state): a history longer than ten orders is loaded on a thread pool, and a
  pool's threads do not see the context variables of the code that submits the work. repo.get reads
  the tenant from one, so every lookup on the pool answers for the "public" storefront: the caller
  gets another shop's orders. Short histories are loaded inline, in the caller's context, and come
  out right: the assistant's tests use a tenant only with two ids.
Two chaffs carry the classic bugs of the obvious fixes:
- first-tenant-sticks (hidden-state): a shared pool whose initializer copies the context of the call
  that created it: every later caller, of any tenant, gets the FIRST caller's tenant.
- empty-crash (edge-case): a pool sized to the work, `max_workers=min(4, len(order_ids))`, raises
  ValueError for a customer with no orders.

The spec leaves open whether and when to fan out, and the pool's size and lifetime; the wheats
differ there (a shared pool for long histories with copy_context().run per task, or a pool per call
whose initializer takes over that call's context: it looks like first-tenant-sticks and is correct).
reference_tests.py is the notebook's solution for fanout_tests.
"""
from course.judge.exercises import Impl, TestsExercise

FLAW_TITLES = {
    "context-lost": "A long history is loaded on a thread pool whose threads never see the caller's tenant: "
                    "every caller gets the public storefront's orders.",
    "first-tenant-sticks": "The shared pool's threads take over the context of the first caller: every later "
                           "caller gets that first tenant's orders.",
    "empty-crash": "A customer with no orders makes a pool of zero threads: ValueError instead of an empty list.",
}

EXERCISES = [
    TestsExercise(
        id="fanout_tests",
        scenario="fanout",
        wheats=(
            Impl("wheat_copy_context.py",
                 freedom="whether and when it fetches concurrently, and the size and lifetime of any pool.",
                 note="the snippet plus copy_context().run per task on the shared pool"),
            Impl("wheat_pool_per_call.py",
                 freedom="whether and when it fetches concurrently, and the size and lifetime of any pool (this version's differ from the others').",
                 note="a pool per call whose initializer adopts that call's context; fans out from two ids"),
        ),
        chaffs=(
            Impl("chaff_context_lost.py", flaw="context-lost",
                 rule="whoever calls it, every order returned belongs to the caller's tenant.",
                 note="the snippet's flaw with a pool per call and pool.map"),
            Impl("chaff_first_tenant_sticks.py", flaw="first-tenant-sticks",
                 rule="whoever calls it, and in whatever order callers come, every order returned belongs to that caller's tenant.",
                 note="looks like the fix: an initializer that copies the context, but once, for a shared pool"),
            Impl("chaff_empty_crash.py", flaw="empty-crash",
                 rule="no ids: an empty list.",
                 note="looks like the fix: copy_context().run per task, but a pool sized to the work"),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"context-lost": ("hidden-state",), "first-tenant-sticks": ("hidden-state",), "empty-crash": ("edge-case",)},
    ),
]
