"""The learner's personal pattern catalog: a CSV beside their course copy (the field report's third practice).

Where: `modules/my-catalog/catalog.csv` in the learner's own clone (course.paths.LEARNER_DIR), so each clone
keeps its own catalog and JupyterLab, which serves modules/, can open it; COURSE_CATALOG moves it. A clone the
learner cannot write to (a shared one on a hub) keeps it in `~/my-catalog/` instead.
No-op under NBGRADER_EXECUTION so grading never writes into anyone's folders.
"""
from __future__ import annotations

import csv
from datetime import date
import os
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from course.paths import LEARNER_DIR
from course.taxonomy import BY_ID, nearest

FIELDS = ["added", "module", "pattern", "category", "how_to_spot", "example"]


CATALOG_ENV = "COURSE_CATALOG"
# The grade id of a module's catalog cell: its starter entry is the learner's to edit, so it is the one cell
# of a source notebook that is neither an answer nor locked (nbgrader neither locks nor restores it).
STARTER_CELL = "catalog"


def catalog_path() -> Path:
    """COURSE_CATALOG, or catalog.csv in the learner's folder of this clone (in the home folder if the clone is
    not writable)."""
    override = os.environ.get(CATALOG_ENV)
    if override:
        return Path(override)
    existing = next(p for p in (LEARNER_DIR, *LEARNER_DIR.parents) if p.exists())
    folder = LEARNER_DIR if os.access(existing, os.W_OK) else Path.home() / LEARNER_DIR.name
    return folder / "catalog.csv"


class Added(NamedTuple):
    """What `add` did: the catalog's path, and whether the entry was new (False: it was already there)."""
    path: Path
    added: bool


def add(pattern: str, category: str, how_to_spot: str, example: str = "", module: str = "") -> Added | None:
    """Append one pattern in your own words; an entry already there is not added again. None when grading."""
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
        return Added(path, False)
    _append(path, [{"added": date.today().isoformat(), "module": module or Path.cwd().name,
                    "pattern": pattern.strip(), "category": category,
                    "how_to_spot": how_to_spot.strip(), "example": example.strip()}])
    return Added(path, True)


def _same_entry(row: dict) -> tuple[str, str, str]:
    """What makes two entries the same one (the date and module it was added in do not)."""
    return row["pattern"].strip(), row["category"], row["how_to_spot"].strip()


def _append(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        if new:
            writer.writeheader()
        writer.writerows(rows)


# ---------------------------------------------------------------- the catalog's old place, imported once

OLD_CATALOG = Path(".review-ai-code") / "catalog.csv"   # under the home folder: one per OS user, before one per clone
IMPORTED_MARK = ".imported-old-catalog"                 # beside the catalog: the old one was imported into it


def old_catalog_path() -> Path:
    return Path.home() / OLD_CATALOG


def import_old() -> str | None:
    """Once per catalog, the entries of the old per-user catalog (~/.review-ai-code/catalog.csv) that this one
    lacks are appended to it; the old file is read, never changed or deleted. Returns the one-line message to
    show, or None when there was nothing to do (no old file, imported already, grading)."""
    old, path = old_catalog_path(), catalog_path()
    mark = path.with_name(IMPORTED_MARK)
    if os.environ.get("NBGRADER_EXECUTION") or not old.is_file() or mark.exists() or _same_file(old, path):
        return None
    try:
        rows = _read(old)
        have = {_same_entry(r) for r in load().to_dict("records")}
    except CatalogError as exc:
        return f"Your old catalog was not imported: {exc}"
    fresh, seen = [], set(have)
    for row in rows:
        if _same_entry(row) not in seen:
            seen.add(_same_entry(row))
            fresh.append(row)
    try:
        if fresh:
            _append(path, fresh)
        mark.write_text(f"{old}\n", encoding="utf-8")
    except OSError as exc:      # the setup cell goes on: the old file is still there for the next try
        return f"Your old catalog {old} was not imported: {exc}"
    return (f"Imported {len(fresh)} pattern(s) from your old catalog {old} into {path} (the old file is left as "
            "it was)." if fresh else None)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and a.samefile(b)
    except OSError:
        return False


class CatalogError(ValueError):
    """The catalog file exists but cannot be read as the course's CSV. Nothing is written over it."""


def load() -> pd.DataFrame:
    """The whole catalog as a table (empty, with the right columns, if nothing was added yet).

    A file that was hand-edited into something unreadable raises CatalogError naming the file, so the
    learner can repair it; the course never rewrites or truncates it."""
    path = catalog_path()
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame(columns=FIELDS)
    return pd.DataFrame(_read(path), columns=FIELDS)


def _read(path: Path) -> list[dict]:
    """The rows of a catalog file; CatalogError if it is not the course's CSV (the file is never changed)."""
    if path.stat().st_size == 0:
        return []
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CatalogError(f"your catalog {path} cannot be read ({str(exc).strip()}); fix or move that file, "
                           "nothing in it was changed") from exc
    if list(table.columns) != FIELDS:
        raise CatalogError(f"your catalog {path} has the columns {list(table.columns)}, not {FIELDS}; "
                           "fix its first line or move the file, nothing in it was changed")
    return table.to_dict("records")
