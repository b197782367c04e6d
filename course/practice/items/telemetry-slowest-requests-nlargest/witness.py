import tempfile
from pathlib import Path

from course.practice import witness_kit


def _write_log(path: Path, n_lines: int) -> None:
    padding = "category:tools," * 60  # long query strings, as real search URLs have
    with path.open("w", encoding="utf-8") as f:
        for i in range(n_lines):
            f.write(f'{{"route": "/api/search?q={i % 40}&filters={padding}", "status": 200, "duration_ms": {(i * 37) % 1000}}}\n')
        f.write("not json: log rotated\n")


def _peak(impl, log: Path, n_lines: int) -> int:
    top, peak = witness_kit.peak_memory(lambda: impl.slowest(log, 3))
    expected = sorted(((i * 37) % 1000 for i in range(n_lines)), reverse=True)[:3]
    assert [r.duration_ms for r in top] == expected, f"wrong top 3: {[r.duration_ms for r in top]}"
    return peak


def test_report_memory_does_not_grow_with_the_log(impl) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        logs = {60: Path(tmp) / "short.jsonl", 120: Path(tmp) / "long.jsonl"}
        for n_lines, log in logs.items():
            _write_log(log, n_lines)
        witness_kit.assert_grows_less_than(lambda n: _peak(impl, logs[n], n), (60, 120), factor=1.3, message=(
            "ranking a 120-line log needed much more memory than a 60-line one: every request is kept "
            "in memory to be sorted, so a day's multi-gigabyte log cannot be ranked"
        ))
