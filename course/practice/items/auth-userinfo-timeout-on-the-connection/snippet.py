"""Client for the identity provider's userinfo endpoint (one per worker thread)."""
from __future__ import annotations

import http.client
import json
from typing import Any, Callable

ConnectionFactory = Callable[..., http.client.HTTPConnection]


class UserInfoClient:
    """Keeps one HTTPS connection to the IdP open and reuses it for every lookup."""

    def __init__(
        self,
        host: str,
        timeout: float = 3.0,
        connection_factory: ConnectionFactory = http.client.HTTPSConnection,
    ) -> None:
        self._conn = connection_factory(host, timeout=timeout)

    def userinfo(self, access_token: str) -> dict[str, Any]:
        """The claims for `access_token`; PermissionError if the IdP rejects it."""
        self._conn.request(
            "GET", "/oauth2/userinfo", headers={"Authorization": f"Bearer {access_token}"}
        )
        resp = self._conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            raise PermissionError(f"userinfo rejected the token: HTTP {resp.status}")
        return json.loads(body)
