"""Counting the send list's work: operations on counted addresses at n, 2n, 4n, ...

The addresses are OpCounter values, so every comparison and hash the code does on them is counted;
the same counts the hidden tests read. Your fix (from your last %%fix dedupe cell) runs beside the
assistant's code once you have one.
"""
from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from course.notebook import answer_store
from course import figures
from course.kits import race
from course.kits.measure import OpCounter, growth_plot, run_scaling
from course.scenarios.dedupe import SCENARIO
from course.scenarios.dedupe.fixtures import make_lists

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SIZES = (100, 200, 400, 800)


def measure(module: ModuleType, n: int) -> dict[str, float]:
    """Operations on the addresses for one send list of n addresses and n // 2 unsubscribes."""
    ops = OpCounter()
    plain_sources, plain_unsubscribed = make_lists(n, n // 2)
    sources = [ops.wrap_all(s) for s in plain_sources]
    unsubscribed = ops.wrap_all(plain_unsubscribed)
    ops.reset()
    kept = len(module.build_send_list(sources, unsubscribed))
    return {"kept": kept, "operations": ops.total, "comparisons": sum(v for k, v in ops.counts.items() if k != "__hash__"),
            "hashes": ops.counts["__hash__"]}


def implementations(include_fix: bool = True) -> dict[str, ModuleType]:
    """The assistant's code, and your fix once a %%fix dedupe cell has run."""
    found = {"assistant's code": race.fresh_copy(SCENARIO.snippet_path())}
    fix = answer_store.fix_module(SCENARIO.name) if include_fix else None
    if fix is not None and hasattr(fix, "build_send_list"):
        found["your fix"] = fix
    return found


def sweep(sizes: tuple[int, ...] = SIZES, include_fix: bool = True) -> pd.DataFrame:
    """Counted operations at each size, for the assistant's code (and your fix)."""
    return run_scaling({label: (lambda n, m=m: measure(m, n)) for label, m in implementations(include_fix).items()},
                       sizes, progress=True, desc="send lists")


def plot(results: pd.DataFrame) -> Figure:
    """Operations against n on log-log axes, with the fitted exponent."""
    ax = growth_plot(results, "operations", xlabel="addresses (n), with n/2 unsubscribes",
                     ylabel="operations on the addresses", title="build_send_list: counted work")
    ax.figure.tight_layout()
    return ax.figure


def show(results: pd.DataFrame) -> None:
    """Display the plot, then the table."""
    from IPython.display import display

    figures.show(plot(results))
    display(results)
