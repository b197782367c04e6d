import random


def test_sampling_leaves_everyone_elses_random_numbers_alone(impl) -> None:
    saved = random.getstate()
    try:
        random.seed(2026)  # the process-wide generator, as the rest of the collector uses it
        impl.keep_event("evt-5c1", 0.01)
        first = random.random()         # e.g. the upload retry's jitter, drawn right after
        impl.keep_event("evt-5c1", 0.01)
        second = random.random()
    finally:
        random.setstate(saved)
    assert first != second, (
        f"code elsewhere in the collector drew a random number after each sampling decision and got "
        f"{first:.6f} both times: sampling reseeds the process-wide generator, so every 'random' retry "
        "jitter, shuffle and id after it follows the same sequence")
