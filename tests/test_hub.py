"""JupyterHub scale-out, proven on loopback with the shipped grading/jupyterhub_config.py.

One instructor and two learners, each a real OS user logging in with a real password. Everything
goes through each person's own server, with that person's own token, as a cohort would click it:
the instructor uploads the module and generates and releases it (formgrader's REST API), each learner
fetches it, writes answers and submits (nbgrader's assignment-list API, Jupyter's contents API),
the instructor collects and autogrades (formgrader; the judge runs sandboxed as the instructor).
"""
from __future__ import annotations

import json
import os
import re

import nbformat
import pytest

from course.nbgrader.tools import COURSE_ID
from course.paths import SOLUTIONS_DIR
from hub_cohort import Hub, Person, missing_prerequisite, running_hub
from nbgrader_course import scores, solution_answers, with_answers
from prerequisites import require

pytestmark = pytest.mark.slow

MODULE = "00-start-here"
NOTEBOOK = f"{MODULE}.ipynb"
SOURCE_NB = nbformat.read(str(SOLUTIONS_DIR / MODULE / NOTEBOOK), as_version=4)
POINTS = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader["points"] for c in SOURCE_NB.cells
          if c.metadata.get("nbgrader", {}).get("grade")}
SOLUTION = solution_answers(MODULE)
# learner 1 answers everything as the solution does; learner 2 only names the flaws
ANSWERS = {"learner1": SOLUTION, "learner2": {"warmup_findings": SOLUTION["warmup_findings"]}}
EXPECTED = {"learner1": dict(POINTS),
            "learner2": {cell: POINTS[cell] if cell == "warmup_findings_score" else 0.0 for cell in POINTS}}

require(missing_prerequisite(), "the JupyterHub test")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    tag = f"crs{os.getpid() % 100000}"      # unique per run: two checkouts may test at once
    people = [Person(f"{tag}-instructor", "instructor"), Person(f"{tag}-learner1", "learner"),
              Person(f"{tag}-learner2", "learner")]
    with running_hub(people, tmp_path_factory.mktemp("hub-state")) as running:
        for person in people:
            running.log_in(person)
        running.start_servers(people)
        yield running


def upload_module(hub: Hub, instructor: Person) -> None:
    """The instructor puts the module's source into their course folder, through the contents API."""
    course = f"/api/contents/{COURSE_ID}"
    for folder in (course, f"{course}/source", f"{course}/source/{MODULE}"):
        hub.server(instructor, "PUT", folder, {"type": "directory"})
    for path in sorted((SOLUTIONS_DIR / MODULE).iterdir()):
        if path.suffix == ".ipynb":
            model = {"type": "notebook", "format": "json", "content": nbformat.read(str(path), as_version=4)}
        elif path.is_file():
            model = {"type": "file", "format": "text", "content": path.read_text()}
        else:
            continue   # __pycache__ and the like
        hub.server(instructor, "PUT", f"{course}/source/{MODULE}/{path.name}", model)


def disabled_lab_extensions(hub: Hub, person: Person) -> list[str]:
    """What JupyterLab's page configuration disables for this person (their role's labconfig)."""
    page = hub.server(person, "GET", "/lab")
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    disabled = config.get("disabledExtensions", [])
    return list(disabled) if isinstance(disabled, list) else [k for k, v in disabled.items() if v]


def succeeded(reply: dict, what: str) -> dict:
    assert reply.get("success"), f"{what} failed: {reply.get('error') or reply.get('value') or reply}"
    return reply


def test_a_cohort_releases_submits_and_is_graded_through_the_hub(hub):
    instructor, learner1, learner2 = hub.people
    learners = {"learner1": learner1, "learner2": learner2}

    # Roles: the instructor sees the learners on the hub, a learner sees only themself; formgrader
    # (server and lab extension) is the instructor's only
    listed = {u["name"] for u in hub.call(instructor, "GET", "/hub/api/users")}
    assert {learner1.name, learner2.name} <= listed
    hub.call(learner1, "GET", "/hub/api/users", expect=(403,))
    assert hub.server(instructor, "GET", "/formgrader/api/assignments") == []
    hub.server(learner1, "GET", "/formgrader/api/assignments", expect=(404,))
    assert "@jupyter/nbgrader:formgrader" in disabled_lab_extensions(hub, learner1)
    assert "@jupyter/nbgrader:formgrader" not in disabled_lab_extensions(hub, instructor)

    # Instructor: upload the source, generate and release (formgrader's REST API)
    upload_module(hub, instructor)
    succeeded(hub.server(instructor, "POST", f"/formgrader/api/assignment/{MODULE}/assign"), "generate")
    succeeded(hub.server(instructor, "POST", f"/formgrader/api/assignment/{MODULE}/release"), "release")

    # Learners: fetch, answer in the fetched notebook, submit (each with their own server and token)
    ids = {"course_id": COURSE_ID, "assignment_id": MODULE}
    for key, learner in learners.items():
        listing = succeeded(hub.server(learner, "POST", "/assignments/fetch", ids), "fetch")["value"]
        fetched = next(a for a in listing if a["assignment_id"] == MODULE and a["status"] == "fetched")
        path = f"/api/contents/{fetched['path']}/{NOTEBOOK}"
        nb = nbformat.from_dict(hub.server(learner, "GET", path)["content"])
        hub.server(learner, "PUT", path, {"type": "notebook", "format": "json",
                                          "content": with_answers(nb, ANSWERS[key])})
        listing = succeeded(hub.server(learner, "POST", "/assignments/submit", ids), "submit")["value"]
        assert any(a["status"] == "submitted" and a["assignment_id"] == MODULE for a in listing)

    # The exchange holds one submission per learner, named after each learner's OS user
    inbound = hub.exchange / COURSE_ID / "inbound"
    submitters = sorted(entry.name.split("+")[0] for entry in inbound.iterdir())
    assert submitters == [learner1.name, learner2.name]

    # Instructor: collect and autograde. The judge runs as the instructor's own user and refuses to
    # grade without a working sandbox (bubblewrap in a user namespace), so success means sandboxed.
    succeeded(hub.server(instructor, "POST", f"/formgrader/api/assignment/{MODULE}/collect"), "collect")
    for learner in learners.values():
        succeeded(hub.server(instructor, "POST", f"/formgrader/api/submission/{MODULE}/{learner.name}/autograde"),
                  "autograde")

    # Grades, as formgrader reports them and cell by cell in the instructor's gradebook
    totals = {s["student"]: s["score"] for s in hub.server(instructor, "GET", f"/formgrader/api/submissions/{MODULE}")}
    assert totals == {learner1.name: sum(EXPECTED["learner1"].values()),
                      learner2.name: sum(EXPECTED["learner2"].values())}
    course_dir = hub.exchange.parent / "home" / instructor.name / COURSE_ID
    by_cell = scores(course_dir, MODULE)
    assert by_cell == {learner.name: EXPECTED[key] for key, learner in learners.items()}
