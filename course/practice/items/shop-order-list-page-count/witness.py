def test_last_partial_page_is_reachable(impl) -> None:
    orders = [f"ord-{n:03d}" for n in range(45, 0, -1)]  # 45 orders
    second = impl.paginate(orders, 2, per_page=20)
    assert second.items[0] == "ord-025", f"page 2 starts at {second.items[0]}"
    assert second.has_next and second.pages == 3, (
        f"with 45 orders and 20 per page the pager says {second.pages} pages and page 2 has no "
        "'Older orders' button: the customer's 5 oldest orders (ord-005 to ord-001) can never be reached"
    )
