from decimal import ROUND_HALF_UP, Decimal


def _ledger_fee(amount: str) -> int:
    """What the ledger books: 2.9% of the cents, half up, plus 30."""
    cents = Decimal(amount) * 100
    return int((cents * Decimal("0.029")).quantize(Decimal("1"), rounding=ROUND_HALF_UP)) + 30


def test_fee_matches_the_house_money_rules(impl) -> None:
    assert impl.platform_fee_cents("12.50") == 66 and impl.platform_fee_cents("24.99") == 102, "happy path broken"
    prices = [f"{c // 100}.{c % 100:02d}" for c in range(100, 10_000, 50)]
    wrong = [p for p in prices if impl.platform_fee_cents(p) != _ledger_fee(p)]
    assert not wrong, (
        f"a {wrong[0]} charge shows a fee of {impl.platform_fee_cents(wrong[0])} cents but the ledger books "
        f"{_ledger_fee(wrong[0])}; {len(wrong)} of {len(prices)} round prices disagree by a cent"
    )
