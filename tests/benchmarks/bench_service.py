"""`make bench`, the judge service: how long a score cell waits for its verdict with two learners checking at once
(issue 18: <= 1 s median). Figures, never assertions.

The real service process (`python -m course.service`, as the hub starts it) on 127.0.0.1 port 0, with the real
HubAuth: it asks a hub-like token API, also on 127.0.0.1 port 0 and started here (`HubTokenAPI`), whose token each
request carries, exactly the one call a real JupyterHub answers for it (GET /hub/api/user; an unknown token is a
403). No JupyterHub, proxy or single-user servers: they are not on the path of a check, and tests/test_hub.py
proves the service behind a real hub. Each learner sends through course.service.client (what a score cell calls)
a sequence of distinct module 01 answers of every kind (tests, findings, fix) from tests/submission_corpus.py, each
with a comment line of their own so nothing is cached, both learners at once; then re-sends one (a cached re-check).
Run alone: `python tests/benchmarks/bench_service.py [CHECKS_PER_LEARNER]`.
"""
from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
import os
from pathlib import Path
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/ (the corpus)

from course.service import client
from bench_cohort import COMPLETE, _timed
from lab_server import stop
from submission_corpus import BY_STUDENT, MODULE

TARGET_SECONDS = 1.0
SERVICE = "judge"
PREFIX = f"/services/{SERVICE}"
EXERCISES = ["oversell_tests", "oversell_findings", "oversell_fix", "stampede_tests", "webhook_findings"]


class HubTokenAPI:
    """The hub's token check, on 127.0.0.1 port 0: GET /hub/api/user with `Authorization: token T` answers T's
    user model with the scope a learner's server token has for the service (grading/jupyterhub_config.py), or 403."""

    def __init__(self, tokens: dict[str, str]):
        users = dict(tokens)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                token = self.headers.get("Authorization", "").partition(" ")[2]
                name = users.get(token) if self.path.split("?")[0] == "/hub/api/user" else None
                body = json.dumps({"name": name, "kind": "user", "admin": False, "groups": ["learners"],
                                   "scopes": [f"access:services!service={SERVICE}"]} if name else
                                  {"status": 403, "message": "no such token"}).encode()
                self.send_response(200 if name else 403)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "HubTokenAPI":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def judge_service(folder: Path, hub_api: str) -> Iterator[str]:
    """`python -m course.service` on 127.0.0.1 port 0 with the hub's environment for a managed service; its URL.
    Stopped (and waited for) on exit; its log is folder/service.log."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "JUPYTERHUB_SERVICE_NAME": SERVICE, "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:0",
           "JUPYTERHUB_SERVICE_PREFIX": PREFIX + "/", "JUPYTERHUB_API_URL": hub_api,
           "JUPYTERHUB_API_TOKEN": secrets.token_hex(16), "COURSE_INSTRUCTORS": "ada",
           "COURSE_JUDGE_SERVICE_STATE": str(folder / "judge-service")}
    with open(folder / "service.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "course.service"], cwd=folder, env=env,
                                stdout=subprocess.PIPE, stderr=log)
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline().decode()
            if "listening on" not in line:
                raise RuntimeError(f"the judge service did not start: {line!r}; see {folder / 'service.log'}")
            yield line.split("listening on", 1)[1].strip() + PREFIX
        finally:
            stop(proc, 30)


def answers_of(learner: int, count: int = 5) -> list[tuple[str, str]]:
    """(exercise, answer cell) for one learner: `count` distinct answers, every kind of exercise, from the corpus."""
    solution = BY_STUDENT["solution"].answers(None)
    picked = []
    for j in range(count):
        exercise = EXERCISES[j % len(EXERCISES)]
        answers = BY_STUDENT[COMPLETE[(j + 3 * learner) % len(COMPLETE)]].answers(None)
        source = answers.get(exercise) or solution[exercise]
        picked.append((exercise, source.rstrip("\n") + f"\n# learner {learner} check {j}\n"))
    return picked


def _check(url: str, token: str, exercise: str, source: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        verdict = client.check(MODULE, exercise, source, url=url, token=token)
        outcome = f"{verdict.fraction:.2f}{' cached' if verdict.cached else ''}"
    except client.ServiceUnavailable as exc:
        outcome = f"NOT JUDGED: {exc}"
    return time.perf_counter() - start, outcome


def _learners_at_once(url: str, tokens: list[str], sequences: list[list[tuple[str, str]]]
                      ) -> list[list[tuple[str, float, str]]]:
    """Each learner's sequence sent in turn (one check waits for its answer), all learners at once."""
    results: list[list[tuple[str, float, str]]] = [[] for _ in tokens]
    start = threading.Barrier(len(tokens))

    def learner(i: int) -> None:
        start.wait()
        for exercise, source in sequences[i]:
            seconds, outcome = _check(url, tokens[i], exercise, source)
            results[i].append((exercise, seconds, outcome))
    threads = [threading.Thread(target=learner, args=(i,)) for i in range(len(tokens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_service(tmp: Path, per_learner: int = 5) -> None:
    print(f"\n9. The judge service: a score cell's verdict with two learners checking at once ({per_learner} distinct "
          f"module 01 answers each; target: median <= {TARGET_SECONDS:g} s). The real service process with real "
          f"HubAuth against a hub-like token API on 127.0.0.1 (no JupyterHub on the path; see the module docstring)")
    tokens = {secrets.token_hex(16): name for name in ("warmup", "bob", "cy")}
    token_of = {name: token for token, name in tokens.items()}
    with HubTokenAPI(tokens) as hub, judge_service(tmp / "service", hub.url) as url:
        refused = _check(url, "not-a-hub-token", "oversell_tests", "%%tests oversell\n")[1]
        print(f"   a token the hub does not know: {'refused' if 'did not accept' in refused else 'NOT REFUSED: ' + refused}")
        first, outcome = _check(url, token_of["warmup"], *answers_of(9, 1)[0])
        print(f"   first check after start (starts the service's warm sandbox servers): {first:5.2f} s  ({outcome})")
        sequences = [answers_of(0, per_learner), answers_of(1, per_learner)]
        print(f"   load average before: {_load()}")
        box: dict[str, list] = {}
        wall, busy = _timed(lambda: box.setdefault("r", _learners_at_once(url, [token_of["bob"], token_of["cy"]],
                                                                            sequences)))
        results = box["r"]
        for name, rows in zip(("bob", "cy"), results):
            print(f"   {name}: " + ", ".join(f"{ex} {s:.2f} s ({o})" for ex, s, o in rows))
        seconds = sorted(s for rows in results for _, s, o in rows if not o.startswith("NOT"))
        failed = sum(o.startswith("NOT") for rows in results for _, _, o in rows)
        again = [_check(url, token_of[name], *sequences[i][0]) for i, name in enumerate(("bob", "cy"))]
        print(f"   load average after: {_load()}; machine busy {busy:4.2f} of {os.cpu_count()} cores over the "
              f"{wall:.1f} s of both sequences (other users' work included)")
    if seconds:
        p90 = statistics.quantiles(seconds, n=10, method="inclusive")[-1] if len(seconds) > 1 else seconds[0]
        median = statistics.median(seconds)
        print(f"   uncached, per check ({len(seconds)} answered, {failed} not judged): median {median:.2f} s, "
              f"p90 {p90:.2f} s, max {seconds[-1]:.2f} s   target median <= {TARGET_SECONDS:g} s: "
              f"{'ok' if median <= TARGET_SECONDS and not failed else 'OVER BUDGET' if failed == 0 else 'FAILED'}")
        kinds = {}
        for rows in results:
            for exercise, s, o in rows:
                if not o.startswith("NOT"):
                    kinds.setdefault(exercise.rsplit("_", 1)[1], []).append(s)
        print("   by kind (medians): " + ", ".join(f"{kind} {statistics.median(v):.2f} s (n={len(v)})"
                                                  for kind, v in sorted(kinds.items()))
              + "; findings are scored without a sandbox, tests and fixes run sandboxed suites")
    else:
        print(f"   FAILED: no check was answered ({failed} not judged)")
    print("   cached re-check of an answer already judged: " + ", ".join(f"{s * 1000:.0f} ms ({o})" for s, o in again))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        bench_service(Path(tmp), int(sys.argv[1]) if len(sys.argv) > 1 else 5)
