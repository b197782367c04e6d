"""Build runner: stream a step's output to the terminal and keep a copy for build.log."""
from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO


def capture(stream: BinaryIO, echo: Callable[[bytes], None] | None = None, chunk_size: int = 65536) -> bytes:
    """Read `stream` to EOF, passing each chunk to `echo` as it arrives; return everything read.

    `stream` is the step's stdout pipe (stderr merged into it); the runner writes the returned
    bytes to build.log once the step has exited.
    """
    output = b""
    while chunk := stream.read1(chunk_size):
        if echo is not None:
            echo(chunk)
        output += chunk
    return output
