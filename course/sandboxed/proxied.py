"""The tests' side of a judged run: every scenario fixture is a proxy into the implementation's process.

Loaded with `-p course.sandboxed.proxied` (instead of the scenario's fixtures plugin) in the process that
runs the learner's tests (see course.judge.testrun and course.sandboxed.host for the protocol). Nothing of
the implementation under test is in this process: its fixtures hand out proxies (course.sandboxed.bridge),
so tests can observe behaviour and nothing else. Importing this module waits for the other process's
hello; if it never comes the import fails, the recorder writes no "ready" record, and the run is a grader
fault, not the learner's failure.
"""
from __future__ import annotations

import os
import queue
import socket
from typing import Any, Callable

import pytest

from course.sandboxed.bridge import Bridge, BridgeClosed
from course.sandboxed.host import BRIDGE_ENV, MAIN_CHAIN


def _connect() -> tuple[Bridge, queue.SimpleQueue, list[str]]:
    fd = os.environ.pop(BRIDGE_ENV, None)
    if fd is None:
        raise ImportError(f"{BRIDGE_ENV} is not set: this plugin runs only under the judge")
    bridge = Bridge(socket.socket(fileno=int(fd)), "t")
    control: queue.SimpleQueue = queue.SimpleQueue()
    bridge.on_control = control.put
    bridge.adopt_chain(MAIN_CHAIN)
    bridge.start()
    hello = control.get()
    if hello.get("op") != "hello":
        raise ImportError("the implementation's process did not start (no hello from it)")
    return bridge, control, [str(n) for n in hello.get("fixtures", [])]


_bridge, _control, FIXTURES = _connect()
_slots: dict[str, int] = {}


def _next(*ops: str) -> dict:
    message = _control.get()
    if message.get("op") == "closed":
        _control.put(message)   # every later wait sees it too
        raise BridgeClosed("the implementation's process ended")
    if message.get("op") not in ops:
        raise RuntimeError(f"judge protocol: expected {ops}, got {message.get('op')!r}")
    return message


def _proxy_fixture(name: str) -> Callable[[], Any]:
    def fixture() -> Any:
        return _bridge.call_service("fixture", name)
    fixture.__name__ = fixture.__qualname__ = f"proxy_{name}"
    fixture.__doc__ = f"The scenario's {name!r}, held by the implementation's process (a proxy)."
    return pytest.fixture(name=name)(fixture)


for _index, _name in enumerate(FIXTURES):
    globals()[f"_proxy_fixture_{_index}"] = _proxy_fixture(_name)


def pytest_collection_finish(session: pytest.Session) -> None:
    _bridge.send_control(op="items", count=len(session.items))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    message = _next("ready", "setup_error")
    _slots[item.nodeid] = int(message["slot"])
    if message["op"] == "setup_error":
        raise RuntimeError(str(message.get("message", "a fixture could not be set up")))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    try:
        return (yield)   # the test's own fixtures first: they may still use proxies
    finally:
        slot = _slots.pop(item.nodeid, None)
        if slot is not None and not _bridge.closed:
            _bridge.post(op="end", slot=slot)
            message = _next("done")
            _bridge.forget_lent()
            if message.get("message"):
                raise RuntimeError(str(message["message"]))
