from course.practice import witness_kit


class Source:
    """Rows from a database cursor; records how many have been pulled."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.pulled = 0

    def __iter__(self):
        for i in range(self.n):
            self.pulled += 1
            yield {"tenure_days": float(i), "spend_30d": float(i % 7)}


def _held_for_first_batch(impl, n: int) -> int:
    source = Source(n)
    batches = impl.score_batches(source, lambda batch: [r["spend_30d"] / 10 for r in batch], batch_size=50)
    first = next(batches)
    held = source.pulled
    assert first[:3] == [0.0, 0.1, 0.2] and len(first) == 50, f"first batch wrong: {first[:3]} ({len(first)} scores)"
    rest = list(batches)
    assert sum(len(b) for b in rest) == n - 50, "not every row was scored"
    return held


def test_first_batch_needs_only_one_batch_of_rows(impl) -> None:
    witness_kit.assert_scales(lambda n: _held_for_first_batch(impl, n), (2000, 4000), at_most=1, message=(
        "to hand out the first 50 scores the scorer had pulled {small:,} rows from a 2,000-row table and "
        "{large:,} from a 4,000-row one: it loads the whole table before scoring anything"
    ))
