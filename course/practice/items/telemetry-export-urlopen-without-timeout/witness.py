import contextlib
from types import SimpleNamespace


class RecordingOpener:
    """Stands in for urlopen and notes the timeout it was given."""

    def __init__(self):
        self.timeouts = []

    def __call__(self, req, data=None, timeout=None):
        self.timeouts.append(timeout)
        return contextlib.nullcontext(SimpleNamespace(status=202))


def test_export_gives_up_on_a_silent_collector(impl) -> None:
    opener = RecordingOpener()
    status = impl.export_rollups([{"metric": "cpu", "p99": 0.93}], opener=opener)
    assert status == 202, f"expected the collector's status 202, got {status}"
    timeout = opener.timeouts[0]
    assert timeout is not None and 0 < timeout <= 60, (
        f"urlopen was called with timeout={timeout!r}: if the collector accepts the connection and never "
        "answers, the agent's only flush thread waits forever and no metrics leave the host again"
    )
