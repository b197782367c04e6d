"""Live experiment for the N+1 scenario: the dashboard at growing n, counted and (for show) timed.

Ungraded (handbook section 8). The database for size n holds n orders on the dashboard (placed on or
after SINCE) and HISTORY_FACTOR * n older ones, built deterministically and kept for the session, so
moving the slider back and forth reruns only the measurements. For every implementation and n it
records the queries one call makes, the peak Python memory of the call and its wall time (one
timed run, without tracemalloc). `sweep()` returns the table; `plot()` draws it on log-log axes with
the fitted exponent; `widget()` wires both to a slider.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Mapping

import pandas as pd

from course.notebook import answer_store
from course import figures
from course.kits import race
from course.kits.measure import PeakMemory, QueryCounter, growth_figure, run_scaling
from course.scenarios.nplusone import SCENARIO
from course.scenarios.nplusone.db import OrdersDb
from course.kits.live import Prediction, current

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SINCE = "2024-06-01"
HISTORY_FACTOR = 7                    # older orders in the table per order on the dashboard
ROUND_TRIP_MS = 1.0                   # what one query costs when the database is across the network
SIZES = (100, 200, 400, 800, 1600, 3200, 6400)
PANELS = [("queries", "SQL queries per call"), ("peak_kib", "peak Python memory (KiB)"),
          ("ms", "wall time here (ms)")]

_WORKDIR: Path | None = None
_DATABASES: dict[int, OrdersDb] = {}
_RESULTS: dict[tuple[str, int, int], dict[str, float]] = {}


def database(n: int) -> OrdersDb:
    """The experiment's database for n dashboard orders (built once per session, deterministic)."""
    global _WORKDIR
    if n not in _DATABASES:
        if _WORKDIR is None:
            _WORKDIR = Path(tempfile.mkdtemp(prefix="nplusone-live-"))
            atexit.register(shutil.rmtree, _WORKDIR, True)
        db = OrdersDb.create(_WORKDIR / f"shop-{n}.db")
        db.add_orders(HISTORY_FACTOR * n, start="2022-06-01", days=700)
        db.add_orders(n, start=SINCE, days=30)
        _DATABASES[n] = db
    return _DATABASES[n]


def measure(module: ModuleType, n: int) -> dict[str, float]:
    """Queries, peak memory (KiB) and wall time (ms) of one call of module.recent_order_summaries at size n."""
    key = (module.__name__, id(module), n)
    if key not in _RESULTS:
        db = database(n)
        conn = db.connect()
        try:
            with QueryCounter(conn) as queries, PeakMemory() as memory:
                listed = len(module.recent_order_summaries(conn, SINCE))
            started = time.perf_counter()
            module.recent_order_summaries(conn, SINCE)
            ms = (time.perf_counter() - started) * 1000
        finally:
            conn.close()
        _RESULTS[key] = {"listed": listed, "queries": queries.count, "peak_kib": round(memory.peak / 1024, 1),
                         "ms": round(ms, 2), "ms_over_network": round(ms + queries.count * ROUND_TRIP_MS, 1)}
    return _RESULTS[key]


def implementations(include_fix: bool = True) -> dict[str, ModuleType]:
    """The assistant's code, and your fix (from your last %%fix nplusone cell) when there is one."""
    found = {"assistant's code": _snippet()}
    fix = answer_store.fix_module(SCENARIO.name) if include_fix else None
    if fix is not None and hasattr(fix, "recent_order_summaries"):
        found["your fix"] = fix
    return found


_SNIPPET: list[ModuleType] = []


def _snippet() -> ModuleType:
    if not _SNIPPET:
        _SNIPPET.append(race.fresh_copy(SCENARIO.snippet_path()))
    return _SNIPPET[0]


def sizes_up_to(max_n: int, points: int = 4) -> list[int]:
    """max_n and the sizes halving below it: the n, 2n, 4n, ... of the plot."""
    return sorted({max(1, max_n // 2 ** k) for k in range(points)})


def sweep(max_n: int = 800, modules: Mapping[str, ModuleType] | None = None, progress: bool = True) -> pd.DataFrame:
    """The table behind the plot: every implementation at max_n/8, max_n/4, max_n/2 and max_n."""
    modules = dict(modules) if modules is not None else implementations()
    measures: dict[str, Callable[[int], Mapping[str, float]]] = {
        label: (lambda n, m=m: measure(m, n)) for label, m in modules.items()}
    return run_scaling(measures, sizes_up_to(max_n), progress=progress, desc="dashboard sizes")


def plot(results: pd.DataFrame, prediction: float | None = None, predicted_n: int = 400) -> Figure:
    """Queries, memory and time against n on log-log axes, the assistant's code beside your fix."""
    predictions = {"queries": (predicted_n, prediction)} if prediction else None
    return growth_figure(results, PANELS, predictions=predictions,
                         title=f"Dashboard of n orders (plus {HISTORY_FACTOR}n older ones in the table)")


def widget(prediction: Prediction = None):
    """A slider for n; the table and the plot update when you let go of it (each position takes a few seconds)."""
    import ipywidgets as widgets
    from IPython.display import display

    slider = widgets.SelectionSlider(options=list(SIZES), value=800, description="largest n",
                                     continuous_update=False, layout=widgets.Layout(width="480px"))
    out = widgets.Output()

    def show(max_n: int) -> None:
        out.clear_output(wait=True)
        with out:
            results = sweep(max_n)
            display(results.set_index(["implementation", "n"]))
            figures.show(plot(results, current(prediction)))

    slider.observe(lambda change: show(change["new"]), names="value")
    box = widgets.VBox([slider, out])
    display(box)
    show(slider.value)
    return box


def growth_table(results: pd.DataFrame, column: str = "queries") -> pd.DataFrame:
    """How `column` grows from each n to the next (2n): the ratio the grader reads instead of a clock."""
    rows: list[dict[str, Any]] = []
    for label, group in results.groupby("implementation", sort=False):
        group = group.sort_values("n")
        for (_, a), (_, b) in zip(group.iterrows(), list(group.iterrows())[1:]):
            rows.append({"implementation": label, "from n": a["n"], "to n": b["n"],
                         f"{column} ratio": round(b[column] / a[column], 2) if a[column] else float("nan")})
    return pd.DataFrame(rows)


def clear() -> None:
    """Forget cached measurements (the databases are kept): the next sweep measures everything again."""
    _RESULTS.clear()
