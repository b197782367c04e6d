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


# ---------------------------------------------------------------- the judge service (issue 18)

SERVICE = "/services/judge"


def _check(hub: Hub, person: Person, exercise: str, source: str):
    return hub.request("POST", f"{SERVICE}/check", token=person.token,
                       body={"module": MODULE, "exercise": exercise, "source": source})


def test_a_learners_score_cell_is_judged_by_the_service_and_their_server_holds_no_keys(hub):
    _, learner1, _ = hub.people
    right = SOLUTION["warmup_findings"]
    wrong = "%%findings warmup\n[{'lines': (1, 1), 'category': 'edge-case', 'why': 'the import looks off'}]\n"
    out = hub.run_in_kernel(learner1, [
        "%load_ext course.notebook\nfrom course.notebook import score",
        "import os\nfrom course.paths import keys_available, keys_dir\n"
        "print('keys here:', keys_available('00-start-here'), os.environ.get('COURSE_JUDGE_SERVICE', '')[:7])\n"
        "try:\n    os.listdir(keys_dir())\nexcept OSError as exc:\n    print('cannot list the keys:', type(exc).__name__)",
        wrong, "score('warmup_findings')",
        right, "score('warmup_findings')", "score('warmup_findings')",
        # `course check` on the notebook this learner fetched and answered in the cohort test above
        "import subprocess, sys\nrun = subprocess.run([sys.executable, '-m', 'course', 'check', "
        f"'{MODULE}/{NOTEBOOK}'], capture_output=True, text=True)\nprint(run.stdout[-3000:], run.stderr[-2000:])"])
    assert "keys here: False http://" in out[1] and "cannot list the keys: PermissionError" in out[1], out[1]
    assert "Self-check (your cohort's judge service" in out[3] and "0% of the points" in out[3], out[3]
    assert "[an HTML table]" in out[3] and "question" in out[3], out[3]   # the rows: a missed flaw's review question
    assert "Self-check (your cohort's judge service" in out[5] and "100% of the points" in out[5], out[5]
    assert out[6] == out[5]                            # the re-check: the same words, from the content cache
    total = sum(POINTS.values())
    assert f"Total: {total:g} / {total:g} points" in out[7], out[7]    # judged by the service, every exercise
    mine = hub.request("GET", f"{SERVICE}/attempts", token=learner1.token)[1]["attempts"]
    assert [(a["exercise"], a["outcome"], a["fraction"]) for a in mine][:3] == [
        ("warmup_findings", "judged", 0.0), ("warmup_findings", "judged", 1.0), ("warmup_findings", "cached", 1.0)]
    assert {a["exercise"] for a in mine[3:]} == {c[: -len("_score")] for c in POINTS}
    assert {a["user"] for a in mine} == {learner1.name}


def test_a_learner_sees_only_their_own_attempts_and_an_instructor_everyones(hub):
    instructor, learner1, learner2 = hub.people
    status, _ = _check(hub, learner2, "warmup_findings", SOLUTION["warmup_findings"])
    assert status == 200
    status, reply = hub.request("GET", f"{SERVICE}/attempts?user={learner1.name}", token=learner2.token)
    assert status == 403 and "only their own" in reply["error"]
    theirs = hub.request("GET", f"{SERVICE}/attempts", token=learner2.token)[1]["attempts"]
    assert theirs and {a["user"] for a in theirs} == {learner2.name}
    everyone = hub.request("GET", f"{SERVICE}/attempts", token=instructor.token)[1]["attempts"]
    assert {learner1.name, learner2.name} <= {a["user"] for a in everyone}
    assert hub.request("POST", f"{SERVICE}/check", token=None, body={})[0] in (302, 401, 403)   # no token: nothing


def test_the_service_survives_a_burst_from_both_learners_at_once(hub):
    """Twenty-five checks each, all at once: every one is answered (a verdict, or 429/503 with Retry-After), the
    rate limit holds per learner, and the service still judges afterwards."""
    from concurrent.futures import ThreadPoolExecutor
    _, learner1, learner2 = hub.people
    answers = [f"%%findings warmup\n- sales.py:{n}: edge-case: checked line {n}\n" for n in range(25)]
    with ThreadPoolExecutor(16) as pool:
        replies = list(pool.map(lambda job: _check(hub, *job), [(p, "warmup_findings", a)
                                                              for a in answers for p in (learner1, learner2)]))
    statuses = [status for status, _ in replies]
    assert set(statuses) <= {200, 429, 503}, statuses
    assert statuses.count(200) >= 2 and 429 in statuses           # 20 per learner per minute (the shipped limit)
    assert all(reply.get("retry_after") for status, reply in replies if status != 200)
    assert hub.request("GET", f"{SERVICE}/health")[0] == 200
