"""The verdict cache's runtime digest covers the whole `course` package, not only the judge's folder."""
from pathlib import Path

import pytest

from course.judge import verdict_cache
from course.paths import PACKAGE_DIR


@pytest.mark.parametrize("relative", ["scenarios/pricing/fixtures.py", "sandboxed/plain.py", "kits/faults/transport.py",
                                      "sandboxed/pytest_record.py", "judge/testrun.py"])
def test_changing_any_runtime_file_changes_the_digest(monkeypatch, relative):
    """Verdicts depend on fixtures, kits and the sandboxed runner: editing one must not serve a stale verdict
    (after the move to course/judge/, only that folder was hashed)."""
    target = PACKAGE_DIR / relative
    assert target.is_file()
    verdict_cache.runtime_digest.cache_clear()
    before = verdict_cache.runtime_digest()
    real = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: real(self, *a, **k) + ("#" if self == target else ""))
    verdict_cache.runtime_digest.cache_clear()
    try:
        assert verdict_cache.runtime_digest() != before
    finally:
        monkeypatch.undo()
        verdict_cache.runtime_digest.cache_clear()
