"""Small practice items built in tests (not the bank's, which authors keep changing), and a fake clock.

A flawed item has flaws on lines 7 (tolerance 6-8) and, optionally, 14; a flaw-free item looks wrong on line 7.
`make_item` writes witness_output.json to a folder when given one, so the judge's feedback can be checked.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
import json
from pathlib import Path

from course.practice.bank import OUTPUT_FILE, Flaw, Item

SNIPPET = "\n".join(f"line_{n} = {n}" for n in range(1, 21)) + "\n"
WITNESS = (
    "def test_first(impl) -> None:\n    assert impl.line_7 == 0, 'line 7 is not 0'\n\n\n"
    "def test_second(impl) -> None:\n    assert impl.line_14 == 0, 'line 14 is not 0'\n"
)
START = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 0, *, minutes: float = 0, days: float = 0) -> None:
        self.now += timedelta(seconds=seconds, minutes=minutes, days=days)


def make_item(item_id: str, category: str, *, flaw_free: bool = False, second: str | None = None,
              folder: Path | None = None) -> Item:
    """A flawed item (one flaw, or two with `second`) or a flaw-free one that looks like `category`."""
    first = Flaw((7, 7), (6, 8), (category,), 2, f"line 7 is a {category}", "test_first")
    flaws: tuple[Flaw, ...] = ()
    approve = None
    if flaw_free:
        approve = first
    else:
        flaws = (first,) if second is None else (first, Flaw((14, 15), None, (second,), 4, "lines 14-15", "test_second"))
    outputs = {f.witness: ({"snippet": "passed", "other": f"{f.witness} fails on the mutant"} if flaw_free
                           else {"snippet": f"{f.witness} fails on the snippet", "other": "passed"})
               for f in (flaws or (approve,))}
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / OUTPUT_FILE).write_text(json.dumps(outputs), encoding="utf-8")
    return Item(id=item_id, folder=folder or Path("/nonexistent"), codebase=item_id.split("-")[0],
                request=f"request for {item_id}", difficulty=1, flaw_free=flaw_free, flaws=flaws, approve=approve,
                fix=(), mutant=(), snippet=SNIPPET, witness_source=WITNESS)


def items_in(categories: dict[str, int], *, flaw_free_every: int = 0) -> list[Item]:
    """`n` items per category (`shop-<category>-<i>`); every `flaw_free_every`-th one flaw-free."""
    return [make_item(f"shop-{category}-{i}", category,
                      flaw_free=bool(flaw_free_every) and i % flaw_free_every == flaw_free_every - 1)
            for category, n in categories.items() for i in range(n)]
