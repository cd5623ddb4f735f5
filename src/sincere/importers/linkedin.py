"""LinkedIn messages: ``messages.csv`` from "Get a copy of your data".

The file is one CSV table of every message of the account, newest first, conversations
interleaved (header and one row, wrapped here)::

    CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,
        DATE,SUBJECT,CONTENT,FOLDER
    2-NTg3…,,Ana Silva,https://www.linkedin.com/in/ana-silva,Guy Wilson,
        https://www.linkedin.com/in/guy,2023-05-04 12:34:56 UTC,,"Hi Guy, thanks!",INBOX

Newer exports add columns (``ATTACHMENTS``, ``IS MESSAGE DRAFT``, ``IS CONVERSATION DRAFT``…) and
may quote or reorder the header: columns are read by name, case-insensitively. Each conversation
id becomes one conversation, its messages in time order; dates are UTC. Drafts are skipped.
The owner of the export (the one person in every message, when two or more conversations
make that unambiguous) is marked ``is_me``.

The CSV reading here (:func:`csv_records`) is shared with ``Connections.csv``
(:mod:`sincere.importers.linkedin_connections`).
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from sincere.errors import EncodingError, ParseError
from sincere.importers._archive import Tree
from sincere.importers._text import decode_head, iter_lines
from sincere.model import (
    NO_META,
    Contact,
    Conversation,
    Message,
    MessageKind,
    Participant,
    Source,
    conversation_id,
    identity,
)
from sincere.phrase import phrase, plural_phrase

name = "linkedin"
description = "LinkedIn messages.csv (Settings > Data privacy > Get a copy of your data)"
extensions = (".csv",)

#: The columns ``messages.csv`` cannot do without.
REQUIRED = ("FROM", "DATE", "CONTENT")
#: What the sniffer looks for in the header row.
_SNIFFED = frozenset({"CONVERSATION ID", "FROM", "CONTENT"})
_HEADER_EXAMPLE = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
    "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER"
)
#: What stands for a sender LinkedIn does not name (a deleted or hidden member).
UNKNOWN_MEMBER = "LinkedIn Member"
_YES = frozenset({"yes", "true", "1", "y"})


# CSV reading, shared with Connections.csv


def column_key(cell: str) -> str:
    """A header cell as a lookup key: upper case, single spaces, no BOM or underscores."""
    return " ".join(cell.replace("\ufeff", "").replace("_", " ").split()).upper()


def csv_records(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of each CSV record, ``line`` being the 1-based line it starts on.

    Lines are decoded by :func:`~sincere.importers._text.iter_lines` (BOM, CRLF, UTF-16, line
    length limit, encoding errors naming the line); quoted values may span lines. A broken
    record (a quote never closed, a value beyond the csv module's field limit) is a
    :class:`ParseError` naming the line where it starts.
    """
    last = 0

    def lines() -> Iterator[str]:
        nonlocal last
        for number, text in iter_lines(stream, path, encoding=encoding):
            last = number
            yield text + "\n"

    reader = csv.reader(lines())
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeError:
            # iter_lines reports undecodable bytes itself; a UTF-16 stream without a byte
            # order mark fails inside the codec before it can.
            raise EncodingError(
                phrase("not valid %(encoding)s text", encoding=encoding), path=path, line=last + 1
            ) from None
        except csv.Error as error:
            raise ParseError(
                phrase("not valid CSV: %(detail)s", detail=str(error)),
                path=path,
                line=start,
                hint=phrase("a quoted value is probably never closed"),
            ) from None
        yield start, row
        start = last + 1


def header_of(line: str) -> set[str]:
    """The column keys of one CSV line (for sniffers); empty when it does not parse."""
    try:
        row = next(csv.reader([line]), [])
    except csv.Error:
        return set()
    return {column_key(cell) for cell in row}


def first_line(head: bytes) -> str | None:
    """The first non-blank line of a sniffed head, or ``None`` if it is not text."""
    text = decode_head(head)
    if text is None:
        return None
    for line in text.lstrip("\ufeff").splitlines()[:20]:
        if line.strip():
            return line
    return None


@dataclass(frozen=True, slots=True)
class Row:
    """One CSV record read by header name."""

    line: int
    cells: dict[str, str]

    def get(self, key: str) -> str:
        return self.cells.get(key, "").strip()


def rows_by_header(
    records: Iterable[tuple[int, list[str]]], columns: Sequence[str]
) -> Iterator[Row]:
    """The records after the header as :class:`Row`: missing cells are empty, extra ones and
    completely blank records are dropped."""
    keys = [column_key(cell) for cell in columns]
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        yield Row(line, {key: value for key, value in zip(keys, cells, strict=False) if key})


# Sniffing


def sniff(head: bytes) -> bool:
    """True when the first line is a header with CONVERSATION ID, FROM and CONTENT columns."""
    line = first_line(head)
    return line is not None and header_of(line) >= _SNIFFED


# Values


_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%Y %I:%M %p",
)
_UTC_SUFFIX = re.compile(r"\s*(?:UTC|GMT|Z)$", re.IGNORECASE)
_FRACTION = re.compile(r"(:\d{2})\.\d+")


def parse_date(value: str, path: str, line: int) -> datetime:
    """A ``DATE`` value (``2023-05-04 12:34:56 UTC``; ISO 8601 with an offset) as aware UTC."""
    text = value.strip()
    if not text:
        raise ParseError(phrase("message without a DATE"), path=path, line=line)
    if not _UTC_SUFFIX.search(text):
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            if stamp.tzinfo is not None:
                return stamp.astimezone(UTC)
    bare = _FRACTION.sub(r"\1", _UTC_SUFFIX.sub("", text))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(bare, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ParseError(
        phrase("unrecognised DATE %(value)s", value=repr(text[:40])),
        path=path,
        line=line,
        hint=phrase("LinkedIn writes dates like '2023-05-04 12:34:56 UTC'"),
    )


_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]*)"
    r"(?:\s+[a-zA-Z_:][-\w:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
)
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3"})
_INLINE_TAGS = frozenset(
    {"a", "b", "i", "u", "em", "strong", "span", "font", "small", "td", "th", "img", "body"}
)


def clean_content(text: str) -> str:
    """Message text without the HTML some messages (InMail, sponsored) are written in.

    Only well-known tags are removed (``<br>`` and block ends become line breaks), and
    entities are decoded only when the text holds tags or entities, so a plain message that
    says ``a <b> c`` or ``AT&T`` stays as it is.
    """
    known = [
        match
        for match in _TAG.finditer(text)
        if match.group(2).lower() in _BLOCK_TAGS | _INLINE_TAGS | {"br"}
    ]
    if not known and not _ENTITY.search(text):
        return text.strip()

    def replace(match: re.Match[str]) -> str:
        tag = match.group(2).lower()
        if tag == "br" or (tag in _BLOCK_TAGS and match.group(1)):
            return "\n"
        if tag in _BLOCK_TAGS or tag in _INLINE_TAGS:
            return ""
        return match.group(0)

    stripped = _TAG.sub(replace, text) if known else text
    lines = [" ".join(line.split()) for line in html.unescape(stripped).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _split_urls(value: str) -> list[str]:
    return [url for url in re.split(r"[\s,;]+", value) if url]


def is_yes(value: str) -> bool:
    return value.strip().lower() in _YES


# Building conversations


@dataclass(slots=True)
class _Person:
    name: str
    urls: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Thread:
    key: str
    title: str = ""
    subject: str = ""
    rows: list[tuple[datetime, int, Row]] = field(default_factory=list)
    #: Everyone in the conversation (by profile URL, else name), in order of first mention.
    people: dict[str, _Person] = field(default_factory=dict)


def _person_key(person: str, url: str) -> str:
    return url.rstrip("/").lower() if url else f"name:{person}"


def _note(thread: _Thread, person: str, url: str) -> str:
    key = _person_key(person, url)
    known = thread.people.get(key)
    if known is None:
        thread.people[key] = known = _Person(person)
    if url and url not in known.urls:
        known.urls.append(url)
    return key


def _recipients(row: Row) -> list[tuple[str, str]]:
    """``(name, profile URL)`` of each recipient of a message, as far as they can be paired."""
    names_cell = row.get("TO")
    urls = _split_urls(row.get("RECIPIENT PROFILE URLS"))
    if len(urls) <= 1:
        return [(names_cell, urls[0] if urls else "")] if names_cell or urls else []
    names = [found.strip() for found in names_cell.split(",")]
    if len(names) == len(urls):
        return list(zip(names, urls, strict=True))
    return [(url, url) for url in urls]


def _message(index: int, stamp: datetime, row: Row, sender: str) -> Message:
    content = clean_content(row.get("CONTENT"))
    subject = row.get("SUBJECT")
    attachments = _split_urls(row.get("ATTACHMENTS"))
    meta: dict[str, Any] = {}
    if attachments:
        meta["attachments"] = attachments
    folder = row.get("FOLDER")
    if folder and folder.upper() != "INBOX":
        meta["folder"] = folder
    kind: MessageKind = "text"
    text = content
    if subject and content:
        meta["subject"] = subject
    elif subject:
        text = subject
    if not text:
        kind = "media"
        count = len(attachments)
        text = "<attachment>" if count == 1 else f"<{count} attachments>"
        if not count:
            text = "<message without text>"
    return Message(index, sender, text, stamp, kind, meta=meta or NO_META)


def _conversation(thread: _Thread, path: str, owner: str | None) -> Conversation:
    """The conversation of one thread, whose rows are in time order."""
    messages: list[Message] = []
    speakers: list[str] = []
    for stamp, _, row in thread.rows:
        sender_key = _person_key(row.get("FROM") or UNKNOWN_MEMBER, row.get("SENDER PROFILE URL"))
        person = thread.people[sender_key]
        messages.append(_message(len(messages), stamp, row, person.name))
        if sender_key not in speakers:
            speakers.append(sender_key)
    order = speakers + [key for key in thread.people if key not in speakers]
    participants = tuple(
        Participant(
            thread.people[key].name,
            is_me=key == owner,
            ids=tuple(identity("linkedin", url) for url in thread.people[key].urls),
        )
        for key in order
    )
    title = thread.title or thread.subject
    if not title:
        others = [p.name for p in participants if not p.is_me] or [p.name for p in participants]
        title = "LinkedIn: " + ", ".join(others)
    found = tuple(messages)
    return Conversation(
        id=conversation_id(name, thread.key or title, found),
        title=title,
        source=Source(path, name),
        messages=found,
        participants=participants,
        chat=thread.key,
    )


def _header(records: Iterator[tuple[int, list[str]]], path: str) -> list[str]:
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        keys = {column_key(cell) for cell in cells}
        missing = [column for column in REQUIRED if column not in keys]
        if missing:
            raise ParseError(
                plural_phrase(
                    "not a LinkedIn messages.csv: no %(columns)s column",
                    "not a LinkedIn messages.csv: no %(columns)s column",
                    len(missing),
                    columns=tuple(missing),
                ),
                path=path,
                line=line,
                hint=phrase("the header of messages.csv reads %(header)s", header=_HEADER_EXAMPLE),
            )
        return cells
    raise ParseError(phrase("empty file: no message found"), path=path)


def parse(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[Conversation | Contact]:
    """Read ``messages.csv``: one conversation per conversation id, in order of first message."""
    yield from _read(stream, path, encoding, allow_empty=False)


def _read(
    stream: BinaryIO, path: str, encoding: str, *, allow_empty: bool
) -> Iterator[Conversation]:
    records = csv_records(stream, path, encoding=encoding)
    columns = _header(records, path)
    threads: dict[str, _Thread] = {}
    #: The people in every message so far: in the end, the owner of the export.
    common: set[str] | None = None
    for row in rows_by_header(records, columns):
        if is_yes(row.get("IS MESSAGE DRAFT")) or is_yes(row.get("IS CONVERSATION DRAFT")):
            continue
        stamp = parse_date(row.get("DATE"), path, row.line)
        sender = row.get("FROM") or UNKNOWN_MEMBER
        sender_url = row.get("SENDER PROFILE URL")
        recipients = _recipients(row)
        key = row.get("CONVERSATION ID")
        if not key:
            everyone = {_person_key(sender, sender_url)}
            everyone.update(_person_key(person, url) for person, url in recipients)
            key = "\0" + "\0".join(sorted(everyone))
        thread = threads.get(key)
        if thread is None:
            thread = threads[key] = _Thread(key if not key.startswith("\0") else "")
        thread.title = thread.title or row.get("CONVERSATION TITLE")
        present = {_note(thread, sender, sender_url)}
        present.update(_note(thread, person or url, url) for person, url in recipients)
        common = present if common is None else common & present
        thread.rows.append((stamp, -row.line, row))
    if not threads:
        if allow_empty:
            return
        raise ParseError(phrase("no message found (only a header, or only drafts)"), path=path)
    # The owner is the one person in every message, once two conversations tell them apart.
    owner = next(iter(common)) if common and len(common) == 1 and len(threads) > 1 else None
    ordered = sorted(threads.values(), key=lambda thread: min(item[0] for item in thread.rows))
    for thread in ordered:
        thread.rows.sort(key=lambda item: (item[0], item[1]))
        thread.subject = next(
            (row.get("SUBJECT") for *_, row in thread.rows if row.get("SUBJECT")), ""
        )
        yield _conversation(thread, path, owner)


# The whole export: a zip (or its folder) holding messages.csv and Connections.csv

#: Files every LinkedIn data export holds some of (lower case).
_EXPORT_FILES = frozenset(
    {
        "messages.csv",
        "connections.csv",
        "profile.csv",
        "invitations.csv",
        "registration.csv",
        "positions.csv",
        "education.csv",
        "skills.csv",
        "email addresses.csv",
        "phonenumbers.csv",
        "endorsement_received_info.csv",
        "recommendations_received.csv",
        "company follows.csv",
        "rich_media.csv",
    }
)


def _export_folders(names: Sequence[str]) -> dict[str, dict[str, str]]:
    """Per folder, ``{lower-case file name: member}`` of the LinkedIn files it holds."""
    folders: dict[str, dict[str, str]] = {}
    for member in names:
        posix = PurePosixPath(member)
        if posix.name.lower() in _EXPORT_FILES:
            folders.setdefault(str(posix.parent), {})[posix.name.lower()] = member
    return {
        folder: found
        for folder, found in folders.items()
        if len(found) >= 2 and ("messages.csv" in found or "connections.csv" in found)
    }


def sniff_tree(names: Sequence[str]) -> bool:
    """True for a LinkedIn data export: ``messages.csv`` or ``Connections.csv`` beside another
    file of the export (``Profile.csv``, ``Invitations.csv``…)."""
    return bool(_export_folders(names))


def parse_tree(tree: Tree, *, encoding: str = "utf-8") -> Iterator[Conversation | Contact]:
    """Read a whole LinkedIn export: the conversations of ``messages.csv``, then the contacts
    of ``Connections.csv``. The other files are not read."""
    from sincere.importers import linkedin_connections

    found = False
    for _, files in sorted(_export_folders(tree.names()).items()):
        for filename, reader in (
            ("messages.csv", _read_messages),
            ("connections.csv", linkedin_connections.parse),
        ):
            member = files.get(filename)
            if member is None:
                continue
            with tree.open(member) as stream:
                for item in reader(stream, tree.display(member), encoding=encoding):
                    found = True
                    yield item
    if not found:
        raise ParseError(
            phrase("no message and no connection in this LinkedIn export"),
            path=tree.path,
            hint=phrase(
                "ask LinkedIn for your messages and connections in 'Get a copy of your data'"
            ),
        )


def _read_messages(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[Conversation | Contact]:
    yield from _read(stream, path, encoding, allow_empty=True)
