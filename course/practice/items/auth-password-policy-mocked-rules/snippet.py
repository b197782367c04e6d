"""Sign-up password policy, with the assistant's test."""
from __future__ import annotations

from unittest import mock


class PasswordPolicy:
    min_length = 12

    def problems(self, password: str, username: str) -> list[str]:
        """Why the password is refused; an empty list when it is acceptable."""
        found = []
        if len(password) < self.min_length:
            found.append(f"use at least {self.min_length} characters")
        if username and username.casefold() in password.casefold():
            found.append("do not include your username")
        if password.isalpha() or password.isdigit():
            found.append("mix letters with digits or symbols")
        return found

    def is_acceptable(self, password: str, username: str) -> bool:
        return not self.problems(password, username)


def test_password_policy() -> None:
    policy = PasswordPolicy()
    with mock.patch.object(PasswordPolicy, "problems", return_value=["use at least 12 characters"]):
        assert not policy.is_acceptable("short1", "ana")
    with mock.patch.object(PasswordPolicy, "problems", return_value=[]):
        assert policy.is_acceptable("correct-horse-battery-9", "ana")
