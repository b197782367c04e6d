"""Per-room message numbers, so clients can ask for 'everything after #N' when they reconnect."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Message:
    room: str
    seq: int
    author: str
    text: str


class MessageLog(Protocol):
    """Durable storage for messages (the database writer)."""

    async def append(self, message: Message) -> None: ...


@dataclass
class Room:
    """A chat room that numbers its messages 1, 2, 3, ... in posting order."""

    name: str
    log: MessageLog
    last_seq: int = 0

    async def post(self, author: str, text: str) -> Message:
        """Number the message, store it, and return it."""
        message = Message(self.name, self.last_seq + 1, author, text)
        await self.log.append(message)  # stored before we advance, so a failed write leaves no gap
        self.last_seq = message.seq
        return message

    def since(self, messages: list[Message], seq: int) -> list[Message]:
        """The messages a client that has seen up to `seq` still needs, in order."""
        return sorted((m for m in messages if m.seq > seq), key=lambda m: m.seq)
