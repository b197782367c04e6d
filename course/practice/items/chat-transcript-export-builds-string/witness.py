import sqlite3

from course.practice import witness_kit


class Sink:
    """An output file that keeps only what the check needs: the first line and the line count."""

    def __init__(self) -> None:
        self.first = None
        self.lines = 0

    def write(self, text: str) -> int:
        if self.first is None and text:
            self.first = text.split("\n", 1)[0]
        self.lines += text.count("\n")
        return len(text)


def _peak(impl, n_messages: int) -> int:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, display_name TEXT);"
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, room_id INTEGER, author_id INTEGER, sent_at TEXT, body TEXT);"
        "INSERT INTO users VALUES (1, 'Ada'), (2, 'Grace');"
    )
    conn.executemany(
        "INSERT INTO messages (room_id, author_id, sent_at, body) VALUES (?, ?, ?, ?)",
        [(7, 1 + i % 2, f"2026-01-01T00:{i % 60:02d}", f"message number {i} with\nsome text") for i in range(n_messages)],
    )
    sink = Sink()
    written, peak = witness_kit.peak_memory(lambda: impl.export_transcript(conn, 7, sink))
    assert written == n_messages and sink.lines == n_messages, f"{written} written, {sink.lines} lines, expected {n_messages}"
    assert sink.first == "[2026-01-01T00:00] Ada: message number 0 with some text", f"first line is {sink.first!r}"
    return peak


def test_export_memory_does_not_grow_with_history(impl) -> None:
    witness_kit.assert_grows_less_than(lambda n: _peak(impl, n), (150, 300), factor=1.3, message=(
        "exporting 300 messages needed about twice the memory of exporting 150: the whole transcript is "
        "held in memory before anything is written, so a years-old room cannot be exported at all"
    ))
