"""`tool self-update`: download the newest release archive."""
from __future__ import annotations

import logging
import time
import urllib.request
from typing import Any, Callable

log = logging.getLogger("tool.self_update")


def download_release(
    url: str,
    opener: Callable[..., Any] = urllib.request.urlopen,
    attempts: int = 5,
) -> bytes:
    """Download the release archive at `url`, retrying network errors.

    Every CI image runs `tool self-update` at start-up, so a flaky mirror must
    not break builds.
    """
    started = time.monotonic()
    for attempt in range(1, attempts + 1):
        try:
            with opener(url, timeout=30) as resp:
                data = resp.read()
            break
        except OSError as exc:
            log.info("download attempt %d/%d failed: %s", attempt, attempts, exc)
            if attempt == attempts:
                raise
    log.info("downloaded %d bytes in %.1fs", len(data), time.monotonic() - started)
    return data
