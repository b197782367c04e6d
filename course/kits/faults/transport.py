"""`ScriptedUrlopen`: what graded tests hand a client instead of urllib.request.urlopen.

Every call is a real HTTP request to the fault service on loopback, so the client meets real
`HTTPError`s, real connection resets and real socket timeouts. What makes it deterministic:
- the behaviour of each call comes from a `Script`, in call order, and travels with the request
  (the `X-Fault` header), so nothing depends on which server thread runs first;
- time is virtual: a call that waits for its timeout moves the `FakeClock` by that timeout, and a
  "slow" answer moves it by its delay; the real waits are a few milliseconds at most;
- a call the service never answers, made WITHOUT a timeout, would wait forever. Instead of waiting,
  it raises `CallHung` (a BaseException, so `except Exception` in the code under test cannot hide
  it), which fails the test at once, on every machine;
- a client that keeps retrying gets `RunawayRetries` (also a BaseException) after `max_calls` calls
  for one request (the caller marks where a request starts with `begin()`), instead of looping
  until the grader's time limit.
The timeout the caller passed on each call is recorded (`calls[i].timeout`, None for none).

With `routes`, the client is configured with a production-looking address (`https://prices.internal.example`)
that leads to the service on loopback, as a name server and a load balancer would: the URLs it passes,
the URLs on its responses and errors, and the calls recorded are all in that name, and any other host
fails as an unknown name does. A fix cannot tell a graded run from production by the address.
"""
from __future__ import annotations

from dataclasses import dataclass
import http.client
import io
import socket
import threading
from typing import Any, Mapping
import urllib.error
import urllib.parse
import urllib.request

from course.kits.faults.clock import FakeClock
from course.kits.faults.script import Fault, Script
from course.kits.faults.server import FAULT_HEADER

GUARD_SECONDS = 30.0    # real timeout on calls the service answers (it answers within milliseconds)
HANG_SECONDS = 0.005    # real wait on a call the service never answers: any wait gives the same outcome
MAX_CALLS = 10          # calls for one request: far above any sensible retry policy

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_NOT_GIVEN = object()


def direct_urlopen(url: Any, data: bytes | None = None, timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT) -> Any:
    """urllib.request.urlopen, ignoring proxy settings from the environment (loopback stays on loopback)."""
    return _OPENER.open(url, data, timeout)


class CallHung(BaseException):
    """A call to a service that never answered, made without a timeout: it would have waited forever."""


class RunawayRetries(BaseException):
    """More calls than any bounded retry policy makes for one request: the retries have no cap."""


@dataclass(frozen=True)
class Call:
    url: str
    timeout: float | None     # the timeout the caller passed; None when it passed none
    fault: str                # the scripted behaviour


class ScriptedUrlopen:
    """A drop-in for urllib.request.urlopen(url, data=None, timeout=...) against the fault service."""

    def __init__(self, clock: FakeClock, script: Script | None = None, max_calls: int = MAX_CALLS,
                 routes: Mapping[str, str] | None = None) -> None:
        self.clock = clock
        self.script = script or Script()
        self.max_calls = max_calls
        # production-looking base URL -> the service's real one; None: every URL goes where it says
        self.routes = None if routes is None else {k.rstrip("/"): v.rstrip("/") for k, v in routes.items()}
        self._calls: list[Call] = []
        self._in_request = 0          # calls since the last begin()
        self._lock = threading.Lock()

    def begin(self) -> None:
        """A new request starts (for example one get_price): the runaway count starts again."""
        with self._lock:
            self._in_request = 0

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def __call__(self, url: Any, data: bytes | None = None, timeout: Any = _NOT_GIVEN, **_: Any) -> Any:
        given = None if timeout is _NOT_GIVEN or timeout is socket._GLOBAL_DEFAULT_TIMEOUT else timeout
        full_url = url.full_url if isinstance(url, urllib.request.Request) else str(url)
        with self._lock:
            if self._in_request >= self.max_calls:
                raise RunawayRetries(f"{self.max_calls} calls for one request and still retrying: "
                                     "the retries have no cap")
            self._in_request += 1
            real_url = self._route(full_url)
            fault = self.script.next()
            self._calls.append(Call(full_url, given, fault.name))
        if fault.kind == "hang" or (fault.delay > 0 and given is not None and given < fault.delay):
            return self._never_answered(url, real_url, data, given)   # no answer in time (a slow one comes too late)
        if fault.delay > 0:
            self.clock.advance(fault.delay)                 # a slow answer within the caller's timeout (or none)
        try:
            response = _OPENER.open(self._request(url, real_url, data, Fault(fault.kind)), timeout=GUARD_SECONDS)
        except urllib.error.HTTPError as exc:
            exc.url = exc.filename = full_url               # the error is about the address the client called
            if self.routes is not None and exc.fp is not None:
                _detach(exc.fp)
            raise
        response.url = full_url
        return response if self.routes is None else _detach(response)

    def _route(self, full_url: str) -> str:
        """Where a call to `full_url` really goes (see `routes`); an unknown host fails as DNS would."""
        if self.routes is None:
            return full_url
        for name, real in self.routes.items():
            if full_url == name or full_url.startswith(name + "/") or full_url.startswith(name + "?"):
                return real + full_url[len(name):]
        host = urllib.parse.urlsplit(full_url).hostname or full_url
        raise urllib.error.URLError(socket.gaierror(socket.EAI_NONAME, f"Name or service not known: {host}"))

    def _never_answered(self, url: Any, real_url: str, data: bytes | None, given: float | None) -> Any:
        """The service does not answer in time: a real TimeoutError after the caller's timeout (virtual)."""
        try:
            try:
                response = _OPENER.open(self._request(url, real_url, data, Fault("hang")), timeout=HANG_SECONDS)
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, TimeoutError):
                    raise
                raise TimeoutError("timed out") from None   # even connecting took longer: same outcome
        except TimeoutError:
            if given is None:
                raise CallHung("the service never answered and the call had no timeout: "
                               "it would have waited forever") from None
            if given > 0:
                self.clock.advance(given)
            raise
        response.close()
        raise AssertionError("the fault service answered a request scripted never to answer")

    @staticmethod
    def _request(url: Any, real_url: str, data: bytes | None, fault: Fault) -> urllib.request.Request:
        if isinstance(url, urllib.request.Request):
            headers = {k: v for k, v in url.header_items() if k.lower() != "host"}
            request = urllib.request.Request(real_url, data=url.data if data is None else data,
                                             headers=headers, method=url.get_method())
        else:
            request = urllib.request.Request(real_url, data=data)
        request.add_header(FAULT_HEADER, fault.name)
        return request


def _detach(response: http.client.HTTPResponse) -> http.client.HTTPResponse:
    """The response with its body already read and served from memory: it no longer holds the socket,
    whose peer address would name the loopback server (`response.fp.raw._sock.getpeername()`)."""
    body = response.read()          # the whole (small) body; this closes the connection
    response.fp = io.BufferedReader(io.BytesIO(body))
    response.length, response.chunked = len(body), False
    return response


class ScriptedService:
    """The fault service as a graded test sees it, through a ScriptedUrlopen: script what the next
    calls meet, count the calls, read the timeout each one passed. (Fixtures hand this to tests.)"""

    def __init__(self, urlopen: ScriptedUrlopen) -> None:
        self._urlopen = urlopen

    def script(self, *behaviours: str) -> None:
        """The next calls get these behaviours, in order; then normal answers again."""
        self._urlopen.script.replace(behaviours)

    def always(self, behaviour: str) -> None:
        """Every call from now on gets this behaviour."""
        self._urlopen.script.replace((), then=behaviour)

    @property
    def calls(self) -> int:
        """How many calls the client has made so far."""
        return len(self._urlopen.calls)

    @property
    def timeouts(self) -> list[float | None]:
        """The timeout each call passed, in call order (None when it passed none)."""
        return [call.timeout for call in self._urlopen.calls]

    def __repr__(self) -> str:
        return f"<fault service: {self.calls} call(s)>"
