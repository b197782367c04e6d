"""A learner's side of the judge service: the score cells and `course check` in a cohort, where no keys are local.

The hub sets COURSE_JUDGE_SERVICE for learners' servers (grading/jupyterhub_config.py); the request carries the
server's own hub token (JUPYTERHUB_API_TOKEN, which kernels and terminals inherit), so the service knows who asks.
Anything that goes wrong is a readable message, never a traceback: the answer stays saved in the notebook and is
graded when it is submitted.
"""
from __future__ import annotations

from dataclasses import dataclass
import json
import os
import urllib.error
import urllib.request

SERVICE_ENV = "COURSE_JUDGE_SERVICE"
TIMEOUT_SECONDS = 300.0   # one check can be a dozen sandboxed runs on a busy hub


@dataclass(frozen=True)
class RemoteVerdict:
    fraction: float
    feedback: str
    cached: bool = False
    rows: tuple[dict, ...] = ()      # the feedback as rows (course.judge.report): the notebook's table and hint tiers


class ServiceUnavailable(RuntimeError):
    """The service did not judge this answer; the message says why and what to do."""


def service_url() -> str | None:
    """The judge service's URL when this server belongs to a cohort, else None (judge locally)."""
    return os.environ.get(SERVICE_ENV) or None


def check(module: str, exercise_id: str, source: str, *, url: str | None = None,
          token: str | None = None) -> RemoteVerdict:
    """The service's verdict on one answer (staged feedback, as autograde gives it before the deadline)."""
    url = (url or service_url() or "").rstrip("/")
    token = token or os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not url:
        raise ServiceUnavailable("no judge service is configured for this server")
    body = json.dumps({"module": module, "exercise": exercise_id, "source": source}).encode()
    request = urllib.request.Request(f"{url}/check", data=body, method="POST",
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise ServiceUnavailable(_refusal(exc)) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ServiceUnavailable(f"the judge service could not be reached ({exc}); your answer is saved in the "
                                 "notebook and is graded when you submit") from None
    from course.judge.report import rows_data, rows_from
    rows = answer.get("rows") if isinstance(answer.get("rows"), list) else []
    return RemoteVerdict(float(answer["fraction"]), str(answer["feedback"]), bool(answer.get("cached")),
                         tuple(rows_data(rows_from(rows))))   # only well-formed rows, as plain data


def _refusal(exc: urllib.error.HTTPError) -> str:
    try:
        detail = json.loads(exc.read()).get("error", "")
    except Exception:
        detail = ""
    if exc.code in (429, 503):
        wait = exc.headers.get("Retry-After", "a few")
        return f"{detail or 'the judge is busy'} (try again in {wait} s)"
    if exc.code in (401, 403):
        return "the judge service did not accept this server's token: log in to the hub again"
    return f"the judge service did not judge it: {detail or exc.reason} (HTTP {exc.code})"
