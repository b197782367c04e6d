"""Presence heartbeats to the chat gateway (line protocol over TCP)."""
from __future__ import annotations

import socket
from typing import Any, Callable

Connect = Callable[..., Any]


def send_heartbeat(
    user_id: str,
    gateway: tuple[str, int],
    connect: Connect = socket.create_connection,
) -> bool:
    """Tell the gateway that `user_id` is online; True if it acknowledged.

    The presence loop calls this every 20 s for each connected user, one after
    another, so it has to be quick.
    """
    try:
        with connect(gateway) as sock:
            sock.sendall(f"HEARTBEAT {user_id}\n".encode())
            reply = sock.recv(64)
    except OSError:
        return False
    return reply.strip() == b"OK"
