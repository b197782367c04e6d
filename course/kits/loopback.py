"""A real HTTP server on loopback for live experiments: 127.0.0.1, a free port, stopped when the block ends.

    with serve(app) as base_url:
        status, body = get(base_url + "/orders/search?q=mug", headers={"X-Tenant": "acme"})

`app(method, path, query, headers)` returns (status, content_type, body bytes). The server is the standard
library's ThreadingHTTPServer; it never listens beyond 127.0.0.1, its threads are daemons, and `serve`
shuts it down and closes the socket on the way out, even when the block raised. `get` is urllib with a
timeout and a cap on what it reads; it answers (status, body) for error statuses too instead of raising.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading
import urllib.error
import urllib.parse
import urllib.request

App = Callable[[str, str, dict, dict], tuple[int, str, bytes]]
MAX_BODY = 64 * 1024


def _handler_for(app: App) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:   # noqa: N802 (the standard library's name)
            split = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
            try:
                status, kind, body = app("GET", urllib.parse.unquote(split.path), query, dict(self.headers))
            except Exception as exc:   # what a framework does with an unhandled error: a 500
                status, kind, body = 500, "text/plain", f"500 Internal Server Error: {type(exc).__name__}: {exc}".encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:   # quiet: the notebook shows a table instead
            pass

    return Handler


@contextlib.contextmanager
def serve(app: App) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 (a free port) for the duration of the block; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(app))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 5) -> tuple[int, bytes]:
    """GET `url` (loopback only): (status, body, at most MAX_BODY bytes), error statuses included."""
    host = urllib.parse.urlsplit(url).hostname
    if host != "127.0.0.1":
        raise ValueError(f"loopback only: {url!r}")
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # never through a proxy
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read(MAX_BODY)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read(MAX_BODY)
