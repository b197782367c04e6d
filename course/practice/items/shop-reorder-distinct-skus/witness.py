from course.practice import witness_kit


class Sku(witness_kit.CountingStr):
    """A SKU string that counts how often it is compared for equality."""


def _comparisons(impl, n_skus: int) -> int:
    lines = []
    for i in range(n_skus):
        lines.append(impl.PastLine(1000 - i, Sku(f"SKU-{i:05d}"), 1))
        if i % 4 == 0:
            lines.append(impl.PastLine(1000 - i, Sku(f"SKU-{i // 2:05d}"), 2))  # bought again later
    Sku.comparisons = 0
    result = impl.reorder_skus(lines, exclude=["SKU-00003"])
    assert len(result) == n_skus - 1 and result[:3] == ["SKU-00000", "SKU-00001", "SKU-00002"], f"wrong SKUs {result[:4]}"
    return Sku.comparisons


def test_dedupe_work_grows_linearly(impl) -> None:
    witness_kit.assert_scales(lambda n: _comparisons(impl, n), (40, 80), at_most=3, message=(
        "{small:,} SKU comparisons for 40 SKUs but {large:,} for 80: doubling the order history "
        "quadruples the work, so a customer with 20,000 past lines costs about 200 million comparisons"
    ))
