"""Export the labelled training examples to CSV for the offline trainer."""
from __future__ import annotations

import csv
import sqlite3
from typing import TextIO


def export_training_csv(conn: sqlite3.Connection, out: TextIO, page_size: int = 5000) -> int:
    """Write every labelled example as CSV, header first, ordered by user; return the rows written."""
    cur = conn.execute(
        "SELECT user_id, tenure_days, spend_30d, label FROM training_examples"
        " WHERE label IS NOT NULL ORDER BY user_id"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column[0] for column in cur.description])
    written = 0
    while rows := cur.fetchmany(page_size):
        writer.writerows(rows)
        written += len(rows)
    return written
