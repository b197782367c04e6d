"""`tidy run`: load the project's .env file into the child process's environment."""
from __future__ import annotations


def parse_env(text: str) -> dict[str, str]:
    """Parse ``KEY=value`` lines of a .env file.

    Blank lines and ``#`` comments are skipped, an ``export`` prefix is
    allowed, and one pair of matching quotes around a value is removed.
    """
    env: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):]
        try:
            key, value = line.split("=")
        except ValueError:
            raise ValueError(f".env line {lineno}: expected KEY=value") from None
        key, value = key.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if not key.isidentifier():
            raise ValueError(f".env line {lineno}: {key!r} is not a variable name")
        env[key] = value
    return env
