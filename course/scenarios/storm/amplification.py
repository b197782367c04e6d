"""How many calls the warehouse receives per SKU, layer by layer: retry amplification as a count.

Runs the stock sync (the assistant's, or any version) against the real fault service on loopback,
with a seeded share of calls failing with 503, and a fake clock so the waits cost nothing. Calls are
counted by the service; the waits are added up on the fake clock. Calls are made one after another,
so the same settings give the same counts on every machine.
"""
from __future__ import annotations

import logging
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Iterable

import pandas as pd

from course.kits import faults, race
from course import figures
from course.scenarios.storm import SCENARIO
from course.scenarios.storm.fixtures import LEVELS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LAYERS = ("1: _get_json", "2: available", "3: refresh_stock")
COLUMNS = ["failure_rate", "layer", "skus", "calls_per_sku", "waited_s_per_sku", "answered"]


def load(implementation: str | Path | None = None) -> ModuleType:
    """A fresh copy of the stock sync (the assistant's by default), its log messages kept quiet."""
    module = race.fresh_copy(Path(implementation) if implementation else SCENARIO.snippet_path())
    logger = logging.getLogger(module.__name__)
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return module


def _call(module: ModuleType, client: Any, layer: str, sku: str) -> bool:
    """One request at the given layer; True if it got an answer."""
    calls: dict[str, Callable[[], Any]] = {
        LAYERS[0]: lambda: client._get_json(f"/stock/{sku}"),
        LAYERS[1]: lambda: client.available(sku),
        LAYERS[2]: lambda: module.refresh_stock(client, [sku], lambda s, n: None) == 1,
    }
    try:
        return bool(calls[layer]() is not False)
    except module.WarehouseError:
        return False


def count(failure_rate: float, layer: str = LAYERS[2], skus: int = 10, seed: int = 0,
          module: ModuleType | None = None) -> dict:
    """Calls the warehouse receives (and seconds spent waiting) per SKU at one failure rate and layer."""
    module = module or load()
    clock = faults.FakeClock(start=0.0)
    chooser = faults.Seeded(failure_rate, faults=("503",), seed=seed)
    with faults.serve(chooser=chooser, responder=faults.lookup(LEVELS, "/stock/", "available")) as service:
        client = module.WarehouseClient(service.url, urlopen=faults.direct_urlopen, sleep=clock.sleep)
        names = [list(LEVELS)[i % len(LEVELS)] for i in range(skus)]
        answered = sum(_call(module, client, layer, sku) for sku in names)
        calls = service.calls
    return {"failure_rate": failure_rate, "layer": layer, "skus": skus, "calls_per_sku": calls / skus,
            "waited_s_per_sku": round(clock() / skus, 2), "answered": answered}


def table(rates: Iterable[float] = (0.0, 0.5, 0.75, 0.9, 1.0), skus: int = 20,
          implementation: str | Path | None = None, progress: bool = True) -> pd.DataFrame:
    """count() for every layer at every failure rate."""
    from tqdm.auto import tqdm

    module = load(implementation)
    jobs = [(rate, layer) for rate in rates for layer in LAYERS]
    rows = [count(rate, layer, skus, module=module)
            for rate, layer in tqdm(jobs, desc="layers x failure rates", disable=not progress, leave=False)]
    return pd.DataFrame(rows, columns=COLUMNS)


def plot(results: pd.DataFrame) -> Figure:
    """Calls per SKU against the failure rate, one line per layer (log scale)."""
    fig = figures.new_figure(figsize=(7, 4))
    ax = fig.subplots()
    for layer, group in results.groupby("layer", sort=False):
        ax.plot(group["failure_rate"] * 100, group["calls_per_sku"], marker="o", label=f"layer {layer}")
    ax.axhline(3, color="grey", linestyle="--", linewidth=1, label="the spec's budget: 3 calls")
    ax.set_yscale("log")
    ax.set_xlabel("calls the warehouse fails with 503 (%)")
    ax.set_ylabel("calls the warehouse receives per SKU")
    ax.set_title("Retries multiply: each layer retries everything below it")
    ax.legend(fontsize=figures.MIN_FONT)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    return fig
