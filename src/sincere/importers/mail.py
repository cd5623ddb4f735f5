"""Email: ``.eml`` files (one message each, or a folder or zip of them) and ``.mbox`` mailboxes.

Messages are grouped into threads by ``Message-ID``, ``In-Reply-To`` and ``References`` (the
connected components of the reply graph); a message without any of them, or a reply whose
client dropped them, joins the thread with the same subject (``Re:``/``Fwd:``/``TR :``…
removed) within :data:`SUBJECT_WINDOW`. Each thread is one conversation titled after its first
message's subject, its messages in date order.

A message counts only its writer's words: quoted originals, attributions, Outlook header blocks
and signatures are removed (see :mod:`sincere.importers._mailtext`), HTML-only bodies are turned
into text. An mbox is read message by message, in bounded memory: only the extracted text and a
few headers of each message are kept until the threads are built. A new message starts at a
``From sender asctime-date`` line (``mailbox.mbox`` semantics, checked strictly enough that an
unescaped ``From 9 to 5…`` body line does not split a message); ``>From `` lines are unescaped.

Each message's MIME structure is read by the standard library's ``BytesParser`` with the
``compat32`` policy: ``email.policy.default`` builds a header object at every header lookup and
reads a mailbox about seven times slower, for nothing this importer needs, since headers are
decoded here (RFC 2047 encoded words, raw 8-bit headers, unknown charsets as latin-1).

The module is called ``mail`` so it does not shadow the standard library's ``email`` package;
its format name is ``email``.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message as MimeMessage
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from functools import partial
from pathlib import PurePosixPath
from typing import Any, BinaryIO, TypeVar

from sincere.errors import EncodingError, InputError, InputTooLargeError, ParseError
from sincere.importers._archive import Tree
from sincere.importers._mailtext import (
    html_to_text,
    is_reply_subject,
    normalise_subject,
    strip_reply,
)
from sincere.importers._text import MAX_LINE_BYTES
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

name = "email"
description = "Email: .eml files (or a folder of them) and .mbox mailboxes, one thread each"
extensions = (".eml", ".mbox")

#: The most header bytes a message may have (all its header lines together).
MAX_HEADER_BYTES = MAX_LINE_BYTES
#: The most bytes of one message that are kept to read it; the rest of a larger message (big
#: attachments, usually after the text) is skipped.
MAX_MESSAGE_BYTES = 32 << 20
#: How far apart two messages with the same subject may be to join one thread by subject.
SUBJECT_WINDOW = timedelta(days=30)
#: How deeply MIME parts may nest before the deeper ones are ignored.
MAX_PART_DEPTH = 40

#: A header line: a name of printable ASCII characters but the colon, then a colon.
_HEADER = re.compile(rb"^[!-9;-~]+[ \t]*:")
_FROM_HEADER = re.compile(rb"^from[ \t]*:", re.IGNORECASE)
_HEADER_TEXT = re.compile(r"^([!-9;-~]+)[ \t]*:(.*)$")
#: The separator line of an mbox: ``From sender asctime-date`` (with optional zone).
_FROM_LINE = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
    rb"|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?(?: +(?:[+-]\d{4}|[A-Z]{1,5}))? +\d{4}"
)
#: What an mbox file starts with, for sniffing (any ``From `` line with something after it).
_FIRST_FROM_LINE = re.compile(r"^From \S+ +\S")
#: ``>From `` escaping in mbox bodies (mboxrd: one ``>`` is removed).
_ESCAPED_FROM = re.compile(rb"^>+From ")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)[ \t\r\n]+(?==\?)")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
#: Lone surrogates (undecodable bytes the email package keeps) and NUL characters.
_UNPRINTABLE = re.compile(r"[\ud800-\udfff\x00]")

#: Headers that, beside ``From``, make a block of ``Name: value`` lines an email.
_STRONG_HEADERS = frozenset({"date", "message-id", "received", "mime-version"})
#: Headers that make the lines after an mbox ``From `` line an email.
_KNOWN_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "received",
        "mime-version",
        "return-path",
        "delivered-to",
        "reply-to",
        "in-reply-to",
        "references",
        "content-type",
        "sender",
    }
)
#: Subjects of automatic replies (out of office…).
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:Automatic reply|Auto(?:matic)?[- ]?(?:reply|response)|Out of (?:the )?office"
    r"|Réponse automatique|Absent(?:e)? du bureau|Abwesenheitsnotiz|Automatische Antwort"
    r"|Respuesta automática)\s*[:：]",
    re.IGNORECASE,
)
#: Files that live beside emails in a folder export and are not read (Apple Mail's mailbox
#: bundle index, Thunderbird's summary files).
_COMPANIONS = re.compile(r"(?:^|/)(?:Info\.plist|table_of_contents)$|\.(?:plist|msf)$")

#: Codecs Python knows that are no mail charset (and warn on some input): read as latin-1.
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode"})

_T = TypeVar("_T")


# Sniffing


def _head_lines(head: bytes) -> list[str] | None:
    if b"\0" in head:
        return None
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    lines = head.decode("latin-1").split("\n")
    if not head.endswith(b"\n"):
        lines.pop()  # it may end mid-line
    return [line.rstrip("\r") for line in lines]


def _header_block(lines: Sequence[str]) -> dict[str, str] | None:
    """The headers (lower-cased name → unfolded first value) of the block ``lines`` start with,
    or ``None`` when a line of the block is not a header."""
    headers: dict[str, str] = {}
    last = ""
    for number, line in enumerate(lines):
        if not line:
            break
        if line[0] in " \t":
            if number == 0:
                return None
            if last:
                headers[last] = f"{headers[last]} {line.strip()}"
            continue
        match = _HEADER_TEXT.match(line)
        if match is None:
            return None
        key = match.group(1).lower()
        last = key if key not in headers else ""
        if last:
            headers[key] = match.group(2).strip()
    return headers


def sniff(head: bytes) -> bool:
    """True for an mbox (a ``From `` line, then headers) or an email (RFC 5322 headers with
    ``From`` and a ``Date``, ``Message-ID``, ``Received`` or ``MIME-Version``)."""
    lines = _head_lines(head)
    if not lines:
        return False
    if _FIRST_FROM_LINE.match(lines[0]):
        headers = _header_block(lines[1:])
        if not headers:
            return False
        known = [key for key in headers if key in _KNOWN_HEADERS or key.startswith("x-")]
        return len(known) >= 2
    headers = _header_block(lines)
    return (
        headers is not None
        and "@" in headers.get("from", "")
        and not _STRONG_HEADERS.isdisjoint(headers)
    )


def _is_mail_file(member: str) -> bool:
    base = PurePosixPath(member).name
    return base == "mbox" or PurePosixPath(base).suffix.lower() in extensions


def sniff_tree(names: Sequence[str]) -> bool:
    """True for a folder or zip of emails: ``.eml`` or ``.mbox`` files (or Apple Mail's
    ``Name.mbox/mbox``), and beside them nothing another format reads.

    Other files (saved attachments, Apple Mail's ``Info.plist``) are allowed, so long as no
    other format could read them: a chat export next to the emails is never silently skipped.
    """
    return any(_is_mail_file(member) for member in names) and _other_export(names) is None


def _other_export(names: Sequence[str]) -> str | None:
    """The first of ``names`` that is not an email but that another format may read."""
    from sincere.importers.registry import supported_extensions  # (it imports this module)

    readable = supported_extensions()
    for member in names:
        if _is_mail_file(member) or _COMPANIONS.search(member):
            continue
        if PurePosixPath(member).suffix.lower() in readable:
            return member
    return None


# Reading messages out of a stream


@dataclass(slots=True)
class _Raw:
    """One message's bytes, and the line of the file it starts at."""

    line: int
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0
    header_bytes: int = 0
    headers: int = 0
    has_from: bool = False
    in_headers: bool = True


def _too_long(path: str, line: int) -> InputTooLargeError:
    return InputTooLargeError(
        phrase(
            "line is longer than %(size)s MiB; this does not look like an email",
            size=MAX_LINE_BYTES >> 20,
        ),
        path=path,
        line=line,
    )


def _not_headers(path: str, line: int) -> ParseError:
    return ParseError(
        phrase("not an email: this line is not a header ('Name: value')"),
        path=path,
        line=line,
        hint=phrase(
            "an .eml file starts with headers such as 'From:' and 'Date:', an .mbox file with "
            "a 'From sender date' line; name the format with --from if this is another export"
        ),
    )


def _split(stream: BinaryIO, path: str) -> Iterator[_Raw]:
    """The messages of an ``.eml`` (one) or an mbox (split on its ``From `` lines)."""
    number = 0
    mbox = False
    current: _Raw | None = None
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            break
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise _too_long(path, number)
        if number == 1:
            if raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            mbox = raw.startswith(b"From ")
            current = _Raw(number)
            if mbox:
                continue
        assert current is not None
        if mbox and _FROM_LINE.match(raw):
            _check_complete(current, path)
            yield current
            current = _Raw(number)
            continue
        _add_line(current, raw, number, path, mbox=mbox)
    if current is None:
        raise ParseError(phrase("empty file: no message found"), path=path)
    _check_complete(current, path)
    yield current


def _add_line(message: _Raw, raw: bytes, number: int, path: str, *, mbox: bool) -> None:
    if b"\0" in raw:
        raise EncodingError(
            phrase("binary data (NUL bytes): this is not an email"), path=path, line=number
        )
    if message.in_headers:
        if not raw.strip(b"\r\n"):
            if not message.headers:
                return  # blank lines before the headers
            message.in_headers = False
        elif raw[:1] in (b" ", b"\t"):
            if not message.headers:
                raise _not_headers(path, number)
        elif _HEADER.match(raw):
            message.headers += 1
            message.has_from = message.has_from or bool(_FROM_HEADER.match(raw))
        else:
            raise _not_headers(path, number)
        message.header_bytes += len(raw)
        if message.header_bytes > MAX_HEADER_BYTES:
            raise InputTooLargeError(
                phrase(
                    "email headers longer than %(size)s MiB; this does not look like an email",
                    size=MAX_HEADER_BYTES >> 20,
                ),
                path=path,
                line=number,
            )
    elif mbox and _ESCAPED_FROM.match(raw):
        raw = raw[1:]
    if message.size + len(raw) <= MAX_MESSAGE_BYTES:
        message.chunks.append(raw)
        message.size += len(raw)


def _check_complete(message: _Raw, path: str) -> None:
    if not message.headers:
        raise ParseError(
            phrase("message without headers"), path=path, line=message.line, hint=_SPLIT_HINT
        )
    if not message.has_from:
        raise ParseError(
            phrase("not an email: no 'From:' header"),
            path=path,
            line=message.line,
            hint=phrase(
                "an email starts with headers such as 'From:', 'To:', 'Subject:' and 'Date:'"
            ),
        )
    if message.in_headers:
        raise ParseError(
            phrase("message ends inside its headers (truncated file?)"),
            path=path,
            line=message.line,
            hint=_SPLIT_HINT,
        )


_SPLIT_HINT = phrase("headers end with a blank line before the body; check the file is complete")


# Decoding


def _decode_bytes(data: bytes, charset: str | None, fallback: str) -> str:
    """``data`` in ``charset`` (errors replaced); without one, in ``fallback`` if valid, else
    latin-1; an unknown charset is read as latin-1."""
    if charset:
        label = charset.split("*", 1)[0].strip().strip('"').lower()
        try:
            codec = codecs.lookup(label).name
            if codec in _NOT_CHARSETS:
                return data.decode("latin-1")
            if codec != "ascii":
                return data.decode(codec, errors="replace")
        except (LookupError, UnicodeError, ValueError, TypeError):
            return data.decode("latin-1")
    try:
        return data.decode(fallback)
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_words(value: str, fallback: str) -> str:
    """``value`` with its RFC 2047 encoded words (``=?utf-8?q?…?=``) decoded."""
    if "=?" not in value:
        return value
    value = _BETWEEN_WORDS.sub(r"\1", value)

    def decode(match: re.Match[str]) -> str:
        charset, kind, text = match.groups()
        try:
            if kind in "bB":
                data = base64.b64decode(text + "=" * (-len(text) % 4))
            else:
                data = binascii.a2b_qp(text.replace("_", " ").encode("ascii"), header=True)
        except (binascii.Error, ValueError, UnicodeError):
            return match.group(0)
        return _decode_bytes(data, charset, fallback)

    return _ENCODED_WORD.sub(decode, value)


def _clean(text: str) -> str:
    """``text`` without lone surrogates (replaced) or NUL characters (removed)."""
    return _UNPRINTABLE.sub(lambda m: "" if m.group(0) == "\x00" else "\ufffd", text)


def _safe(call: Callable[[], _T], default: _T) -> _T:
    """``call()``, or ``default`` when the standard library's email code trips on malformed
    input (parameters, RFC 2231 values and addresses it cannot make sense of)."""
    try:
        return call()
    except Exception:
        return default


@dataclass(frozen=True, slots=True)
class _Headers:
    """The decoded headers of one message (lower-cased names; unfolded, 8-bit bytes decoded)."""

    values: dict[str, list[str]]

    def first(self, key: str) -> str:
        found = self.values.get(key)
        return found[0] if found else ""

    def all(self, key: str) -> list[str]:
        return self.values.get(key, [])


def _headers(message: MimeMessage, fallback: str) -> _Headers:
    values: dict[str, list[str]] = {}
    for key, value in message.raw_items():
        text = str(value)
        if not text.isascii():
            # 8-bit bytes in a header, kept by the parser as surrogates: decode them.
            with suppress(UnicodeEncodeError):
                text = _decode_bytes(text.encode("utf-8", "surrogateescape"), None, fallback)
        values.setdefault(key.lower(), []).append(_FOLD.sub("", text).strip())
    return _Headers(values)


def _addresses(values: Iterable[str], fallback: str) -> list[tuple[str, str]]:
    """``(display name, address)`` pairs of address headers (``From``, ``To``…)."""
    found: list[tuple[str, str]] = []
    for value in values:
        none: list[tuple[str, str]] = []
        for display, address in _safe(partial(getaddresses, [value]), none):
            display = " ".join(_decode_words(display, fallback).split())
            found.append((_clean(display), _clean(address.strip())))
    return found


def _ids(value: str) -> list[str]:
    """The message ids in a ``Message-ID``, ``In-Reply-To`` or ``References`` value."""
    found = _MESSAGE_ID.findall(value)
    if not found and "@" in value and len(value.split()) == 1:
        found = [value.strip()]
    return found


def _date(value: str) -> datetime | None:
    """The ``Date`` header as an aware datetime (``-0000`` and missing zones read as UTC)."""
    if not value:
        return None
    try:
        stamp = parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


# Bodies


@dataclass(slots=True)
class _Body:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


def _payload_text(part: MimeMessage, fallback: str) -> str:
    data = _safe(lambda: part.get_payload(decode=True), None)
    if not isinstance(data, bytes):
        return ""
    charset = _safe(part.get_content_charset, None)
    return _clean(_decode_bytes(data, charset, fallback))


def _attachment_name(part: MimeMessage, fallback: str) -> str | None:
    """The file name of a part that is an attachment, else ``None``."""
    filename = _safe(part.get_filename, None)
    if filename is not None:
        filename = _decode_words(str(filename), fallback)
    disposition = _safe(part.get_content_disposition, None)
    content_type = _safe(part.get_content_type, "text/plain")
    if content_type == "message/rfc822":
        return filename or "forwarded message"
    if disposition == "attachment":
        return filename or content_type
    if filename and not content_type.startswith("text/"):
        # An inline image referenced from the HTML (a logo in a signature) is not an attachment.
        return None if part.get("Content-ID") else filename
    return None


def _collect_body(part: MimeMessage, body: _Body, fallback: str, depth: int = 0) -> None:
    if depth > MAX_PART_DEPTH:
        return
    attachment = _attachment_name(part, fallback)
    if attachment is not None:
        body.attachments.append(_clean(" ".join(attachment.split())))
        return
    content_type = _safe(part.get_content_type, "text/plain")
    if part.is_multipart():
        children: list[Any] = _safe(lambda: list(part.get_payload()), [])
        parts = [child for child in children if isinstance(child, MimeMessage)]
        if content_type == "multipart/alternative":
            _collect_alternative(parts, body, fallback, depth)
        else:
            for child in parts:
                _collect_body(child, body, fallback, depth + 1)
    elif content_type == "text/plain":
        body.plain.append(_payload_text(part, fallback))
    elif content_type == "text/html":
        body.html.append(_payload_text(part, fallback))


def _collect_alternative(parts: list[MimeMessage], body: _Body, fallback: str, depth: int) -> None:
    """The best of the alternatives: the plain-text one when there is one, else the HTML one."""
    found: list[_Body] = []
    for child in parts:
        alternative = _Body()
        _collect_body(child, alternative, fallback, depth + 1)
        found.append(alternative)
    best = next((a for a in found if any(t.strip() for t in a.plain)), None)
    best = best or next((a for a in found if a.html), None)
    if best is not None:
        body.plain.extend(best.plain)
        body.html.extend(best.html)
    for alternative in found:
        body.attachments.extend(alternative.attachments)


def _body_text(body: _Body) -> str:
    if any(text.strip() for text in body.plain):
        return strip_reply("\n".join(body.plain))
    return strip_reply("\n".join(html_to_text(html) for html in body.html))


# One message


@dataclass(slots=True)
class _Mail:
    """What is kept of one message until the threads are built."""

    order: int
    name: str
    address: str
    timestamp: datetime | None
    text: str
    kind: MessageKind
    subject: str
    message_id: str
    parents: list[str]
    in_reply_to: str
    to: list[str]
    cc: list[str]
    attachments: list[str]


def _is_automatic(headers: _Headers, subject: str) -> bool:
    auto = headers.first("auto-submitted").lower()
    if auto and not auto.startswith("no"):
        return True
    if headers.values.keys() & {"x-autoreply", "x-autorespond", "x-auto-reply"}:
        return True
    if headers.first("precedence").lower() in ("auto_reply", "auto-reply"):
        return True
    return bool(_AUTO_SUBJECT.match(subject))


def _read_message(raw: _Raw, order: int, path: str, fallback: str) -> _Mail:
    data = b"".join(raw.chunks)
    raw.chunks.clear()
    try:
        message = BytesParser(policy=compat32).parsebytes(data)
    except RecursionError:
        raise ParseError(
            phrase("email parts nested too deeply to read"), path=path, line=raw.line
        ) from None
    except (ValueError, TypeError, IndexError, LookupError, AttributeError) as error:
        raise ParseError(
            phrase("cannot read this email (%(reason)s)", reason=str(error)),
            path=path,
            line=raw.line,
        ) from None
    headers = _headers(message, fallback)
    senders = _addresses(headers.all("from")[:1], fallback)
    if not senders or not (senders[0][0] or senders[0][1]):
        raise ParseError(
            phrase("message without a sender (no From header)"),
            path=path,
            line=raw.line,
            hint=phrase("every email has a 'From:' header; is this file complete?"),
        )
    display, address = senders[0]
    subject = _clean(" ".join(_decode_words(headers.first("subject"), fallback).split()))
    body = _Body()
    _collect_body(message, body, fallback)
    text = _body_text(body)
    kind: MessageKind = "text"
    if _is_automatic(headers, subject):
        kind = "system"
    elif not text and body.attachments:
        kind = "media"
        text = f"<attachment: {', '.join(body.attachments)}>"
    message_ids = _ids(headers.first("message-id"))
    in_reply_to = _ids(headers.first("in-reply-to"))
    references = [ref for value in headers.all("references") for ref in _ids(value)]
    return _Mail(
        order=order,
        name=display or address,
        address=address.lower() if "@" in address else "",
        timestamp=_date(headers.first("date")),
        text=text,
        kind=kind,
        subject=subject,
        message_id=message_ids[0] if message_ids else "",
        parents=list(dict.fromkeys([*references, *in_reply_to])),
        in_reply_to=in_reply_to[-1] if in_reply_to else "",
        to=[a.lower() for _, a in _addresses(headers.all("to"), fallback) if a],
        cc=[a.lower() for _, a in _addresses(headers.all("cc"), fallback) if a],
        attachments=body.attachments,
    )


def _read_mails(stream: BinaryIO, path: str, fallback: str, start: int) -> Iterator[_Mail]:
    for offset, raw in enumerate(_split(stream, path)):
        yield _read_message(raw, start + offset, path, fallback)


# Threads


#: A node of the reply graph: a message (its position in the input) or a message id.
_Node = int | str


class _Groups:
    """Union-find over message positions and message ids."""

    def __init__(self) -> None:
        self._parent: dict[_Node, _Node] = {}

    def find(self, item: _Node) -> _Node:
        parent = self._parent.setdefault(item, item)
        root = item
        while parent != root:
            root = parent
            parent = self._parent[root]
        while item != root:
            self._parent[item], item = root, self._parent[item]
        return root

    def union(self, first: _Node, second: _Node) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self._parent[b] = a


def _subject_key(subject: str) -> str:
    return normalise_subject(subject).casefold()


def _threads(mails: list[_Mail]) -> list[list[_Mail]]:
    """The threads, in the order of their first message in the input."""
    groups = _Groups()
    for mail in mails:
        groups.find(mail.order)
        for ref in (mail.message_id, *mail.parents):
            if ref:
                groups.union(mail.order, f"id:{ref}")
    _join_by_subject(mails, groups)
    threads: dict[_Node, list[_Mail]] = {}
    for mail in mails:
        threads.setdefault(groups.find(mail.order), []).append(mail)
    return list(threads.values())


def _join_by_subject(mails: list[_Mail], groups: _Groups) -> None:
    """Attach the messages the ids leave alone (no id at all, or a ``Re:`` without reply
    headers) to the message with the same subject nearest in time within the window."""
    by_subject: dict[str, list[_Mail]] = {}
    for mail in mails:
        key = _subject_key(mail.subject)
        if key:
            by_subject.setdefault(key, []).append(mail)
    for same in by_subject.values():
        if len(same) < 2:
            continue
        dated = sorted((m for m in same if m.timestamp is not None), key=_time_key)
        position = {m.order: i for i, m in enumerate(dated)}
        for mail in same:
            orphan = not mail.parents and (not mail.message_id or is_reply_subject(mail.subject))
            if not orphan:
                continue
            other = _nearest(mail, same, dated, position)
            if other is not None:
                groups.union(other.order, mail.order)


def _time_key(mail: _Mail) -> tuple[datetime, int]:
    assert mail.timestamp is not None
    return mail.timestamp, mail.order


def _nearest(
    mail: _Mail, same: list[_Mail], dated: list[_Mail], position: dict[int, int]
) -> _Mail | None:
    if mail.timestamp is None or len(dated) < 2 or mail.order not in position:
        return next((m for m in same if m.order != mail.order), None)
    at = position[mail.order]
    close: list[tuple[timedelta, _Mail]] = []
    for other in (dated[i] for i in (at - 1, at + 1) if 0 <= i < len(dated)):
        assert other.timestamp is not None
        gap = abs(other.timestamp - mail.timestamp)
        if gap <= SUBJECT_WINDOW:
            close.append((gap, other))
    return min(close, key=lambda item: item[0])[1] if close else None


def _in_time_order(thread: list[_Mail]) -> list[_Mail]:
    """By date; a message without one stays after the message it follows in the input."""
    keyed: list[tuple[datetime | None, int, _Mail]] = []
    last: datetime | None = None
    for mail in sorted(thread, key=lambda m: m.order):
        if mail.timestamp is not None:
            last = mail.timestamp
        keyed.append((mail.timestamp or last, mail.order, mail))
    floor = datetime.min.replace(tzinfo=UTC)
    keyed.sort(key=lambda item: (item[0] or floor, item[1]))
    return [mail for _, _, mail in keyed]


def _meta(mail: _Mail) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "subject": mail.subject,
        "message_id": mail.message_id,
        "in_reply_to": mail.in_reply_to,
        "to": mail.to,
        "cc": mail.cc,
        "attachments": mail.attachments,
    }
    return {key: value for key, value in meta.items() if value}


def _conversations(mails: list[_Mail], path: str) -> Iterator[Conversation]:
    names: dict[str, str] = {}
    for mail in mails:
        if mail.address and mail.name != mail.address:
            names.setdefault(mail.address, mail.name)
    for thread in _threads(mails):
        ordered = _in_time_order(thread)
        messages: list[Message] = []
        ids: dict[str, dict[str, None]] = {}
        for mail in ordered:
            sender = names.get(mail.address, mail.name)
            messages.append(
                Message(
                    len(messages), sender, mail.text, mail.timestamp, mail.kind, meta=_meta(mail)
                )
            )
            if mail.kind != "system":
                known = ids.setdefault(sender, {})
                if mail.address:
                    known[identity("email", mail.address)] = None
        found = tuple(messages)
        title = normalise_subject(ordered[0].subject) or "(no subject)"
        yield Conversation(
            id=conversation_id(name, title, found),
            title=title,
            source=Source(path, name),
            messages=found,
            participants=tuple(Participant(s, ids=tuple(i)) for s, i in ids.items()),
            # The thread's first Message-ID ties a later export of the thread to this one.
            chat=next((mail.message_id for mail in ordered if mail.message_id), ""),
        )


def _unique(mails: Iterable[_Mail]) -> list[_Mail]:
    """The messages, each ``Message-ID`` once (a sent copy and a received copy of one email)."""
    seen: set[str] = set()
    found: list[_Mail] = []
    for mail in mails:
        if mail.message_id:
            if mail.message_id in seen:
                continue
            seen.add(mail.message_id)
        found.append(mail)
    return found


def _check_encoding(encoding: str, path: str) -> None:
    try:
        b"".decode(encoding)
        usable = codecs.lookup(encoding).name not in _NOT_CHARSETS
    except LookupError:
        usable = False
    if not usable:
        raise EncodingError(
            phrase("unknown encoding %(encoding)s", encoding=repr(encoding)), path=path
        )


def parse(stream: BinaryIO, path: str, *, encoding: str = "utf-8") -> Iterator[Conversation]:
    """Read the threads of one ``.eml`` file or one mbox. ``encoding`` reads the parts and
    headers that do not name their charset (when not valid in it, latin-1)."""
    _check_encoding(encoding, path)
    mails = _unique(_read_mails(stream, path, encoding, 0))
    yield from _conversations(mails, path)


def parse_tree(tree: Tree, *, encoding: str = "utf-8") -> Iterator[Conversation]:
    """Read every email file of a folder or zip (subfolders included) together, so threads
    span files. Other files are skipped, unless another format could read them: then the
    export is refused rather than read in part."""
    _check_encoding(encoding, tree.path)
    names = tree.names()
    members = [member for member in names if _is_mail_file(member)]
    if not members:
        raise InputError(
            phrase("no .eml or .mbox file found"),
            path=tree.path,
            hint=phrase("an email export is a folder or zip of .eml files, or an .mbox file"),
        )
    other = _other_export(names)
    if other is not None:
        raise InputError(
            phrase(
                "read as an email export, but it also holds %(other)s, which is not an email",
                other=repr(other),
            ),
            path=tree.path,
            hint=phrase(
                "move the emails to a folder of their own, or pass the other files separately"
            ),
        )
    mails: list[_Mail] = []
    for member in members:
        stream = tree.open(member)
        try:
            mails.extend(_read_mails(stream, tree.display(member), encoding, len(mails)))
        finally:
            stream.close()
    yield from _conversations(_unique(mails), tree.path)


__all__ = [
    "description",
    "extensions",
    "name",
    "parse",
    "parse_tree",
    "sniff",
    "sniff_tree",
]
