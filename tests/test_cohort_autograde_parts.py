"""course.cohort.autograde's parts without nbgrader runs (the runs are in tests/test_cohort.py)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("workers, cores, each", [(2, 2, 1), (1, 2, 2), (4, 2, 1), (2, 8, 4), (3, 8, 2)])
def test_workers_share_the_cores_out_instead_of_oversubscribing(workers, cores, each):
    from course.cohort.autograde import worker_sandboxes
    assert worker_sandboxes(workers, cores) == each
