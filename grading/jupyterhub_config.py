"""JupyterHub for a cohort: one OS user per person, nbgrader's exchange on a shared folder, formgrader
for instructors only. Start it as root from this repository's venv:

    COURSE_INSTRUCTORS=ada COURSE_LEARNERS=bob,cy .venv/bin/jupyterhub -f grading/jupyterhub_config.py

Why these choices (handbook section 9):
- nbgrader takes the student id from the OS user name, so every person is a real local user (PAM
  log-in, LocalProcessSpawner runs each server as that user); with one shared user every learner
  would submit as the same student.
- The exchange is one folder every user can write (mode 1777, like /tmp); nbgrader's release,
  fetch, submit and collect only move files there. On Kubernetes it is a ReadWriteMany volume.
- Each server gets the settings of its role from grading/hub/<role>/ (on JUPYTER_CONFIG_PATH): learners
  lose the formgrader, course list and create-assignment extensions; instructors get their course
  directory and the judge's nbgrader configuration (grading/nbgrader_config.py).

Everything a deployment changes comes from environment variables, so the tests run this very file on
loopback with temporary folders:
  COURSE_INSTRUCTORS, COURSE_LEARNERS   comma-separated user names (they must exist as OS users)
  COURSE_EXCHANGE      the shared exchange folder (default /srv/nbgrader/exchange; created if missing)
  COURSE_HUB_IP        where the proxy listens (default: every interface); COURSE_HUB_PORT (default 8000)
  COURSE_HUB_API_PORT  the hub's own port on 127.0.0.1 (default 8081)
  COURSE_PROXY_API_PORT  the proxy's REST API on 127.0.0.1 (default 8001)
  COURSE_HUB_STATE     folder for the hub's database, cookie secret and proxy pid (default: the current folder)
  COURSE_HUB_PROXY     the configurable-http-proxy command (default: the one `make hub-proxy` installs
                       in the venv, else the one on PATH)
  COURSE_DIR           the instructor's nbgrader course folder, under their home (default ~/review-ai-code)
  COURSE_KEYS_DIR      passed to instructors' servers and the judge service only: the keys, kept where
                       learners cannot read them
  COURSE_JUDGE_SERVICE_PORT  the judge service's port on 127.0.0.1 (default 8090); learners' servers get its
                       URL as COURSE_JUDGE_SERVICE, so their score cells and `course check` are judged there
"""
import os
from pathlib import Path
import shutil
import sys

from course.paths import GRADING_DIR

c = get_config()  # noqa: F821 (provided by traitlets when JupyterHub loads this file)


def _names(variable: str) -> list[str]:
    return [name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()]


INSTRUCTORS = _names("COURSE_INSTRUCTORS")
LEARNERS = _names("COURSE_LEARNERS")
EXCHANGE = Path(os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange"))
STATE = Path(os.environ.get("COURSE_HUB_STATE", os.getcwd()))
VENV_BIN = Path(sys.executable).parent
ROLE_CONFIG = GRADING_DIR / "hub"

if not INSTRUCTORS:
    raise SystemExit("jupyterhub_config.py: set COURSE_INSTRUCTORS (and COURSE_LEARNERS) to the cohort's user names")

# ---------------------------------------------------------------- network: the proxy is the only public port
c.JupyterHub.ip = os.environ.get("COURSE_HUB_IP", "")
c.JupyterHub.port = int(os.environ.get("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("COURSE_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('COURSE_PROXY_API_PORT', '8001'))}"
_proxy = os.environ.get("COURSE_HUB_PROXY") or next(
    (str(p) for p in [VENV_BIN.parent / "node" / "node_modules" / ".bin" / "configurable-http-proxy"] if p.exists()),
    shutil.which("configurable-http-proxy") or "configurable-http-proxy")
c.ConfigurableHTTPProxy.command = [_proxy]

# ---------------------------------------------------------------- state
STATE.mkdir(parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# ---------------------------------------------------------------- who may log in, and their roles
c.JupyterHub.authenticator_class = "pam"          # the OS users' own passwords
c.PAMAuthenticator.open_sessions = False          # no login sessions (utmp, systemd) for a web log-in
c.Authenticator.allowed_users = set(INSTRUCTORS + LEARNERS)
c.JupyterHub.load_groups = {"instructors": {"users": INSTRUCTORS}, "learners": {"users": LEARNERS}}
c.JupyterHub.load_roles = [{
    "name": "instructor",
    "description": "See the learners and their servers on the admin page (grading is nbgrader's formgrader)",
    "scopes": ["admin-ui", "list:users!group=learners", "read:users!group=learners",
               "read:servers!group=learners"],
    "groups": ["instructors"],
}]

# ---------------------------------------------------------------- the exchange
if not EXCHANGE.exists():
    EXCHANGE.mkdir(parents=True)
    EXCHANGE.chmod(0o1777)

# ---------------------------------------------------------------- single-user servers
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    # nbgrader runs `alembic` from PATH when it opens a gradebook (handbook 10)
    "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
    "COURSE_EXCHANGE": str(EXCHANGE),
}


# ---------------------------------------------------------------- the judge service (course.service)
# It holds the keys and judges learners' self-checks; a learner's server token may call it (and nothing else of
# it: the service itself decides that a learner sees only their own attempts, an instructor everyone's).
JUDGE_SERVICE_URL = f"http://127.0.0.1:{int(os.environ.get('COURSE_JUDGE_SERVICE_PORT', '8090'))}"
c.JupyterHub.services = [{
    "name": "judge",
    "url": JUDGE_SERVICE_URL,
    "command": [sys.executable, "-m", "course.service"],
    "cwd": str(STATE),
    "environment": {name: os.environ[name] for name in ("COURSE_KEYS_DIR", "COURSE_JUDGE_SERVICE_WORKERS",
                                                        "COURSE_JUDGE_SERVICE_RATE", "COURSE_JUDGE_SERVICE_QUEUE")
                    if os.environ.get(name)} | {"COURSE_INSTRUCTORS": ",".join(INSTRUCTORS),
                                                # the exchange's path, so its sandboxes hide it (every learner's
                                                # submissions: red team, a custom COURSE_EXCHANGE was visible there)
                                                "COURSE_EXCHANGE": str(EXCHANGE),
                                                "COURSE_JUDGE_SERVICE_STATE": str(STATE / "judge-service")},
    "oauth_no_confirm": True,
}]
c.JupyterHub.load_roles.append({"name": "user", "scopes": ["self", "access:services!service=judge"]})
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", "access:services!service=judge"]


def role_of(username: str) -> str:
    return "instructor" if username in INSTRUCTORS else "learner"


def pre_spawn_hook(spawner) -> None:
    """The role's settings first on JUPYTER_CONFIG_PATH, then what every user shares."""
    role = role_of(spawner.user.name)
    spawner.environment = {
        **spawner.environment,
        "JUPYTER_CONFIG_PATH": os.pathsep.join([str(ROLE_CONFIG / role), str(ROLE_CONFIG / "common")]),
    }
    if role == "learner":   # self-checks go to the judge service, straight on loopback
        spawner.environment["COURSE_JUDGE_SERVICE"] = f"{JUDGE_SERVICE_URL}/services/judge"
    if role == "instructor":
        for name in ("COURSE_DIR", "COURSE_KEYS_DIR"):
            if os.environ.get(name):
                spawner.environment[name] = os.environ[name]


c.Spawner.pre_spawn_hook = pre_spawn_hook
c.JupyterHub.cleanup_servers = True   # stopping the hub stops every server it started
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.log_level = os.environ.get("COURSE_HUB_LOG_LEVEL", "INFO")
