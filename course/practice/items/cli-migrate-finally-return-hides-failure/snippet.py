"""`tool migrate`: apply pending schema migrations to the project database."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

Step = Callable[[], None]


@dataclass
class MigrationReport:
    total: int
    applied: list[str] = field(default_factory=list)


def run_migrations(steps: Sequence[tuple[str, Step]], release_lock: Callable[[], None]) -> MigrationReport:
    """Apply each step in order. The migration lock is released whatever happens."""
    report = MigrationReport(total=len(steps))
    try:
        for name, step in steps:
            step()
            report.applied.append(name)
    finally:
        release_lock()
        return report


def migrate_command(steps: Sequence[tuple[str, Step]], release_lock: Callable[[], None],
                    echo: Callable[[str], None] = print) -> int:
    """Entry point for `tool migrate`; returns the process exit code."""
    report = run_migrations(steps, release_lock)
    echo(f"applied {len(report.applied)} of {report.total} migrations")
    return 0
