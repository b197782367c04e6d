"""`tidy publish [--dry-run]`: upload built distributions with twine."""
from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from unittest import mock


def publish(files: Sequence[str], repository: str, dry_run: bool = False,
            run: Callable[..., object] = subprocess.run) -> None:
    """Upload ``files`` to ``repository``; with ``dry_run`` only check them.

    ``twine check`` validates the metadata without touching the index, so a
    dry run is safe to use in CI on every branch.
    """
    if not files:
        raise ValueError("nothing to publish: build first")
    if dry_run:
        command = ["twine", "check", *files]
    else:
        command = ["twine", "upload", "--repository", repository, *files]
    run(command, check=True)


def test_publish_dry_run() -> None:
    runner = mock.Mock()
    publish(["dist/tidy-1.4.0-py3-none-any.whl"], "pypi", dry_run=True, run=runner)
    runner.assert_called_once_with(mock.ANY, check=True)
