import subprocess
import threading


class WedgedLinter:
    """A linter stuck in a plugin: it exits only when killed.

    communicate(timeout=...) raises TimeoutExpired at once (as if the limit had
    passed); communicate() without one waits for the process to exit, which it
    does only after kill(): waiting on a live one would never end, so the witness
    notes that and lets go.
    """

    waiting_forever = threading.Event()
    settled = threading.Event()
    release = threading.Event()

    def __init__(self, argv, **kwargs):
        self.argv = argv
        self.killed = False
        self.returncode = None

    def communicate(self, timeout=None):
        if not self.killed:
            if timeout is not None:
                raise subprocess.TimeoutExpired(self.argv, timeout)
            WedgedLinter.waiting_forever.set()
            WedgedLinter.settled.set()
            WedgedLinter.release.wait()
        self.returncode = -9
        return "src/app.py:1: checking...\n", None

    def kill(self):
        self.killed = True


def test_wedged_linter_is_reported_not_waited_for(impl) -> None:
    fake = WedgedLinter
    fake.waiting_forever, fake.settled, fake.release = (threading.Event() for _ in range(3))
    result = {}

    def lint():
        try:
            result["ran"] = impl.run_linter(["lint", "src"], popen=WedgedLinter)
        finally:
            fake.settled.set()

    worker = threading.Thread(target=lint, daemon=True)
    worker.start()
    fake.settled.wait(1.0)               # returned, or started waiting with no way out
    stuck = fake.waiting_forever.is_set()
    fake.release.set()
    worker.join(1.0)
    assert not stuck, (
        "the linter hung past its limit and `tool lint` waited for it to exit, which it never does: the "
        "time limit stopped nothing, and the CI job stalls until its own timeout"
    )
    assert result.get("ran") == (124, "src/app.py:1: checking...\n"), f"unexpected result {result}"
