"""The drill notebook (modules/practice/): built by copying (a self-study notebook, not an nbgrader assignment), it
runs top to bottom in a fresh kernel, and a session can be replayed exactly from COURSE_PRACTICE_SEED and
COURSE_PRACTICE_CLOCK (what the browser test relies on)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
import json
import shutil

import pytest

from course.authoring import build
from course.paths import MODULES_DIR, SOLUTIONS_DIR
from course.practice.schedule import SteppingClock, replay_from_env
from notebook_runs import run_top_to_bottom


def test_the_drill_folder_is_self_study_and_not_a_graded_module():
    assert "practice" in build.self_study_names() and "practice" not in build.module_names()
    cells = json.loads((SOLUTIONS_DIR / "practice" / "practice.ipynb").read_text())["cells"]
    assert not any("nbgrader" in cell["metadata"] for cell in cells)
    sources = ["".join(cell["source"]) for cell in cells]
    assert "from course.practice.app import show_progress, start" in sources and "show_progress()" in sources


def test_build_copies_a_self_study_notebook_without_outputs(tmp_path, monkeypatch):
    source = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS_DIR / "practice", source / "practice")
    path = source / "practice" / "practice.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][1].update(outputs=[{"output_type": "stream", "name": "stdout", "text": "left over\n"}],
                          execution_count=3)
    path.write_text(json.dumps(nb))
    monkeypatch.setattr(build, "SOLUTIONS_DIR", source)
    built = json.loads((build.generate_release("practice", tmp_path / "modules") / "practice.ipynb").read_text())
    assert [c.get("outputs") for c in built["cells"] if c["cell_type"] == "code"] == [[], [], []]
    assert all(c.get("execution_count") is None for c in built["cells"])


def test_build_refuses_a_self_study_notebook_with_nbgrader_cells(tmp_path, monkeypatch):
    source = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS_DIR / "practice", source / "practice")
    path = source / "practice" / "practice.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][2]["metadata"]["nbgrader"] = {"solution": True, "grade": False, "grade_id": "x", "locked": False,
                                              "schema_version": 3, "task": False}
    path.write_text(json.dumps(nb))
    monkeypatch.setattr(build, "SOLUTIONS_DIR", source)
    with pytest.raises(build.BuildError, match="has nbgrader cells"):
        build.generate_release("practice", tmp_path / "modules")
    assert not (tmp_path / "modules" / "practice").exists()           # nothing half-built


def test_a_session_replays_from_its_seed_and_clock():
    args = replay_from_env({"COURSE_PRACTICE_SEED": "7", "COURSE_PRACTICE_CLOCK": "2026-12-01T09:00:00+00:00,15"})
    assert args["seed"] == 7
    start = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    assert [args["clock"]() for _ in range(3)] == [start + timedelta(seconds=15 * n) for n in range(3)]
    assert replay_from_env({}) == {}
    assert isinstance(replay_from_env({"COURSE_PRACTICE_CLOCK": "2026-12-01T09:00:00Z"})["clock"], SteppingClock)


@pytest.mark.parametrize("env, message", [
    ({"COURSE_PRACTICE_SEED": "seven"}, "COURSE_PRACTICE_SEED must be a whole number"),
    ({"COURSE_PRACTICE_CLOCK": "tomorrow"}, "COURSE_PRACTICE_CLOCK must be an ISO time"),
    ({"COURSE_PRACTICE_CLOCK": "2026-12-01T09:00:00"}, "needs a time zone"),
    ({"COURSE_PRACTICE_CLOCK": "2026-12-01T09:00:00+00:00,-1"}, "needs a time zone"),
])
def test_a_bad_replay_setting_is_a_clear_error(env, message):
    with pytest.raises(ValueError, match=message):
        replay_from_env(env)


@pytest.mark.slow
def test_the_drill_notebook_runs_top_to_bottom(tmp_path):
    record = tmp_path / "record.sqlite"
    proc = run_top_to_bottom(MODULES_DIR / "practice" / "practice.ipynb", tmp_path,
                             {"COURSE_PRACTICE_RECORD": str(record), "MPLBACKEND": "Agg"})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "3 passed" in proc.stdout                                   # every code cell ran
    assert record.exists()                                             # the drill opened the learner's record
