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
        logs = {500: Path(tmp) / "short.log", 1000: Path(tmp) / "long.log"}
        for n_lines, log in logs.items():
            _write_log(log, n_lines)
        witness_kit.assert_grows_less_than(lambda n: _peak_bytes(impl, logs[n], n), (500, 1000), factor=1.3, message=(
            "printing the last 5 lines of a 1,000-line log needed about twice the memory of a 500-line one: "
            "the whole file is held in memory, so a multi-gigabyte production log gets the command killed"
        ))
