"""Live experiment for the pricing scenario: real clients, real threads, the real fault service, real time.

Ungraded and wall-clock based (handbook section 8). Shoppers call get_price("lamp") at the same time
while the service fails a chosen share of calls with a mix of 503s, 429s, resets and stalls (an
answer that takes STALL_S seconds). For each failure rate: the share of calls that got the right
price, the share told "no such product" (None for a lamp that exists), the errors, p50/p99 latency,
and the calls the service received per get_price (amplification).

Time runs SPEED times faster than the service's clock so a sweep takes seconds: every delay the
service adds, every timeout a client passes to urlopen and every sleep it asks for is multiplied by
SPEED, and latencies are reported back in service seconds. Nothing else changes: the sockets,
threads, timeouts and resets are real. Every function the widget calls returns a DataFrame, so the
experiment also runs headless.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import logging
import socket
import time
from types import ModuleType
from typing import TYPE_CHECKING, Any, Iterable

import pandas as pd

from course.notebook import answer_store
from course.kits import faults, race
from course import figures
from course.scenarios.pricing import SCENARIO
from course.kits.live import Prediction, current

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SPEED = 0.1                  # real seconds per service second
STALL_S = 10.0               # a stalled answer takes this long (service seconds)
FAULT_MIX = ("503", "429", "reset", "stall")     # "stall": a normal answer after STALL_S
SKU, PRICE = "lamp", 1999
RATES = (0.0, 0.1, 0.2, 0.3, 0.5, 0.7)
COLUMNS = ["implementation", "failure_rate", "latency_ms", "requests", "correct", "said_missing", "errors",
           "success_rate", "p50_s", "p99_s", "calls", "amplification", "seconds"]
_NOT_GIVEN = object()


def load(source: str) -> ModuleType:
    """A fresh copy of an implementation from its source, its log messages kept out of the notebook."""
    module = race.fresh_copy(SCENARIO.snippet_path(), code=source)
    logger = logging.getLogger(module.__name__)
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return module


def implementations(fix_source: str | None = None) -> dict[str, ModuleType]:
    """The assistant's client, and your fix when given (its source), by label."""
    impls = {"assistant's code": load(SCENARIO.snippet_path().read_text())}
    if fix_source and fix_source.strip():
        impls["your fix"] = load(fix_source)
    return impls


def scaled_urlopen(url: Any, data: bytes | None = None, timeout: Any = _NOT_GIVEN) -> Any:
    """urlopen on the compressed clock: the client's timeout (service seconds) becomes timeout * SPEED."""
    if timeout is _NOT_GIVEN or timeout is None or timeout is socket._GLOBAL_DEFAULT_TIMEOUT:
        return faults.direct_urlopen(url, data)            # no timeout: waits as long as it takes
    return faults.direct_urlopen(url, data, timeout * SPEED)


def scaled_sleep(seconds: float) -> None:
    time.sleep(seconds * SPEED)


def chooser(failure_rate: float, latency_ms: float = 20.0, seed: int = 0) -> faults.Seeded:
    """The service's faults at one failure rate, on the compressed clock (the service waits real seconds)."""
    mix = [f"slow:{STALL_S * SPEED}" if f == "stall" else f for f in FAULT_MIX]
    return faults.Seeded(failure_rate, mix, latency_s=latency_ms / 1000 * SPEED, seed=seed)


def _one_call(client: Any, unavailable: type | None) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        price = client.get_price(SKU)
        outcome = "correct" if price == PRICE else ("said_missing" if price is None else f"wrong: {price!r}")
    except Exception as exc:
        outcome = "PriceUnavailable" if unavailable and isinstance(exc, unavailable) else type(exc).__name__
    return outcome, (time.perf_counter() - started) / SPEED


def run_once(service: faults.FaultService, module: ModuleType, failure_rate: float, latency_ms: float = 20.0,
             requests: int = 40, shoppers: int = 8, seed: int = 0, label: str = "") -> dict:
    """`requests` get_price calls from `shoppers` threads at one failure rate: one result row."""
    service.use(chooser(failure_rate, latency_ms, seed))
    client = module.PriceClient(service.url, urlopen=scaled_urlopen, sleep=scaled_sleep)
    unavailable = getattr(module, "PriceUnavailable", None)
    calls_before, started = service.calls, time.perf_counter()
    with ThreadPoolExecutor(max_workers=shoppers) as pool:
        results = list(pool.map(lambda _: _one_call(client, unavailable), range(requests)))
    seconds = time.perf_counter() - started
    calls = service.calls - calls_before
    outcomes = [o for o, _ in results]
    latencies = pd.Series([t for _, t in results])
    errors = sorted({o for o in outcomes if o not in ("correct", "said_missing")})
    return {"implementation": label or module.__name__, "failure_rate": failure_rate, "latency_ms": latency_ms,
            "requests": requests, "correct": outcomes.count("correct"), "said_missing": outcomes.count("said_missing"),
            "errors": ", ".join(f"{outcomes.count(e)} {e}" for e in errors),
            "success_rate": outcomes.count("correct") / requests,
            "p50_s": round(float(latencies.quantile(0.5)), 3), "p99_s": round(float(latencies.quantile(0.99)), 3),
            "calls": calls, "amplification": round(calls / requests, 2), "seconds": round(seconds, 2)}


def sweep(rates: Iterable[float] = RATES, latency_ms: float = 20.0, requests: int = 40, shoppers: int = 8,
          fix_source: str | None = None, progress: bool = True, seed: int = 0) -> pd.DataFrame:
    """run_once over several failure rates, for the assistant's code (and your fix): the table behind the plot."""
    from tqdm.auto import tqdm

    impls = implementations(fix_source)
    jobs = [(label, module, rate) for label, module in impls.items() for rate in rates]
    with faults.serve(responder=faults.prices({SKU: PRICE})) as service:
        rows = [run_once(service, module, rate, latency_ms, requests, shoppers, seed, label)
                for label, module, rate in tqdm(jobs, desc="failure rates", disable=not progress, leave=False)]
    return pd.DataFrame(rows, columns=COLUMNS)


def plot(results: pd.DataFrame, prediction: float | None = None, predicted_rate: float = 0.3) -> Figure:
    """Success rate (and "no such product" answers), p50/p99 latency and amplification against the failure rate."""
    fig = figures.new_figure(figsize=(13, 5.2), layout="constrained")   # the layout keeps room for the legends
    ok, slow, amp = fig.subplots(1, 3)
    for (label, group), color in zip(results.groupby("implementation", sort=False), ["tab:red", "tab:blue"]):
        x = group["failure_rate"] * 100
        ok.plot(x, group["success_rate"] * 100, marker="o", color=color, label=f"{label}: right price")
        ok.plot(x, group["said_missing"] / group["requests"] * 100, marker="x", linestyle="--", color=color,
                label=f"{label}: \"no such product\"")
        slow.plot(x, group["p50_s"], marker="o", color=color, label=f"{label} p50")
        slow.plot(x, group["p99_s"], marker="^", linestyle=":", color=color, label=f"{label} p99")
        amp.plot(x, group["amplification"], marker="o", color=color, label=label)
    if prediction is not None:
        ok.plot([predicted_rate * 100], [prediction], marker="*", markersize=14, color="black", linestyle="none",
                label="your prediction")
    ok.set(xlabel="calls the service fails (%)", ylabel="share of get_price calls (%)", ylim=(-3, 103),
           title="Answers")
    slow.set(xlabel="calls the service fails (%)", ylabel="latency of get_price (service seconds)",
             title="Latency, p50 and p99")
    amp.set(xlabel="calls the service fails (%)", ylabel="calls received per get_price",
            title="Amplification", ylim=(0, 3.5))
    for ax in (ok, slow, amp):
        ax.grid(alpha=0.3)
        # below the axes: inside, a legend hid points (the learner's prediction star among them)
        ax.legend(fontsize=figures.MIN_FONT, loc="upper center", bbox_to_anchor=(0.5, -0.16))
    n = int(results["requests"].iloc[0]) if len(results) else 0
    fig.suptitle(f"{n} calls per point; faults: {', '.join(FAULT_MIX[:-1])} and {STALL_S:g} s stalls",
                 fontsize=figures.MIN_FONT)
    return fig


def widget(prediction: Prediction = None, include_fix: bool = True):
    """Sliders (highest failure rate, latency, calls per point) and a Run button; shows the table and the plot.

    With include_fix, your fix (from your last %%fix pricing cell, if any) runs beside the assistant's
    code; it is looked up each time you press Run.
    """
    import ipywidgets as widgets
    from IPython.display import display

    top = widgets.FloatSlider(value=0.5, min=0.1, max=0.9, step=0.1, description="max failure")
    latency = widgets.IntSlider(value=20, min=0, max=200, step=10, description="latency (ms)")
    requests = widgets.IntSlider(value=40, min=10, max=100, step=10, description="calls/point")
    button = widgets.Button(description="Run", button_style="primary", icon="play")
    out = widgets.Output()

    def on_click(_: Any = None) -> None:
        out.clear_output()
        with out:
            rates = sorted({r for r in RATES if r < top.value} | {round(top.value, 2)})
            fix = answer_store.fix_source(SCENARIO.name) if include_fix else None
            results = sweep(rates, latency.value, requests.value, fix_source=fix)
            display(results.drop(columns=["latency_ms", "requests"]))
            figures.show(plot(results, current(prediction)))

    button.on_click(on_click)
    box = widgets.VBox([widgets.HBox([top, latency, requests, button]), out])
    display(box)
    return box
