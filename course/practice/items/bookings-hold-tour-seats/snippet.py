"""Seat holds for guided tours: seats are held while the guest pays."""
from __future__ import annotations

import sqlite3

SCHEMA = "CREATE TABLE IF NOT EXISTS tours (id TEXT PRIMARY KEY, seats_left INTEGER NOT NULL)"


class TourFull(Exception):
    """Not enough seats left; the message says how many there are."""


def hold_seats(conn: sqlite3.Connection, tour_id: str, seats: int) -> None:
    """Hold `seats` on the tour, or raise TourFull saying how many seats are left."""
    row = conn.execute("SELECT seats_left FROM tours WHERE id = ?", (tour_id,)).fetchone()
    if row is None:
        raise KeyError(tour_id)
    if row[0] < seats:
        raise TourFull(f"only {row[0]} seats left on this tour")
    cur = conn.execute(
        "UPDATE tours SET seats_left = seats_left - ? WHERE id = ? AND seats_left >= ?",
        (seats, tour_id, seats))
    conn.commit()
    if cur.rowcount == 0:
        raise TourFull("the last seats were just taken")


def release_seats(conn: sqlite3.Connection, tour_id: str, seats: int) -> None:
    """Give held seats back (payment abandoned or failed)."""
    conn.execute("UPDATE tours SET seats_left = seats_left + ? WHERE id = ?", (seats, tour_id))
    conn.commit()
