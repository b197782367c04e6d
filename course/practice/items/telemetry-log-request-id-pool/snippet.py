"""Structured log records tagged with the current request id, shipped off the request thread."""
from __future__ import annotations

from concurrent.futures import Executor, Future
import contextvars
from typing import Any, Callable

Record = dict[str, Any]

# Set by the web middleware at the start of every request.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def make_record(event: str, **fields: Any) -> Record:
    """A log record for `event`, tagged with the request it belongs to."""
    return {"event": event, "request_id": request_id.get(), **fields}


def emit(sink: Callable[[Record], None], event: str, **fields: Any) -> None:
    """Ship a record now, on the calling thread."""
    sink(make_record(event, **fields))


def emit_async(pool: Executor, sink: Callable[[Record], None], event: str, **fields: Any) -> Future[None]:
    """Ship a record on the pool, so a slow log sink never holds up the request."""
    return pool.submit(emit, sink, event, **fields)
