"""Trusted pytest plugin for the media-tools drill (findings only): the tools, with subprocess recorded.

Nothing runs for real: each test's copy of the implementation gets a recording stand-in for
subprocess, so a test sees every command and how a shell would split it.

Fixtures (take them as test arguments):
- `media`     the implementation under test: `media.make_thumbnail(upload, width)`,
              `media.search_uploads(folder, text)`, `media.archive_uploads(folder, label)`
- `commands`  `commands()`: every command run so far in this test, as
              {"shell": bool, "words": [...]}: the words the program (or, with shell=True, the shell)
              sees, shell operators such as ";" as words of their own
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from course.sandboxed.fresh_module import close_executors, fresh_import
from course.scenarios.shell import house

IMPORT_NAME = "media"


class _Media:
    """The three tools of this test's copy of the implementation (wrapper functions only)."""

    __slots__ = ("make_thumbnail", "search_uploads", "archive_uploads")

    def __init__(self, module: Any) -> None:
        def make_thumbnail(upload: str, width: Any) -> Any:
            return module.make_thumbnail(upload, width)

        def search_uploads(folder: str, text: str) -> Any:
            return module.search_uploads(folder, text)

        def archive_uploads(folder: str, label: str) -> Any:
            return module.archive_uploads(folder, label)

        self.make_thumbnail, self.search_uploads, self.archive_uploads = make_thumbnail, search_uploads, archive_uploads


@pytest.fixture
def _recorder() -> house.Recorder:
    return house.Recorder(grep_output="/srv/uploads/acme/b.txt\n/srv/uploads/acme/a.txt\n")


@pytest.fixture
def media(_recorder: house.Recorder) -> Iterator[_Media]:
    module = fresh_import(IMPORT_NAME)
    module.subprocess = _recorder
    yield _Media(module)
    close_executors(module)


@pytest.fixture
def commands(_recorder: house.Recorder) -> Callable[[], list[dict]]:
    def commands() -> list[dict]:
        """Every command run so far in this test."""
        return [dict(c, words=list(c["words"])) for c in _recorder.commands]
    return commands
