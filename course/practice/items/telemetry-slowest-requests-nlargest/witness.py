import tempfile
import tracemalloc
from pathlib import Path


def _peak(impl, n_lines: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "access.jsonl"
        with log.open("w", encoding="utf-8") as f:
            for i in range(n_lines):
                f.write(f'{{"route": "/api/items/{i % 40}", "status": 200, "duration_ms": {(i * 37) % 1000}}}\n')
            f.write("not json: log rotated\n")
        started = not tracemalloc.is_tracing()
        if started:
            tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            top = impl.slowest(log, 3)
            peak = tracemalloc.get_traced_memory()[1] - base
        finally:
            if started:
                tracemalloc.stop()
    expected = sorted(((i * 37) % 1000 for i in range(n_lines)), reverse=True)[:3]
    assert [r.duration_ms for r in top] == expected, f"wrong top 3: {[r.duration_ms for r in top]}"
    return peak


def test_report_memory_does_not_grow_with_the_log(impl) -> None:
    small = _peak(impl, 200)
    large = _peak(impl, 400)
    assert large < 1.3 * small, (
        "ranking a 400-line log needed much more memory than a 200-line one: every request is kept "
        "in memory to be sorted, so a day's multi-gigabyte log cannot be ranked"
    )
