"""Discord channels and DMs exported as JSON by DiscordChatExporter (Tyrrrz/DiscordChatExporter).

One file is one channel (or thread, or DM)::

    {"guild": {"id": "0", "name": "Direct Messages", "iconUrl": "…"},
     "channel": {"id": "…", "type": "DirectTextChat", "categoryId": null, "category": null,
                 "name": "ana", "topic": null},
     "dateRange": {"after": null, "before": null}, "exportedAt": "…",
     "messages": [{"id": "…", "type": "Default", "timestamp": "2024-03-02T18:04:11.512+01:00",
                   "timestampEdited": null, "callEndedTimestamp": null, "isPinned": false,
                   "content": "See you there!",
                   "author": {"id": "…", "name": "ana", "nickname": "Ana", "isBot": false, …},
                   "attachments": [], "embeds": [], "stickers": [], "reactions": [],
                   "mentions": []}],
     "messageCount": 1}

Senders are the author's ``nickname`` (else ``name``); ``Default`` and ``Reply`` messages are
text (``kind="media"`` with a short description when they hold only attachments, stickers or
embeds), the other types (members added, calls, pins, joins, threads…) are system messages.
Timestamps keep the UTC offset DiscordChatExporter wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import PurePath, PurePosixPath
from typing import Any, BinaryIO

from sincere.errors import ParseError
from sincere.importers._build import collector_paused
from sincere.importers._json import read_json
from sincere.importers._text import decode_head
from sincere.model import (
    NO_META,
    Conversation,
    Message,
    MessageKind,
    Participant,
    Source,
    conversation_id,
    identity,
    make_message,
)
from sincere.phrase import phrase

name = "discord"
description = "Discord channel, thread or DM exported as JSON by DiscordChatExporter"
extensions = (".json",)

#: The guild name DiscordChatExporter writes for direct and group messages.
DIRECT_MESSAGES = "Direct Messages"

_HINT = phrase(
    "export the channel with DiscordChatExporter in the JSON format "
    "(GUI: Export format › JSON; CLI: --format Json)"
)

_GUILD_FIRST = re.compile(r'^\{\s*"guild"\s*:\s*\{')
_CHANNEL = re.compile(r'"channel"\s*:\s*\{')
_MESSAGES = re.compile(r'"messages"\s*:\s*\[')

#: Message types DiscordChatExporter renders as a notification rather than a message.
_SYSTEM_TYPES = {
    "RecipientAdd": "added a recipient",
    "RecipientRemove": "removed a recipient",
    "Call": "started a call",
    "ChannelNameChange": "changed the channel name",
    "ChannelIconChange": "changed the channel icon",
    "ChannelPinnedMessage": "pinned a message",
    "GuildMemberJoin": "joined the server",
    "ThreadCreated": "started a thread",
}
_DIRECT_CHANNELS = ("DirectTextChat", "DirectGroupTextChat")
_THREAD_CHANNELS = ("GuildPublicThread", "GuildPrivateThread", "GuildNewsThread")

_IMAGE = {"png", "jpg", "jpeg", "gif", "webp", "heic", "bmp", "avif", "svg"}
_VIDEO = {"mp4", "mov", "webm", "mkv", "avi", "m4v"}
_AUDIO = {"mp3", "ogg", "wav", "m4a", "flac", "opus", "aac"}


def sniff(head: bytes) -> bool:
    """True when ``head`` opens with the ``guild``, ``channel`` and ``messages`` keys of a
    DiscordChatExporter export."""
    text = decode_head(head)
    if text is None:
        return False
    text = text.lstrip()
    return (
        _GUILD_FIRST.match(text) is not None
        and _CHANNEL.search(text) is not None
        and _MESSAGES.search(text) is not None
    )


def parse(stream: BinaryIO, path: str, *, encoding: str = "utf-8") -> Iterator[Conversation]:
    """Read the one channel of a DiscordChatExporter JSON export."""
    with collector_paused():
        conversation = _read(stream, path, encoding)
    yield conversation


def _read(stream: BinaryIO, path: str, encoding: str) -> Conversation:
    document = read_json(stream, path, encoding=encoding)
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        raise ParseError(
            phrase("not a DiscordChatExporter export: no 'messages' list"), path=path, hint=_HINT
        )
    messages = document["messages"]
    if messages and not any(
        isinstance(raw, dict) and isinstance(raw.get("author"), dict) for raw in messages
    ):
        raise ParseError(
            phrase("not a DiscordChatExporter export: no message has an 'author'"),
            path=path,
            hint=_HINT,
        )
    return _ChannelReader(document, path).conversation()


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _object(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _objects(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _snowflake(value: Any) -> str:
    """A Discord id, written as a string (or, by some tools, a number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _string(value)


def _message_type(value: Any) -> str:
    """The message type as a name; numbers (a type DiscordChatExporter had no name for) as is."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    return _string(value)


def _is_system(kind: str) -> bool:
    if kind in _SYSTEM_TYPES:
        return True
    # Discord's notification types are 1 to 18; DiscordChatExporter writes the number of one it
    # has no name for.
    return kind.isascii() and kind.isdigit() and len(kind) < 4 and 1 <= int(kind) <= 18


class _Fail:
    """Builds the errors of one message, naming the file and the message."""

    __slots__ = ("message_id", "number", "path")

    def __init__(self, path: str, message_id: str, number: int) -> None:
        self.path = path
        self.message_id = message_id
        self.number = number

    def __call__(self, message: str) -> ParseError:
        where = (
            phrase("message %(id)s", id=self.message_id)
            if self.message_id
            else phrase("message #%(number)s", number=self.number)
        )
        return ParseError(
            phrase("%(where)s: %(message)s", where=where, message=message),
            path=self.path,
            hint=_HINT,
        )


def _timestamp(value: Any, what: str, fail: _Fail) -> datetime | None:
    """A timestamp as written (with its UTC offset); one without an offset is taken as UTC."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(phrase("%(field)s is not a string", field=what))
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        raise fail(
            phrase("invalid %(field)s %(value)s", field=what, value=repr(value[:40]))
        ) from None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


class _People:
    """Display names by Discord user id, in order of first appearance.

    Two users showing the same name keep apart: the later one gets their user name (or, failing
    that, their id) appended.
    """

    def __init__(self) -> None:
        self.by_id: dict[str, str] = {}
        self.ids_by_name: dict[str, str] = {}

    def resolve(self, user: Mapping[str, Any]) -> str:
        raw_id = user.get("id")
        if raw_id.__class__ is str:
            known = self.by_id.get(raw_id)
            if known is not None:
                return known
        user_id = _snowflake(raw_id)
        handle = _string(user.get("name"))
        shown = _string(user.get("nickname")) or handle or "Unknown User"
        key = user_id or f"name:{shown}"
        known = self.by_id.get(key)
        if known is not None:
            return known
        candidates = [shown, f"{shown} ({handle})" if handle and handle != shown else ""]
        candidates.append(f"{shown} ({user_id})" if user_id else "")
        display = next(
            (c for c in candidates if c and self.ids_by_name.get(c, key) == key),
            _unused(shown, self.ids_by_name),
        )
        self.by_id[key] = display
        self.ids_by_name.setdefault(display, key)
        return display

    def ids(self, display: str) -> tuple[str, ...]:
        key = self.ids_by_name.get(display, "")
        return (identity("discord", key),) if key and not key.startswith("name:") else ()


def _unused(shown: str, taken: Mapping[str, str]) -> str:
    """``shown`` with the first number that makes it a name nobody has yet."""
    number = 2
    while f"{shown} ({number})" in taken:
        number += 1
    return f"{shown} ({number})"


class _ChannelReader:
    def __init__(self, document: Mapping[str, Any], path: str) -> None:
        self.path = path
        self.guild = _object(document.get("guild"))
        self.channel = _object(document.get("channel"))
        self.raw_messages: list[Any] = document["messages"]
        self.people = _People()
        #: The index of each message id read so far, for replies and pins.
        self.positions: dict[str, int] = {}
        self.title = self._title()

    def _title(self) -> str:
        guild = _string(self.guild.get("name"))
        channel = _string(self.channel.get("name"))
        kind = _string(self.channel.get("type"))
        direct = kind in _DIRECT_CHANNELS or guild == DIRECT_MESSAGES
        if channel and kind in _THREAD_CHANNELS and _string(self.channel.get("category")):
            channel = f"#{_string(self.channel.get('category'))} / {channel}"
        elif channel and not direct:
            channel = f"#{channel}"
        if guild and channel:
            return f"{guild} / {channel}"
        if guild or channel:
            return guild or channel
        return PurePath(self.path).stem if self.path != "<stdin>" else "stdin"

    def conversation(self) -> Conversation:
        # Authors first, so a reaction from someone who speaks later cannot take their name.
        for number, raw in enumerate(self.raw_messages, 1):
            if not isinstance(raw, dict):
                raise ParseError(
                    phrase("message #%(number)s is not a JSON object", number=number),
                    path=self.path,
                    hint=_HINT,
                )
            self.people.resolve(_object(raw.get("author")))
        messages = tuple(
            self._message(raw, number, index)
            for index, (number, raw) in enumerate(enumerate(self.raw_messages, 1))
        )
        channel_id = _snowflake(self.channel.get("id"))
        key = f"{channel_id}:{self.title}" if channel_id else self.title
        return Conversation(
            id=conversation_id(name, key, messages),
            title=self.title,
            source=Source(self.path, name),
            messages=messages,
            participants=self._participants(messages),
            chat=channel_id or "",
        )

    def _participants(self, messages: tuple[Message, ...]) -> tuple[Participant, ...]:
        seen: dict[str, Participant] = {}
        for message in messages:
            sender = message.sender
            if message.kind != "system" and sender and sender not in seen:
                seen[sender] = Participant(sender, ids=self.people.ids(sender))
        return tuple(seen.values())

    def _message(self, raw: Mapping[str, Any], number: int, index: int) -> Message:
        message_id = _snowflake(raw.get("id"))
        if message_id:
            self.positions.setdefault(message_id, index)
        fail = _Fail(self.path, message_id, number)
        sender = self.people.resolve(_object(raw.get("author")))
        stamp = _timestamp(raw.get("timestamp"), "timestamp", fail)
        kind = _message_type(raw.get("type"))
        content = raw.get("content")
        text = content.strip() if content.__class__ is str else ""
        meta: dict[str, Any] = {}
        if _is_system(kind):
            meta["type"] = kind
            self._call_meta(raw, stamp, meta, fail)
            pinned = _snowflake(_object(raw.get("reference")).get("messageId"))
            if kind == "ChannelPinnedMessage" and pinned in self.positions:
                meta["pinned_message"] = self.positions[pinned]
            return make_message(index, sender, _system_text(kind, text), stamp, "system", meta)
        message_kind: MessageKind = "text"
        forwarded = _object(raw.get("forwardedMessage"))
        if not text and forwarded:
            text = _string(forwarded.get("content"))
            meta["forwarded"] = True
        names: list[str] = []
        sticker_names: list[str] = []
        if raw.get("attachments") or forwarded.get("attachments"):
            attachments = [
                *_objects(raw.get("attachments")),
                *_objects(forwarded.get("attachments")),
            ]
            names = [_string(a.get("fileName")) or "attachment" for a in attachments]
            if names:
                meta["attachments"] = names
        if raw.get("stickers") or forwarded.get("stickers"):
            stickers = [*_objects(raw.get("stickers")), *_objects(forwarded.get("stickers"))]
            sticker_names = [_string(s.get("name")) for s in stickers]
            if sticker_names:
                meta["stickers"] = [n or "sticker" for n in sticker_names]
        embeds = _objects(raw.get("embeds")) if raw.get("embeds") else []
        if not text:
            described = [_describe_attachment(n) for n in names]
            described += [_tag("sticker", n) for n in sticker_names]
            if not described and embeds:
                described = [_tag("embed", _string(embeds[0].get("title")))]
            if described:
                text, message_kind = " ".join(described), "media"
        self._message_meta(raw, kind, embeds, meta, fail)
        return make_message(index, sender, text, stamp, message_kind, meta or NO_META)

    def _message_meta(
        self,
        raw: Mapping[str, Any],
        kind: str,
        embeds: list[Mapping[str, Any]],
        meta: dict[str, Any],
        fail: _Fail,
    ) -> None:
        if kind == "Reply":
            reply = _snowflake(_object(raw.get("reference")).get("messageId"))
            if reply:
                meta["reply_to_id"] = reply
                if reply in self.positions:
                    meta["reply_to"] = self.positions[reply]
        if raw.get("timestampEdited") is not None:
            edited = _timestamp(raw.get("timestampEdited"), "timestampEdited", fail)
            if edited is not None:
                meta["edited"] = edited.isoformat()
        if raw.get("isPinned") is True:
            meta["pinned"] = True
        if _object(raw.get("author")).get("isBot") is True:
            meta["bot"] = True
        for embed in embeds:
            link = _string(embed.get("url"))
            if link:
                shown = _string(embed.get("title")) or _string(embed.get("description"))
                meta["share"] = {"link": link, "text": shown}
                break
        if raw.get("reactions"):
            self._reactions(raw, meta)

    def _reactions(self, raw: Mapping[str, Any], meta: dict[str, Any]) -> None:
        by_actor: list[dict[str, str]] = []
        counts: dict[str, int] = {}
        for reaction in _objects(raw.get("reactions")):
            emoji = _object(reaction.get("emoji"))
            label = _string(emoji.get("name")) or _string(emoji.get("code")) or "reaction"
            if _snowflake(emoji.get("id")) and label != "reaction":
                label = f":{label}:"
            users = _objects(reaction.get("users"))
            count = reaction.get("count")
            number = count if isinstance(count, int) and not isinstance(count, bool) else 0
            number = max(number, len(users))
            if number:
                counts[label] = counts.get(label, 0) + number
            for user in users:
                by_actor.append({"actor": self.people.resolve(user), "reaction": label})
        if by_actor:
            meta["reactions"] = by_actor
        if counts:
            meta["reaction_counts"] = counts

    @staticmethod
    def _call_meta(
        raw: Mapping[str, Any], stamp: datetime | None, meta: dict[str, Any], fail: _Fail
    ) -> None:
        ended = _timestamp(raw.get("callEndedTimestamp"), "callEndedTimestamp", fail)
        if ended is None:
            return
        meta["call_ended"] = ended.isoformat()
        if stamp is not None:
            meta["call_duration"] = max(0, round((ended - stamp).total_seconds()))


def _system_text(kind: str, content: str) -> str:
    """DiscordChatExporter's sentence for a notification ("Pinned a message."), lower-cased."""
    text = content.strip().rstrip(".").strip()
    if text:
        return text[0].lower() + text[1:]
    return _SYSTEM_TYPES.get(kind, "system message")


def _tag(label: str, detail: str) -> str:
    return f"<{label}: {detail}>" if detail else f"<{label}>"


def _describe_attachment(file_name: str) -> str:
    if file_name == "voice-message.ogg":
        return "<voice message>"
    extension = PurePosixPath(file_name).suffix.lower().lstrip(".")
    if extension in _IMAGE:
        return _tag("image", file_name)
    if extension in _VIDEO:
        return _tag("video", file_name)
    if extension in _AUDIO:
        return _tag("audio", file_name)
    return _tag("file", file_name)
