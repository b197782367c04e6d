"""The implementation's side of a judged run: serves the scenario's fixtures to a tests' process elsewhere.

Run as `python -m course.sandboxed.host <the scenario's fixtures plugin>` in the process that holds the
implementation under test (see course.judge.testrun). The learner's tests (or, for a fix, the grader's hidden
tests) run in another process, which holds proxies only (course.sandboxed.proxied). Per test of theirs, this
process sets the scenario's fixtures up, hands them out and tears them down with course.sandboxed.resolver,
exactly as pytest would (autouse, dependencies, teardowns, session scope), without pytest: pytest is never
loaded here, so code under test cannot tell from it that it is being tested (corpus `c10_test_detector`).

Protocol over the bridge (course.sandboxed.bridge), fd in env COURSE_BRIDGE_FD:
  here -> tests   {"op": "hello", "fixtures": [names]}         once the fixtures plugin is loaded
  tests -> here   {"op": "items", "count": K}                  after their collection: K tests to serve
  here -> tests   {"op": "ready", "slot": i} | {"op": "setup_error", "slot": i, "message"}
  tests -> here   requests on chain "t0" (their main thread, served by our main thread), among them the
                  service "fixture" (name): the value of that fixture for the running test, then
                  {"op": "end", "slot": i} on "t0" when their test is over
  here -> tests   {"op": "done", "slot": i, "message": teardown error or ""}
Exit status: 0 when the tests' process is done or gone, 4 for a protocol error or a fixtures plugin that does
not load (the tests' side then sees a closed bridge, and without a hello it is a grader fault, never the learner's
failure; the reason is on stderr, which the grader quotes in the fault).
"""
from __future__ import annotations

import os
from pathlib import Path
import queue
import socket
import sys
from typing import Any

from course.sandboxed import guard
from course.sandboxed.bridge import Bridge, BridgeClosed
from course.sandboxed.messages import first_line

BRIDGE_ENV = "COURSE_BRIDGE_FD"
GUARD_ENV = "COURSE_HOST_GUARD"   # "1": the implementation here is a learner's fix (the tests: the grader's hidden
                                  # ones): HIDDEN_RUN_FIXTURES are served
MAIN_CHAIN = "t0"      # the tests' main thread; our main thread serves it
MAX_TESTS = 100_000    # tests (cases x repetitions) one run may announce: a number, not a way to exhaust us
PROTOCOL_ERROR = 4


def fixture_names(specs: dict[str, Any], plugin: Any, hidden_run: bool = False) -> list[str]:
    """The public fixtures of a plugin (autouse and private ones, named _x, stay here), in definition order. Those
    the plugin lists in HIDDEN_RUN_FIXTURES are served only to the grader's hidden tests (`hidden_run`), never to a
    learner's: they observe how the code works, not what it does."""
    hidden_only = () if hidden_run else tuple(getattr(plugin, "HIDDEN_RUN_FIXTURES", ()))
    return [name for name in specs if not name.startswith("_") and name not in hidden_only]


class _Host:
    """One run's serving loop: hello, the count of tests, then each test's fixtures, until the tests are done."""

    def __init__(self, bridge: Bridge, resolver: Any, served: list[str]) -> None:
        self.bridge, self.resolver, self.served = bridge, resolver, served
        self.control: queue.SimpleQueue = queue.SimpleQueue()
        self.running = False
        bridge.on_control = self.control.put
        bridge.adopt_chain(MAIN_CHAIN)
        bridge.services["fixture"] = self.fixture

    def fixture(self, name: str) -> Any:
        if not self.running:
            raise RuntimeError("no test is running")
        if not isinstance(name, str) or name.startswith("_") or name not in self.served:
            raise LookupError(f"no fixture {name!r}")
        return self.resolver.value(name)

    def serve(self) -> int:
        self.bridge.start()
        self.bridge.send_control(op="hello", fixtures=self.served)
        message = self.control.get()
        if message.get("op") == "closed":
            return 0
        if message.get("op") != "items":
            print(f"judge protocol: expected 'items', got {message.get('op')!r}", file=sys.stderr)
            return PROTOCOL_ERROR
        count = message.get("count", 0)
        count = count if isinstance(count, int) and not isinstance(count, bool) else 0
        if count > MAX_TESTS:
            print(f"judge protocol: {count} tests announced, at most {MAX_TESTS} are served", file=sys.stderr)
            return PROTOCOL_ERROR
        for slot in range(max(0, count)):
            if not self.one_test(slot, last=slot == count - 1):
                break
        return 0

    def one_test(self, slot: int, last: bool) -> bool:
        """Serve one test of theirs; False when their process is gone."""
        bridge = self.bridge
        try:
            try:
                self.resolver.begin()   # autouse fixtures: their failure is a setup error of this test
            except Exception as exc:
                bridge.send_control(op="setup_error", slot=slot, message=f"a fixture could not be set up: {first_line(exc)}")
                ended: dict | None = {}
            else:
                self.running = True
                try:
                    bridge.send_control(op="ready", slot=slot)
                    ended = bridge.serve_until(lambda m: m.get("op") == "end" and m.get("slot") == slot)
                finally:
                    self.running = False
                    bridge.forget_lent()
        except BridgeClosed:
            ended = None
        error = self.resolver.end("function")
        if last and ended is not None:   # as pytest: session fixtures go in the last test's teardown
            session_error = self.resolver.end("session")
            error = error or session_error
        if ended is not None:
            try:
                bridge.send_control(op="done", slot=slot,
                                    message=f"a fixture's teardown failed: {first_line(error)}" if error else "")
            except BridgeClosed:
                return False
        return ended is not None


def main() -> int:
    """Serve the tests' process (see the module docstring); the exit status."""
    hidden_run = os.environ.pop(GUARD_ENV, "") == "1"
    fd = os.environ.pop(BRIDGE_ENV, None)
    if fd is None or len(sys.argv) != 2:
        print(f"usage: {BRIDGE_ENV}=<fd> python -m course.sandboxed.host <fixtures plugin>", file=sys.stderr)
        return PROTOCOL_ERROR
    # The audit hook goes in before the fixtures plugin, and so before any implementation, is imported: in every
    # judged run, not only under a learner's fix. With the grader's versions here, this process serves a learner's
    # tests, and the objects it lends are gadgets in their hands (red team: the stampede driver's event loop ran
    # `loop.subprocess_exec(..., "/bin/sh", "-c", "od -c *.pyc")` for them, the implementation's bytecode came back).
    guard.install()
    guard.plain_log_templates()
    from course.sandboxed import resolver as fixtures
    try:
        plugin = fixtures.load_plugin(sys.argv[1])
        resolver = fixtures.Resolver(plugin, data_dir=Path.cwd())   # the run folder: see Resolver
    except Exception as exc:   # a grader fault: the tests' side sees no hello
        print(f"the fixtures plugin {sys.argv[1]} could not be loaded: {first_line(exc)}", file=sys.stderr)
        return PROTOCOL_ERROR
    host = _Host(Bridge(socket.socket(fileno=int(fd)), "h"), resolver,
                 fixture_names(resolver.specs, plugin, hidden_run))
    resolver.configure()
    try:
        return host.serve()
    finally:
        resolver.close()


if __name__ == "__main__":
    sys.exit(main())
