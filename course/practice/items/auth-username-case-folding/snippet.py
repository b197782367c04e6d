"""Username registration: one account per name, whatever its capitalisation."""
from __future__ import annotations

from dataclasses import dataclass, field


class UsernameTaken(Exception):
    pass


def username_key(name: str) -> str:
    """The form two usernames are compared in: trimmed and case-insensitive."""
    return name.strip().lower()


@dataclass
class UserDirectory:
    """Registered usernames, keyed by their comparison form."""
    _by_key: dict[str, str] = field(default_factory=dict)

    def register(self, name: str) -> str:
        """Reserve ``name`` as typed (it is displayed as given) or raise UsernameTaken."""
        key = username_key(name)
        if not key:
            raise ValueError("username is empty")
        if key in self._by_key:
            raise UsernameTaken(f"{name!r} is already taken")
        self._by_key[key] = name.strip()
        return self._by_key[key]

    def lookup(self, name: str) -> str | None:
        """The registered spelling of ``name``, if any."""
        return self._by_key.get(username_key(name))
