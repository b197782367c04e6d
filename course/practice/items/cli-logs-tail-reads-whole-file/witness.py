import tempfile
from pathlib import Path

from course.practice import witness_kit


def _write_log(path: Path, n_lines: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n_lines):
            f.write(f"2026-03-02T10:{i // 60 % 60:02d}:{i % 60:02d}Z INFO request {i:07d} served in 12 ms\n")


def _peak_bytes(impl, log: Path, n_lines: int) -> int:
    last, peak = witness_kit.peak_memory(lambda: impl.tail(log, 5))
    assert len(last) == 5 and last[-1].endswith(f"request {n_lines - 1:07d} served in 12 ms"), f"wrong lines: {last[-2:]}"
    assert not last[-1].endswith("\n"), "lines should come without their line ending"
    return peak


def test_tail_memory_does_not_grow_with_the_file(impl) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        short_log, long_log = Path(tmp) / "short.log", Path(tmp) / "long.log"
        _write_log(short_log, 500)
        _write_log(long_log, 1000)
        small = _peak_bytes(impl, short_log, 500)
        large = _peak_bytes(impl, long_log, 1000)
    assert large < 1.3 * small, (
        "printing the last 5 lines of a 1,000-line log needed about twice the memory of a 500-line one: "
        "the whole file is held in memory, so a multi-gigabyte production log gets the command killed"
    )
