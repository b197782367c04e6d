from course.practice import witness_kit


class Shard(witness_kit.CopyCountingList):
    """The rows of one shard; counts the references copied when a list is concatenated with it."""


def _copied(impl, n_shards: int) -> int:
    def read_shard(path: str) -> list:
        k = int(path.rsplit("-", 1)[1].split(".")[0])
        return Shard({"x": float(k), "label": None if j == 0 else 1.0} for j in range(20))

    paths = [f"s3://features/train/part-{k:05d}.jsonl" for k in range(n_shards)]
    Shard.copied = 0
    rows = impl.load_training_rows(paths, read_shard)
    assert len(rows) == 19 * n_shards, f"{len(rows)} rows, expected {19 * n_shards}"
    assert rows[0]["x"] == 0.0 and rows[-1]["x"] == float(n_shards - 1), "rows are not in shard order"
    return Shard.copied


def test_concatenating_shards_copies_each_row_once(impl) -> None:
    witness_kit.assert_scales(lambda n: _copied(impl, n), (50, 100), at_most=3, message=(
        "joining 50 shards copied {small:,} row references and 100 shards copied {large:,}: each shard "
        "re-copies everything before it, so a 2,000-shard training set spends its start-up copying lists"
    ))
