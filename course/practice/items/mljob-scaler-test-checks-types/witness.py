from course.practice import witness_kit


def test_the_test_catches_a_scaler_that_divides_by_the_max(impl) -> None:
    assert witness_kit.passes(impl.test_min_max_scale), "the assistant's test fails on the correct scaler"

    def divide_by_max(column):
        top = max(column, default=1.0)
        return [value / top for value in column]

    impl.min_max_scale = divide_by_max
    assert not witness_kit.passes(impl.test_min_max_scale), (
        "the assistant's test still passed on a version that only divides by the maximum "
        "([3.0, 7.5, 12.0, 5.0] became [0.25, 0.625, 1.0, 0.417], so the minimum is not 0.0): "
        "it checks the result's type and length, never a value"
    )
