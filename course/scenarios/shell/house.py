"""A stand-in for subprocess for the media-tools drill: it records each command and how a shell would read it.

Nothing is executed: `run` records the command and answers like a command that succeeded (grep's
answer is scripted). `words(command)` splits a command the way a POSIX shell would, with the shell's
operators (; | & && || > <) as words of their own, so a test can see a second command appear.
"""
from __future__ import annotations

import shlex
import subprocess


def words(command) -> list[str]:
    """A command as the program would receive it: a list as it is; a shell string as sh would split it."""
    if isinstance(command, (list, tuple)):
        return [str(part) for part in command]
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


class Recorder:
    """`subprocess` as the code under test sees it: run() and CompletedProcess, CalledProcessError."""

    CompletedProcess = subprocess.CompletedProcess
    CalledProcessError = subprocess.CalledProcessError
    TimeoutExpired = subprocess.TimeoutExpired
    PIPE = subprocess.PIPE

    def __init__(self, grep_output: str = "") -> None:
        self.commands: list[dict] = []
        self.grep_output = grep_output

    def run(self, args, *, shell=False, **kwargs):
        self.commands.append({"shell": bool(shell), "words": words(args)})
        first = words(args)[0] if words(args) else ""
        stdout = self.grep_output if first == "grep" else ""
        return subprocess.CompletedProcess(args, 0, stdout=stdout if kwargs.get("text") else stdout.encode(), stderr="")
