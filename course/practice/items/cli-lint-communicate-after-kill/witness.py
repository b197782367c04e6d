import subprocess

from course.practice import witness_kit


class WedgedLinter:
    """A linter stuck in a plugin: it exits only when killed.

    communicate(timeout=...) raises TimeoutExpired at once (as if the limit had
    passed); communicate() without one waits for the process to exit, which it
    does only after kill(): waiting on a live one would never end, so the witness
    notes that and lets go.
    """

    trap = witness_kit.EndlessWait()

    def __init__(self, argv, **kwargs):
        self.argv = argv
        self.killed = False
        self.returncode = None

    def communicate(self, timeout=None):
        if not self.killed:
            if timeout is not None:
                raise subprocess.TimeoutExpired(self.argv, timeout)
            WedgedLinter.trap.hold()
        self.returncode = -9
        return "src/app.py:1: checking...\n", None

    def kill(self):
        self.killed = True


def test_wedged_linter_is_reported_not_waited_for(impl) -> None:
    WedgedLinter.trap = witness_kit.EndlessWait()
    result = {}

    def lint():
        result["ran"] = impl.run_linter(["lint", "src"], popen=WedgedLinter)

    stuck = witness_kit.waits_forever(WedgedLinter.trap, lint)
    assert not stuck, (
        "the linter hung past its limit and `tool lint` waited for it to exit, which it never does: the "
        "time limit stopped nothing, and the CI job stalls until its own timeout"
    )
    assert result.get("ran") == (124, "src/app.py:1: checking...\n"), f"unexpected result {result}"
