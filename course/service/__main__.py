"""`python -m course.service`: the judge service, as JupyterHub starts it (a managed service).

Listens where the hub says (JUPYTERHUB_SERVICE_URL, on 127.0.0.1) under the hub's prefix for it; stops when the hub
stops it, or by itself when the hub's process is gone (it would otherwise outlive a crashed hub). It prints the
address it listens on (with port 0 in the URL, the port the system gave it: make bench starts it that way).

Loopback only, unless COURSE_JUDGE_SERVICE_IP names the address to listen on: on Zero to JupyterHub the service
runs in the hub's pod and learners' pods reach it at http://hub:PORT (README), so it listens on the pod's address
there, behind the chart's network policy, and every request still carries a hub token.
"""
from __future__ import annotations

import asyncio
import os
from typing import Mapping
from urllib.parse import urlparse

from course.service.app import MAX_BODY, make_app, state_from_env

PARENT_CHECK_SECONDS = 5.0
LISTEN_ENV = "COURSE_JUDGE_SERVICE_IP"


def listen_address(environ: Mapping[str, str]) -> tuple[str, int]:
    """(address, port) to listen on: the hub's URL for the service on loopback, or COURSE_JUDGE_SERVICE_IP's."""
    url = urlparse(environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:0"))
    address = environ.get(LISTEN_ENV, "").strip()
    if not address:
        if url.hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit(f"the judge service listens on 127.0.0.1 only, not {url.hostname} (set {LISTEN_ENV} "
                             "to the address to listen on, e.g. in the hub's pod on Kubernetes)")
        address = "127.0.0.1"
    return address, url.port or 0


async def _serve() -> None:
    address, port = listen_address(os.environ)
    app = make_app(state_from_env(), os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/"))
    server = app.listen(port, address=address, max_body_size=MAX_BODY)
    port = next(iter(server._sockets.values())).getsockname()[1]
    print(f"judge service listening on http://{address}:{port}", flush=True)   # port 0: which one it got
    parent = os.getppid()
    try:
        while os.getppid() == parent:          # the hub (our parent) is gone: stop
            await asyncio.sleep(PARENT_CHECK_SECONDS)
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(_serve())
