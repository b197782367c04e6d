"""Counting the reorder page's round trips: the assistant's current_prices against the fake pricing service.

No network and no clock: the fake counts calls and adds ROUND_TRIP_MS of simulated waiting for each.
"""
from __future__ import annotations

from types import ModuleType

import pandas as pd

from course.kits import race
from course.kits.measure import run_scaling
from course.scenarios.batching import SCENARIO
from course.scenarios.batching.fixtures import FakePricing, make_skus

SIZES = (10, 100, 1000, 4000)


def measure(module: ModuleType, n: int) -> dict[str, float]:
    """Calls and simulated waiting for one page with n distinct SKUs."""
    pricing = FakePricing()
    priced = len(module.current_prices(pricing, make_skus(n)))
    return {"priced": priced, "calls": pricing.calls, "waited_s": pricing.waited_ms / 1000}


def growth(sizes: tuple[int, ...] = SIZES) -> pd.DataFrame:
    """The assistant's code at each number of SKUs: calls and seconds spent waiting on the network."""
    snippet = race.fresh_copy(SCENARIO.snippet_path())
    return run_scaling({"assistant's code": lambda n: measure(snippet, n)}, sizes)
