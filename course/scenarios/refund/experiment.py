"""Live experiment for the refund scenario: the damage of bypassing the house patterns, in numbers.

Ungraded (handbook section 8), and deterministic all the same: a real SQLite file, the fake payment
provider, and fake seconds (time.sleep is the fake clock's, in the calling thread, while a run
lasts), so a ten-minute outage takes milliseconds. Every function returns a pandas DataFrame.

- leaks()      one tenant's support agent refunds by order id: whose orders does each version touch?
- rounding()   n orders with deterministic totals and percentages: the assistant's amounts against
               house.money.percent_of (the house helper), cent by cent
- retries()    the provider is down for a while: attempts made and time the request is held, against
               the house retry policy (house.retry.call_with_retry)
"""
from __future__ import annotations

from contextlib import contextmanager
import importlib.util
import os
from pathlib import Path
import random
import sys
import tempfile
from types import ModuleType
from typing import TYPE_CHECKING, Iterator

import pandas as pd

from course import figures
from course.kits import race
from course.scenarios.refund import SCENARIO

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _house_importable() -> None:
    """`import house` works in the module folder (a notebook's working folder); elsewhere, add it."""
    if importlib.util.find_spec("house") is None:
        sys.path.insert(0, str(SCENARIO.snippet_path().parent))


_house_importable()

from house import errors, money  # noqa: E402  (needs the path above)
from house.retry import DEFAULT_POLICY, call_with_retry  # noqa: E402
from house.web import RequestContext, respond  # noqa: E402

from course.scenarios.refund.fakes import FakeClock, FakeProvider, ProviderGaveUp, ProviderHung, ShopDB  # noqa: E402
from course.kits.live import Prediction, current

AGENT = "acme"
TENANTS = ("acme", "globex", "initech")
PERCENTS = (5, 10, "12.5", 15, 20, 25, 30, "33.3", 50, 75)
RUNAWAY_ATTEMPTS = 5_000   # failed attempts in a row after which a run stops: an endless loop, shown as such


def assistant() -> ModuleType:
    """A fresh copy of the assistant's refunds.py."""
    return race.fresh_copy(SCENARIO.snippet_path())


def versions(fix: ModuleType | None = None) -> dict[str, ModuleType]:
    """The assistant's code, and your fix (the module your last %%fix refund cell loaded) if given."""
    found = {"assistant's code": assistant()}
    if fix is not None:
        found["your fix"] = fix
    return found


def your_fix() -> ModuleType | None:
    """Your fix, as loaded by your last %%fix refund cell (None before that)."""
    from course.notebook import my_fix
    return my_fix(SCENARIO.name)


@contextmanager
def _shop(orders: list[tuple[str, int]]) -> Iterator[ShopDB]:
    """A fresh shop database holding `orders` (tenant, total_cents) with ids 1, 2, ..., in memory-backed storage where
    the system has it (commits cost microseconds there, not milliseconds)."""
    fast = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="refund-live-", dir=fast) as tmp:
        shop = ShopDB.create(Path(tmp) / "shop.db", seed=False)
        shop.add_orders((tenant, total, "customer") for tenant, total in orders)
        yield shop


def _outcome(call) -> tuple[int, str]:
    """(HTTP status, short body) as house.web.respond answers."""
    status, body = call()
    return status, str(body.get("error") or body.get("amount_cents"))


# ---------------------------------------------------------------- 1. tenant leaks

def leaks(fix: ModuleType | None = None, orders_per_tenant: int = 4) -> pd.DataFrame:
    """acme's agent asks for a 10% refund of every order id in the database, whoever owns it.

    One row per (version, order): the owner, the HTTP status, and the cents refunded to that order.
    Any row whose owner is not acme and whose refund is above 0 is a leaked row.
    """
    rng = random.Random(4)
    orders = [(tenant, rng.randrange(1000, 20000)) for _ in range(orders_per_tenant) for tenant in TENANTS]
    rows = []
    for label, module in versions(fix).items():
        with _shop(orders) as shop:
            ctx = RequestContext(AGENT, str(shop.path), FakeProvider())
            for order_id, (owner, total) in enumerate(orders, start=1):
                status, body = _outcome(lambda: respond(module.refund_order, ctx, order_id=order_id, percent=10))
                rows.append({"implementation": label, "order_id": order_id, "owner": owner, "total_cents": total,
                             "status": status, "answer": body, "refunded_cents": shop.refunded_cents(order_id)})
    return pd.DataFrame(rows)


def by_owner(calls: pd.DataFrame) -> pd.DataFrame:
    """leaks() summed per (version, owner of the order): orders asked for, the answers, the cents refunded.

    The raw counts only: which rows the spec allows is for you to say.
    """
    grouped = calls.groupby(["implementation", "owner"], sort=False)
    return pd.DataFrame({"orders": grouped.size(),
                         "answers": grouped["status"].agg(lambda s: ", ".join(f"{n}x {code}" for code, n in
                                                                               s.value_counts().sort_index().items())),
                         "refunded_cents": grouped["refunded_cents"].sum()})


# ---------------------------------------------------------------- 2. rounding

def orders(n: int, seed: int = 2025) -> list[tuple[int, str | int]]:
    """n deterministic (total_cents, percent) pairs: totals from 1.00 to 300.00, the usual percentages."""
    rng = random.Random(seed)
    return [(rng.randrange(100, 30001), rng.choice(PERCENTS)) for _ in range(n)]


def rounding(n: int = 10_000, fix: ModuleType | None = None, seed: int = 2025, progress: bool = True) -> pd.DataFrame:
    """Each version refunds every one of n orders once; one row per order with each version's amount
    and house.money.percent_of's (`house_cents`), the amount the spec asks for."""
    from tqdm.auto import tqdm

    pairs = orders(n, seed)
    table = pd.DataFrame({"order_id": range(1, n + 1), "total_cents": [t for t, _ in pairs],
                          "percent": [str(p) for _, p in pairs],
                          "house_cents": [money.percent_of(t, p) for t, p in pairs]})
    for label, module in versions(fix).items():
        provider = FakeProvider()
        with _shop([(AGENT, total) for total, _ in pairs]) as shop:
            ctx = RequestContext(AGENT, str(shop.path), provider)
            for order_id, (_, percent) in enumerate(tqdm(pairs, desc=label, disable=not progress, leave=False), 1):
                module.refund_order(ctx, order_id, percent)
        table[label] = [cents for _, cents in provider.refunds]
    return table


def _versions_in(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c not in ("order_id", "total_cents", "percent", "house_cents")]


def _per_percent(values: pd.Series, table: pd.DataFrame) -> pd.Series:
    """Sum of `values` per percentage, in the order of PERCENTS."""
    sums = values.groupby(table["percent"]).sum()
    return sums.reindex([p for p in map(str, PERCENTS) if p in sums.index])


def rounding_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per percentage: refunds, how many differ from house.money, and the cents they are off in all."""
    parts = {"refunds": _per_percent(pd.Series(1, index=table.index), table)}
    for label in _versions_in(table):
        diff = table[label] - table["house_cents"]
        parts[f"{label}: differ"] = _per_percent(diff != 0, table)
        parts[f"{label}: cents off"] = _per_percent(diff, table)
    summary = pd.DataFrame(parts)
    summary.loc["all"] = summary.sum()
    return summary


def plot_rounding(table: pd.DataFrame, prediction: float | None = None) -> Figure:
    """Left: refunds that differ from house.money as the orders go by (your prediction as a star).
    Right: how many differ, per percentage."""
    fig = figures.new_figure(figsize=(11, 4))
    left, right = fig.subplots(1, 2)
    for label, color in zip(_versions_in(table), ["tab:red", "tab:blue"]):
        wrong = (table[label] != table["house_cents"]).cumsum()
        left.plot(table["order_id"], wrong, color=color, label=label)
        per_percent = _per_percent(table[label] != table["house_cents"], table)
        right.bar([f"{p}%" for p in per_percent.index], per_percent.values, color=color, alpha=0.6, label=label)
    if prediction is not None:
        left.plot([len(table)], [prediction], marker="*", markersize=14, color="black", linestyle="none",
                  label="your prediction")
    left.set_xlabel("orders refunded")
    left.set_ylabel("refunds off by a cent or more (count)")
    left.set_title("Amounts that differ from house.money.percent_of")
    left.legend(loc="upper left", fontsize=figures.MIN_FONT)
    right.set_xlabel("refund percentage")
    right.set_ylabel("refunds that differ (count)")
    right.set_title("Per percentage")
    right.legend(loc="upper left", fontsize=figures.MIN_FONT)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- 3. retries during an outage

def retries(outages: tuple[float, ...] = (10, 60, 600), fix: ModuleType | None = None,
            kinds: tuple[str, ...] = ("transient", "hang")) -> pd.DataFrame:
    """The provider is down for a while (503s, or no answer at all) when one refund comes in.

    One row per (version, kind of outage, its length): attempts at the provider, fake seconds the
    request was held, and how it ended. The house policy row runs house.retry.call_with_retry around
    the same provider call, so you see the policy itself.
    """
    rows = []
    for kind in kinds:
        for seconds in outages:
            for label, module in versions(fix).items():
                rows.append(_retry_row(label, kind, seconds, lambda ctx, m=module: m.refund_order(ctx, 1, 10)))
            rows.append(_retry_row("house retry policy", kind, seconds, _house_policy_call))
    return pd.DataFrame(rows)


def _house_policy_call(ctx: RequestContext) -> object:
    return call_with_retry(lambda timeout: ctx.payments.refund("ch_1", 500, timeout=timeout), what="payment provider")


def _retry_row(label: str, kind: str, seconds: float, call) -> dict:
    clock = FakeClock()
    provider = FakeProvider(clock, give_up_after=RUNAWAY_ATTEMPTS, latency=0.05)
    provider.outage(seconds, kind)
    with _shop([(AGENT, 5000)]) as shop, clock.replacing_time_sleep():
        ctx = RequestContext(AGENT, str(shop.path), provider)
        try:
            result = call(ctx)
            ended = f"returned {result!r}" if isinstance(result, dict) and "error" in result else "refunded"
        except ProviderHung:
            ended = "still waiting"
        except ProviderGaveUp:
            ended = f"still retrying after {RUNAWAY_ATTEMPTS} attempts"
        except errors.DomainError as exc:
            ended = f"{exc.status} {type(exc).__name__}"
    outage = f"{'503s' if kind == 'transient' else 'no answer'} for {seconds:g} s"
    return {"implementation": label, "outage": outage, "attempts": provider.attempts,
            "held_seconds": "forever" if ended.startswith("still") else round(clock.now, 2), "ended": ended}


# ---------------------------------------------------------------- the widget

def widget(prediction: Prediction = None, include_fix: bool = True):
    """A Run button for the rounding experiment (n orders, your fix beside the assistant's code if you
    have one): shows the summary table and the plot."""
    import ipywidgets as widgets
    from IPython.display import display

    n = widgets.IntSlider(value=10_000, min=1_000, max=10_000, step=1_000, description="orders")
    button = widgets.Button(description="Run", button_style="primary", icon="play")
    out = widgets.Output()

    def on_click(_=None) -> None:
        out.clear_output()
        with out:
            table = rounding(n.value, fix=your_fix() if include_fix else None)
            display(rounding_summary(table))
            figures.show(plot_rounding(table, current(prediction)))

    button.on_click(on_click)
    box = widgets.VBox([widgets.HBox([n, button]), out])
    display(box)
    return box
