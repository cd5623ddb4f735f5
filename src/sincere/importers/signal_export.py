"""Signal Desktop chats exported to Markdown by the third-party ``signal-export`` tool.

Signal has no export of its own; ``signal-export`` (carderne/signal-export, ``sigexport``) writes
one folder per conversation holding ``chat.md`` (``index.md`` in early versions) and a ``media``
folder. Each message starts with a header line::

    [2021-09-23 18:23:45] Alice: Are you coming tonight?
    [2019-05-29, 15:04] Me: How is everyone?           (early versions: a comma, no seconds)

A message goes on until the next header: further lines of its body, a quote of the message it
replies to (``> `` lines right after an empty header), its reactions (``(- Bob: 👍 -)``), a
sticker (``(( 😀 ))``) and its attachments as Markdown links into the media folder
(``![IMG_1.jpg](./media/…jpg)``, ``[notes.pdf](./media/…pdf)``). Recent versions end each body
with two spaces (a Markdown line break) and leave a blank line between messages.

Times are the exporting computer's local time: naive datetimes. ``Me`` is the owner of the export.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath, PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import unquote

from sincere.errors import ParseError
from sincere.importers._text import decode_head, iter_lines
from sincere.model import (
    Conversation,
    Message,
    MessageKind,
    Participant,
    Source,
    conversation_id,
    identity,
)
from sincere.phrase import phrase

name = "signal"
description = (
    "Signal Desktop chats exported by signal-export: chat.md, '[YYYY-MM-DD HH:MM:SS] Name: text'"
)
extensions: tuple[str, ...] = (".md", ".txt")

_HEADER = re.compile(
    r"^\[(?P<date>\d{4}-\d{2}-\d{2})(?P<comma>,?) (?P<time>\d{1,2}:\d{2}(?::\d{2})?)\] "
    r"(?P<name>[^\s:][^\n]{0,199}?):(?: (?P<text>.*))?$"
)
#: A Markdown link into the export's media folder (or its sticker folder): an attachment.
_ATTACHMENT = re.compile(
    r"(?P<image>!?)\[(?P<label>[^\[\]\n]{0,500})\]\((?P<target>(?:\./|\.\./)?"
    r"(?:media|exported_stickers)/[^()\n]{0,1000})\)"
)
_REACTIONS = re.compile(r"^\(- (?P<list>.*?) -\)(?P<rest>.*)$")
_STICKER = re.compile(r"^\(\( (?P<label>.*) \)\)$")
_DELETED = "(This message was deleted)"
#: The line signal-export writes for a call (``Outgoing voice call (accepted, 4m 12s)``).
_CALL = re.compile(
    r"^(?:Incoming|Outgoing|Missed) (?:voice |video |group |adhoc )?call(?: \([^)\n]*\))?$"
)
_PHONE = re.compile(r"^\+?[\d ()./-]{6,}$")
#: The name signal-export gives the owner of the export.
_ME = "Me"
_AUDIO = frozenset({"m4a", "aac", "mp3", "ogg", "opus", "wav", "flac"})
_VIDEO = frozenset({"mp4", "mov", "mkv", "mpeg", "webm", "qt", "avi"})
#: File names signal-export gives a conversation's Markdown (its folder is the title).
_CHAT_FILES = frozenset({"chat.md", "index.md"})
_HINT = phrase(
    "each message starts with '[YYYY-MM-DD HH:MM:SS] Name: text' "
    "(signal-export's chat.md), e.g. '[2021-09-23 18:23:45] Alice: hello'"
)
_SNIFF_LINES = 400


def _header(line: str) -> re.Match[str] | None:
    match = _HEADER.match(line.rstrip())
    if match is None or not match.group("name").strip():
        return None
    return match


# Detection.


def sniff(head: bytes) -> bool:
    """True when the first meaningful line is a signal-export header: always with the comma of
    early versions (``[2019-05-29, 15:04]``), and without it (the plain transcript layout) only
    when the head also shows what signal-export writes: media links, reactions, stickers, quotes,
    deleted messages, or its Markdown line breaks with a blank line between messages."""
    text = decode_head(head)
    if text is None:
        return False
    lines = text.splitlines()[:_SNIFF_LINES]
    first = next((line for line in lines if line.strip()), None)
    match = _header(first) if first is not None else None
    if match is None:
        return False
    return bool(match.group("comma")) or _has_markers(lines)


def _has_markers(lines: list[str]) -> bool:
    empty_header = False
    for line in lines:
        if "](./media/" in line:
            return True
        header = _header(line)
        if header is not None:
            said = (header.group("text") or "").strip()
            if said == _DELETED:
                return True
            empty_header = not said
            continue
        if _REACTIONS.match(line) or _STICKER.match(line.rstrip()):
            return True
        if empty_header and line.startswith(">"):
            return True
        if line.strip():
            empty_header = False
    return _line_break_layout(lines)


def _line_break_layout(lines: list[str]) -> bool:
    """Whether the messages seen end in a Markdown line break (two spaces) followed by a blank
    line: how recent signal-export versions write every message."""
    blocks: list[list[str]] = []
    for line in lines:
        if _header(line) is not None:
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    # A message followed by another is complete; a lone one must show its blank line too.
    for block in blocks[:-1] or blocks:
        content = block
        while len(content) > 1 and not content[-1].strip():
            content = content[:-1]
        if len(content) == len(block) or not content[-1].endswith("  "):
            return False
    return bool(blocks)


# Reading.


def _timestamp(match: re.Match[str], path: str, line: int) -> datetime:
    date, time = match.group("date"), match.group("time")
    fmt = "%Y-%m-%d %H:%M:%S" if time.count(":") == 2 else "%Y-%m-%d %H:%M"
    try:
        return datetime.strptime(f"{date} {time}", fmt)
    except ValueError:
        raise ParseError(
            phrase("invalid date or time [%(date)s %(time)s]", date=date, time=time),
            path=path,
            line=line,
        ) from None


def _media_kind(image: bool, target: str) -> str:
    if image:
        return "photo"
    suffix = PurePosixPath(target).suffix.lower().lstrip(".")
    if suffix in _AUDIO:
        return "audio"
    if suffix in _VIDEO:
        return "video"
    if "exported_stickers/" in target:
        return "sticker"
    return "file"


def _reactions(listed: str) -> list[dict[str, str]]:
    found = []
    for item in listed.split(", "):
        actor, colon, reaction = item.rpartition(": ")
        if colon and actor.strip() and reaction.strip():
            found.append({"actor": actor.strip(), "reaction": reaction.strip()})
    return found


def _message(index: int, sender: str, stamp: datetime, lines: list[str]) -> tuple[Message, bool]:
    """The message of one header and the lines after it; and whether it is the sender's own."""
    lines = [line.rstrip() for line in lines]
    meta: dict[str, Any] = {}
    if not lines[0].strip():
        position = 1
        while position < len(lines) and not lines[position].strip():
            position += 1
        quoted = []
        while position < len(lines) and lines[position].startswith(">"):
            quoted.append(lines[position][1:].removeprefix(" "))
            position += 1
        if quoted:
            meta["quote"] = "\n".join(quoted).strip()
            lines = lines[position:]
    body: list[str] = []
    reactions: list[dict[str, str]] = []
    media: list[str] = []
    names: list[str] = []
    for line in lines:
        reacted = _REACTIONS.match(line)
        if reacted is not None:
            reactions.extend(_reactions(reacted.group("list")))
            line = reacted.group("rest")
        sticker = _STICKER.match(line)
        if sticker is not None:
            media.append(f"<sticker: {sticker.group('label')}>")
            meta["sticker"] = sticker.group("label")
            continue
        for found in _ATTACHMENT.finditer(line):
            target = found.group("target")
            label = found.group("label") or unquote(PurePosixPath(target).name)
            described = _media_kind(bool(found.group("image")), target)
            if described == "sticker":
                meta["sticker"] = label
            else:
                names.append(label)
            media.append(f"<{described}: {label}>")
        body.append(_ATTACHMENT.sub("", line).rstrip())
    text = "\n".join(body).strip("\n").strip()
    if reactions:
        meta["reactions"] = reactions
    if names:
        meta["attachments"] = names
    kind: MessageKind = "text"
    if text == _DELETED:
        kind, text = "system", "This message was deleted"
        meta["deleted"] = True
    elif _CALL.match(text):
        kind = "system"
    elif not text and media:
        kind, text = "media", " ".join(media)
    message = (
        Message(index, sender, text, stamp, kind, meta=meta)
        if meta
        else Message(index, sender, text, stamp, kind)
    )
    return message, kind != "system"


def _title(path: str) -> str:
    if path == "<stdin>":
        return "stdin"
    pure = PurePath(path)
    if pure.name.lower() in _CHAT_FILES and pure.parent.name:
        return pure.parent.name
    return pure.stem


def _participant(person: str) -> Participant:
    ids = (identity("phone", person),) if _PHONE.match(person) else ()
    return Participant(person, is_me=person == _ME, ids=ids)


def parse(stream: BinaryIO, path: str, *, encoding: str = "utf-8") -> Iterator[Conversation]:
    """Read one conversation from a signal-export Markdown file."""
    messages: list[Message] = []
    speakers: dict[str, None] = {}
    current: tuple[str, datetime, list[str]] | None = None

    def flush() -> None:
        if current is not None:
            sender, stamp, lines = current
            message, speaks = _message(len(messages), sender, stamp, lines)
            messages.append(message)
            if speaks:
                speakers.setdefault(sender, None)

    for number, line in iter_lines(stream, path, encoding=encoding):
        match = _header(line)
        if match is None:
            if current is not None:
                current[2].append(line)
            elif line.strip():
                raise ParseError(
                    phrase("no '[YYYY-MM-DD HH:MM:SS] Name: text' line before this one"),
                    path=path,
                    line=number,
                    hint=_HINT,
                )
            continue
        flush()
        stamp = _timestamp(match, path, number)
        current = (match.group("name").strip(), stamp, [match.group("text") or ""])
    flush()
    if not messages:
        raise ParseError(phrase("empty file: no message found"), path=path, hint=_HINT)
    found = tuple(messages)
    title = _title(path)
    yield Conversation(
        id=conversation_id(name, title, found),
        title=title,
        source=Source(path, name),
        messages=found,
        participants=tuple(_participant(person) for person in speakers),
    )
