"""Growth curves on log-log axes, with the fitted exponent in the legend: the assistant's code beside a fix.

On log-log axes a power law n**k is a straight line of slope k, so "linear" and "quadratic" are two
slopes you can see, and the legend says the number.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from course import figures
from course.kits.measure.scaling import describe_exponent, growth_exponent

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    import pandas as pd

# the assistant's code in red, fixes and references in blue/green, anything else after
COLORS = ("tab:red", "tab:blue", "tab:green", "tab:purple", "tab:orange")
MIN_FONT = figures.MIN_FONT


def growth_plot(results: "pd.DataFrame", y: str, *, x: str = "n", by: str = "implementation",
                ax: "Axes | None" = None, ylabel: str | None = None, xlabel: str | None = None,
                title: str | None = None, prediction: tuple[float, float] | None = None) -> "Axes":
    """One line per implementation of `y` against `x` on log-log axes; the legend gives n**k.

    `results` is a run_scaling table. `prediction` (x, y) draws the learner's prediction as a star.
    Draws on `ax`, or on a new figure (course.figures.new_figure) without one; returns the Axes (its
    figure is `ax.figure`). Non-positive values cannot sit on a log axis and are left out.
    """
    if ax is None:
        ax = figures.new_figure(figsize=(6, 4)).subplots()
    groups = results.groupby(by, sort=False) if by in results.columns else [("", results)]
    for (label, group), color in zip(groups, _cycle(COLORS)):
        group = group[(group[x] > 0) & (group[y] > 0)].sort_values(x)
        if group.empty:
            continue
        k = growth_exponent(list(group[x]), list(group[y]))
        name = f"{label}: ~ n^{k:.2f} ({describe_exponent(k)})" if label else f"~ n^{k:.2f} ({describe_exponent(k)})"
        ax.plot(group[x], group[y], marker="o", color=color, label=name)
    if prediction is not None:
        ax.plot([prediction[0]], [prediction[1]], marker="*", markersize=14, color="black", linestyle="none",
                label="your prediction")
    ax.set_xscale("log")
    ax.set_yscale("log")
    _label_sizes(ax, sorted(set(results[x][results[x] > 0])))
    _label_log_values(ax)
    ax.set_xlabel(xlabel or x, fontsize=MIN_FONT + 1)
    ax.set_ylabel(ylabel or y, fontsize=MIN_FONT + 1)
    ax.tick_params(labelsize=MIN_FONT)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3, which="both")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=MIN_FONT, loc="best")
    return ax


def growth_figure(results: "pd.DataFrame", panels: Sequence[tuple[str, str]], *, title: str | None = None,
                  predictions: dict[str, tuple[float, float]] | None = None) -> "Figure":
    """Several growth plots side by side: `panels` is [(column, axis label), ...]. Returns the figure."""
    fig = figures.new_figure(figsize=(5.2 * len(panels), 4))
    axes = fig.subplots(1, len(panels), squeeze=False)
    for ax, (column, label) in zip(axes[0], panels):
        growth_plot(results, column, ax=ax, ylabel=label, prediction=(predictions or {}).get(column))
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _label_sizes(ax: Any, sizes: Sequence[float]) -> None:
    """Tick the x axis at the measured sizes, written out (100, 200, ...), instead of powers of ten."""
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator, ScalarFormatter

    if not sizes or len(sizes) > 12:
        return
    ax.xaxis.set_major_locator(FixedLocator(list(sizes)))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())


def _label_log_values(ax: Any) -> None:
    """Label the log y axis at 1, 2 and 5 times each power of ten, written out (20, 50, 100, ...): over a range
    narrower than a decade, powers of ten alone leave one labelled tick or none."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def _cycle(colors: Sequence[str]):
    while True:
        yield from colors
