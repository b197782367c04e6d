"""Feature-extraction workers for the training-data pipeline."""
from __future__ import annotations

import queue
import threading
from typing import Any, Callable

Job = dict[str, Any]


def run_worker(
    jobs: "queue.Queue[Job]",
    stop: threading.Event,
    handle: Callable[[Job], None],
) -> int:
    """Process jobs until `stop` is set and return how many were handled.

    The pipeline sets `stop` at shutdown (or when a shard is cancelled) and then
    joins its worker threads before writing the manifest.
    """
    handled = 0
    while not stop.is_set():
        job = jobs.get()
        try:
            handle(job)
            handled += 1
        finally:
            jobs.task_done()
    return handled
