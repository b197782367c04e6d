"""Trusted pytest plugin for the pricing scenario: a real fault service on loopback, a fake clock, and
the PriceClient under test wired to both.

Every call the client makes is a real HTTP request to the fault service on loopback, so it meets
real HTTP errors, real connection resets and real socket timeouts. The client is configured with the
service's production address, SERVICE_URL, which the scripted transport routes to loopback: nothing the
client sees (its URLs, its responses, its errors) tells a test run from production. What each call meets is scripted
in call order, and time is virtual (course.kits.faults.ScriptedUrlopen): nothing here depends on how
fast or busy the machine is.

Fixtures (take them as test arguments):
- `client`      the PriceClient under test, on the fault service and the fake clock: `client.get_price(sku)`
- `make_client` `make_client()` -> another client on the same service and clock (twenty shoppers at once)
- `service`     the pricing service. `service.prices` are the known products ({"lamp": 1999, ...}); any
                other sku is unknown (404).
                `service.script("503", "reset")`  the next calls get these behaviours, in order, then
                                                   normal answers again
                `service.always("503")`           every call from now on gets this
                behaviours: "503", "429", "500", "404", "reset" (the connection is reset), "hang" (no
                answer, ever), "ok" (a normal answer)
                `service.calls`     how many calls the client has made
                `service.timeouts`  the timeout each call passed, in order (None when it passed none)
- `clock`       the fake clock: `clock()` reads it, `clock.sleeps` lists every wait in seconds
- `PriceUnavailable`  the exception get_price raises when it gives up: `pytest.raises(PriceUnavailable)`

A call that meets "hang" without a timeout would wait forever: it raises CallHung instead, which
fails the test (`pytest.raises(PriceUnavailable)` does not catch it). A client that retries without
a cap gets RunawayRetries after 10 calls for one get_price.

    def test_a_503_is_retried(client, service):
        service.script("503")
        assert client.get_price("lamp") == 1999
        assert service.calls == 2
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
import importlib
from typing import Any

import pytest

from course.kits import faults
from course.kits.doubles import named_as
from course.sandboxed.facades import same_error_class

IMPORT_NAME = "prices"
PRICES = {"lamp": 1999, "desk": 24900, "chair": 8900}
SERVICE_URL = "https://prices.internal.example"   # the address every client under test is given


class PriceUnavailable(Exception):
    """What the client under test raised as its PriceUnavailable (the same class for every version)."""


class PricingService(faults.ScriptedService):
    """The fault service as a test sees it: script behaviours, count calls, read the timeouts passed."""

    def __init__(self, urlopen: faults.ScriptedUrlopen) -> None:
        super().__init__(urlopen)
        self.prices = dict(PRICES)


class ClientUnderTest:
    """A PriceClient under test, as the spec defines it: `get_price(sku)`, nothing else.

    Tests get this facade, not the implementation's object, so its private state cannot tell
    versions apart; its PriceUnavailable is re-raised as the fixtures' own PriceUnavailable.
    """

    __slots__ = ("get_price",)

    def __init__(self, get_price: Callable[[str], Any]) -> None:
        self.get_price = get_price

    def __repr__(self) -> str:
        return "<PriceClient under test>"


def new_client(base_url: str, urlopen: faults.ScriptedUrlopen, sleep: Callable[[float], None]) -> ClientUnderTest:
    """PriceClient(base_url, urlopen=urlopen, sleep=sleep) from the implementation under test, behind the facade."""
    module = importlib.import_module(IMPORT_NAME)

    # The code under test gets plain functions, never the ScriptedUrlopen or the clock themselves: with those a fix
    # rewrote what they noted (`self._urlopen.clock._sleeps`, made to look jittered: credited, red team).
    def scripted_urlopen(*args: Any, **kwargs: Any) -> Any:
        return urlopen(*args, **kwargs)

    def fake_sleep(seconds: float) -> None:
        sleep(seconds)

    # and printed as production's (urllib.request.urlopen; time.sleep, though that one stays a builtin there)
    named_as(scripted_urlopen, "urllib.request", "urlopen")
    named_as(fake_sleep, "time", "sleep")
    implementation = module.PriceClient(base_url, urlopen=scripted_urlopen, sleep=fake_sleep)

    def get_price(sku: str) -> Any:
        """The price of `sku` in cents (the implementation under test's get_price)."""
        urlopen.begin()
        return same_error_class(module, "PriceUnavailable", PriceUnavailable, lambda: implementation.get_price(sku))

    return ClientUnderTest(get_price)


@pytest.fixture(scope="session")
def _fault_service() -> Iterator[faults.FaultService]:
    with faults.serve(responder=faults.prices(PRICES)) as service:
        yield service


@pytest.fixture
def clock() -> faults.FakeClock:
    """A fake clock starting at 1000.0 s; the client's sleep() moves it and is recorded in clock.sleeps."""
    return faults.FakeClock()


@pytest.fixture
def _urlopen(_fault_service: faults.FaultService, clock: faults.FakeClock) -> faults.ScriptedUrlopen:
    return faults.ScriptedUrlopen(clock, routes={SERVICE_URL: _fault_service.url})


@pytest.fixture
def service(_urlopen: faults.ScriptedUrlopen) -> PricingService:
    """The pricing service: script its behaviours, count the client's calls, read their timeouts."""
    return PricingService(_urlopen)


@pytest.fixture
def make_client(_urlopen: faults.ScriptedUrlopen, clock: faults.FakeClock) -> Callable[[], ClientUnderTest]:
    """`make_client()`: a new PriceClient under test on the same service and clock."""
    def make() -> ClientUnderTest:
        return new_client(SERVICE_URL, _urlopen, clock.sleep)
    return make


@pytest.fixture
def client(make_client: Callable[[], ClientUnderTest]) -> ClientUnderTest:
    """The PriceClient under test: `client.get_price(sku)`."""
    return make_client()


@pytest.fixture(name="PriceUnavailable")
def price_unavailable() -> type[PriceUnavailable]:
    """The exception get_price raises when every attempt has failed."""
    return PriceUnavailable
