"""Daily reconciliation: match ledger entries against the bank's statement lines."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LedgerEntry:
    reference: str
    amount_cents: int


@dataclass(frozen=True)
class StatementLine:
    reference: str
    amount_cents: int
    booked_on: str


@dataclass
class Reconciliation:
    matched: list[tuple[LedgerEntry, StatementLine]] = field(default_factory=list)
    missing_at_bank: list[LedgerEntry] = field(default_factory=list)
    unexpected_at_bank: list[StatementLine] = field(default_factory=list)


def reconcile(entries: list[LedgerEntry], lines: list[StatementLine]) -> Reconciliation:
    """Pair each entry with a statement line of the same reference and amount (each line used once)."""
    result = Reconciliation()
    remaining = list(lines)
    for entry in entries:
        hit = next(
            (line for line in remaining
             if line.reference == entry.reference and line.amount_cents == entry.amount_cents),
            None,
        )
        if hit is None:
            result.missing_at_bank.append(entry)
        else:
            result.matched.append((entry, hit))
            remaining.remove(hit)
    result.unexpected_at_bank = remaining
    return result
