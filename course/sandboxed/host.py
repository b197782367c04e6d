"""The implementation's side of a judged run: serves the scenario's fixtures to a tests' process elsewhere.

Loaded with `-p course.sandboxed.host -p <the scenario's fixtures plugin>` in the process that holds the
implementation under test (see course.judge.testrun). The learner's tests run in another process, which
holds proxies only (course.sandboxed.proxied); this one runs pytest over one generated test, SERVE_SOURCE,
once per test of theirs, so the scenario's fixtures are set up, handed out and torn down by pytest itself,
per test, exactly as if the tests ran here.

Protocol over the bridge (course.sandboxed.bridge), fd in env COURSE_BRIDGE_FD:
  here -> tests   {"op": "hello", "fixtures": [names]}         once the fixtures plugin is loaded
  tests -> here   {"op": "items", "count": K}                  after their collection: K tests to serve
  here -> tests   {"op": "ready", "slot": i} | {"op": "setup_error", "slot": i, "message"}
  tests -> here   requests on chain "t0" (their main thread, served by our main thread), among them the
                  service "fixture" (name): the value of that fixture for the running test, then
                  {"op": "end", "slot": i} on "t0" when their test is over
  here -> tests   {"op": "done", "slot": i, "message": teardown error or ""}
"""
from __future__ import annotations

import os
import queue
import socket
from typing import Any

import pytest
from _pytest.fixtures import getfixturemarker

from course.sandboxed import guard
from course.sandboxed.bridge import Bridge, BridgeClosed
from course.sandboxed.messages import first_line

BRIDGE_ENV = "COURSE_BRIDGE_FD"
GUARD_ENV = "COURSE_HOST_GUARD"   # "1": the implementation here is a learner's fix (the tests: the grader's hidden
                                  # ones): the audit hook goes in first, and HIDDEN_RUN_FIXTURES are served
MAIN_CHAIN = "t0"      # the tests' main thread; our main thread serves it
SLOT = "_course_slot"
MAX_TESTS = 100_000    # tests (cases x repetitions) one run may announce: a number, not a way to exhaust us
SERVE_FILE = "test_serve.py"
SERVE_SOURCE = ("from course.sandboxed.host import serve\n\n\n"
                f"def test_serve(request, {SLOT}):\n    serve(request, {SLOT})\n")

_state: dict[str, Any] = {}

HIDDEN_RUN = os.environ.pop(GUARD_ENV, "") == "1"   # the grader's hidden tests against a learner's fix
# The audit hook goes in before the fixtures plugin, and so before any implementation, is imported: in every judged
# run, not only under a learner's fix. With the grader's versions here, this process serves a learner's tests, and
# the objects it lends are gadgets in their hands (red team: the stampede driver's event loop ran
# `loop.subprocess_exec(..., "/bin/sh", "-c", "od -c *.pyc")` for them, the implementation's bytecode came back).
if HIDDEN_RUN or BRIDGE_ENV in os.environ:
    guard.install()


def fixture_names(plugin: Any, hidden_run: bool = False) -> list[str]:
    """The public fixtures a plugin module defines (autouse and private ones, named _x, stay here). Those the
    plugin lists in HIDDEN_RUN_FIXTURES are served only to the grader's hidden tests (`hidden_run`), never to
    a learner's: they observe how the code works, not what it does."""
    hidden_only = () if hidden_run else tuple(getattr(plugin, "HIDDEN_RUN_FIXTURES", ()))
    names = []
    for attr, value in vars(plugin).items():
        marker = getfixturemarker(value)
        if marker is None:
            continue
        name = marker.name or getattr(value, "name", None) or attr
        if not name.startswith("_") and name not in names and name not in hidden_only:
            names.append(name)
    return names


def _control(op: str) -> dict | None:
    """The next control message, which must be `op` (None when the tests' process is gone)."""
    message = _state["control"].get()
    if message.get("op") == "closed":
        return None
    if message.get("op") != op:
        raise RuntimeError(f"judge protocol: expected {op!r}, got {message.get('op')!r}")
    return message


def _fixture(name: str) -> Any:
    request = _state.get("request")
    if request is None:
        raise RuntimeError("no test is running")
    if not isinstance(name, str) or name.startswith("_") or name not in _state["fixtures"]:
        raise LookupError(f"no fixture {name!r}")
    return request.getfixturevalue(name)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--judge-fixtures", dest="judge_fixtures", default="",
                     help="the scenario's fixtures plugin (also given with -p), whose fixtures are served")


def pytest_configure(config: pytest.Config) -> None:
    fd = os.environ.pop(BRIDGE_ENV, None)
    if fd is None:
        return
    name = config.getoption("judge_fixtures")
    plugin = config.pluginmanager.get_plugin(name) if name else None
    if plugin is None:
        raise pytest.UsageError(f"the fixtures plugin {name!r} is not loaded")
    bridge = Bridge(socket.socket(fileno=int(fd)), "h")
    control: queue.SimpleQueue = queue.SimpleQueue()
    bridge.on_control = control.put
    bridge.adopt_chain(MAIN_CHAIN)
    bridge.services["fixture"] = _fixture
    _state.update(bridge=bridge, control=control, fixtures=fixture_names(plugin, HIDDEN_RUN))
    bridge.start()
    bridge.send_control(op="hello", fixtures=_state["fixtures"])


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if SLOT not in metafunc.fixturenames or "bridge" not in _state:
        return
    message = _control("items")
    count = int(message.get("count", 0)) if message else 0
    if count > MAX_TESTS:
        raise pytest.UsageError(f"judge protocol: {count} tests announced, at most {MAX_TESTS} are served")
    if count <= 0:
        pytest.exit("no tests to serve", returncode=0)
    metafunc.parametrize(SLOT, range(count))


def serve(request: pytest.FixtureRequest, slot: int) -> None:
    """Serve the tests' process for one of its tests: fixtures and calls, until it says the test is over."""
    bridge: Bridge = _state["bridge"]
    _state["request"] = request
    try:
        bridge.send_control(op="ready", slot=slot)
        ended = bridge.serve_until(lambda m: m.get("op") == "end" and m.get("slot") == slot)
    except BridgeClosed:
        ended = None
    finally:
        _state["request"] = None
        bridge.forget_lent()
    if ended is None:
        pytest.exit("the tests' process ended", returncode=0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    report = yield
    bridge: Bridge | None = _state.get("bridge")
    callspec = getattr(item, "callspec", None)
    slot = callspec.params.get(SLOT) if callspec is not None else None
    if bridge is None or slot is None or bridge.closed:
        return report
    failed = report.outcome != "passed" and call.excinfo is not None
    try:
        if call.when == "setup" and report.outcome != "passed":
            why = first_line(call.excinfo.value) if call.excinfo is not None else "setup failed"
            bridge.send_control(op="setup_error", slot=slot, message=f"a fixture could not be set up: {why}")
        elif call.when == "teardown":
            bridge.send_control(op="done", slot=slot,
                                message=f"a fixture's teardown failed: {first_line(call.excinfo.value)}" if failed else "")
    except BridgeClosed:
        pass
    return report
