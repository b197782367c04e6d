"""The learner's personal pattern catalog: a CSV in their home folder (the field report's third practice).

No-op under NBGRADER_EXECUTION so grading never writes into anyone's home.
"""
from __future__ import annotations

import csv
from datetime import date
import os
from pathlib import Path

import pandas as pd

from course.taxonomy import BY_ID, nearest

FIELDS = ["added", "module", "pattern", "category", "how_to_spot", "example"]


def catalog_path() -> Path:
    return Path(os.environ.get("COURSE_CATALOG", Path.home() / ".review-ai-code" / "catalog.csv"))


def add(pattern: str, category: str, how_to_spot: str, example: str = "", module: str = "") -> Path | None:
    """Append one pattern in your own words. Returns the catalog's path (None when grading)."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return None
    if category not in BY_ID:
        raise ValueError(f"unknown category {category!r}; did you mean {nearest(category)!r}?")
    if not pattern.strip() or not how_to_spot.strip():
        raise ValueError("write the pattern and how to spot it in your own words")
    path = catalog_path()
    existing = load()
    same = (existing["pattern"] == pattern.strip()) & (existing["category"] == category) & (
        existing["how_to_spot"] == how_to_spot.strip())
    if bool(same.any()):    # re-running a cell must not add the same entry twice
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        if new:
            writer.writeheader()
        writer.writerow({"added": date.today().isoformat(), "module": module or Path.cwd().name,
                         "pattern": pattern.strip(), "category": category,
                         "how_to_spot": how_to_spot.strip(), "example": example.strip()})
    return path


class CatalogError(ValueError):
    """The catalog file exists but cannot be read as the course's CSV. Nothing is written over it."""


def load() -> pd.DataFrame:
    """The whole catalog as a table (empty, with the right columns, if nothing was added yet).

    A file that was hand-edited into something unreadable raises CatalogError naming the file, so the
    learner can repair it; the course never rewrites or truncates it."""
    path = catalog_path()
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame(columns=FIELDS)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CatalogError(f"your catalog {path} cannot be read ({str(exc).strip()}); fix or move that file, "
                           "nothing in it was changed") from exc
    if list(table.columns) != FIELDS:
        raise CatalogError(f"your catalog {path} has the columns {list(table.columns)}, not {FIELDS}; "
                           "fix its first line or move the file, nothing in it was changed")
    return table
