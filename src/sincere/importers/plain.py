"""Plain transcripts: one message per line, ``Speaker: text``.

A line may start with ``[YYYY-MM-DD HH:MM]`` or ``[YYYY-MM-DD HH:MM:SS]``. A line without a
``Name:`` prefix continues the previous message; blank lines and lines starting with ``#`` are
skipped. UTF-8 with or without BOM, LF or CRLF::

    # Met at the conference
    [2026-03-12 18:02] Alice: Hi! How was the trip?
    [2026-03-12 18:03] Bob: Long, but worth it.
    We saw the northern lights.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath
from typing import BinaryIO

from sincere.errors import ParseError
from sincere.importers._text import decode_head, iter_lines
from sincere.model import Conversation, Message, Source, conversation_id, participants_in_order
from sincere.phrase import phrase

name = "plain"
description = "Plain transcript: '[YYYY-MM-DD HH:MM] Name: text', one message per line"
extensions = (".txt", ".text", ".log")

_STAMP = r"\[(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?)\]\s*"
# A speaker name starts with a letter, has at most five words and no sentence punctuation, and
# its colon is followed by a space (or ends the line): this keeps times ("10:30"), URLs
# ("https://…", "mailto:…") and sentences ending in a colon inside a message as continuations.
_NAME = r"(?P<name>[^\W\d_][^:,;!?\[\]\r\n]{0,59}?)"
_LINE = re.compile(rf"^(?:{_STAMP})?{_NAME}\s*:(?:[ \t]+|$)(?P<text>.*)$")
_MAX_NAME_WORDS = 5
_STAMPED = re.compile(rf"^{_STAMP}")


def _match(line: str) -> re.Match[str] | None:
    match = _LINE.match(line)
    if match is None:
        return None
    name = match.group("name").split()
    return match if name and len(name) <= _MAX_NAME_WORDS else None


def sniff(head: bytes) -> bool:
    """True when the first meaningful line of ``head`` is ``[stamp] Name: text``."""
    text = decode_head(head)
    if text is None:
        return False
    for line in text.splitlines()[:50]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return _match(stripped) is not None
    return False


def _timestamp(match: re.Match[str], path: str, line: int) -> datetime | None:
    date = match.group("date")
    if date is None:
        return None
    time = match.group("time")
    fmt = "%Y-%m-%d %H:%M:%S" if time.count(":") == 2 else "%Y-%m-%d %H:%M"
    try:
        return datetime.strptime(f"{date} {time}", fmt)
    except ValueError:
        raise ParseError(
            phrase("invalid date or time [%(date)s %(time)s]", date=date, time=time),
            path=path,
            line=line,
        ) from None


def parse(stream: BinaryIO, path: str, *, encoding: str = "utf-8") -> Iterator[Conversation]:
    """Read one conversation from a plain transcript."""
    messages: list[Message] = []
    sender = ""
    parts: list[str] = []
    stamp: datetime | None = None
    saw_content = False

    def flush() -> None:
        if sender:
            text = "\n".join(parts).strip()
            messages.append(Message(len(messages), sender, text, stamp))

    for number, line in iter_lines(stream, path, encoding=encoding):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        saw_content = True
        match = _match(stripped)
        if match is None:
            if not sender:
                hint = phrase("each message starts with 'Name: text', e.g. 'Alice: hello'")
                if _STAMPED.match(stripped):
                    raise ParseError(
                        phrase("timestamp without a 'Name:' after it"),
                        path=path,
                        line=number,
                        hint=hint,
                    )
                raise ParseError(
                    phrase("no 'Name: text' line before this one"),
                    path=path,
                    line=number,
                    hint=hint,
                )
            parts.append(stripped)
            continue
        flush()
        sender = match.group("name").strip()
        parts = [match.group("text")]
        stamp = _timestamp(match, path, number)
    flush()
    if not saw_content:
        raise ParseError(phrase("empty file: no message found"), path=path)
    found = tuple(messages)
    title = PurePath(path).stem if path != "<stdin>" else "stdin"
    yield Conversation(
        id=conversation_id(name, title, found),
        title=title,
        source=Source(path, name),
        messages=found,
        participants=participants_in_order(found),
    )
