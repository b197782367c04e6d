"""The fault-injecting service: a real HTTP server (standard library) on 127.0.0.1, port 0.

    with serve(chooser=Script(["503", "503"]), responder=prices({"lamp": 1999})) as service:
        urllib.request.urlopen(service.url + "/prices/lamp", timeout=2)   # HTTP 503
        ...
        service.calls    # requests handled so far; service.log has each one

Each request gets one behaviour (see course.kits.faults.script): a request header `X-Fault: <name>`
names it (that is how a test's transport scripts faults per call, deterministically), otherwise
the chooser picks it by request number. A normal answer comes from the responder.

It survives its own abuse: one thread per connection, errors from clients that vanish mid-response
are counted (`service.errors`), never printed, and the server keeps serving. Leaving the `with`
block stops it completely: no new connections, every open connection is shut down (which also ends
"hang" and "slow" requests), every handler thread is joined and the listening socket is closed,
so no thread and no port is left behind (tests/test_faults.py proves both).
"""
from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
import select
import socket
import struct
import sys
import threading
import time
from typing import Callable, Iterator
from urllib.parse import unquote

from course.kits.faults.script import OK, RETRY_AFTER_SECONDS, Chooser, Fault, parse

FAULT_HEADER = "X-Fault"
POLL_SECONDS = 0.005        # how often the accept loop checks for shutdown (so leaving `with` is quick)
HANG_POLL_SECONDS = 0.01    # how often a hanging request checks whether its client gave up
JOIN_SECONDS = 10.0         # how long stopping waits for each handler thread before it calls it a leak
IDLE_SECONDS = 30.0         # a keep-alive connection with no next request is closed after this long

Responder = Callable[[str, str], "tuple[int, object]"]   # (method, path) -> (status, JSON-able body)
REASONS = {404: "not found", 429: "too many requests", 500: "internal error", 503: "service unavailable"}


def echo(method: str, path: str) -> tuple[int, object]:
    """The default responder: 200 with the method and path."""
    return 200, {"method": method, "path": path}


def lookup(table: dict[str, object], prefix: str, field: str) -> Responder:
    """A responder for GET <prefix><key> -> {"sku": key, field: table[key]}, or 404 for a key not in the table."""
    def respond(method: str, path: str) -> tuple[int, object]:
        if method == "GET" and path.startswith(prefix):
            key = unquote(path[len(prefix):].split("?", 1)[0])
            if key in table:
                return 200, {"sku": key, field: table[key]}
        return 404, {"error": "not found", "path": path}
    return respond


def prices(catalogue: dict[str, int], prefix: str = "/prices/") -> Responder:
    """A pricing service: GET /prices/<sku> -> {"sku", "price_cents"}, 404 if unknown."""
    return lookup(catalogue, prefix, "price_cents")


@dataclass(frozen=True)
class Request:
    """One request as the service saw it."""
    index: int          # 0-based, in the order requests were read
    method: str
    path: str
    fault: str          # the behaviour's name ("ok", "503", "hang", ...)
    at: float           # time.monotonic() when it was read (for live experiments only)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"      # keep-alive when the client wants it (urllib closes each time)
    timeout = IDLE_SECONDS
    server: "_FaultServer"

    def do_GET(self) -> None:
        self.server.dispatch(self)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.dispatch(self)

    def log_message(self, format: str, *args: object) -> None:
        pass   # the service keeps its own log; stderr stays clean (a notebook shows stderr in red)

    def version_string(self) -> str:
        return "nginx"   # the Server header a production service behind a proxy sends, not "BaseHTTP/... Python/..."


class _FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024      # a burst of clients connecting at once waits in the backlog, not in SYN retries

    def __init__(self, chooser: Chooser, responder: Responder) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.chooser = chooser
        self.responder = responder
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._handler_threads: set[threading.Thread] = set()
        self._sockets: set[socket.socket] = set()
        self.log: list[Request] = []
        self.errors: list[str] = []
        self.connections = 0
        self.gave_up = 0           # hanging requests whose client closed the connection

    # -- connections: one thread each, all tracked so stopping can end and join them

    def process_request(self, request: socket.socket, client_address: object) -> None:
        if self.stopping.is_set():
            self.shutdown_request(request)
            return
        # "Thread-N", as Python names any thread: never a name that tells code under test it is tested
        thread = threading.Thread(target=functools.partial(self._serve_connection, request, client_address),
                                  daemon=True)
        with self._lock:
            self._handler_threads.add(thread)
            self._sockets.add(request)
            self.connections += 1
        thread.start()

    def _serve_connection(self, request: socket.socket, client_address: object) -> None:
        try:
            self.process_request_thread(request, client_address)   # handles errors, then closes
        finally:
            with self._lock:
                self._handler_threads.discard(threading.current_thread())
                self._sockets.discard(request)

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        with self._lock:
            self.errors.append(f"{type(exc).__name__}: {exc}")

    def open_connections(self) -> int:
        with self._lock:
            return len(self._sockets)

    def stop_connections(self) -> list[threading.Thread]:
        """End every connection and join its thread; returns threads that would not stop."""
        self.stopping.set()
        with self._lock:
            sockets, threads = list(self._sockets), list(self._handler_threads)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)   # wakes a handler blocked reading or writing
        deadline = time.monotonic() + JOIN_SECONDS
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return [t for t in threads if t.is_alive()]

    # -- requests

    def dispatch(self, handler: _Handler) -> None:
        named = handler.headers.get(FAULT_HEADER)
        with self._lock:
            index = len(self.log)
            at = time.monotonic()
            self.log.append(Request(index, handler.command, handler.path, "?", at))
        try:
            fault = parse(named) if named else self.chooser(index)
        except ValueError as exc:
            fault = None
            problem = str(exc)
        with self._lock:
            self.log[index] = Request(index, handler.command, handler.path, fault.name if fault else "invalid", at)
        if fault is None:
            handler.close_connection = True
            self._answer(handler, 400, {"error": problem})
        else:
            self._act(handler, fault)

    def _act(self, handler: _Handler, fault: Fault) -> None:
        if fault.delay and self.stopping.wait(fault.delay):
            handler.close_connection = True   # stopping: leave without answering
            return
        if fault.kind == "hang":
            self._hang(handler)
        elif fault.kind == "reset":
            sock = handler.connection
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()                       # linger 0: the peer gets a RST, not a FIN
            handler.close_connection = True
        elif fault.status is not None:
            headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if fault.status in (429, 503) else {}
            self._answer(handler, fault.status, {"error": REASONS.get(fault.status, "error")}, headers)
        else:
            status, body = self.responder(handler.command, handler.path)
            self._answer(handler, status, body)

    def _hang(self, handler: _Handler) -> None:
        """Never answer: wait until the client closes its end (it gave up) or the service stops."""
        sock = handler.connection
        handler.close_connection = True
        while not self.stopping.is_set():
            try:
                readable, _, _ = select.select([sock], [], [], HANG_POLL_SECONDS)
                if readable and not sock.recv(65536):
                    with self._lock:
                        self.gave_up += 1
                    return
            except (OSError, ValueError):
                return   # the client reset it, or stopping shut it down

    @staticmethod
    def _answer(handler: _Handler, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json" if not isinstance(body, bytes) else "application/octet-stream")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)


class FaultService:
    """A running fault service: where it is, and what it has seen."""

    def __init__(self, server: _FaultServer) -> None:
        self._server = server
        self.port: int = server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> list[Request]:
        """Every request so far, in the order they were read (a copy)."""
        with self._server._lock:
            return list(self._server.log)

    @property
    def calls(self) -> int:
        """How many requests the service has read."""
        with self._server._lock:
            return len(self._server.log)

    @property
    def errors(self) -> list[str]:
        """Errors from connections that failed mid-way (a client that vanished mid-response, ...)."""
        with self._server._lock:
            return list(self._server.errors)

    @property
    def connections(self) -> int:
        """Connections accepted so far."""
        return self._server.connections

    @property
    def open_connections(self) -> int:
        """Connections still open right now."""
        return self._server.open_connections()

    @property
    def gave_up(self) -> int:
        """Hanging requests whose client closed the connection (it timed out and let go)."""
        return self._server.gave_up

    def use(self, chooser: Chooser) -> None:
        """From now on, pick behaviours with `chooser` (requests with an X-Fault header excepted)."""
        self._server.chooser = chooser

    def __repr__(self) -> str:
        return f"<FaultService {self.url}>"


@contextlib.contextmanager
def serve(chooser: Chooser | None = None, responder: Responder = echo) -> Iterator[FaultService]:
    """Start the service on 127.0.0.1 (a free port); stop it, leaving nothing behind, when the block ends."""
    server = _FaultServer(chooser or (lambda index: OK), responder)
    loop = threading.Thread(target=functools.partial(server.serve_forever, poll_interval=POLL_SECONDS), daemon=True)
    loop.start()
    try:
        yield FaultService(server)
    finally:
        server.shutdown()            # the accept loop ends: no new connections
        loop.join()
        stuck = server.stop_connections()
        server.server_close()        # the listening socket: the port is free again
        if stuck:
            raise RuntimeError(f"fault service: {len(stuck)} connection thread(s) did not stop")
