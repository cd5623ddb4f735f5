"""The data every part of sincere shares: messages, participants, conversations.

All three are small frozen dataclasses so they can be passed between the importers, the analysis
core, the store and the interfaces without anyone mutating them behind another's back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from types import MappingProxyType
from typing import Any, Literal, overload

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


def _message_maker() -> Callable[
    [int, str, str, datetime | None, MessageKind, Mapping[str, Any]], Message
]:
    new = object.__new__
    slots = Message.__dict__
    set_index, set_sender, set_text = (slots[n].__set__ for n in ("index", "sender", "text"))
    set_timestamp, set_kind = slots["timestamp"].__set__, slots["kind"].__set__
    set_duration, set_meta = slots["duration"].__set__, slots["meta"].__set__

    def make(
        index: int,
        sender: str,
        text: str,
        timestamp: datetime | None,
        kind: MessageKind,
        meta: Mapping[str, Any],
    ) -> Message:
        message: Message = new(Message)
        set_index(message, index)
        set_sender(message, sender)
        set_text(message, text)
        set_timestamp(message, timestamp)
        set_kind(message, kind)
        set_duration(message, None)
        set_meta(message, meta)
        return message

    return make


#: ``make_message(index, sender, text, timestamp, kind, meta)``: the same :class:`Message` as the
#: constructor gives (without a duration), built about twice as fast, for importers that build
#: millions of them.
make_message = _message_maker()


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


class MessageLog(Sequence[Message]):
    """The messages of an export too big to hold in memory, read again from it on each pass.

    An importer that streams a large file builds one from what a first pass learned (how many
    messages, the first and last timestamps) and a ``reader`` that parses the file again. Each
    iteration re-reads the file, so code that walks the messages once (the analysis) runs in
    bounded memory. Indexing walks from the start: fine for a few lookups, not for loops.
    """

    __slots__ = ("_count", "_reader", "ended_at", "started_at")

    def __init__(
        self,
        count: int,
        reader: Callable[[], Iterator[Message]],
        *,
        started_at: datetime | None,
        ended_at: datetime | None,
    ) -> None:
        self._count = count
        self._reader = reader
        self.started_at = started_at
        self.ended_at = ended_at

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Message]:
        return self._reader()

    @overload
    def __getitem__(self, index: int) -> Message: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Message]: ...

    def __getitem__(self, index: int | slice) -> Message | Sequence[Message]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step < 0:
                return tuple(reversed(tuple(self)))[index]
            return tuple(islice(self, start, stop, step))
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError("message index out of range")
        return next(islice(self, position, None))

    def __repr__(self) -> str:
        return f"<MessageLog of {self._count} messages>"


@dataclass(frozen=True, slots=True)
class Conversation:
    """A whole conversation, as one importer read it.

    ``messages`` is a tuple, or a :class:`MessageLog` for exports too big to hold in memory.
    """

    id: str
    title: str
    source: Source
    messages: Sequence[Message]
    participants: tuple[Participant, ...] = field(default=())
    #: The app's own identity of the chat when the export gives one (a Telegram chat id, a
    #: Slack channel id, a LinkedIn conversation id, an email thread's first Message-ID): what
    #: ties a newer export of the same chat to the older one. Empty: the title does.
    chat: str = ""

    @property
    def started_at(self) -> datetime | None:
        if isinstance(self.messages, MessageLog):
            return self.messages.started_at
        return next((m.timestamp for m in self.messages if m.timestamp is not None), None)

    @property
    def ended_at(self) -> datetime | None:
        if isinstance(self.messages, MessageLog):
            return self.messages.ended_at
        return next((m.timestamp for m in reversed(self.messages) if m.timestamp is not None), None)

    def participant_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.participants)


def participants_in_order(messages: Sequence[Message]) -> tuple[Participant, ...]:
    """The senders of the non-system messages, in order of first appearance."""
    seen: dict[str, None] = {}
    for message in messages:
        if message.kind != "system" and message.sender and message.sender not in seen:
            seen[message.sender] = None
    return tuple(Participant(name) for name in seen)


def conversation_id(source_format: str, title: str, messages: Sequence[Message]) -> str:
    """A stable identifier derived from the content, so the same export always gets the same id."""
    digest = hashlib.sha256()
    digest.update(source_format.encode())
    digest.update(b"\0")
    digest.update(title.encode())
    for message in islice(messages, 50):
        digest.update(b"\0")
        digest.update(message.sender.encode())
        digest.update(b"\1")
        digest.update(message.text.encode())
        if message.timestamp is not None:
            digest.update(message.timestamp.isoformat().encode())
    return digest.hexdigest()[:16]
