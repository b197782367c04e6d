import subprocess
import threading


class WedgedLinter:
    """A linter stuck in a plugin: it exits only when killed.

    communicate(timeout=...) raises TimeoutExpired at once (as if the limit had
    passed); communicate() without one waits for the process to exit, which it
    does only after kill(). The witness can let go of a waiting call.
    """

    release = threading.Event()

    def __init__(self, argv, **kwargs):
        self.argv = argv
        self.killed = False
        self.returncode = None

    def communicate(self, timeout=None):
        if not self.killed:
            if timeout is not None:
                raise subprocess.TimeoutExpired(self.argv, timeout)
            WedgedLinter.release.wait()
        self.returncode = -9
        return "src/app.py:1: checking...\n", None

    def kill(self):
        self.killed = True


def test_wedged_linter_is_reported_not_waited_for(impl) -> None:
    WedgedLinter.release = threading.Event()
    result = {}
    worker = threading.Thread(
        target=lambda: result.update(ran=impl.run_linter(["lint", "src"], popen=WedgedLinter)), daemon=True)
    worker.start()
    worker.join(0.05)
    stuck = worker.is_alive()
    WedgedLinter.release.set()
    worker.join(0.05)
    assert not stuck, (
        "the linter hung past its limit and `tool lint` was still waiting for it to exit: the time limit "
        "did not stop anything, and the CI job stalls until its own timeout"
    )
    assert result.get("ran") == (124, "src/app.py:1: checking...\n"), f"unexpected result {result}"
