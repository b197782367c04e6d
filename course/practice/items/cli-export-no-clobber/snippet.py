"""`report export --out FILE`: write the report without overwriting someone else's file."""
from __future__ import annotations

from pathlib import Path


class OutputExists(Exception):
    """The output file is already there (exit status 3, message on stderr)."""


def write_report(out: Path, text: str, force: bool = False) -> None:
    """Write `text` to `out`; unless `force`, refuse when the file already exists."""
    if force:
        out.write_text(text, encoding="utf-8")
        return
    if out.exists():
        raise OutputExists(f"{out} already exists; pass --force to overwrite it")
    try:
        with open(out, "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        raise OutputExists(f"{out} already exists; pass --force to overwrite it") from None


def default_out(report: str, directory: Path) -> Path:
    """reports/<name>.csv unless told otherwise."""
    return directory / f"{report}.csv"
