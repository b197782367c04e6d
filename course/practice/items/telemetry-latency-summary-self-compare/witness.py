from course.practice import witness_kit


def test_the_test_catches_a_wrong_percentile(impl) -> None:
    assert witness_kit.passes(impl.test_summarize), "the assistant's test fails on the correct summarize"
    real = impl.summarize

    def median_as_p95(latencies_ms):
        summary = real(latencies_ms)
        ordered = sorted(latencies_ms)
        summary["p95"] = ordered[len(ordered) // 2]
        return summary

    impl.summarize = median_as_p95
    assert not witness_kit.passes(impl.test_summarize), (
        "the assistant's test still passed on a version that reports the median as the p95 "
        "(101.1 ms instead of 1250.0 ms for its own samples): it only compares summarize() with itself"
    )
