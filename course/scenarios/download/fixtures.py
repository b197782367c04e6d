"""Trusted pytest plugin for the download scenario: a customer's folder on the file server and the handler.

Every test gets a fresh folder tree (removed after the test) and its own copy of the implementation.

Fixtures (take them as test arguments):
- `site`      the file server's folders, as plain data:
              `site.root`       the customer's folder (an absolute path, as a str), which holds
              `site.files`      {"report.txt": b"...", "2024/q1.csv": b"..."} (path inside the root -> bytes);
              `site.neighbour`  another customer's folder beside it, whose name starts with the root's
                                (".../files/acme-labs" next to ".../files/acme");
              `site.outside`    {absolute path: bytes} of files outside the root: the neighbour's
                                contract and the server's own config/secrets.env.
              `site.relative_to_root(path)` writes an absolute path relative to the root ("../acme-labs/...");
              `site.untouched()` is True while every file and folder of the tree is as it was made.
- `download`  `download(requested)`: read_download(site.root, requested), the implementation under test:
              returns the file's bytes or raises what it raised.

    def test_reads_a_file(site, download):
        assert download("report.txt") == site.files["report.txt"]
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from course.sandboxed.fresh_module import close_executors, fresh_import
from course.scenarios.download import house

IMPORT_NAME = "downloads"


@pytest.fixture
def site() -> Iterator[house.Site]:
    """The customer's folder and its surroundings (fresh per test)."""
    tree = house.Site()
    yield tree
    tree.close()


@pytest.fixture
def download(site: house.Site) -> Iterator[Callable[[str], Any]]:
    """download(requested): the implementation's read_download(site.root, requested)."""
    module = fresh_import(IMPORT_NAME)

    def download(requested: str) -> Any:
        """The bytes of `requested` inside the customer's folder (the implementation under test)."""
        return module.read_download(site.root, requested)

    yield download
    close_executors(module)
