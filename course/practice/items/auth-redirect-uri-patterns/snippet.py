"""OAuth redirect checks: a client app may only redirect to the URI patterns it registered."""
from __future__ import annotations

import functools
import re
from typing import Protocol


class ClientStore(Protocol):
    def redirect_patterns(self, client_id: str) -> list[str]:
        """The client's registered redirect patterns, e.g. 'https://*.shop.example/callback'."""


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    """The regex for one pattern, '*' standing for exactly one subdomain label.

    Cached because compiling dominates the check; a pattern's regex never changes.
    """
    return re.compile(re.escape(pattern).replace(r"\*", "[a-z0-9-]+"))


def redirect_allowed(store: ClientStore, client_id: str, uri: str) -> bool:
    """Whether `uri` matches one of the client's currently registered patterns."""
    return any(_compiled(pattern).fullmatch(uri) for pattern in store.redirect_patterns(client_id))
