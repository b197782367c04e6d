"""Run a build step, streaming its output to the terminal and keeping a copy for the log file."""
from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from typing import BinaryIO


def capture(stream: BinaryIO, echo: Callable[[bytes], None] | None = None, chunk_size: int = 65536) -> bytes:
    """Read `stream` to EOF, passing each chunk to `echo` as it arrives; return everything read."""
    output = b""
    while chunk := stream.read(chunk_size):
        if echo is not None:
            echo(chunk)
        output += chunk
    return output


def run_step(cmd: Sequence[str], echo: Callable[[bytes], None] | None = None) -> tuple[int, bytes]:
    """Run one build step; stderr is merged into stdout. Returns (exit code, combined output)."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        assert proc.stdout is not None
        output = capture(proc.stdout, echo)
        return proc.wait(), output
