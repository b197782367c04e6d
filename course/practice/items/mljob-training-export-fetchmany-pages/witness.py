import sqlite3

from course.practice import witness_kit


class Sink:
    """An output file that notes, at every line written, how many fetched rows are still waiting."""

    def __init__(self, fetched: witness_kit.RowCount) -> None:
        self.fetched = fetched
        self.lines = []
        self.most_waiting = 0

    def write(self, text: str) -> int:
        data_lines_before = max(len(self.lines) - 1, 0)
        self.most_waiting = max(self.most_waiting, self.fetched.rows - data_lines_before)
        self.lines.append(text)
        return len(text)


def _held(impl, n: int) -> int:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE training_examples (user_id INTEGER, tenure_days REAL, spend_30d REAL, label INTEGER)")
    conn.executemany("INSERT INTO training_examples VALUES (?, ?, ?, ?)",
                     [(i, i * 1.5, i % 9, None if i % 10 == 0 else i % 2) for i in range(n)])
    fetched = witness_kit.count_fetched_rows(conn)
    sink = Sink(fetched)
    written = impl.export_training_csv(conn, sink, page_size=25)
    expected = n - n // 10
    assert written == expected and len(sink.lines) == expected + 1, f"{written} rows written, expected {expected}"
    assert sink.lines[0] == "user_id,tenure_days,spend_30d,label\n" and sink.lines[1] == "1,1.5,1.0,1\n", (
        f"unexpected CSV start: {sink.lines[:2]}")
    return sink.most_waiting


def test_export_holds_at_most_one_page(impl) -> None:
    witness_kit.assert_scales(lambda n: _held(impl, n), (200, 400), at_most=1, message=(
        "exporting 180 examples held up to {small:,} fetched rows in memory at once and 360 examples held "
        "{large:,}: the whole table is loaded before the first line is written"
    ))
