"""What module 05's callers have in common: a real worker thread, and handing callers to tests.

Module 05 calls one function from three places: a request handler, a batch job and a background
worker thread. Each scenario's house module (course/scenarios/<name>/house.py) says how its three
callers hold their state; this module holds the parts that are the same everywhere:

- `WorkerThread`: a real background thread that runs one job at a time, like a queue consumer, and
  hands each job's result (or exception) back to the code that submitted it. What it opens when it
  starts (a session, say) lives as long as the thread.
- `fixture_function(name, caller)`: for fixture plugins, a caller as a plain function, stopped after
  the test, so tests get behaviour and never the caller's object or what it holds.
- `by_name(...)`: the `callers` fixture's dict, in the same order everywhere.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
import queue
import threading
from typing import Any

CALLER_NAMES = ("request handler", "batch job", "worker thread")
WORKER_TIMEOUT = 10.0   # seconds a job may take before we call the worker stuck (correct code: milliseconds)


class WorkerThread:
    """A background thread that runs submitted jobs one at a time, in order.

    `start()` (if given) runs first, inside the thread; its result is handed to every job, so state
    the worker opens when it starts stays with it for its whole life.
    """

    def __init__(self, name: str, start: Callable[[], Any] | None = None, timeout: float = WORKER_TIMEOUT) -> None:
        self._start, self._timeout = start, timeout
        self._broken: BaseException | None = None
        self._inbox: queue.Queue = queue.Queue()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        self._ready.wait(timeout)

    def _run(self) -> None:
        try:
            state = self._start() if self._start else None
        except BaseException as exc:   # every job will raise it: the worker could not start
            self._broken = exc
            return
        finally:
            self._ready.set()
        while True:
            item = self._inbox.get()
            if item is None:
                return
            job, reply = item
            try:
                reply.put((True, job(state)))
            except BaseException as exc:   # handed back to the submitter, raised there
                reply.put((False, exc))

    def run(self, job: Callable[[Any], Any]) -> Any:
        """Run `job(state)` in the thread and return its result, or raise what it raised.

        TimeoutError if the thread does not answer within the timeout (a hang is reported, not waited out).
        """
        if self._broken is not None:
            raise RuntimeError(f"the worker thread could not start: {self._broken!r}") from self._broken
        reply: queue.Queue = queue.Queue(maxsize=1)
        self._inbox.put((job, reply))
        try:
            ok, value = reply.get(timeout=self._timeout)
        except queue.Empty:
            raise TimeoutError(f"the worker thread did not answer within {self._timeout:g} s") from None
        if not ok:
            raise value
        return value

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Stop after the job in hand (if any)."""
        self._inbox.put(None)
        self._thread.join(self._timeout)


def fixture_function(name: str, caller: Any) -> Iterator[Callable[..., Any]]:
    """Yield `caller` as a plain function called `name`, and stop the caller when the test is done."""
    def call(*args: Any) -> Any:
        """The caller runs the code under test the way its part of the system does, and returns what it got."""
        return caller(*args)

    call.__name__ = call.__qualname__ = name
    try:
        yield call
    finally:
        caller.stop()


def by_name(handler: Callable[..., Any], batch_job: Callable[..., Any],
            worker: Callable[..., Any]) -> dict[str, Callable[..., Any]]:
    """The three callers by name, to loop over (the `callers` fixture)."""
    return dict(zip(CALLER_NAMES, (handler, batch_job, worker)))
