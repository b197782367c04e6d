"""CSV export of a list for the editors: every active subscriber who can receive mail.

Lists reach a few hundred thousand subscribers, so rows are written as SQLite returns them. The file
is opened in spreadsheets: a cell that starts like a formula is written so that it stays text.
"""
from __future__ import annotations

import csv
import sqlite3
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """The value as spreadsheet-safe text: a leading ' keeps a formula-looking value as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_csv(conn: sqlite3.Connection, list_id: int, out: TextIO) -> int:
    """Write the list's mailable subscribers (email, name, joined) to `out` as CSV; the number of rows."""
    writer = csv.writer(out)
    writer.writerow(["email", "name", "joined"])
    rows = conn.execute(
        "SELECT s.email, s.name, s.created_at FROM subscribers AS s "
        "LEFT JOIN suppressions AS p ON p.email = s.email "
        "WHERE s.list_id = ? AND s.status = 'active' AND p.email IS NULL ORDER BY s.id", (list_id,))
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count
