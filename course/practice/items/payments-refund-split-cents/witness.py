def test_shares_add_up_to_the_refund(impl) -> None:
    payments = [impl.Payment("pay_1", "card", 20_00), impl.Payment("pay_2", "gift_card", 10_00)]
    even = impl.allocate_refund(15_00, payments)
    assert even == {"pay_1": 10_00, "pay_2": 5_00}, f"a 15.00 refund was split {even}"
    shares = impl.allocate_refund(10_00, payments)
    refunded = sum(shares.values())
    assert refunded == 10_00, (
        f"a 10.00 refund on an order paid 20.00 by card and 10.00 by gift card sends back only "
        f"{refunded / 100:.2f} ({shares}): a cent is lost, and the ledger no longer balances"
    )
