from datetime import timedelta

from course.practice import witness_kit


def test_the_test_catches_slots_that_ignore_meetings(impl) -> None:
    assert witness_kit.passes(impl.test_free_slots), "the assistant's test fails on the correct free_slots"

    def ignores_busy(opens, closes, busy, length=timedelta(minutes=30)):
        slots, start = [], opens
        while start + length <= closes:
            slots.append(start)
            start += length
        return slots

    impl.free_slots = ignores_busy
    assert not witness_kit.passes(impl.test_free_slots), (
        "the assistant's test still passed on a version that ignores the 10:00-11:00 meeting and offers "
        "10:00 and 10:30 as free: it checks that some slots come back, the first at opening time, "
        "never which ones"
    )
