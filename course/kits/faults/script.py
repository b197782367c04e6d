"""What the fault service does with each request: a `Fault`, chosen by a script or a seeded RNG.

A behaviour is named by a short string, the same in scripts, request headers and logs:
  "ok"/"200"   answer normally (the service's responder decides the body; an unknown path is a 404)
  "404"        Not Found
  "429" "503"  Too Many Requests / Service Unavailable, with a Retry-After header (seconds)
  "500"        Internal Server Error
  "slow:<s>"   answer normally, but only after <s> seconds
  "hang"       read the request and never answer (until the client gives up or the service stops)
  "reset"      read the request, then reset the connection (the client sees ECONNRESET)

Choosers decide per request, deterministically: `Script` hands out a fixed sequence in call order,
`Seeded` draws from `random.Random` seeded with (seed, request number), so the n-th request of a
run gets the same behaviour every time.
"""
from __future__ import annotations

from dataclasses import dataclass
import random
import threading
from typing import Iterable, Protocol, Sequence

KINDS = ("ok", "404", "429", "500", "503", "hang", "reset")
RETRY_AFTER_SECONDS = 1


@dataclass(frozen=True)
class Fault:
    kind: str             # one of KINDS
    delay: float = 0.0    # seconds to wait before acting ("slow" is ok with a delay)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown behaviour {self.kind!r}; known: {', '.join(KINDS)}, slow:<seconds>")
        if not self.delay >= 0:
            raise ValueError(f"delay must be a non-negative number of seconds, got {self.delay!r}")

    @property
    def name(self) -> str:
        """The behaviour's name as scripts write it ("503", "slow:0.5", ...)."""
        if self.kind == "ok":
            return f"slow:{self.delay:g}" if self.delay else "ok"
        return self.kind if not self.delay else f"{self.kind}+{self.delay:g}s"

    @property
    def status(self) -> int | None:
        """The HTTP status this behaviour answers with (None: decided by the responder, or no answer)."""
        return int(self.kind) if self.kind.isdigit() else None


OK = Fault("ok")


def parse(spec: "str | int | Fault") -> Fault:
    """A Fault from its name: "503", 503, "hang", "reset", "slow:0.25", "ok" or "200"."""
    if isinstance(spec, Fault):
        return spec
    text = str(spec).strip().lower()
    if text in {"ok", "200"}:
        return OK
    if text.startswith("slow:"):
        try:
            seconds = float(text.split(":", 1)[1])
        except ValueError:
            raise ValueError(f"{spec!r}: write slow:<seconds>, for example slow:0.5") from None
        return Fault("ok", delay=seconds)
    return Fault(text)


class Chooser(Protocol):
    def __call__(self, index: int) -> Fault:
        """The behaviour for the index-th request (0-based, in the order requests are handled)."""


class Script:
    """A fixed sequence of behaviours, handed out one per call in order; then `then` for every call after.

    Thread-safe. `script.remaining` says how many scripted steps are left.
    """

    def __init__(self, steps: Iterable["str | int | Fault"] = (), then: "str | int | Fault" = "ok") -> None:
        self._steps = [parse(s) for s in steps]
        self._then = parse(then)
        self._lock = threading.Lock()
        self.handed_out: list[Fault] = []

    def next(self) -> Fault:
        with self._lock:
            fault = self._steps.pop(0) if self._steps else self._then
            self.handed_out.append(fault)
            return fault

    def __call__(self, index: int) -> Fault:
        return self.next()

    def replace(self, steps: Iterable["str | int | Fault"], then: "str | int | Fault" = "ok") -> None:
        """Start a new sequence (what has been handed out stays recorded)."""
        new_steps, new_then = [parse(s) for s in steps], parse(then)
        with self._lock:
            self._steps, self._then = new_steps, new_then

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._steps)


class Seeded:
    """Random faults for live experiments: each request fails with probability `failure_rate`.

    A failing request gets one of `faults` (uniformly); every request that answers waits
    `latency_s` first. The n-th request's behaviour depends only on (seed, n): rerun with the same
    seed and the same requests get the same faults.
    """

    def __init__(self, failure_rate: float, faults: Sequence["str | Fault"] = ("503", "reset"),
                 latency_s: float = 0.0, seed: int = 0) -> None:
        if not 0.0 <= failure_rate <= 1.0:
            raise ValueError(f"failure_rate must be between 0 and 1, got {failure_rate!r}")
        if not latency_s >= 0:
            raise ValueError(f"latency_s must be >= 0, got {latency_s!r}")
        self.failure_rate = failure_rate
        self.faults = [parse(f) for f in faults]
        if failure_rate > 0 and not self.faults:
            raise ValueError("a failure rate above 0 needs at least one fault to inject")
        self.latency_s = latency_s
        self.seed = seed

    def __call__(self, index: int) -> Fault:
        rng = random.Random(f"{self.seed}:{index}")
        if rng.random() < self.failure_rate:
            fault = rng.choice(self.faults)
        else:
            fault = OK
        if fault.kind in {"hang", "reset"} or not self.latency_s:
            return fault
        return Fault(fault.kind, delay=fault.delay + self.latency_s)
