import builtins
from pathlib import Path
import tempfile


def test_two_syncs_started_together_cannot_both_hold_the_lock(impl) -> None:
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        lock = Path(tmp) / "sync.lock"

        def start_sync() -> None:
            try:
                impl.acquire_lock(lock)
                outcomes.append("got the lock")
            except impl.AlreadyRunning:
                outcomes.append("refused")

        # the second `sync` starts between the first one's check and its write
        pending = [start_sync]

        def open_after_rival(*args, **kwargs):
            if pending:
                pending.pop()()
            return builtins.open(*args, **kwargs)

        impl.open = open_after_rival
        start_sync()
    assert outcomes.count("got the lock") == 1, (
        f"two `sync` runs started at the same moment: {outcomes.count('got the lock')} of them got the lock "
        "and both go on to sync the same files")
