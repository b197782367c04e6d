from decimal import Decimal


def test_ties_go_to_the_even_cent(impl) -> None:
    rate = Decimal("0.06")  # 0.5 % a month
    cases = {Decimal("105.00"): Decimal("0.52"), Decimal("103.00"): Decimal("0.52"),
             Decimal("2500.00"): Decimal("12.50"), Decimal("1.00"): Decimal("0.00")}
    for balance, expected in cases.items():
        got = impl.monthly_interest(balance, rate)
        assert got == expected, (
            f"a balance of {balance} earns exactly {balance * rate / 12} this month; the core banking "
            f"system's banker's rounding credits {expected}, but {got} was credited, so the statement "
            "and the ledger disagree by a cent"
        )
