from decimal import ROUND_DOWN, Decimal

from course.practice import witness_kit


def test_the_test_catches_a_fee_that_rounds_down(impl) -> None:
    assert witness_kit.passes(impl.test_net_payout), "the assistant's test fails on the correct code"

    def fee_rounded_down(amount):
        return int((Decimal(amount) * Decimal("0.029")).quantize(Decimal(1), rounding=ROUND_DOWN)) + 30

    impl.processing_fee = fee_rounded_down
    assert impl.net_payout(2550) == 2447
    assert not witness_kit.passes(impl.test_net_payout), (
        "the assistant's test still passed on a version whose fee rounds down (a 25.50 charge pays out "
        "24.47 instead of 24.46): its expected value is computed with processing_fee itself"
    )
