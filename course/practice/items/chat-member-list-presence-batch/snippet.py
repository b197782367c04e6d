"""Room member list with each member's presence (online / away / offline)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


class PresenceClient(Protocol):
    """The presence service (one HTTP request per call)."""

    def status_many(self, user_ids: list[str]) -> dict[str, str]: ...


@dataclass(frozen=True)
class Member:
    user_id: str
    name: str


class PresenceBatch:
    """Collects the user ids a view needs, then fetches them all in one request when first read."""

    def __init__(self, client: PresenceClient) -> None:
        self._client = client
        self._wanted: list[str] = []
        self._fetched: dict[str, str] | None = None

    def want(self, user_id: str) -> Callable[[], str]:
        self._wanted.append(user_id)
        return lambda: self._resolve().get(user_id, "offline")

    def _resolve(self) -> dict[str, str]:
        if self._fetched is None:
            self._fetched = self._client.status_many(sorted(set(self._wanted)))
        return self._fetched


def member_list(client: PresenceClient, members: Sequence[Member]) -> list[dict[str, str]]:
    """Members in the given order, each with a `status`; unknown users count as offline."""
    batch = PresenceBatch(client)
    pending = [(member, batch.want(member.user_id)) for member in members]
    return [{"id": m.user_id, "name": m.name, "status": status()} for m, status in pending]
