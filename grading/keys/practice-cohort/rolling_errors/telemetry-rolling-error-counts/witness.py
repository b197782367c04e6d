from collections.abc import Callable


class Stamp(float):
    """A timestamp that counts the ordering comparisons made with it (either side of <, <=, >, >=)."""

    comparisons = 0


def _counting(name: str) -> Callable[[float, object], bool]:
    """float's comparison `name`, counted in Stamp.comparisons."""
    compare = getattr(float, name)

    def counted(self, other):
        Stamp.comparisons += 1
        return compare(self, other)
    return counted


for _name in ("__lt__", "__le__", "__gt__", "__ge__"):
    setattr(Stamp, _name, _counting(_name))


def test_counting_the_windows_grows_with_the_log_not_its_square(impl) -> None:
    few = [impl.Sample(Stamp(t), status) for t, status in ((0, 200), (10, 500), (200, 503), (320, 200), (600, 500))]
    counts = [count for _, count in impl.rolling_errors(few, 300)]
    assert counts == [0, 1, 2, 1, 1], f"5xx answers in each five-minute window: {counts}"

    def comparisons(n: int) -> int:
        log = [impl.Sample(Stamp(1_000 + i), 503 if i % 3 == 0 else 200) for i in range(n)]  # a bad minute
        Stamp.comparisons = 0
        impl.rolling_errors(log, 300)
        return Stamp.comparisons

    small, large = comparisons(150), comparisons(300)   # linear work (with slack) at most triples; square: 4x
    assert large <= 3 * small, (
        f"the panel compared timestamps {small:,} times for 150 requests and {large:,} times for 300: doubling "
        "the log quadruples the work, so an outage's log stalls the panel")
