"""Scaling experiments: measure a callable at a series of n, get a table, read its growth.

`run_scaling` is what live experiments and tests call; `growth_exponent` and `growth_ratio` turn its
columns into the two numbers the course grades and plots by: the slope on a log-log plot (about 1
for linear work, about 2 for quadratic, about 0 for a constant) and the ratio between n and 2n
(about 2 for linear, about 4 for quadratic). Both read counts, never the clock, when graded.
"""
from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

if TYPE_CHECKING:   # pandas is imported when a table is made, not when counters are imported
    import pandas as pd

Measure = Callable[[int], Mapping[str, float]]


def run_scaling(measures: Mapping[str, Measure] | Measure, ns: Iterable[int], *, timed: bool = False,
                progress: bool = False, desc: str = "n") -> "pd.DataFrame":
    """Run each measure at every n and return one row per (implementation, n).

    A measure is `measure(n) -> {"queries": 41, "peak_bytes": 5120, ...}`: it sets up a problem of
    size n, runs the code under test, and returns its counts. Pass one measure, or a mapping
    {label: measure} to compare implementations (the assistant's code beside a fix). With `timed`,
    each row also gets `seconds`, the wall time of the measure call: for live experiments only,
    never for a graded check. Columns: implementation, n, then the measured names.
    """
    import pandas as pd
    from tqdm.auto import tqdm

    table = dict(measures) if isinstance(measures, Mapping) else {"": measures}
    ns = [int(n) for n in ns]
    if not ns or min(ns) < 1:
        raise ValueError(f"ns must be positive sizes, got {ns!r}")
    jobs = [(label, n) for label in table for n in ns]
    rows: list[dict[str, Any]] = []
    for label, n in tqdm(jobs, desc=desc, disable=not progress, leave=False):
        started = time.perf_counter()
        measured = dict(table[label](n))
        row: dict[str, Any] = {"implementation": label, "n": n, **measured}
        if timed:
            row["seconds"] = time.perf_counter() - started
        rows.append(row)
    return pd.DataFrame(rows)


def growth_exponent(ns: Sequence[float], values: Sequence[float]) -> float:
    """The slope of log(value) against log(n), by least squares: value grows about like n**slope.

    Points where the value is not positive are left out (log of 0); with fewer than two points
    left the slope is nan.
    """
    points = [(math.log(n), math.log(v)) for n, v in zip(ns, values) if n > 0 and v > 0]
    if len(points) < 2:
        return math.nan
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return math.nan
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def growth_ratio(small: float, large: float) -> float:
    """large / small (inf when small is 0 and large is not; 1.0 when both are 0)."""
    if small == 0:
        return 1.0 if large == 0 else math.inf
    return large / small


def describe_exponent(exponent: float) -> str:
    """Plain words for a fitted exponent: constant, linear, n log n-ish, quadratic, ..."""
    if math.isnan(exponent):
        return "not enough points"
    if exponent < 0.25:
        return "constant"
    if exponent < 1.2:
        return "linear"
    if exponent < 1.6:
        return "between linear and quadratic"
    if exponent < 2.4:
        return "quadratic"
    return "worse than quadratic"
