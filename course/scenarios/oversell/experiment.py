"""Live experiment for the oversell scenario: many buyers, the last few units, real threads.

Ungraded and wall-clock based (handbook section 8). Every function the widget calls returns a
pandas DataFrame, so the experiment also runs headless (tests, autograding skip the widget).
Each buyer thread gets its own copy of the implementation, like separate app servers.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
import tempfile
import time
from typing import TYPE_CHECKING, Iterable, Iterator

import pandas as pd

from course import figures
from course.kits import load, race
from course.scenarios.oversell import SCENARIO
from course.scenarios.oversell.db import Shop
from course.kits.live import Prediction, current

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SKU = "lamp"
COLUMNS = ["implementation", "workers", "units", "think_ms", "repeat", "orders", "oversold", "final_stock",
           "errors", "seconds"]
SHOWN = ["orders", "final_stock", "errors", "seconds"]   # the widget's table: what happened, not a verdict


@contextlib.contextmanager
def _implementations(fix_source: str | None) -> Iterator[dict[str, Path]]:
    """The assistant's snippet, plus the learner's fix (in a temporary file, removed afterwards) when given."""
    impls = {"assistant's code": SCENARIO.snippet_path()}
    with tempfile.TemporaryDirectory(prefix="oversell-fix-") as tmp:
        if fix_source and fix_source.strip():
            path = Path(tmp) / "shop.py"
            path.write_text(fix_source)
            impls["your fix"] = path
        yield impls


def run_once(implementation: str | Path, workers: int = 8, units: int = 1, think_ms: float = 1.0,
             label: str = "", repeat: int = 0) -> dict:
    """`workers` buyers each try to buy one of the last `units` units at once; one result row."""
    implementation = Path(implementation)
    code = race.module_code(implementation)
    with tempfile.TemporaryDirectory(prefix="oversell-live-") as tmp:
        shop = Shop.create(Path(tmp) / "shop.db")
        shop.add_product(SKU, stock=units, price_cents=1999)
        copies = [race.fresh_copy(implementation, code) for _ in range(workers)]
        calls = [lambda conn, m=m, i=i: m.place_order(conn, SKU, 1, f"customer-{i}") for i, m in enumerate(copies)]
        started = time.perf_counter()
        outcomes = load.hammer(shop.path, calls, think_s=think_ms / 1000, fsync=False)
        seconds = time.perf_counter() - started
        sold = shop.sold(SKU)
        return {"implementation": label or implementation.name, "workers": workers, "units": units,
                "think_ms": think_ms, "repeat": repeat, "orders": len(shop.orders(SKU)),
                "oversold": max(0, sold - units), "final_stock": shop.stock(SKU),
                "errors": sum(o.error is not None for o in outcomes), "seconds": round(seconds, 3)}


def run(workers: int = 8, units: int = 1, think_ms: float = 1.0, repeats: int = 3,
        fix_source: str | None = None) -> pd.DataFrame:
    """A few repeats at one setting, for the assistant's code (and your fix if given)."""
    with _implementations(fix_source) as impls:
        rows = [run_once(path, workers, units, think_ms, label, r)
                for label, path in impls.items() for r in range(repeats)]
    return pd.DataFrame(rows, columns=COLUMNS)


def sweep(workers: Iterable[int] = (1, 2, 4, 8, 16), units: int = 1, think_ms: float = 1.0,
          repeats: int = 3, fix_source: str | None = None, progress: bool = True) -> pd.DataFrame:
    """run() over several worker counts: the table behind the plot."""
    from tqdm.auto import tqdm

    with _implementations(fix_source) as impls:
        jobs = [(label, path, n, r) for label, path in impls.items() for n in workers for r in range(repeats)]
        rows = [run_once(path, n, units, think_ms, label, r)
                for label, path, n, r in tqdm(jobs, desc="buyers", disable=not progress, leave=False)]
    return pd.DataFrame(rows, columns=COLUMNS)


def plot(results: pd.DataFrame, prediction: float | None = None, predicted_workers: int = 8) -> Figure:
    """Oversold units against the number of concurrent buyers: every run as a point, the mean as a line.

    A plain Figure outside pyplot (course.figures says why: here, in a widget callback, a pyplot
    figure was taken half-built about one time in two).
    """
    fig = figures.new_figure(figsize=(7, 4))
    ax = fig.subplots()
    for (label, group), color in zip(results.groupby("implementation", sort=False), ["tab:red", "tab:blue"]):
        ax.scatter(group["workers"], group["oversold"], alpha=0.4, color=color, s=18)
        means = group.groupby("workers")["oversold"].mean()
        ax.plot(means.index, means.values, color=color, label=f"{label} (mean of {group['repeat'].nunique()} runs)")
    if prediction is not None:
        ax.axhline(prediction, color="grey", linestyle="--", linewidth=1)
        ax.plot([predicted_workers], [prediction], marker="*", markersize=14, color="black", linestyle="none",
                label=f"your prediction ({predicted_workers} buyers)")
    units = int(results["units"].iloc[0]) if len(results) else 1
    think = results["think_ms"].iloc[0] if len(results) else 0
    ax.set_xlabel("concurrent buyers (threads, one connection each)")
    ax.set_ylabel("orders beyond the stock")
    ax.set_title(f"Last {units} unit(s) on sale, {think:g} ms between read and write")
    ax.legend(loc="upper left", fontsize=figures.MIN_FONT)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def your_fix_source() -> str | None:
    """The module from your last %%fix oversell cell, or None before you have run one."""
    from course.notebook import answer_store

    return answer_store.fix_source(SCENARIO.name)


def interleavings(implementation: str | Path | None = None, buyers: int = 2) -> pd.DataFrame:
    """Deterministic: every interleaving of `buyers` buyers for the last unit, via the race driver.

    One row per interleaving: who ran which statement, what each buyer got, the final stock.
    Takes well under a second (it counts, it does not time).
    """
    implementation = Path(implementation) if implementation else SCENARIO.snippet_path()
    def shown(result: object) -> str:
        return f"{type(result).__name__}: {result}" if isinstance(result, BaseException) else repr(result)

    with tempfile.TemporaryDirectory(prefix="oversell-race-") as tmp:
        work = Path(tmp)
        shop = Shop.create(work / "shop.db")
        shop.add_product(SKU, stock=1, price_cents=1999)
        module = race.fresh_copy(implementation)
        place_order = race.per_worker(module, "place_order")
        names = ["alice", "bob", "carol"][:buyers]
        workers = [lambda conn, n=n: place_order(conn, SKU, 1, n) for n in names]
        worlds = race.explore(workers, shop.path, isolate=[module], view=Shop, workdir=work / "worlds")
        return pd.DataFrame([{"schedule": w.schedule, **{n: shown(r) for n, r in zip(names, w.results)},
                              "final_stock": w.stock(SKU), "orders": len(w.orders(SKU))} for w in worlds])


def endings(worlds: pd.DataFrame) -> pd.DataFrame:
    """How the worlds of interleavings() end: one row per (final stock, orders recorded), with how many end so.

    The raw counts only: which endings the spec allows is for you to say.
    """
    counts = worlds.groupby(["final_stock", "orders"]).size().rename("interleavings").reset_index()
    return counts.sort_values(["final_stock", "orders"], ascending=[False, True], ignore_index=True)


def widget(prediction: Prediction = None, include_fix: bool = True):
    """Controls (buyers, think time, units) and a Run button; shows the table and the plot.

    With include_fix, your fix (from your last %%fix oversell cell, if any) runs beside the
    assistant's code; it is looked up each time you press Run.
    """
    import ipywidgets as widgets
    from IPython.display import display

    max_workers = widgets.IntSlider(value=16, min=2, max=16, description="max buyers")
    think = widgets.FloatSlider(value=1.0, min=0.0, max=10.0, step=0.5, description="think (ms)")
    units = widgets.IntSlider(value=1, min=1, max=5, description="units")
    button = widgets.Button(description="Run", button_style="primary", icon="play")
    out = widgets.Output()

    def on_click(_=None) -> None:
        out.clear_output()
        with out:
            counts = sorted({n for n in (1, 2, 4, 8, 16) if n < max_workers.value} | {max_workers.value})
            fix_source = your_fix_source() if include_fix else None
            results = sweep(counts, units.value, think.value, repeats=3, fix_source=fix_source)
            display(results.groupby(["implementation", "workers"])[SHOWN].mean())
            figures.show(plot(results, current(prediction)))

    button.on_click(on_click)
    box = widgets.VBox([widgets.HBox([max_workers, think, units, button]), out])
    display(box)
    return box
