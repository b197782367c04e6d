from course.practice import witness_kit


class Ts(float):
    """A timestamp that counts how often it is subtracted from."""

    subtractions = 0

    def __sub__(self, other):
        Ts.subtractions += 1
        return float(self) - float(other)


def _subtractions(impl, n: int) -> int:
    log = []
    for i in range(n):
        log.append(("u-steady", Ts(10.0 * i)))          # one message every 10 s: 7 per minute, fine
        if i % 50 == 0:
            log.extend(("u-burst", Ts(10.0 * i + k)) for k in range(12))  # 12 in 12 s: a burst
    Ts.subtractions = 0
    flagged = impl.burst_senders(log, limit=10, window=60.0)
    count = Ts.subtractions
    assert flagged == {"u-burst"}, f"expected only u-burst to be flagged, got {sorted(flagged)}"
    return count


def test_window_work_grows_linearly(impl) -> None:
    witness_kit.assert_scales(lambda n: _subtractions(impl, n), (60, 120), at_most=3, message=(
        "scanning a log with 60 messages of one user took {small:,} time comparisons and 120 took "
        "{large:,}: every message rescans the user's history from the start of the day"
    ))
