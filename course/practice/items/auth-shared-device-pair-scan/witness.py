from course.practice import witness_kit


class Fingerprint(witness_kit.CountingStr):
    """A device fingerprint that counts equality comparisons."""


def _comparisons(impl, n: int) -> int:
    signups = []
    for i in range(n):
        device = f"fp-{(i // 2) % (n // 8):04d}" if i % 2 == 0 else f"fp-solo-{i:05d}"  # half come from shared devices
        signups.append(impl.Signup(f"acct-{i:05d}", Fingerprint(device), "2026-03-03"))
    Fingerprint.comparisons = 0
    groups = impl.shared_device_groups(signups, min_accounts=3)
    count = Fingerprint.comparisons
    step = 2 * (n // 8)
    assert groups[0] == [f"acct-{k * step:05d}" for k in range(4)], f"first group wrong: {groups[0]}"
    assert len(groups) == n // 8 and all(len(g) == 4 for g in groups), f"expected {n // 8} devices, got {len(groups)} groups"
    return count


def test_grouping_work_grows_linearly(impl) -> None:
    witness_kit.assert_scales(lambda n: _comparisons(impl, n), (80, 160), at_most=3, message=(
        "grouping 80 sign-ups took {small:,} fingerprint comparisons and 160 took {large:,}: every sign-up "
        "is compared with every later one, so a busy day's fraud job never finishes"
    ))
