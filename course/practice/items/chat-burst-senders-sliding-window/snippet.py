"""Anti-spam: find users who post in bursts."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def burst_senders(messages: Iterable[tuple[str, float]], limit: int = 10, window: float = 60.0) -> set[str]:
    """Users with more than `limit` messages inside some `window`-second span.

    `messages` are (user_id, timestamp) pairs in timestamp order, as the room log stores them.
    """
    times_by_user: dict[str, list[float]] = defaultdict(list)
    for user, ts in messages:
        times_by_user[user].append(ts)
    flagged: set[str] = set()
    for user, times in times_by_user.items():
        start = 0
        for end in range(len(times)):
            while times[end] - times[start] > window:
                start += 1
            if end - start + 1 > limit:
                flagged.add(user)
                break
    return flagged
