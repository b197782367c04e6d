def _cached_after(impl, distinct_words):
    impl.normalise_token.cache_clear()
    text = " ".join(f"order{chr(97 + i % 26)}{i}x{'q' * (i % 7)}" for i in range(distinct_words))
    impl.featurise(text)
    return impl.normalise_token.cache_info().currsize


def test_token_cache_stays_bounded(impl) -> None:
    assert impl.featurise("Café2 café CAFE") == {"cafe": 3}, "normalisation changed"
    held_n = _cached_after(impl, 1_000)
    held_2n = _cached_after(impl, 2_000)
    assert held_2n < 1.5 * held_n, (
        f"tickets with 1,000 distinct words left {held_n:,} cache entries and 2,000 left {held_2n:,}: every "
        "word ever seen (ticket numbers, pasted logs, typos) stays in memory for the life of the scoring job"
    )
