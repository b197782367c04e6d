"""The shop around `quote()` (module 05): the price book, catalog sessions and the three callers.

Public, no key material. The pytest fixtures (fixtures.py) and the live experiment (experiment.py)
drive the implementation under test through these same classes, so a test and the experiment see
the same callers.

- `PriceBook`: the shop's price database (prices in cents, a version that every price change bumps,
  the 3-for-2 promotion window). Thread-safe: the worker thread reads while an admin writes.
- `Catalog`: a read session over a price book; what `quote(catalog, lines, at)` receives. The house
  rule (unit of work): the checkout opens one per request, the nightly job one per run, the worker
  one when it starts.
- The callers. Each calls the same `quote` the way its part of the system does, and converts the
  moment it is given to the form its data source uses (the same instant every time):
  `CheckoutHandler` (one request per call: a fresh session, a fresh list parsed from the request
  body, an aware UTC time from the web framework), `NightlyJob` (one session for the whole run, the
  cart list it keeps in memory passed as it is, a naive UTC time read from the database) and
  `MarketplaceWorker` (a real background thread: one session for its whole life, a fresh list per
  message, the time in the shop's local zone as the marketplace sends it).

Nothing here reads the wall clock. The servers' local time zone is Berlin's rule, set explicitly
(`server_time_zone()`), so code that reads a naive time as local time goes wrong the same way on
every machine.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
import contextlib
from datetime import datetime, timedelta, timezone
import os
import threading
import time
from typing import Any

from course.kits.callers import WORKER_TIMEOUT, WorkerThread
from course.kits.doubles import named_as

Line = tuple[str, int]
QuoteFunction = Callable[[Any, list, datetime], Any]

PROMO_STARTS = datetime(2024, 11, 29, 0, 0, tzinfo=timezone.utc)   # Black Friday, 00:00 UTC
PROMO_ENDS = datetime(2024, 12, 2, 0, 0, tzinfo=timezone.utc)      # the Monday after, 00:00 UTC (excluded)
PRICES = {"lamp": 2500, "mug": 900, "pen": 150}                      # the shop's starting catalog, in cents
SHOP_TZ = timezone(timedelta(hours=1), "CET")                        # Berlin in winter: the marketplace's times
SERVER_TZ = "CET-1CEST,M3.5.0,M10.5.0/3"                             # the servers' local zone (Berlin), POSIX rule


def as_utc(at: datetime) -> datetime:
    """The instant `at` in UTC. A naive time means UTC (how the shop's database stores times)."""
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


@contextlib.contextmanager
def server_time_zone(rule: str = SERVER_TZ) -> Iterator[None]:
    """Run the block with the process's local time zone set to `rule` (restored afterwards)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = rule
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


class PriceBook:
    """The shop's price database: `set_price` is an admin's change, effective at once."""

    def __init__(self, prices: dict[str, int] | None = None,
                 promotion: tuple[datetime, datetime] = (PROMO_STARTS, PROMO_ENDS)) -> None:
        self._lock = threading.Lock()
        self._prices = dict(PRICES if prices is None else prices)
        self._version = 1
        self.promotion = promotion   # (starts, ends): aware UTC, ends excluded

    def set_price(self, sku: str, cents: int) -> None:
        """Change (or add) a product's price, in cents; every catalog session sees it at once."""
        if isinstance(cents, bool) or not isinstance(cents, int) or cents < 0:
            raise ValueError(f"a price is a whole, non-negative number of cents, not {cents!r}")
        with self._lock:
            self._prices[str(sku)] = cents
            self._version += 1

    def price(self, sku: str) -> int:
        """The current price of `sku` in cents (KeyError for an unknown product)."""
        with self._lock:
            return self._prices[sku]

    def version(self) -> int:
        with self._lock:
            return self._version

    def catalog(self) -> "Catalog":
        """Open a read session, as a caller does (see the module docstring for who opens when)."""
        return Catalog(self)

    def __repr__(self) -> str:
        return f"<price book: {len(self._prices)} products>"


class Catalog:
    """A read session over a price book: what `quote(catalog, lines, at)` is given.

    Sessions compare by identity, like database sessions: two sessions are never "equal".
    """

    __slots__ = ("_book",)

    def __init__(self, book: PriceBook) -> None:
        self._book = book

    def price_cents(self, sku: str) -> int:
        """The product's current price in cents; KeyError for an unknown sku."""
        return self._book.price(sku)

    def promotion_window(self) -> tuple[datetime, datetime]:
        """(starts, ends) of the 3-for-2 promotion, aware UTC; `starts <= at < ends` is inside."""
        return self._book.promotion

    def version(self) -> int:
        """A number that changes with every price change (for caches that must not go stale)."""
        return self._book.version()

    def __repr__(self) -> str:
        return "<catalog session>"


named_as(Catalog, "house", "Catalog")   # what quote() is given, printed as the shop's own (course.kits.doubles)


class CheckoutHandler:
    """The checkout API: every call is one request with its own session and its own parsed cart."""

    name = "request handler"

    def __init__(self, quote: QuoteFunction, book: PriceBook) -> None:
        self._quote, self._book = quote, book

    def __call__(self, lines: Sequence[Line], at: datetime) -> Any:
        body = [(str(sku), int(qty)) for sku, qty in lines]     # parsed from the request's JSON
        return self._quote(self._book.catalog(), body, as_utc(at))

    def stop(self) -> None:
        pass


class NightlyJob:
    """The nightly reminder job: one session for its whole run, and the carts it keeps in memory."""

    name = "batch job"

    def __init__(self, quote: QuoteFunction, book: PriceBook) -> None:
        self._quote = quote
        self._catalog = book.catalog()   # opened when the run starts

    def __call__(self, lines: list[Line], at: datetime) -> Any:
        placed = as_utc(at).replace(tzinfo=None)                # read back from the database: naive UTC
        return self._quote(self._catalog, lines, placed)        # the job's own cached list, as it is

    def stop(self) -> None:
        pass


class MarketplaceWorker:
    """The marketplace worker: a background thread, started once, pricing one message at a time."""

    name = "worker thread"

    def __init__(self, quote: QuoteFunction, book: PriceBook, timeout: float = WORKER_TIMEOUT) -> None:
        self._quote = quote
        self._thread = WorkerThread("marketplace-worker", start=book.catalog, timeout=timeout)  # one session, for life

    def __call__(self, lines: Sequence[Line], at: datetime) -> Any:
        message = [(str(sku), int(qty)) for sku, qty in lines]  # decoded from the marketplace's message
        local = as_utc(at).astimezone(SHOP_TZ)                   # the marketplace sends the shop's local time
        return self._thread.run(lambda catalog: self._quote(catalog, message, local))

    def stop(self) -> None:
        self._thread.stop()


CALLERS = (CheckoutHandler, NightlyJob, MarketplaceWorker)
