import builtins
from pathlib import Path
import tempfile


def test_two_workers_finishing_together_are_both_recorded(impl) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "manifest"
        other_worker = [lambda: impl.mark_processed(manifest, "2026-11-02.csv")]

        def open_for_writing_lets_the_other_worker_finish(file, mode="r", *args, **kwargs):
            if other_worker and any(m in mode for m in "wax"):
                other_worker.pop()()
            return builtins.open(file, mode, *args, **kwargs)

        impl.open = open_for_writing_lets_the_other_worker_finish
        impl.mark_processed(manifest, "2026-11-01.csv")
        impl.open = builtins.open
        recorded = sorted(impl.processed_files(manifest))
        again = impl.files_to_process(manifest, ["2026-11-01.csv", "2026-11-02.csv"])
    assert not again, (
        f"two workers finished 2026-11-01.csv and 2026-11-02.csv at the same moment; the manifest lists "
        f"only {recorded}, so the next run processes {again} again and its training rows are duplicated")
