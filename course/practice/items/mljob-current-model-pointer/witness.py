import builtins
import json
import os
from pathlib import Path
import tempfile


class ReadDuringWrite:
    """A file wrapper: while the new pointer is being written, a scoring worker reads the pointer."""

    def __init__(self, f, worker):
        self._f, self._worker = f, worker

    def write(self, text):
        if self._worker:
            self._worker.pop()()
        return self._f.write(text)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._f.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._f, name)


class NoSyncOs:
    """os, minus the disk flush: durability is not what this witness shows, and fsync is slow."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def fsync(fd):
        pass


def test_a_worker_reading_during_a_publish_sees_a_whole_pointer(impl) -> None:
    seen = []
    impl.os = NoSyncOs()
    with tempfile.TemporaryDirectory() as tmp:
        pointer = Path(tmp) / "current.json"
        impl.publish(pointer, "s3://models/churn/v7", 7)

        def worker_reads():
            try:
                seen.append(impl.current(pointer)["version"])
            except json.JSONDecodeError:
                seen.append("a half-written file")

        pending = [worker_reads]
        impl.open = lambda *args, **kwargs: ReadDuringWrite(builtins.open(*args, **kwargs), pending)
        impl.publish(pointer, "s3://models/churn/v8", 8)
        impl.open = builtins.open
        final = impl.current(pointer)["version"]
    assert seen == [7] and final == 8, (
        f"a scoring worker read the pointer while v8 was being published and got {seen[0]!r} "
        "instead of v7 or v8: its batch fails")
