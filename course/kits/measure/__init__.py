"""The measurement kit: count what unit tests never see, at a series of n, and plot how it grows.

- counters: QueryCounter (SQL statements), SqliteSteps (SQLite's own work), CallCounter (calls),
  OpCounter (comparisons, hashes and conversions of wrapped values), PeakMemory / peak_memory
  (tracemalloc), query_plan (EXPLAIN QUERY PLAN)
- scaling:  run_scaling (a table of measurements at each n), growth_exponent, growth_ratio
- plots:    growth_plot / growth_figure (log-log curves with the fitted exponent)

Importing this package is light (no pandas or matplotlib until a table or a plot is made), so trusted
test fixtures running in the judge's sandbox can use the counters.
"""
from course.kits.measure.counters import (CallCounter, OpCounter, PeakMemory, QueryCounter, SqliteSteps,
                                     is_transaction_control, peak_memory, query_plan)
from course.kits.measure.scaling import describe_exponent, growth_exponent, growth_ratio, run_scaling
from course.kits.measure.plots import growth_figure, growth_plot

__all__ = ["CallCounter", "OpCounter", "PeakMemory", "QueryCounter", "SqliteSteps", "is_transaction_control",
           "peak_memory", "query_plan", "describe_exponent", "growth_exponent", "growth_ratio", "run_scaling",
           "growth_figure", "growth_plot"]
