"""The data every part of sincere shares: messages, participants, conversations.

All three are small frozen dataclasses so they can be passed between the importers, the analysis
core, the store and the interfaces without anyone mutating them behind another's back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Literal

MessageKind = Literal["text", "system", "media"]
MESSAGE_KINDS: tuple[MessageKind, ...] = ("text", "system", "media")

#: The metadata of a message that has none (shared: it cannot be changed).
NO_META: Mapping[str, Any] = MappingProxyType({})

#: The kinds of identity an importer can attach to a participant or a contact, written
#: ``"scheme:value"`` (see :func:`identity`).
IDENTITY_SCHEMES = frozenset(
    {
        "phone",
        "email",
        "telegram",
        "linkedin",
        "slack",
        "discord",
        "facebook",
        "instagram",
        "signal",
    }
)


def identity(scheme: str, value: str) -> str:
    """An identity string such as ``"email:ana@example.org"``: how people are matched across apps.

    Emails are lower-cased; phone numbers keep a leading ``+`` and their digits only.
    """
    if scheme not in IDENTITY_SCHEMES:
        raise ValueError(f"unknown identity scheme {scheme!r}")
    value = value.strip()
    if scheme == "email":
        value = value.lower()
    elif scheme == "phone":
        international = value.startswith(("+", "00"))
        digits = "".join(ch for ch in value if ch.isdigit())
        if value.startswith("00"):
            digits = digits[2:]
        value = ("+" if international else "") + digits
    return f"{scheme}:{value}"


@dataclass(frozen=True, slots=True)
class Message:
    """One message (or one transcript cue) in a conversation.

    ``index`` is the 0-based position in the conversation. ``duration`` is the speaking time in
    seconds when the source knows it (meeting transcripts), else ``None``.
    """

    index: int
    sender: str
    text: str
    timestamp: datetime | None = None
    kind: MessageKind = "text"
    duration: float | None = None
    #: What the app recorded beside the text, kept as read: ``reactions`` (a list of
    #: ``{"actor", "reaction"}``), ``share`` (``{"link", "text"}``), ``attachments``, ``edited``…
    meta: Mapping[str, Any] = field(default_factory=lambda: NO_META, hash=False)


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone who speaks in a conversation. ``is_me`` marks the owner of the export.

    ``ids`` are the identities the export gives for them (:func:`identity` strings: a phone
    number, an email address, a Telegram or Slack user id, a LinkedIn profile URL…).
    """

    name: str
    is_me: bool = False
    ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone from a contact list (LinkedIn ``Connections.csv``, later vCards): no messages."""

    name: str
    ids: tuple[str, ...] = ()
    organisation: str = ""
    position: str = ""
    connected_on: date | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a conversation came from: a file path (or ``<stdin>``) and the importer's name."""

    path: str
    format: str


@dataclass(frozen=True, slots=True)
class Conversation:
    """A whole conversation, as one importer read it."""

    id: str
    title: str
    source: Source
    messages: tuple[Message, ...]
    participants: tuple[Participant, ...] = field(default=())

    @property
    def started_at(self) -> datetime | None:
        return next((m.timestamp for m in self.messages if m.timestamp is not None), None)

    @property
    def ended_at(self) -> datetime | None:
        return next((m.timestamp for m in reversed(self.messages) if m.timestamp is not None), None)

    def participant_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.participants)


def participants_in_order(messages: tuple[Message, ...] | list[Message]) -> tuple[Participant, ...]:
    """The senders of the non-system messages, in order of first appearance."""
    seen: dict[str, None] = {}
    for message in messages:
        if message.kind != "system" and message.sender and message.sender not in seen:
            seen[message.sender] = None
    return tuple(Participant(name) for name in seen)


def conversation_id(source_format: str, title: str, messages: tuple[Message, ...]) -> str:
    """A stable identifier derived from the content, so the same export always gets the same id."""
    digest = hashlib.sha256()
    digest.update(source_format.encode())
    digest.update(b"\0")
    digest.update(title.encode())
    for message in messages[:50]:
        digest.update(b"\0")
        digest.update(message.sender.encode())
        digest.update(b"\1")
        digest.update(message.text.encode())
        if message.timestamp is not None:
            digest.update(message.timestamp.isoformat().encode())
    return digest.hexdigest()[:16]
