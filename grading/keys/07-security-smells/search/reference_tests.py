PAYLOADS = ["' OR '1'='1", "x' OR tenant <> '", "' OR 1=1 --", "%' UNION SELECT id, product, total_cents FROM orders --"]


def test_only_the_tenants_own_orders_whatever_the_text(shop, search):
    mine = set(shop.order_ids("acme"))
    for text in PAYLOADS:
        found = search("acme", text)          # an error is a failure too: a 500 on a search box
        assert {o["id"] for o in found} <= mine, text


def test_a_quote_is_just_a_character(search):
    assert [o["product"] for o in search("acme", "O'Brien")] == ["O'Brien's tea"]


def test_wildcards_match_only_themselves(search):
    assert [o["id"] for o in search("acme", "100%")] == [3]      # not "100 pens"
    assert [o["id"] for o in search("acme", "%")] == [3]
    assert [o["id"] for o in search("acme", "d_m")] == []        # "_" is not "any character": not "Red mug"
    assert [o["id"] for o in search("acme", "_")] == [5]


def test_newest_first_and_by_total(search):
    assert [o["id"] for o in search("acme", "mug")] == [7, 2, 1]
    assert [o["id"] for o in search("acme", "mug", sort="total")] == [7, 2, 1]
    assert [o["id"] for o in search("acme", "", sort="total", limit=2)] == [7, 2]
