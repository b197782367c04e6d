"""The judge service's HTTP API (tornado, behind JupyterHub's own tokens).

  POST /check     {"module", "exercise", "source"}  ->  {"fraction", "feedback", "cached"}
                  429 {"retry_after"} past the learner's rate limit, 503 {"busy", "retry_after"} when the queue is full,
                  413 for a body over MAX_BODY, 400/404 with a readable "error" for anything else wrong.
  GET  /attempts  the caller's own attempts; an instructor's token sees everyone's (?user=NAME for one learner).
  GET  /health    {"ok": true}, for the hub's and an operator's checks (no authentication).

Who is asking comes from the hub: a request carries `Authorization: token <the learner's server token>`, and
HubAuth asks the hub whose token it is and whether it may access this service. The answer is judged with the
keys only this process holds, by `judge_answer` with staged feedback (reveal=False: no missed-flaw locations),
in a thread pool; results are cached by content (keys, runtime, module, exercise, answer), so a re-check of the
same answer is instant. A findings answer is judged finding by finding only within the learner's budget for the
exercise (course.judge.findings.one_by_one_budget, kept next to the attempts): past it, or when the budget cannot
be read, counts only, never cached. Nothing a learner sends is run in this process: judge_answer runs it in sandboxes.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
import json
import os
from pathlib import Path
import sys
import time
from typing import Any

from jupyterhub.services.auth import HubAuthenticated
from tornado import web

from course.service.admission import Queue, RateLimit
from course.service.attempts import Attempts, spend_one_by_one

MAX_BODY = 512 * 1024            # bytes of one request
MAX_SOURCE = 256 * 1024          # characters of one answer cell


@dataclass
class ServiceState:
    attempts: Attempts
    limit: RateLimit
    queue: Queue
    pool: ThreadPoolExecutor
    cache_path: Path | None
    instructors: frozenset[str]


class UnknownExercise(LookupError):
    """The request names no module or exercise the keys have (404): only this, never a LookupError from judging."""


def counts_only(exercise: Any, module: str, source: str, user: str, budget_path: Path | None) -> bool:
    """Must this answer's staged feedback be counts only? For a findings answer whose findings judged one by one
    would take the learner past the exercise's budget (they are recorded otherwise), and, failing closed, whenever
    the budget cannot be read or written (no `budget_path`, a broken database) or the answer not read for it."""
    from course.judge import findings
    from course.judge.engine import MAX_ANSWER_BYTES, answer_bytes

    if exercise.kind != "findings":
        return False
    try:
        if answer_bytes(source) > MAX_ANSWER_BYTES:   # not judged at all (judge_answer says so)
            return False
        keys = findings.judged_one_by_one(exercise, source)
        if not keys:
            return False
        if budget_path is None:
            return True
        return not spend_one_by_one(budget_path, user, module, exercise.id, keys,
                                    findings.one_by_one_budget(len(exercise.flaws)))
    except Exception:   # the budget's fault (or the reader's), never the learner's: fewer rows, the same score
        return True


def judged(module: str, exercise_id: str, source: str, cache_path: Path | None, user: str = "",
           budget_path: Path | None = None) -> dict[str, Any]:
    """{"fraction", "feedback", "rows", "cached"} for one answer, from the content cache or judged now (in a pool thread).

    The cache is each learner's own (`user` is in its key): a verdict cached from another learner's identical answer
    came back instantly and said "cached", which told anyone whether someone else had sent exactly this answer
    (red team). For the same reason the judge runs without its shared verdict cache here (its speed would say it).
    `budget_path`: the database of the findings budget (the attempts'); without it, findings get counts only. An
    answer given counts only by `counts_only` is neither read from the cache nor put in it: its rows depend on the
    learner's history (or a fault), its score does not."""
    from course.judge.batch_verdicts import module_digest
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from course.judge.verdict_cache import RUNNER_VERSION, VerdictCache, digest, runtime_digest

    from course.paths import MODULE_NAME

    if not MODULE_NAME.fullmatch(module):   # never a path: a key folder's key.py files are imported (red team)
        raise UnknownExercise(f"there is no module {module[:100]!r}")
    exercise = load_module_key(module).get(exercise_id)
    if exercise is None:
        raise UnknownExercise(f"{module} has no exercise {exercise_id[:100]!r}")
    forced = counts_only(exercise, module, source, user, budget_path)
    key = digest("service", RUNNER_VERSION, runtime_digest(), module_digest(module), user, module, exercise_id,
                 "counts only" if forced else "one by one", source)
    cache = VerdictCache(None if forced else cache_path)
    try:
        hit = cache.get(key)
        if isinstance(hit, dict):
            return {**hit, "cached": True}
        verdict = judge_answer(exercise, source, reveal=False, cache=None, counts_only=forced)
        answer = {"fraction": verdict.fraction, "feedback": verdict.feedback, "rows": verdict.rows}
        if "internal_error" not in verdict.details:     # a grader fault is judged again next time
            cache.put(key, answer)
        return {**answer, "cached": False, "grader_error": "internal_error" in verdict.details}
    finally:
        cache.close()


class _Base(HubAuthenticated, web.RequestHandler):
    @property
    def state(self) -> ServiceState:
        return self.settings["state"]

    def reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        if "retry_after" in body:
            self.set_header("Retry-After", str(max(1, int(round(body["retry_after"])))))
        self.finish(json.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish(json.dumps({"error": self._reason}))

    def check_xsrf_cookie(self) -> None:   # token-authenticated API calls only: no cookies, no forms
        return None


class CheckHandler(_Base):
    @web.authenticated
    async def post(self) -> None:
        user = self.current_user["name"]
        try:
            request = json.loads(self.request.body or b"{}")
            if not isinstance(request, dict):
                raise ValueError("send a JSON object")
            module, exercise, source = (request.get(k) for k in ("module", "exercise", "source"))
            if not all(isinstance(v, str) for v in (module, exercise, source)):
                raise ValueError("send JSON with the strings module, exercise and source")
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            return self.reply(400, {"error": f"not a check request: {exc}"})
        wait = self.state.limit.retry_after(user)   # first: every request that is logged counts (red team: 413s
        if wait is not None:                        # were not limited, and each logged its names in the attempts)
            self.state.attempts.record(user, module, exercise, "limited")
            return self.reply(429, {"error": "too many checks: wait a little", "retry_after": wait})
        if len(source) > MAX_SOURCE:
            self.state.attempts.record(user, module, exercise, "refused")
            return self.reply(413, {"error": f"the answer is over {MAX_SOURCE // 1024} KiB: shorten it"})
        wait = self.state.queue.enter(user)
        if wait is not None:
            self.state.attempts.record(user, module, exercise, "busy")
            return self.reply(503, {"busy": True, "error": f"the judge is busy: try again in {wait:.0f} s",
                                    "retry_after": wait})
        start, took = time.monotonic(), None
        try:
            answer = await asyncio.get_running_loop().run_in_executor(
                self.state.pool, judged, module, exercise, source, self.state.cache_path, user,
                self.state.attempts.path)
            took = None if answer["cached"] else time.monotonic() - start
        except UnknownExercise as exc:
            self.state.attempts.record(user, module, exercise, "refused")
            return self.reply(404, {"error": str(exc.args[0])})
        except Exception as exc:   # a grader fault: never points, never the learner's fault
            self.state.attempts.record(user, module, exercise, "error")
            return self.reply(500, {"error": f"not graded: grader error ({type(exc).__name__}); please tell your "
                                             "instructor: this is not a problem with your answer"})
        finally:
            self.state.queue.leave(took, user)
        self.state.attempts.record(user, module, exercise, "cached" if answer["cached"] else "judged",
                                   answer["fraction"], time.monotonic() - start)
        self.reply(200, answer)


class AttemptsHandler(_Base):
    @web.authenticated
    def get(self) -> None:
        user = self.current_user["name"]
        asked = self.get_argument("user", None)
        if user in self.state.instructors:
            return self.reply(200, {"attempts": self.state.attempts.rows(asked)})
        if asked not in (None, user):
            return self.reply(403, {"error": "a learner sees only their own attempts"})
        self.reply(200, {"attempts": self.state.attempts.rows(user)})


class HealthHandler(web.RequestHandler):
    def get(self) -> None:
        self.finish({"ok": True})


def make_app(state: ServiceState, prefix: str = "/") -> web.Application:
    """The tornado application, its routes under the hub's service prefix (/services/judge/)."""
    prefix = prefix.rstrip("/")
    return web.Application([(f"{prefix}/check", CheckHandler), (f"{prefix}/attempts", AttemptsHandler),
                            (f"{prefix}/health", HealthHandler)],
                           state=state, login_url="/hub/login")


def private_state(folder: Path, hub_state: Path | None = None) -> None:
    """Keep the service's records (every learner's attempts, cached verdicts) and the hub's own state from the
    learner code it judges: the folder mode 0700, and both hidden from every sandbox it starts. Red team: with the
    hub's state outside the repository, a learner's test read judge-attempts.sqlite3 (mode 0644, readable by the
    sandbox's unprivileged user) and quoted another learner's attempts in a false alarm."""
    from course.judge.sandbox import hide_also
    from course.paths import REPO_ROOT

    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    hidden = [str(folder.resolve())]
    if hub_state is not None:
        hub_state, runtime = hub_state.resolve(), [REPO_ROOT.resolve(), Path(sys.prefix).resolve()]
        if not any(hub_state == r or hub_state in r.parents for r in runtime):   # (the repository is hidden anyway)
            hidden.append(str(hub_state))
    hide_also(hidden)


def state_from_env() -> ServiceState:
    """Settings from the environment the hub gives the managed service (grading/jupyterhub_config.py)."""
    folder = Path(os.environ.get("COURSE_JUDGE_SERVICE_STATE", "."))
    private_state(folder, Path.cwd())     # the hub starts the service in its state folder
    workers = int(os.environ.get("COURSE_JUDGE_SERVICE_WORKERS", str(os.cpu_count() or 1)))
    return ServiceState(
        attempts=Attempts(folder / "judge-attempts.sqlite3"),
        limit=RateLimit(int(os.environ.get("COURSE_JUDGE_SERVICE_RATE", "20")), 60.0),
        queue=Queue(workers, int(os.environ.get("COURSE_JUDGE_SERVICE_QUEUE", str(4 * workers)))),
        pool=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="judge"),
        cache_path=folder / "judge-service-cache.sqlite3",
        instructors=frozenset(n.strip() for n in os.environ.get("COURSE_INSTRUCTORS", "").split(",") if n.strip()))
