"""The refund scenario's test doubles and test view of the database, shared by the fixtures and the
live experiment. Importing this needs the `house` package on the path (the module folder, or the
run folder where the runner copies it).

- FakeClock     time that moves only when told to; its sleep() records and advances
- FakeProvider  the payment provider: counts attempts, records timeouts, fails on cue
- ShopDB        a real SQLite file with the house schema, seen from outside any tenant
"""
from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
import sqlite3
import threading
import time
from typing import Callable, Iterable, Iterator
import weakref

from course.kits.doubles import named_as

from house.errors import PaymentDeclined, TransientError
from house.repository import create_schema

GIVE_UP_AFTER = 20   # failed attempts in a row after which the fake provider stops the test
KINDS = ("transient", "declined", "hang")
SEED_ORDERS = (("acme", 5000, "ana"), ("acme", 1990, "ben"), ("acme", 2675, "cy"),
               ("globex", 5000, "dee"), ("globex", 12900, "eli"))

_connect = sqlite3.connect   # the test view's own connections, never counted as the code under test's


class ProviderGaveUp(BaseException):
    """The fake provider has failed GIVE_UP_AFTER attempts in a row and stops the test: code that
    never stops retrying would otherwise run forever. (A BaseException, so `except Exception`
    cannot swallow it.)"""


class ProviderHung(BaseException):
    """The provider did not answer, and the call had no timeout: a real call would wait forever."""


class FakeClock:
    """Seconds that pass only when something sleeps or the test advances them."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.sleeps: list[float] = []   # every sleep, in order

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        self.sleeps.append(seconds)
        self.advance(seconds)

    def reset(self) -> None:
        self.now, self.sleeps = 0.0, []

    @contextmanager
    def replacing_time_sleep(self) -> Iterator[FakeClock]:
        """time.sleep is this clock's sleep while the block runs, in the calling thread only
        (a notebook kernel's own threads keep the real one)."""
        real, owner = time.sleep, threading.get_ident()

        def sleep(seconds: float) -> None:
            (self.sleep if threading.get_ident() == owner else real)(seconds)

        time.sleep = sleep
        try:
            yield self
        finally:
            time.sleep = real


class _Sealed(type):
    """A class whose attributes cannot be replaced from outside (`type(ctx.payments).timeouts = ...` would put the
    fix's own numbers in place of the record)."""

    def __setattr__(cls, name: str, value: object) -> None:
        raise AttributeError(f"{cls.__name__} is a test double of the grader's: its class cannot be changed")

    def __delattr__(cls, name: str) -> None:
        raise AttributeError(f"{cls.__name__} is a test double of the grader's: its class cannot be changed")


class FakeProvider(metaclass=_Sealed):
    """The payment provider (`ctx.payments`). Each refund call is an attempt; scripted failures come
    first, in order, then an outage's failures while it lasts, then calls succeed.

    - transient: raises TransientError (a 503)
    - declined:  raises PaymentDeclined (a 4xx: final)
    - hang:      no answer; with a timeout the call takes that long and raises TransientError,
                 without one it would wait forever, so it raises ProviderHung
    """

    def __init__(self, clock: FakeClock | None = None, on_attempt: Callable[[], None] | None = None,
                 give_up_after: int = GIVE_UP_AFTER, latency: float = 0.0) -> None:
        self.clock = clock or FakeClock()
        self.give_up_after = give_up_after         # failures in a row before ProviderGaveUp
        self.latency = latency                     # fake seconds each answer takes
        _RECORDS[self] = _Record(on_attempt=on_attempt)

    # What the provider saw is kept out of the object (in _RECORDS, a module global): the code under test gets this
    # object as ctx.payments, and a fix rewrote `ctx.payments.timeouts` after five-minute calls, so the hidden test
    # of timeouts passed (red team). The attributes below are read-only copies.
    @property
    def attempts(self) -> int:
        """Refund calls, failed ones included."""
        return _RECORDS[self].attempts

    @property
    def timeouts(self) -> list[float | None]:
        """The timeout each refund call was given, in order (a copy)."""
        return list(_RECORDS[self].timeouts)

    @property
    def refunds(self) -> list[tuple[str, int]]:
        """Accepted refunds: (charge_id, amount_cents), in order (a copy)."""
        return list(_RECORDS[self].refunds)

    def fail_next(self, times: int = 1, kind: str = "transient") -> None:
        """Make the next `times` refund calls fail in the given way (see the class docstring)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        _RECORDS[self].script.extend([kind] * int(times))

    def outage(self, seconds: float, kind: str = "transient") -> None:
        """Fail every call in the given way until the clock has moved on `seconds` from now."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        _RECORDS[self].down = (self.clock.now + seconds, kind)

    def refund(self, charge_id: str, amount_cents: int, *, timeout: float | None = None) -> str:
        record = _RECORDS[self]
        record.attempts += 1
        record.timeouts.append(timeout)
        if record.on_attempt is not None:
            record.on_attempt()
        if record.script:
            kind: str | None = record.script.popleft()
        elif record.down is not None and self.clock.now < record.down[0]:
            kind = record.down[1]
        else:
            kind = None
        if kind != "hang":
            self.clock.advance(self.latency)
        if kind is None:
            record.failed_in_a_row = 0
            record.refunds.append((charge_id, amount_cents))
            return f"re_{len(record.refunds)}"
        record.failed_in_a_row += 1
        if record.failed_in_a_row > self.give_up_after:
            raise ProviderGaveUp(f"the payment provider failed {self.give_up_after} attempts in a row and the "
                                 "code under test kept trying: it never gives up")
        if kind == "declined":
            raise PaymentDeclined(f"the card issuer declined refunding {amount_cents} cents of {charge_id}")
        if kind == "hang":
            if timeout is None:
                raise ProviderHung("the payment provider did not answer and the call had no timeout: "
                                   "it would have waited forever")
            self.clock.advance(timeout)
            raise TransientError(f"no answer from the payment provider within {timeout} s")
        raise TransientError("the payment provider answered 503 Service Unavailable")

    def charge_status(self, charge_id: str, *, timeout: float | None = None) -> str:
        return "partially_refunded" if any(c == charge_id for c, _ in _RECORDS[self].refunds) else "captured"


# `ctx.payments` printed as the platform's HTTP client that production hands handlers (house.payments), not as a fake
# (course.kits.doubles), and its two ways of stopping a test as that client's: a learner's notebook and test results
# showed `course.scenarios.refund.fakes.ProviderHung`. They still cross the bridge, as one class per name
# (tests/test_refund.py: a learner's `pytest.raises` of the class holds; nothing imports them on the other side).
named_as(FakeProvider, "platform_payments.client", "PaymentsClient")
named_as(ProviderGaveUp, "platform_payments.client", "ProviderGaveUp")
named_as(ProviderHung, "platform_payments.client", "ProviderHung")


@dataclass
class _Record:
    """What one FakeProvider saw and is scripted to do (see FakeProvider: never reachable from the object)."""
    on_attempt: Callable[[], None] | None = None
    attempts: int = 0
    timeouts: list = field(default_factory=list)
    refunds: list = field(default_factory=list)
    script: deque = field(default_factory=deque)
    down: tuple[float, str] | None = None        # (until, kind) of an outage
    failed_in_a_row: int = 0


_RECORDS: "weakref.WeakKeyDictionary[FakeProvider, _Record]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class RefundRow:
    id: int
    tenant_id: str
    order_id: int
    amount_cents: int
    provider_ref: str


class ShopDB:
    """The shop's database file with the house schema, read and written from outside any tenant
    (the test's view: it sees every tenant's rows)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def create(cls, path: Path, seed: bool = True) -> ShopDB:
        create_schema(str(path))
        db = cls(path)
        if seed:
            db.add_orders(SEED_ORDERS)
        return db

    def _conn(self) -> sqlite3.Connection:
        return _connect(str(self.path), timeout=5.0)

    def add_order(self, tenant: str, total_cents: int, customer: str = "test-customer") -> int:
        """A new paid order of `tenant`; returns its id (its charge id is "ch_<id>")."""
        return self.add_orders([(tenant, total_cents, customer)])[0]

    def add_orders(self, orders: Iterable[tuple[str, int, str]]) -> list[int]:
        """Orders of (tenant, total_cents, customer), in one transaction; returns their ids."""
        conn = self._conn()
        try:
            with conn:
                ids = [int(conn.execute("INSERT INTO orders (tenant_id, customer, total_cents, charge_id)"
                                        " VALUES (?, ?, ?, '')", (tenant, customer, int(total))).lastrowid)
                       for tenant, total, customer in orders]
                conn.execute("UPDATE orders SET charge_id = 'ch_' || id WHERE charge_id = ''")
            return ids
        finally:
            conn.close()

    def orders_of(self, tenant: str) -> list[int]:
        """The ids of `tenant`'s orders, oldest first."""
        return [r[0] for r in self._rows("SELECT id FROM orders WHERE tenant_id = ? ORDER BY id", (tenant,))]

    def total_cents(self, order_id: int) -> int:
        [(total,)] = self._rows("SELECT total_cents FROM orders WHERE id = ?", (order_id,))
        return int(total)

    def refunds(self, order_id: int | None = None) -> list[RefundRow]:
        """Every refund recorded (of one order, if given), whatever the tenant, oldest first."""
        where, params = ("WHERE order_id = ?", (order_id,)) if order_id is not None else ("", ())
        return [RefundRow(*r) for r in self._rows(
            f"SELECT id, tenant_id, order_id, amount_cents, provider_ref FROM refunds {where} ORDER BY id", params)]

    def refunded_cents(self, order_id: int) -> int:
        return sum(r.amount_cents for r in self.refunds(order_id))

    def _rows(self, sql: str, params: tuple) -> list[tuple]:
        conn = self._conn()
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
