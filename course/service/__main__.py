"""`python -m course.service`: the judge service, as JupyterHub starts it (a managed service).

Listens where the hub says (JUPYTERHUB_SERVICE_URL, 127.0.0.1) under the hub's prefix for it; stops when the hub
stops it, or by itself when the hub's process is gone (it would otherwise outlive a crashed hub). It prints the
address it listens on (with port 0 in the URL, the port the system gave it: make bench starts it that way).
"""
from __future__ import annotations

import asyncio
import os
from urllib.parse import urlparse

from course.service.app import MAX_BODY, make_app, state_from_env

PARENT_CHECK_SECONDS = 5.0


async def _serve() -> None:
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:0"))
    if url.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"the judge service listens on 127.0.0.1 only, not {url.hostname}")
    app = make_app(state_from_env(), os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/"))
    server = app.listen(url.port or 0, address="127.0.0.1", max_body_size=MAX_BODY)
    port = next(iter(server._sockets.values())).getsockname()[1]
    print(f"judge service listening on http://127.0.0.1:{port}", flush=True)   # port 0: which one it got
    parent = os.getppid()
    try:
        while os.getppid() == parent:          # the hub (our parent) is gone: stop
            await asyncio.sleep(PARENT_CHECK_SECONDS)
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(_serve())
