"""`devtool logs PATH [-n N]`: print the last lines of a service's log file."""
from __future__ import annotations

import argparse
from pathlib import Path


def tail(path: Path, n: int = 20) -> list[str]:
    """The last `n` lines of the file at `path`, without their line endings."""
    if n <= 0:
        return []
    with path.open(encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    return lines[-n:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devtool logs")
    parser.add_argument("path", type=Path)
    parser.add_argument("-n", "--lines", type=int, default=20)
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"no such log file: {args.path}")
    for line in tail(args.path, args.lines):
        print(line)
    return 0
