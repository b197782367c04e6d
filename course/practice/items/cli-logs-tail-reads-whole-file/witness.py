import tempfile
import tracemalloc
from pathlib import Path


def _peak_bytes(impl, n_lines: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "api.log"
        with log.open("w", encoding="utf-8") as f:
            for i in range(n_lines):
                f.write(f"2026-03-02T10:{i // 60 % 60:02d}:{i % 60:02d}Z INFO request {i:07d} served in 12 ms\n")
        started = not tracemalloc.is_tracing()
        if started:
            tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            last = impl.tail(log, 5)
            peak = tracemalloc.get_traced_memory()[1] - base
        finally:
            if started:
                tracemalloc.stop()
    assert len(last) == 5 and last[-1].endswith(f"request {n_lines - 1:07d} served in 12 ms"), f"wrong lines: {last[-2:]}"
    assert not last[-1].endswith("\n"), "lines should come without their line ending"
    return peak


def test_tail_memory_does_not_grow_with_the_file(impl) -> None:
    small = _peak_bytes(impl, 1500)
    large = _peak_bytes(impl, 3000)
    assert large < 1.3 * small, (
        "printing the last 5 lines of a 3,000-line log needed about twice the memory of a 1,500-line one: "
        "the whole file is held in memory, so a multi-gigabyte production log gets the command killed"
    )
