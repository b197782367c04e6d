from course.practice import witness_kit


def _unsorted(ranges):
    merged = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _touching_kept_apart(ranges):
    merged = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _contained_cuts_end(ranges):
    merged = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _sorts_in_place(ranges):
    ranges.sort()
    return _merge_sorted(ranges)


def _merge_sorted(ranges):
    merged = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


BROKEN = {
    "does not sort its input first": _unsorted,
    "keeps touching blocks (9:00-10:00, 10:00-11:00) apart": _touching_kept_apart,
    "cuts a block short when a shorter one lies inside it": _contained_cuts_end,
    "sorts the caller's list in place": _sorts_in_place,
}


def test_one_case_pins_the_contract(impl) -> None:
    assert witness_kit.passes(impl.test_merge_busy), "the assistant's test fails on the correct merge_busy"
    what = witness_kit.first_survivor(impl, "test_merge_busy", "merge_busy", BROKEN)
    assert what is None, f"the assistant's test still passed on a version that {what}"
