def test_two_customers_starting_a_cart_get_separate_carts(impl) -> None:
    ana = impl.add_to_cart("MUG-01", 1, 1200)
    ben = impl.add_to_cart("TEA-07", 2, 650)
    ben_skus = [line.sku for line in ben]
    assert ben_skus == ["TEA-07"], (
        f"Ana started a cart with a mug, then Ben started his own with tea; Ben's new cart holds "
        f"{ben_skus} and totals {impl.cart_total(ben) / 100:.2f}")
