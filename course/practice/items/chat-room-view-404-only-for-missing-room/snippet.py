"""GET /rooms/<id> for the chat API."""
from __future__ import annotations

from typing import Any, Protocol


class RoomNotFound(LookupError):
    """The store has no room with this id."""


class RoomStore(Protocol):
    def get_room(self, room_id: str) -> dict[str, Any]:
        """The room's record; RoomNotFound if there is none."""


def get_room_view(store: RoomStore, room_id: str, viewer_id: str) -> tuple[int, dict[str, Any]]:
    """(status, body) for the room page.

    A private room the viewer is not a member of answers exactly like a missing
    one, so room ids cannot be probed.
    """
    try:
        room = store.get_room(room_id)
    except RoomNotFound:
        return 404, {"error": "room not found"}
    if room["private"] and viewer_id not in room["members"]:
        return 404, {"error": "room not found"}
    return 200, {"id": room["id"], "name": room["name"], "members": len(room["members"])}
