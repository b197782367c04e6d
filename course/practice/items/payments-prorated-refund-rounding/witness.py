from decimal import Decimal


def test_half_a_cent_rounds_up(impl) -> None:
    refund = impl.prorated_refund(Decimal("10.25"), 15, 30)
    assert refund == Decimal("5.13"), (
        f"half of 10.25 is 5.125; finance rounds halves up to 5.13, but the refund came out as {refund} "
        "(round() on a Decimal rounds halves to the even cent)"
    )
