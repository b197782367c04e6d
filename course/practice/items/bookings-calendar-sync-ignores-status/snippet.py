"""Sync confirmed bookings to the property's external calendar."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass
class Response:
    status: int
    body: dict[str, Any]


class CalendarClient(Protocol):
    def put(self, path: str, payload: dict[str, Any]) -> Response: ...


@dataclass
class Booking:
    id: str
    room: str
    start: str
    end: str
    calendar_event_id: str | None = None
    synced: bool = False


def push_to_calendar(booking: Booking, client: CalendarClient) -> None:
    """Create or update the booking's calendar event and mark the booking synced.

    The sync job skips bookings that are already synced.
    """
    resp = client.put(
        f"/v2/events/{booking.id}",
        {"resource": booking.room, "start": booking.start, "end": booking.end},
    )
    booking.calendar_event_id = resp.body.get("event_id")
    booking.synced = True
