from course.practice import witness_kit


def test_the_test_catches_a_line_total_without_the_discount(impl) -> None:
    assert witness_kit.passes(impl.test_line_total), "the assistant's test fails on the correct line_total"

    def no_discount(unit_price, qty, discount_pct=0):
        return unit_price * qty

    impl.line_total = no_discount
    assert not witness_kit.passes(impl.test_line_total), (
        "the assistant's test still passed on a version that ignores the discount completely "
        "(999 x 3 at 10% off came out as 2997): the table is evaluated, but nothing asserts it"
    )
