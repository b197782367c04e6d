"""Finance export: write a ledger extract as CSV into the reports folder."""
from __future__ import annotations

import csv
import os
from collections.abc import Iterable


def report_path(reports_dir: str, name: str) -> str:
    """The file a report called ``name`` is written to.

    ``name`` comes from the export form and may contain sub-folders
    ("2026/may"). The real path is resolved first (symlinks and ".." included)
    and must lie inside the reports folder.
    """
    base = os.path.realpath(reports_dir)
    target = os.path.realpath(os.path.join(base, name + ".csv"))
    if not target.startswith(base):
        raise ValueError(f"report name {name!r} leaves the reports folder")
    return target


def export_ledger(reports_dir: str, name: str, rows: Iterable[tuple[str, str, int]]) -> str:
    """Write (date, account, amount in cents) rows as CSV; return the file written."""
    target = report_path(reports_dir, name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["date", "account", "amount"])
        for day, account, cents in rows:
            writer.writerow([day, account, f"{cents / 100:.2f}"])
    return target
