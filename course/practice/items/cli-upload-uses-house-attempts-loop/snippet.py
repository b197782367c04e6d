"""`devtool upload`: push a built wheel to the package registry."""
from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Protocol

# --- house helpers (existing, devtool/retry.py) ---

sleep = time.sleep


class TransientError(Exception):
    """Worth retrying: timeouts, 502/503/504, connection resets."""


class Attempt:
    def __init__(self) -> None:
        self.error: TransientError | None = None

    def __enter__(self) -> "Attempt":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None and issubclass(exc_type, TransientError):
            self.error = exc
            return True  # recorded; attempts() decides whether to go again
        return False


def attempts(limit: int = 4, base_delay: float = 0.5) -> Iterator[Attempt]:
    """The house retry policy, tenacity-style: `for attempt in attempts(): with attempt: ...`."""
    for n in range(limit):
        attempt = Attempt()
        yield attempt
        if attempt.error is None:
            return
        if n == limit - 1:
            raise attempt.error
        sleep(base_delay * 2**n)


# --- the assistant's change ---


class Registry(Protocol):
    def put(self, filename: str, data: bytes) -> str:
        """PUT the file; idempotent (the same bytes again return the same checksum)."""


def upload_wheel(registry: Registry, filename: str, data: bytes) -> str:
    """Upload the wheel and return the registry's checksum; transient failures are retried."""
    for attempt in attempts():
        with attempt:
            checksum = registry.put(filename, data)
    return checksum
