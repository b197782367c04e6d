HISTORY = list(range(1, 31))   # longer than a page: the code fans out


def test_every_caller_gets_its_own_tenants_orders(callers):
    for tenant in ("acme", "globex"):
        for name, call in callers.items():
            orders = call(tenant, HISTORY)
            assert [o.id for o in orders] == HISTORY, name
            assert {o.tenant for o in orders} == {tenant}, (name, tenant)


def test_short_and_empty_histories(repo, fetch_orders, tenant):
    with tenant("acme"):
        assert fetch_orders(repo, []) == []
        assert [(o.tenant, o.id) for o in fetch_orders(repo, [2])] == [("acme", 2)]

