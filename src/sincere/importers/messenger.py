"""Facebook Messenger and Instagram direct messages: Meta's ``message_N.json`` files.

Meta's "Download your information" (JSON format) writes one folder per thread, e.g.
``your_facebook_activity/messages/inbox/hans_10206072096154041/`` or
``your_instagram_activity/messages/inbox/ana_1234567890/``, holding ``message_1.json`` (the newest
messages), ``message_2.json`` (older ones)… and the media. Each file looks like::

    {"participants": [{"name": "Hans"}, {"name": "Peter"}],
     "messages": [{"sender_name": "Peter", "timestamp_ms": 1620998967908, "content": "Hi"}, …],
     "title": "Hans", "is_still_participant": true, "thread_path": "inbox/hans_1020…"}

Messages are stored newest first; they come out oldest first (stable for equal timestamps).
Every string is mojibake: the UTF-8 bytes stored as Latin-1 code points (``"Ã©"`` for ``"é"``),
repaired here. A thread folder (or a zip of a whole export, one conversation per thread folder)
is read as a tree: its ``message_N.json`` files are merged into one conversation.

Photos, videos, audio, GIFs, stickers and files without text are ``media`` messages
(``<photo>``, ``<2 photos>``, ``<sticker>``…); calls, joins and leaves, renames, nicknames and
Meta's other automatic lines are ``system`` messages; reactions and shared links go to ``meta``.
The export does not say which participant owns it: nobody is marked ``is_me``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import PurePath, PurePosixPath
from typing import Any, BinaryIO

from sincere.errors import ParseError
from sincere.importers._archive import Tree
from sincere.importers._json import read_json
from sincere.importers._text import decode_head
from sincere.model import (
    NO_META,
    Contact,
    Conversation,
    Message,
    MessageKind,
    Participant,
    Source,
    conversation_id,
)
from sincere.phrase import phrase

name = "messenger"
description = "Facebook Messenger / Instagram message_N.json (Meta 'Download your information')"
extensions = (".json",)
aliases = ("instagram", "facebook")

#: A thread's files: ``message_1.json`` (the newest messages), ``message_2.json``…
_THREAD_FILE = re.compile(r"^message_(\d{1,6})\.json$")
_SNIFF_KEYS = (
    re.compile(r'"messages"\s*:\s*\['),
    re.compile(r'"sender_name"\s*:'),
    re.compile(r'"timestamp_ms"\s*:'),
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: Meta's automatic lines that need no actor (``content`` as a whole).
_STANDALONE = re.compile(
    r"(?:you are now connected on messenger"
    r"|say hi to your new facebook friend.*"
    r"|you can now (?:message and )?call each other.*"
    r"|messages and calls are (?:now )?(?:secured|end-to-end encrypted).*"
    r"|the (?:video )?(?:call|chat) ended"
    r"|this message was unsent"
    r"|this poll is no longer available"
    r"|reacted .{1,40} to your message"
    r"|liked a message"
    r"|you missed a (?:video )?call from .+)\.?",
    re.IGNORECASE,
)

#: What follows the actor's name (or "You") in Meta's automatic lines.
_AFTER_ACTOR = re.compile(
    r"(?: named the group .+"
    r"| changed the group name to .+"
    r"| removed the group name"
    r"| added .+ to the group"
    r"| removed .+ from the group"
    r"| left the group"
    r"| joined the group(?: (?:via|using|through|with) .+)?"
    r"| changed the group photo"
    r"| set the nickname for .+ to .+"
    r"| set (?:his|her|their|your) (?:own )?nickname to .+"
    r"| cleared (?:the nickname for .+|(?:his|her|their|your) (?:own )?nickname)"
    r"| changed the (?:chat )?theme(?: to .+)?"
    r"| (?:set|changed) the (?:quick reaction|emoji) to .+"
    r"| (?:started|joined|ended) (?:a|the) (?:video )?(?:call|chat)"
    r"| missed (?:a|your) (?:video )?call(?: from .+)?"
    r"| reacted .{1,40} to your message"
    r"| unsent a message"
    r"| created a poll: .+"
    r"|'s poll has multiple updates"
    r"| voted for .+ in the poll(?: .+)?"
    r"| changed (?:his|her|their|your) vote to .+"
    r"| (?:pinned|unpinned) a message"
    r"| (?:is|are) now an admin"
    r"| made .+ an admin"
    r"| removed .+ as (?:an |a group )?admin"
    r"| turned (?:on|off) (?:disappearing messages|vanish mode)(?: .+)?)\.?",
    re.IGNORECASE,
)

#: The placeholder Meta writes as the text of a shared link or attachment, in a few languages.
_ATTACHMENT_PLACEHOLDER = re.compile(
    r"(?: sent an attachment| shared an attachment| hat einen Anhang gesendet"
    r"| a envoyé une pièce jointe| envió un archivo adjunto| ha inviato un allegato"
    r"| enviou um anexo| heeft een bijlage verzonden)\.?",
    re.IGNORECASE,
)

#: ``(field, singular, plural)`` of the attachment lists a message may hold.
_MEDIA_FIELDS = (
    ("photos", "photo", "photos"),
    ("videos", "video", "videos"),
    ("gifs", "GIF", "GIFs"),
    ("audio_files", "audio", "audio clips"),
    ("files", "file", "files"),
)


def repair(text: str) -> str:
    """Undo Meta's mojibake: the string's code points are UTF-8 bytes read as Latin-1.

    A string that is not mojibake (already proper Unicode) comes back unchanged.
    """
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def sniff(head: bytes) -> bool:
    """True when ``head`` is a JSON object with ``messages``, ``sender_name`` and
    ``timestamp_ms`` keys (Telegram, Discord and Slack exports use other key names)."""
    text = decode_head(head)
    if text is None or not text.lstrip().startswith("{"):
        return False
    return all(key.search(text) for key in _SNIFF_KEYS)


def sniff_tree(names: Sequence[str]) -> bool:
    """True when ``names`` hold a thread's ``message_1.json`` (directly, or inside a zip's
    folders)."""
    return any(PurePosixPath(name).name == "message_1.json" for name in names)


# Reading one file


@dataclass(frozen=True, slots=True)
class _Thread:
    """What one ``message_N.json`` holds, read and checked."""

    path: str
    title: str
    thread_key: str
    participants: list[str]
    messages: list[Mapping[str, Any]]


def _read_thread(stream: BinaryIO, path: str, encoding: str) -> _Thread:
    document = read_json(stream, path, encoding=encoding)
    hint = phrase("this reader takes Meta's message_1.json files (Download your information, JSON)")
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        raise ParseError(
            phrase("not a Messenger or Instagram message file: no 'messages' list"),
            path=path,
            hint=hint,
        )
    participants: list[str] = []
    listed = document.get("participants")
    if isinstance(listed, list):
        for entry in listed:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                participant = repair(entry["name"]).strip()
                if participant and participant not in participants:
                    participants.append(participant)
    messages: list[Mapping[str, Any]] = []
    for position, raw in enumerate(document["messages"]):
        if not isinstance(raw, dict):
            raise ParseError(
                phrase("messages[%(position)s] is not an object", position=position),
                path=path,
                hint=hint,
            )
        messages.append(raw)
    title = document.get("title")
    thread = document.get("thread_path")
    return _Thread(
        path=path,
        title=repair(title).strip() if isinstance(title, str) else "",
        thread_key=thread if isinstance(thread, str) else "",
        participants=participants,
        messages=messages,
    )


# Turning one raw message into a Message


def _text_field(raw: Mapping[str, Any], key: str, path: str, position: int) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ParseError(
            phrase("messages[%(position)s]: '%(key)s' is not a string", position=position, key=key),
            path=path,
        )
    return repair(value)


def _timestamp(raw: Mapping[str, Any], path: str, position: int) -> datetime:
    for key, scale in (("timestamp_ms", 1), ("timestamp", 1000)):
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParseError(
                phrase(
                    "messages[%(position)s]: '%(key)s' is not a number", position=position, key=key
                ),
                path=path,
            )
        try:
            return _EPOCH + timedelta(milliseconds=value * scale)
        except (OverflowError, ValueError):
            raise ParseError(
                phrase(
                    "messages[%(position)s]: '%(key)s' %(value)s is out of range",
                    position=position,
                    key=key,
                    value=str(value),
                ),
                path=path,
            ) from None
    raise ParseError(
        phrase("messages[%(position)s] has no 'timestamp_ms'", position=position), path=path
    )


def _uri_name(item: object) -> str:
    if isinstance(item, dict) and isinstance(item.get("uri"), str):
        return PurePosixPath(item["uri"]).name
    return ""


def _attachments(raw: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """``(descriptions, file names)`` of the media a message holds."""
    described: list[str] = []
    files: list[str] = []
    for field, singular, plural in _MEDIA_FIELDS:
        items = raw.get(field)
        if not isinstance(items, list) or not items:
            continue
        names = [found for found in map(_uri_name, items) if found]
        files.extend(names)
        if len(items) > 1:
            described.append(f"<{len(items)} {plural}>")
        elif field == "files" and names:
            described.append(f"<file: {repair(names[0])}>")
        else:
            described.append(f"<{singular}>")
    sticker = raw.get("sticker")
    if isinstance(sticker, dict):
        described.append("<sticker>")
        if found := _uri_name(sticker):
            files.append(found)
    return described, [repair(found) for found in files]


def _reactions(raw: Mapping[str, Any]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    reactions = raw.get("reactions")
    if isinstance(reactions, list):
        for item in reactions:
            if isinstance(item, dict) and isinstance(item.get("reaction"), str):
                actor = item.get("actor")
                found.append(
                    {
                        "actor": repair(actor) if isinstance(actor, str) else "",
                        "reaction": repair(item["reaction"]),
                    }
                )
    return found


def _share(raw: Mapping[str, Any]) -> dict[str, str] | None:
    share = raw.get("share")
    if not isinstance(share, dict):
        return None
    link = share.get("link")
    text = share.get("share_text")
    return {
        "link": link if isinstance(link, str) else "",
        "text": repair(text) if isinstance(text, str) else "",
    }


def _is_auto_text(content: str, actors: Sequence[str]) -> bool:
    """Whether ``content`` is one of Meta's automatic lines (not words someone wrote)."""
    if _STANDALONE.fullmatch(content):
        return True
    for actor in actors:
        if content.startswith(actor) and _AFTER_ACTOR.fullmatch(content, len(actor)):
            return True
    return False


def _is_placeholder(content: str, actors: Sequence[str]) -> bool:
    """Whether ``content`` is Meta's "X sent an attachment." line."""
    return any(
        content.startswith(actor) and _ATTACHMENT_PLACEHOLDER.fullmatch(content, len(actor))
        for actor in actors
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    sender: str
    text: str
    timestamp: datetime
    kind: MessageKind
    meta: Mapping[str, Any]


class _Actors:
    """Who Meta's automatic lines of a thread may start with: its participants and "You"."""

    __slots__ = ("known", "listed")

    def __init__(self, names: Sequence[str]) -> None:
        self.listed: tuple[str, ...] = (*names, "You")
        self.known = frozenset(self.listed)

    def with_sender(self, sender: str) -> Sequence[str]:
        return self.listed if not sender or sender in self.known else (sender, *self.listed)


def _entry(raw: Mapping[str, Any], path: str, position: int, thread_actors: _Actors) -> _Entry:
    """One raw message of a thread as an entry."""
    sender_name = raw.get("sender_name")
    if not isinstance(sender_name, str):
        raise ParseError(
            phrase("messages[%(position)s] has no 'sender_name'", position=position), path=path
        )
    sender = repair(sender_name).strip()
    timestamp = _timestamp(raw, path, position)
    content = _text_field(raw, "content", path, position).strip()
    kind_field = raw.get("type")
    kind_name = kind_field if isinstance(kind_field, str) else ""
    meta: dict[str, Any] = {}
    if reactions := _reactions(raw):
        meta["reactions"] = reactions
    share = _share(raw)
    if share is not None:
        meta["share"] = share
    described, files = _attachments(raw)
    if files:
        meta["attachments"] = files
    actors = thread_actors.with_sender(sender)

    def made(kind: MessageKind, text: str) -> _Entry:
        return _Entry(sender, text, timestamp, kind, meta)

    if raw.get("is_unsent") is True:
        return made("system", content or "This message was unsent")
    if kind_name == "Call":
        duration = raw.get("call_duration")
        if isinstance(duration, int) and not isinstance(duration, bool):
            meta["call_duration"] = duration
        return made("system", content or "Call")
    if kind_name in ("Subscribe", "Unsubscribe"):
        fallback = "joined the group" if kind_name == "Subscribe" else "left the group"
        return made("system", content or f"{sender} {fallback}")
    placeholder = bool(content) and _is_placeholder(content, actors)
    if placeholder and not (share or described):
        return made("system", content)
    if content and not placeholder and _is_auto_text(content, actors):
        return made("system", content)
    if content and not placeholder:
        return made("text", content)
    if described:
        return made("media", " ".join(described))
    if share is not None:
        return made("media", f"<share: {share['link']}>" if share["link"] else "<share>")
    return made("media", "<message without text>")


# Building the conversation


def _conversation(threads: Sequence[_Thread], source: str, fallback_title: str) -> Conversation:
    """One conversation from the files of one thread, ``message_1.json`` first."""
    names: list[str] = []
    for thread in threads:
        names.extend(found for found in thread.participants if found not in names)
    actors = _Actors(names)
    entries: list[_Entry] = []
    # Oldest file first, each file oldest message first: a stable sort then keeps the
    # original order of messages with equal timestamps.
    for thread in reversed(threads):
        for position in range(len(thread.messages) - 1, -1, -1):
            entries.append(_entry(thread.messages[position], thread.path, position, actors))
    entries.sort(key=lambda entry: entry.timestamp)
    messages = tuple(
        Message(index, e.sender, e.text, e.timestamp, e.kind, meta=e.meta or NO_META)
        for index, e in enumerate(entries)
    )
    speakers: dict[str, None] = {}
    for message in messages:
        if message.kind != "system" and message.sender:
            speakers.setdefault(message.sender, None)
    everyone = [*speakers, *(found for found in names if found not in speakers)]
    title = next((thread.title for thread in threads if thread.title), "")
    if not title:
        title = ", ".join(names or speakers) or fallback_title
    key = next((thread.thread_key for thread in threads if thread.thread_key), "") or title
    return Conversation(
        id=conversation_id(name, key, messages),
        title=title,
        source=Source(source, name),
        messages=messages,
        participants=tuple(Participant(found) for found in everyone),
    )


def _fallback_title(path: str) -> str:
    return "stdin" if path == "<stdin>" else PurePath(path).stem


def parse(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[Conversation | Contact]:
    """Read one ``message_N.json`` file on its own: one conversation."""
    thread = _read_thread(stream, path, encoding)
    if not thread.messages:
        raise ParseError(phrase("empty thread: no message found"), path=path)
    yield _conversation([thread], path, _fallback_title(path))


def parse_tree(tree: Tree, *, encoding: str = "utf-8") -> Iterator[Conversation | Contact]:
    """Read a thread folder, or every thread folder of a zip: one conversation per folder,
    its ``message_N.json`` files merged in time order."""
    folders: dict[str, list[tuple[int, str]]] = {}
    for member in tree.names():
        posix = PurePosixPath(member)
        match = _THREAD_FILE.match(posix.name)
        if match:
            folders.setdefault(str(posix.parent), []).append((int(match.group(1)), member))
    found = False
    for folder in sorted(folders):
        threads: list[_Thread] = []
        for _, member in sorted(folders[folder]):
            display = tree.display(member)
            with tree.open(member) as stream:
                threads.append(_read_thread(stream, display, encoding))
        if not any(thread.messages for thread in threads):
            continue
        found = True
        source = tree.path if folder == "." else tree.display(folder)
        fallback = PurePosixPath(folder).name if folder != "." else _fallback_title(tree.path)
        yield _conversation(threads, source, fallback)
    if not found:
        raise ParseError(
            phrase("no message found in any message_N.json file"),
            path=tree.path,
            hint=phrase(
                "Meta writes one folder per thread, holding message_1.json, message_2.json…"
            ),
        )
