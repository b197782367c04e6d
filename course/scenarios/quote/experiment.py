"""Live experiment for the quote scenario: the three callers side by side, on the same carts.

Deterministic (no wall clock, no timing): every situation runs on a fresh price book, a fresh copy
of the implementation and three fresh callers, with the servers' time zone set to Berlin's. So the
table is the same on every machine, and tests can check it exactly. Every function the widget
calls returns a DataFrame, so the experiment also runs headless.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
import tempfile
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Iterator

import pandas as pd

from course.notebook import answer_store
from course import figures
from course.kits import race
from course.scenarios.quote import SCENARIO, house
from course.kits.live import Prediction, current

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CALLER_NAMES = [kind.name for kind in house.CALLERS]   # request handler, batch job, worker thread
CART = (("lamp", 1), ("pen", 1), ("mug", 1))           # in the order the customer added them
TUESDAY = datetime(2024, 11, 26, 12, 0, tzinfo=timezone.utc)
HALF_HOUR = timedelta(minutes=30)


@dataclass(frozen=True)
class Situation:
    label: str
    at: datetime
    expected: Any
    price_change: tuple[str, int] | None = None   # (sku, cents), made after every caller quoted once
    show_cart: bool = False                       # report the caller's list after quoting, not the total
    cart: tuple[tuple[str, int], ...] = field(default=CART)


def _total(prices: dict[str, int], cart=CART, free: bool = False) -> int:
    total = sum(prices[sku] * qty for sku, qty in cart)
    return total - min(prices[sku] for sku, _ in cart) if free else total


SITUATIONS = (
    Situation("an ordinary Tuesday", TUESDAY, _total(house.PRICES)),
    Situation("lamp goes from 2500 to 3000 cents", TUESDAY, _total({**house.PRICES, "lamp": 3000}),
              price_change=("lamp", 3000)),
    Situation("Thu 23:30 UTC, half an hour before the sale", house.PROMO_STARTS - HALF_HOUR, _total(house.PRICES)),
    Situation("Fri 00:30 UTC, the sale's first half hour", house.PROMO_STARTS + HALF_HOUR, _total(house.PRICES, free=True)),
    Situation("Sun 23:30 UTC, the sale's last half hour", house.PROMO_ENDS - HALF_HOUR, _total(house.PRICES, free=True)),
    Situation("Mon 00:30 UTC, just after the sale", house.PROMO_ENDS + HALF_HOUR, _total(house.PRICES)),
    Situation("the caller's cart after a sale quote", house.PROMO_STARTS + HALF_HOUR,
              ", ".join(sku for sku, _ in CART), show_cart=True),
)


def _shown(value: Any) -> Any:
    return f"{type(value).__name__}: {value}" if isinstance(value, BaseException) else value


@contextlib.contextmanager
def _callers(module: ModuleType, book: house.PriceBook) -> Iterator[dict[str, Callable[..., Any]]]:
    started = [kind(lambda catalog, lines, at: module.quote(catalog, lines, at), book) for kind in house.CALLERS]
    try:
        yield dict(zip(CALLER_NAMES, started))
    finally:
        for caller in started:
            caller.stop()


def _run_situation(code: Any, path: Path, situation: Situation) -> dict[str, Any]:
    """Each caller's result in one situation, on a fresh price book and a fresh copy of the code."""
    module = race.fresh_copy(path, code)
    book = house.PriceBook()
    row: dict[str, Any] = {}
    with _callers(module, book) as callers:
        if situation.price_change:
            for call in callers.values():
                _attempt(call, [("lamp", 1)], situation.at)   # every caller has quoted the lamp before
            book.set_price(*situation.price_change)
        for name, call in callers.items():
            cart = [tuple(line) for line in situation.cart]   # the caller's own list
            result = _attempt(call, cart, situation.at)
            row[name] = ", ".join(sku for sku, _ in cart) if situation.show_cart else _shown(result)
    return row


def _attempt(call: Callable[..., Any], cart: list, at: datetime) -> Any:
    try:
        return call(cart, at)
    except Exception as exc:   # a broken fix shows its error in the table instead of stopping the experiment
        return exc


def run(implementation: str | Path | None = None) -> pd.DataFrame:
    """One row per situation: the expected result and what each caller got (totals in cents)."""
    path = Path(implementation) if implementation else SCENARIO.snippet_path()
    code = race.module_code(path)
    rows = []
    with house.server_time_zone():
        for situation in SITUATIONS:
            rows.append({"situation": situation.label, "expected": situation.expected,
                         **_run_situation(code, path, situation)})
    return pd.DataFrame(rows).set_index("situation")


def differences(table: pd.DataFrame) -> int:
    """How many caller cells differ from the expected column."""
    return int(sum((table[name] != table["expected"]).sum() for name in CALLER_NAMES))


def styled(table: pd.DataFrame):
    """The table with every cell that differs from the expected one in red."""
    def colour(row: pd.Series) -> list[str]:
        return ["" if name == "expected" or value == row["expected"]
                else "background-color: #f8d0d0; font-weight: bold" for name, value in row.items()]
    return table.style.apply(colour, axis=1)


def timeline(implementation: str | Path | None = None, boundary: str = "starts",
             hours: float = 3.0, step_minutes: int = 15) -> pd.DataFrame:
    """The three-item cart's total from each caller every `step_minutes` around the sale's start or end.

    Columns: minutes (from the boundary), expected, and one column per caller.
    """
    path = Path(implementation) if implementation else SCENARIO.snippet_path()
    code = race.module_code(path)
    edge = house.PROMO_STARTS if boundary == "starts" else house.PROMO_ENDS
    full, free = _total(house.PRICES), _total(house.PRICES, free=True)
    half = int(hours * 60 / 2)
    minutes = list(range(-half, half + 1, step_minutes))
    rows = []
    with house.server_time_zone():
        module = race.fresh_copy(path, code)
        with _callers(module, house.PriceBook()) as callers:
            for m in minutes:
                at = edge + timedelta(minutes=m)
                inside = house.PROMO_STARTS <= at < house.PROMO_ENDS
                row = {"minutes": m, "expected": free if inside else full}
                for name, call in callers.items():
                    result = _attempt(call, list(CART), at)
                    row[name] = result if isinstance(result, int) else float("nan")
                rows.append(row)
    return pd.DataFrame(rows)


def plot(frame: pd.DataFrame, boundary: str = "starts") -> Figure:
    """Total against time around the boundary: one step line per caller, the expected one dashed."""
    fig = figures.new_figure(figsize=(7, 3.6))
    ax = fig.subplots()
    ax.step(frame["minutes"], frame["expected"], where="post", color="black", linestyle="--", linewidth=2,
            label="expected")
    for (name, color, shift) in zip(CALLER_NAMES, ["tab:blue", "tab:orange", "tab:red"], [-6, 0, 6]):
        ax.step(frame["minutes"], frame[name] + shift, where="post", color=color, alpha=0.85, label=name)
    when = "starts" if boundary == "starts" else "ends"
    ax.axvline(0, color="grey", linewidth=1)
    ax.set_xlabel(f"minutes from the moment the sale {when} (UTC)")
    ax.set_ylabel("quoted total (cents)")
    ax.set_title("One cart, three callers (lines nudged apart to stay visible)", fontsize=10)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=figures.MIN_FONT)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


@contextlib.contextmanager
def _implementation(choice: str) -> Iterator[Path]:
    source = answer_store.fix_source(SCENARIO.name) if choice == "your fix" else None
    if source is None:
        yield SCENARIO.snippet_path()
        return
    with tempfile.TemporaryDirectory(prefix="quote-fix-") as tmp:
        path = Path(tmp) / SCENARIO.snippet
        path.write_text(source)
        yield path


def widget(prediction: Prediction = None):
    """Pick the code and the boundary; shows the side-by-side table and the timeline plot.

    Everything is deterministic and takes well under a second, so it updates as you choose.
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    code = widgets.Dropdown(options=["the assistant's code", "your fix"], description="code")
    boundary = widgets.Dropdown(options=[("the sale starts", "starts"), ("the sale ends", "ends")],
                                description="around")
    out = widgets.Output()

    def show(_=None) -> None:
        out.clear_output()
        with out:
            if code.value == "your fix" and answer_store.fix_source(SCENARIO.name) is None:
                display(Markdown("No fix yet: run your `%%fix quote` cell first. Showing the assistant's code."))
            with _implementation(code.value) as path:
                table = run(path)
                frame = timeline(path, boundary.value)
            display(styled(table))
            n = differences(table)
            guess = "" if (now := current(prediction)) is None else f" (your prediction: {now:g})"
            display(Markdown(f"**{n} of {len(table) * len(CALLER_NAMES)} cells differ from the expected "
                             f"result**{guess}."))
            figures.show(plot(frame, boundary.value))

    code.observe(show, names="value")
    boundary.observe(show, names="value")
    box = widgets.VBox([widgets.HBox([code, boundary]), out])
    display(box)
    show()
    return box
