from course.practice import witness_kit


class Ref(witness_kit.CountingStr):
    """A payment reference that counts equality comparisons."""


def _comparisons(impl, n: int) -> int:
    entries = [impl.LedgerEntry(Ref(f"PO-{i:06d}"), 1000 + i) for i in range(n)]
    # The bank lists by booking date: the reverse of the ledger. Entry 0 never arrived; one line is foreign.
    lines = [impl.StatementLine(Ref(f"PO-{i:06d}"), 1000 + i, "2026-03-02") for i in reversed(range(1, n))]
    lines.append(impl.StatementLine(Ref("CHARGEBACK-77"), -500, "2026-03-02"))
    Ref.comparisons = 0
    result = impl.reconcile(entries, lines)
    assert len(result.matched) == n - 1, f"{len(result.matched)} matched, expected {n - 1}"
    assert [e.reference for e in result.missing_at_bank] == ["PO-000000"], "PO-000000 is missing at the bank"
    assert [l.reference for l in result.unexpected_at_bank] == ["CHARGEBACK-77"], "the chargeback is unexpected"
    assert all(e.reference == l.reference for e, l in result.matched), "a pair has different references"
    return Ref.comparisons


def test_matching_work_grows_linearly(impl) -> None:
    witness_kit.assert_scales(lambda n: _comparisons(impl, n), (40, 80), at_most=3, message=(
        "reconciling 40 payouts took {small:,} reference comparisons and 80 took {large:,}: every entry "
        "scans the whole statement, so a day with 50,000 payouts needs over a billion comparisons"
    ))
