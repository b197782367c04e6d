def test_shipping_threshold_uses_the_discounted_total(impl) -> None:
    lines = [impl.CartLine("mug", 27_50, 2)]  # 55.00 of items
    bill = impl.checkout_total(lines, coupon=10_00)  # 45.00 after the coupon
    assert bill["shipping"] == 4_90, (
        "a 55.00 cart with a 10.00 coupon costs 45.00 after discounts, under the 50.00 free-shipping "
        f"threshold, yet it shipped for {bill['shipping'] / 100:.2f} (total {bill['total'] / 100:.2f})"
    )
    assert bill["total"] == 49_90, f"total came out as {bill['total'] / 100:.2f}, expected 49.90"
