from course.practice import witness_kit


def _cached_after(impl, distinct_words):
    impl.normalise_token.cache_clear()
    text = " ".join(f"order{chr(97 + i % 26)}{i}x{'q' * (i % 7)}" for i in range(distinct_words))
    impl.featurise(text)
    return impl.normalise_token.cache_info().currsize


def test_token_cache_stays_bounded(impl) -> None:
    assert impl.featurise("Café2 café CAFE") == {"cafe": 3}, "normalisation changed"
    witness_kit.assert_grows_less_than(lambda n: _cached_after(impl, n), (1000, 2000), factor=1.5, message=(
        "tickets with 1,000 distinct words left {small:,} cache entries and 2,000 left {large:,}: every "
        "word ever seen (ticket numbers, pasted logs, typos) stays in memory for the life of the scoring job"
    ))
