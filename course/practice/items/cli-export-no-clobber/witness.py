import builtins
from pathlib import Path
import tempfile


def test_two_exports_to_one_file_never_overwrite_each_other(impl) -> None:
    finished = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "q3.csv"

        def export(who):
            try:
                impl.write_report(out, f"report by {who}\n")
                finished.append(who)
            except impl.OutputExists:
                pass

        # a second export to the same file starts between the first one's check and its write
        pending = [lambda: export("cron")]

        def open_after_rival(*args, **kwargs):
            if pending:
                pending.pop()()
            return builtins.open(*args, **kwargs)

        impl.open = open_after_rival
        export("maria")
        content = out.read_text(encoding="utf-8").strip()
    assert finished == ["cron"] and content == "report by cron", (
        f"two exports to the same file at the same moment both reported success ({finished}); "
        f"the file now holds {content!r}: the other report was overwritten without a word")
