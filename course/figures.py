"""The one way the course makes and shows a matplotlib figure: a plain Figure, shown as a PNG image.

Why not pyplot: in JupyterLab, widget callbacks run in a kernel subshell, concurrently with other
widget messages, and after each message the inline backend shows and closes every figure pyplot
knows about. A pyplot figure built in a callback was taken half-built (0 axes) about one time in
two (module 01's live experiment), and the learner saw no plot. And `display(fig)` of a pyplot
figure in an ordinary cell shows it twice: once by display, once by the backend at the cell's end.

A `matplotlib.figure.Figure` made directly is never registered with pyplot, so no backend touches
it; `show` draws it to PNG bytes itself and displays those, once, wherever it is called (an
ordinary cell, or a widget callback inside an Output). Plot-building functions return the Figure,
so tests and notebooks can inspect its axes; the notebook-facing code calls `show`.

matplotlib is imported only when a figure is made: importing this module stays light.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# readable at notebook width (figures are shown at about their own size): no text smaller than this, in points
MIN_FONT = 10


def new_figure(**kwargs: Any) -> "Figure":
    """A plain matplotlib Figure (kwargs as for Figure: figsize, dpi, ...), outside pyplot's list of figures.

    Add axes with `fig.subplots(...)` (as `plt.subplots` would) or `fig.add_subplot(...)`; nothing
    needs closing afterwards.
    """
    from matplotlib.figure import Figure

    return Figure(**kwargs)


def png(fig: "Figure") -> bytes:
    """The figure as PNG bytes, drawn by matplotlib's Agg renderer, without pyplot or a notebook backend."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def show(fig: "Figure") -> None:
    """Display the figure once, as a PNG image: in a cell, or inside a widget Output from a callback."""
    from IPython.display import Image, display

    display(Image(data=png(fig), format="png"))
