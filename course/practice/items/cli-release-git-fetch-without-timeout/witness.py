from types import SimpleNamespace


class RecordingRun:
    """Stands in for subprocess.run and notes the timeout of each git command."""

    def __init__(self):
        self.timeouts = {}

    def __call__(self, argv, timeout=None, **kwargs):
        self.timeouts[argv[3]] = timeout
        return SimpleNamespace(returncode=0, stdout="v2.4.0\n", stderr="")


def test_fetch_cannot_hold_the_release_job(impl) -> None:
    run = RecordingRun()
    tag = impl.last_release_tag("/src/app", run=run)
    assert tag == "v2.4.0", f"expected v2.4.0, got {tag!r}"
    timeout = run.timeouts.get("fetch")
    assert timeout is not None and timeout > 0, (
        f"`git fetch` ran with timeout={timeout!r}: when origin is unreachable through a proxy, or ssh waits "
        "for a host-key prompt nobody can answer, the release job sits there until CI kills it hours later"
    )
