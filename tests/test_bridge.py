"""course.sandboxed.bridge, both ends in this process over a real socket pair: what crosses, how, and what never does.

The judge's boundary rests on it (a learner's tests hold proxies only), so each rule it states is checked here:
values by exact type, handles for the rest, exceptions as class and message, in-place changes to arguments copied
back, nested calls that keep their thread, and refusals (private attributes, modules, frames, stale handles).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
import json
from pathlib import Path, PurePosixPath
import queue
import socket
import struct
import sys
import threading
import types

import pytest

from course.sandboxed.bridge import Bridge, BridgeClosed, CrossingRefused, Proxy, connected_pair


class Shop:
    """A stand-in for a scenario fixture: public methods, a private attribute, a path, a module."""

    def __init__(self) -> None:
        self.stock = {"lamp": 1}
        self._secret = "implementation detail"
        self.path = Path("/somewhere/shop.db")
        self.module = types   # a module: must never cross

    def sell(self, sku: str, qty: int) -> int:
        if qty <= 0:
            raise ValueError(f"qty must be positive, got {qty}")
        self.stock[sku] -= qty
        return self.stock[sku]

    def sort_in_place(self, lines: list) -> None:
        lines.sort()

    def fill(self, into: dict, also: list) -> None:
        into["added"] = len(also)
        also.append(into)

    def call_back(self, fn, *args):
        return fn(*args)

    def thread_of_caller(self) -> str:
        return threading.current_thread().name

    def call_back_from_new_thread(self, fn) -> list:
        got: list = []
        worker = threading.Thread(target=lambda: got.append(fn()), name="host-worker")
        worker.start()
        worker.join()
        return got

    def frame(self):
        return sys._getframe()

    def gen(self):
        yield 1
        yield 2


class NotFound(LookupError):
    pass


@pytest.fixture
def ends():
    """(tests' end, host's end, the host's lent Shop as a proxy on the tests' end)."""
    a, b = connected_pair()
    tests, host = Bridge(a, "t"), Bridge(b, "h")
    shop = Shop()
    host.services["shop"] = lambda: shop
    host.services["raise_not_found"] = lambda: (_ for _ in ()).throw(NotFound("order 7"))
    tests.start()
    host.start()
    yield tests, host, tests.call_service("shop")
    for end in (a, b):
        end.shutdown(socket.SHUT_RDWR)   # wakes both readers (a close alone does not), so their threads end
        end.close()


def test_plain_values_cross_by_exact_type(ends):
    tests, host, _ = ends
    values = [None, True, 0, -2**80, 1.5, float("inf"), 2j, "naïve \udcff", b"\x00\xff", [1, [2]], (1, (2,)),
              {"k": (1, 2)}, {1, 2}, frozenset({3}), Decimal("10.10"), Fraction(1, 3), date(2024, 11, 29),
              datetime(2024, 11, 29, 12, 0, tzinfo=timezone(timedelta(hours=1))), datetime(2024, 1, 1, 3, 0),
              timedelta(days=1, microseconds=5), slice(1, None, 2)]
    host.services["echo"] = lambda v: v
    for value in values:
        back = tests.call_service("echo", value)
        assert back == value and type(back) is type(value), value
    aware = tests.call_service("echo", values[17])
    assert aware.utcoffset() == timedelta(hours=1)


def test_other_objects_are_handles_with_public_attributes_and_calls(ends):
    _, _, shop = ends
    assert isinstance(shop, Proxy)
    assert shop.stock == {"lamp": 1}          # a dict attribute: by value
    assert shop.sell("lamp", 1) == 0
    assert shop.stock == {"lamp": 0}          # the host's object changed, we see it on the next read
    assert "sell" in dir(shop) and "_secret" not in dir(shop)
    assert shop.path == PurePosixPath("/somewhere/shop.db")
    assert not hasattr(shop.path, "read_bytes")   # a path is a name here, never a file of the other side


@pytest.mark.parametrize("name", ["_secret", "__dict__", "_Shop__x", "__wrapped__", "__globals__"])
def test_private_attributes_never_cross(ends, name):
    _, _, shop = ends
    with pytest.raises(AttributeError):
        getattr(shop, name)


def test_what_a_proxy_is_made_of_is_local(ends):
    _, _, shop = ends
    assert shop.__class__ is Proxy and type(shop) is Proxy   # nothing about the other side's class


def test_private_names_are_refused_by_the_owner_too(ends):
    """A hand-made request for a private name (not through Proxy) is refused by the side that holds the object."""
    tests, _, shop = ends
    with pytest.raises(CrossingRefused, match="only public attributes"):
        tests.request("getattr", shop._hid, "_secret")
    with pytest.raises(CrossingRefused, match="operator"):
        tests.request("op", shop._hid, "__reduce__")


def test_modules_frames_and_generator_internals_never_cross(ends):
    _, _, shop = ends
    with pytest.raises(CrossingRefused, match="module"):
        shop.module
    with pytest.raises(CrossingRefused, match="frame"):
        shop.frame()
    gen = shop.gen()
    assert list(gen) == [1, 2]                 # iteration works through the handle
    with pytest.raises((CrossingRefused, AttributeError)):
        shop.gen().gi_frame


def test_exceptions_cross_as_their_class_and_message(ends):
    tests, _, shop = ends
    with pytest.raises(ValueError, match="qty must be positive, got 0"):
        shop.sell("lamp", 0)
    with pytest.raises(LookupError) as caught:   # a class of the other side: a stand-in with the same bases
        tests.call_service("raise_not_found")
    assert type(caught.value).__name__ == "NotFound" and str(caught.value) == "order 7"
    with pytest.raises(NotFound):   # this module is imported on both ends: the very class
        tests.call_service("raise_not_found")


def test_repr_has_no_memory_address(ends):
    tests, host, shop = ends
    host.services["fn"] = lambda: (lambda: None)
    assert " at 0x" not in repr(shop) and "Shop" in repr(shop)
    assert " at 0x" not in repr(tests.call_service("fn"))


def test_in_place_changes_to_arguments_come_back(ends):
    """A callee that sorts or fills the caller's list or dict: the caller's own objects change (module 05's in-place
    sort is caught this way), aliasing included."""
    _, _, shop = ends
    lines = [("pen", 2), ("lamp", 1)]
    shop.sort_in_place(lines)
    assert lines == [("lamp", 1), ("pen", 2)]
    into: dict = {}
    also = [1, 2]
    shop.fill(into, also)
    assert into == {"added": 2}
    assert also[:2] == [1, 2] and also[2] is into   # the same dict object, not a copy of it


def test_a_callback_is_served_by_the_thread_that_waits_for_it(ends):
    """Nested calls keep their thread: the host calls back into us while our call waits; our callback calls the host
    again; that call runs in the host thread that made the callback (so a race driver's pause holds)."""
    _, _, shop = ends
    me = threading.current_thread().name
    seen = shop.call_back(lambda: (threading.current_thread().name, shop.thread_of_caller()))
    assert seen[0] == me
    host_thread = shop.thread_of_caller()
    assert seen[1] == host_thread   # the same host thread served the outer call and the nested one


def test_a_thread_the_host_starts_gets_a_thread_of_its_own_here(ends):
    _, _, shop = ends
    me = threading.current_thread().name
    [(name, inner)] = shop.call_back_from_new_thread(lambda: (threading.current_thread().name, shop.thread_of_caller()))
    assert name != me
    assert inner == "host-worker"   # its nested call ran in the host's worker thread


def test_a_handle_from_an_earlier_test_stops_working(ends):
    tests, host, shop = ends
    host.forget_lent()
    with pytest.raises(CrossingRefused, match="earlier test"):
        shop.sell("lamp", 1)


def test_a_gone_process_ends_a_waiting_call_instead_of_hanging():
    a, b = connected_pair()
    tests, host = Bridge(a, "t").start(), Bridge(b, "h").start()
    entered = threading.Event()
    release = threading.Event()

    def hang() -> None:
        entered.set()
        release.wait()
    host.services["hang"] = hang
    errors: queue.SimpleQueue = queue.SimpleQueue()
    caller = threading.Thread(target=lambda: _capture(errors, tests.call_service, "hang"))
    caller.start()
    assert entered.wait(30)
    b.shutdown(socket.SHUT_RDWR)   # the host's end goes away while the call waits (as when its process dies)
    b.close()
    caller.join(30)
    release.set()
    assert isinstance(errors.get_nowait(), BridgeClosed)
    a.close()


def _capture(out: queue.SimpleQueue, fn, *args) -> None:
    try:
        fn(*args)
    except BaseException as exc:   # noqa: B902
        out.put(exc)


@pytest.mark.parametrize("garbage", [b"not json", json.dumps(["a list"]).encode(), b"[" * 100_000])
def test_a_message_that_does_not_parse_ends_the_connection(garbage):
    a, b = connected_pair()
    host = Bridge(b, "h").start()
    a.sendall(struct.pack("!I", len(garbage)) + garbage)
    host._reader.join(30)
    assert host.closed
    a.close()
    b.close()


def test_values_nested_too_deeply_are_refused(ends):
    tests, host, _ = ends
    host.services["echo"] = lambda v: v
    deep: list = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(CrossingRefused, match="deeply"):
        tests.call_service("echo", deep)


def test_threads_serving_the_other_sides_chains_retire_between_tests(ends):
    """Each thread of theirs that calls us gets a thread here; forget_lent (the end of a test) retires them, so a
    run of many tests that each start threads never reaches MAX_CHAINS, and a later call still gets served."""
    tests, host, shop = ends
    host.services["who"] = lambda: threading.current_thread().name
    before = set(threading.enumerate())
    for _ in range(3):
        workers = [threading.Thread(target=lambda: tests.call_service("who")) for _ in range(5)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(30)
        host.forget_lent()
    for thread in set(threading.enumerate()) - before:   # each serving thread ends once it has read its retire
        thread.join(30)                                  # (the callers are done: every new thread is one)
        assert not thread.is_alive(), thread.name
    with host._lock:
        assert len(host._chains) <= 1   # only the chain of this (main) thread may remain
    caller = threading.Thread(target=lambda: tests.call_service("who"))
    caller.start()
    caller.join(30)
    assert not caller.is_alive()
    assert tests.call_service("who")


class Template(str):
    """A str subclass: it crosses as a handle, and its `format` is str.format on its own text."""


@pytest.mark.parametrize("gadget", ["str.format", "str.format_map", "a str subclass's format", "getattr",
                                    "operator.attrgetter"])
def test_text_driven_attribute_lookups_never_run_for_the_other_side(ends, gadget):
    """Red team: `conn.text_factory` is the host's `str` type, and `str.format("{0.__globals__[...].__code__}", fn)`
    run by the owner walked any attribute of its objects (a learner's tests read the implementation's bytecode and
    constants through it). What looks up attributes named in text is refused, fetched or called."""
    import operator

    tests, host, shop = ends
    host.services["str_type"] = lambda: str
    host.services["template"] = lambda: Template("{0._secret}")
    host.services["gadget"] = lambda: {"getattr": getattr, "operator.attrgetter": operator.attrgetter("_secret")}[gadget]
    if gadget.startswith("str.format"):
        with pytest.raises(CrossingRefused, match="looks up attributes"):
            getattr(tests.call_service("str_type"), gadget.split(".")[1])
    elif gadget.startswith("a str"):
        with pytest.raises(CrossingRefused, match="looks up attributes"):
            tests.call_service("template").format(shop)
    else:
        with pytest.raises(CrossingRefused, match="looks up attributes"):
            tests.call_service("gadget")(shop) if gadget != "getattr" else tests.call_service("gadget")(shop, "_secret")
    assert tests.call_service("str_type")(12) == "12"   # the type itself still works as a callable


def test_an_exception_class_is_resolved_only_where_it_lives(ends):
    """Red team: a class named `<module>.<name>` was resolved through any module's globals, so a stand-in sent as
    `refunds.DomainError` came back as `house.errors.DomainError` exactly when the module under test had imported
    that name: an oracle on the implementation's globals. Only the class defined under that name resolves."""
    tests, _, shop = ends
    importer = types.ModuleType("module_under_test")
    importer.NotFound = NotFound                 # `from ... import NotFound` in the implementation
    sys.modules["module_under_test"] = importer
    try:
        probe = type("NotFound", (Exception,), {"__module__": "module_under_test"})
        bag = [probe]
        shop.sort_in_place(bag)                  # any call: the list comes back as the host decoded it
        assert bag[0] is not NotFound and repr(bag[0]) == repr(probe)
        home = type("NotFound", (Exception,), {"__module__": NotFound.__module__})
        bag = [home]
        shop.sort_in_place(bag)
        assert bag[0] is NotFound                # where the class lives, it is the very class on both ends
    finally:
        del sys.modules["module_under_test"]
