"""course.cohort.autograde's parts without nbgrader runs (the runs are in tests/test_cohort.py)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("workers, cores, each", [(2, 2, 1), (1, 2, 2), (4, 2, 1), (2, 8, 4), (3, 8, 2)])
def test_workers_share_the_cores_out_instead_of_oversubscribing(workers, cores, each):
    from course.cohort.autograde import worker_sandboxes
    assert worker_sandboxes(workers, cores) == each


def _answered(module: str):
    import nbformat
    from course.paths import MODULES_DIR
    from nbgrader_course import solution_answers, with_answers
    released = nbformat.read(str(next((MODULES_DIR / module).glob("*.ipynb"))), as_version=4)
    return with_answers(released, solution_answers(module))


def test_a_notebook_is_one_job_per_grade_cell_the_sandboxed_ones_first():
    import nbformat
    from course.cohort.autograde import _parts
    from course.judge.exercises import load_module_key
    module = "01-concurrent-writes"
    jobs = _parts("bob", module, module, nbformat.writes(_answered(module)), False, load_module_key(module))
    assert sorted(j.grade_ids for j in jobs) == sorted((f"{e}_score",) for e in load_module_key(module))
    cost = {j.grade_ids[0]: j.cost for j in jobs}
    assert cost["oversell_findings_score"] == cost["webhook_findings_score"] == 0.0      # no learner code runs
    assert min(cost["oversell_tests_score"], cost["oversell_fix_score"]) > 0.0
    [whole] = _parts("bob", module, module, nbformat.writes(nbformat.v4.new_notebook()), False, {})
    assert whole.grade_ids == ()                                # nothing the reader finds: the notebook in one job


def test_verdicts_judged_one_grade_cell_at_a_time_merge_into_the_whole_notebooks(monkeypatch):
    """The cohort's jobs judge one grade cell each (judge_notebook(only=...)); merged, they are what judging the whole
    notebook gives, which the batch store and the nbgrader pass rely on."""
    from course.judge.engine import judge_notebook
    from course.judge.reading import notebook_answers
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")
    module = "00-start-here"
    nb = _answered(module)
    whole = judge_notebook(nb, module, cache=None)
    merged = {}
    for grade_id in notebook_answers(nb)[0]:
        part = judge_notebook(nb, module, cache=None, only={grade_id})
        assert list(part) == [grade_id]
        merged.update(part)
    assert merged == whole and len(whole) >= 2
