"""WhatsApp chat exports: the ``.txt`` that "Export chat" writes, alone or inside its ``.zip``.

Every message starts a line with a date and a time, in one of the layouts the apps write::

    [02/11/2020, 9:47:19 pm] Alice: Hello Bob          iOS (brackets)
    06/03/2017, 00:45 - Sample User: Hi               Android (dash)
    13.6.2018 klo 21.25.15 - Aino: Moi                Finnish (``klo``, dots in the time)
    13.06.18 21.25.15: Anna: Hallo                    a colon after the time

The date's order (day/month/year, month/day/year, year/month/day…) differs between locales and
is decided once for the whole file: a date with a day above 12 settles it; otherwise the order
that keeps the messages in time order wins, then the locale's convention (upper-case AM/PM:
month first). Lines that do not start with a date continue the previous message.

The file is read in blocks, twice: a first pass learns the date order, the senders and the
message count; the second builds the messages. A file over :data:`STREAM_BYTES` is not held in
memory at all: its conversation's messages are a :class:`~sincere.model.MessageLog` that reads
the file again on each pass, so a 1 GB export is analysed in bounded memory.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import PurePath, PurePosixPath
from typing import Any, BinaryIO

from sincere.errors import EncodingError, InputTooLargeError, ParseError
from sincere.importers._archive import Tree
from sincere.importers._text import decode_head
from sincere.model import (
    NO_META,
    Contact,
    Conversation,
    Message,
    MessageKind,
    MessageLog,
    Participant,
    Source,
    conversation_id,
    identity,
)

name = "whatsapp"
description = "WhatsApp 'Export chat' .txt, or its .zip (iOS and Android, any locale)"
extensions = (".txt", ".zip")

#: Files larger than this are streamed: their messages are read again on each pass.
STREAM_BYTES = 64 << 20
#: Bytes decoded at a time.
BLOCK_BYTES = 1 << 20
#: The longest message accepted (WhatsApp itself stops at about 65,000 characters).
MAX_MESSAGE_CHARS = 1 << 20

# Invisible marks the apps put around names, numbers and notices.
_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_GAP = "[ \u00a0\u202f]"
_STAMP = (
    r"(\d{1,4})([./-]) ?(\d{1,4})[./-] ?(\d{1,4})\.?"  # the date: three numbers
    rf",?{_GAP}+(?:klo )?"
    r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\.?"  # the time
    rf"(?:{_GAP}?([AaPp]\.?{_GAP}?[Mm]\.?))?"  # AM/PM, a.m., p. m.…
)
# A header starts a line (the pattern begins with the newline before it, which lets the regex
# engine jump from newline to newline). Groups: 1 bracket, 2-5 date, 6-8 time, 9 a/p.
# Group 10 is what may be the sender's name: the line up to its first colon that is followed by a
# space, by the end of the line, or by text other than "//" (not a URL's).
_SENDER = r"(?:([^\n]{1,120}?):(?: |$|(?=[^\s/])))?"
_HEADER = re.compile(
    rf"\n[{_MARKS}]*(\[)?{_STAMP}(?(1)\]{_GAP}?|(?:{_GAP}?[-–]{_GAP}|: )){_SENDER}", re.M
)
# Some locales write no separator at all after the time ("13. 6. 2018. 21:25:15 Ana: hi"):
# accepted only when a file's first line is written that way.
_BARE_HEADER = re.compile(rf"\n[{_MARKS}]*(\[)?{_STAMP} {_SENDER}", re.M)
# Plain transcripts and Signal use ISO dates in brackets: claimed only with a WhatsApp marker.
_ISO_BRACKETS = re.compile(r"\n\[\d{4}-\d{2}-\d{2}[ ,]")

_MEDIA = re.compile(
    r"""^(?:
        <\s*(?:attached|joint|angehängt|adjunto|allegato|anexado|bijgevoegd|liitetty)\s*:.*>
      | .+<(?:attached|joint|angehängt|adjunto|allegato|anexado|bijgevoegd|liitetty)>
      | .+\.\w{2,5}\s\((?:file\ attached|fichier\ joint|Datei\ angehängt|archivo\ adjunto|
            file\ allegato|arquivo\ anexado|bestand\ bijgevoegd|tiedosto\ liitetty|
            arquivo\ anexo|documento\ adjunto)\)
      | <(?:Media\ omitted|Médias\ omis|Medien\ ausgeschlossen|Multimedia\ omitido|
            Media\ omessi|Mídia\ oculta|Arquivo\ de\ mídia\ oculto|Media\ weggelaten|
            Media\ jätetty\ pois|Medya\ dahil\ edilmedi)>
      | (?:image|video|audio|sticker|GIF|document|Contact\ card|photo)\ omitted
      | (?:image|vidéo|audio|autocollant|GIF|document|fiche\ contact|photo)\ (?:absente?|omise?)
      | (?:Bild|Video|Audio|Sticker|GIF|Dokument|Kontaktkarte)\ weggelassen
      | (?:imagen|video|audio|sticker|GIF|documento)\ omitid[oa]
      | (?:immagine|video|audio|sticker|GIF|documento)\ omess[oa]
      | (?:imagem|vídeo|áudio|figurinha|GIF|documento)\ ocult[oa]
    )(?=\s|\\n|$)""",
    re.VERBOSE | re.IGNORECASE,
)
_NO_MARKS = str.maketrans("", "", _MARKS)
_SYSTEM_TEXTS = frozenset(
    {
        "This message was deleted",
        "You deleted this message",
        "This message was deleted by admin",
        "Ce message a été supprimé",
        "Vous avez supprimé ce message",
        "Diese Nachricht wurde gelöscht",
        "Du hast diese Nachricht gelöscht",
        "Se eliminó este mensaje",
        "Eliminaste este mensaje",
        "Questo messaggio è stato eliminato",
        "Hai eliminato questo messaggio",
        "Essa mensagem foi apagada",
        "Esta mensagem foi apagada",
        "Você apagou esta mensagem",
        "Dit bericht is verwijderd",
        "Je hebt dit bericht verwijderd",
        "Tämä viesti poistettiin",
        "Poistit tämän viestin",
        "Missed voice call",
        "Missed video call",
        "Appel vocal manqué",
        "Appel vidéo manqué",
        "null",
    }
)
_SYSTEM_STARTS = (
    "Messages and calls are end-to-end encrypted",
    "Messages to this group are now secured",
    "Messages you send to this",
    "Les messages et les appels sont chiffrés",
    "Les messages envoyés à ce",
    "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
    "Los mensajes y las llamadas están cifrados",
    "I messaggi e le chiamate sono crittografati",
    "As mensagens e as chamadas são protegidas",
    "Berichten en oproepen worden end-to-end",
    "Viestit ja puhelut ovat päästä päähän",
)
_EDITED = re.compile(
    r"\s*<(?:This message was edited|Ce message a été modifié|Diese Nachricht wurde bearbeitet|"
    r"Se editó este mensaje|Questo messaggio è stato modificato|Esta mensagem foi editada|"
    r"Dit bericht is bewerkt|Tätä viestiä on muokattu)>$"
)
_PHONE = re.compile(r"^\+?[\d][\d \-().\u00a0]{5,}\d$")
_CHAT_FILE = re.compile(
    r"(?:^|/)(?:_chat\.txt|(?:WhatsApp|Discussion WhatsApp|Chat de WhatsApp|Conversa do WhatsApp)"
    r"[^/]*\.txt)$",
    re.IGNORECASE,
)
_TITLE_PREFIX = re.compile(
    r"^(?:WhatsApp[ -]Chat(?: with| mit| con| met| -)?|Discussion WhatsApp avec|"
    r"Chat de WhatsApp con|Conversa do WhatsApp com|WhatsApp-keskustelu)\s*[-–]?\s*",
    re.IGNORECASE,
)


# --- sniffing -----------------------------------------------------------------------------------


def sniff(head: bytes) -> bool:
    """True when the first non-blank line is a WhatsApp message header."""
    text = decode_head(head)
    if text is None:
        return False
    text = "\n" + text.lstrip("\ufeff")
    first = re.search(r"\n[^\S\n]*(?=\S)", text)
    if first is None:
        return False
    start = first.start()
    match = _HEADER.match(text, start) or _BARE_HEADER.match(text, start)
    if match is None:
        return False
    if _ISO_BRACKETS.match(text, start):
        # Also the layout of plain transcripts and Signal: claim it only on WhatsApp's own words.
        return any(
            marker in text
            for marker in ("\u200e", "<attached:", "omitted", "end-to-end", "<Media", "chiffrés")
        )
    return True


def sniff_tree(names: Sequence[str]) -> bool:
    return any(_CHAT_FILE.search(name) for name in names)


# --- reading ------------------------------------------------------------------------------------


@dataclass
class _Scan:
    """What the first pass learns."""

    count: int = 0
    senders: dict[str, None] = field(default_factory=dict)
    bare: bool = False
    uppercase_ampm: bool = False
    #: Per year position (0, 1, 2): the largest value seen at each other position.
    largest: dict[int, list[int]] = field(default_factory=dict)
    #: Per year position: the distinct successive dates, to count inversions.
    dates: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    first: tuple[str, ...] | None = None
    last: tuple[str, ...] | None = None


#: Distinct successive dates kept per year position to decide an ambiguous order.
_MAX_DATES = 100_000


def _year_position(a: str, b: str, c: str) -> int | None:
    for position, value in enumerate((a, b, c)):
        if len(value) >= 3 or int(value) > 31:
            return position
    return None


def _note_date(scan: _Scan, a: str, b: str, c: str) -> None:
    values = (int(a), int(b), int(c))
    position = _year_position(a, b, c)
    if position is None:
        position = 2
    largest = scan.largest.setdefault(position, [0, 0, 0])
    for i in range(3):
        largest[i] = max(largest[i], values[i])
    dates = scan.dates.setdefault(position, [])
    if len(dates) < _MAX_DATES:
        dates.append(values)


def _inversions(dates: list[tuple[int, int, int]], order: tuple[int, int, int]) -> int:
    y, m, d = order
    keys = [(v[y] % 100, v[m], v[d]) for v in dates]
    return sum(1 for before, after in pairwise(keys) if after < before)


def _decide_orders(scan: _Scan) -> dict[int, tuple[int, int, int]]:
    """Per year position, the ``(year, month, day)`` positions of the dates."""
    orders: dict[int, tuple[int, int, int]] = {}
    for position in (0, 1, 2):
        i, j = (p for p in (0, 1, 2) if p != position)
        day_first = (position, j, i)  # (year, month, day): i is the day
        month_first = (position, i, j)
        largest = scan.largest.get(position, [0, 0, 0])
        if largest[i] > 12 >= largest[j]:
            orders[position] = day_first
        elif largest[j] > 12 >= largest[i]:
            orders[position] = month_first
        else:
            dates = scan.dates.get(position, [])
            preferred, other = (
                (month_first, day_first)
                if position != 2 or scan.uppercase_ampm
                else (day_first, month_first)
            )
            if dates and _inversions(dates, other) < _inversions(dates, preferred):
                preferred = other
            orders[position] = preferred
    return orders


class _Reader:
    """Reads one export: blocks of text, then headers and messages."""

    def __init__(self, path: str, encoding: str) -> None:
        self.path = path
        self.encoding = encoding
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise EncodingError(f"unknown encoding {encoding!r}", path=path) from None
        self.header = _HEADER

    def blocks(self, stream: BinaryIO) -> Iterator[tuple[str, int]]:
        """``(text, line)``: decoded blocks, each starting with the newline before its first
        line (whose number is ``line``) and ending at the end of a line."""
        encoding = self.encoding
        head = stream.read(4)
        for bom, codec in (
            (codecs.BOM_UTF32_LE, "utf-32"),
            (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"),
        ):
            if head.startswith(bom):
                encoding = codec
                break
        if encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
            encoding = "utf-8-sig"
        decoder = codecs.getincrementaldecoder(encoding)()
        carry = ""
        line = 1
        chunk = head
        while True:
            more = stream.read(BLOCK_BYTES)
            chunk += more
            final = not more
            try:
                text = carry + decoder.decode(chunk, final)
            except UnicodeDecodeError as error:
                at = line + carry.count("\n") + chunk.count(b"\n", 0, error.start)
                raise EncodingError(
                    f"not valid {self.encoding} text",
                    path=self.path,
                    line=at,
                    hint="WhatsApp writes UTF-8; if this file was re-saved by another tool, try "
                    "--encoding cp1252 (or latin-1)",
                ) from None
            chunk = b""
            if "\0" in text:
                at = line + text.count("\n", 0, text.index("\0"))
                raise EncodingError(
                    "binary data (NUL bytes): this is not a WhatsApp export",
                    path=self.path,
                    line=at,
                )
            if not final:
                cut = text.rfind("\n")
                if cut < 0:
                    if len(text) > MAX_MESSAGE_CHARS:
                        raise InputTooLargeError(
                            "line longer than 1 MiB; this is not a WhatsApp export",
                            path=self.path,
                            line=line,
                        )
                    carry = text
                    continue
                carry = text[cut + 1 :]
                text = text[:cut]
            else:
                carry = ""
            text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
            yield "\n" + text, line
            line += text.count("\n") + 1
            if final:
                return

    def first_header(self, block: str) -> None:
        """Choose the header layout from the first non-blank line, or say what is wrong."""
        stripped = re.match(r"\n[\s]*", block)
        start = stripped.end() - 1 if stripped else 0
        while start > 0 and block[start] != "\n":
            start -= 1
        if _HEADER.match(block, start):
            return
        if _BARE_HEADER.match(block, start):
            self.header = _BARE_HEADER
            return
        line = block.count("\n", 0, start + 1)
        raise ParseError(
            "not a WhatsApp message line",
            path=self.path,
            line=max(line, 1),
            hint="each message starts like '[31/12/2024, 21:05:00] Name: text' (iOS) or "
            "'31/12/2024, 21:05 - Name: text' (Android)",
        )

    # Both passes ---------------------------------------------------------------------------

    def records(self, blocks: Iterable[tuple[str, int]]) -> Iterator[_Record]:
        """Each message: its header match, the block and line it starts in, and its text after
        the header (and after ``Name:`` when the header matched one)."""
        header = self.header
        previous: tuple[re.Match[str], str, int] | None = None
        tail: list[str] = []
        size = 0
        for number, (block, line) in enumerate(blocks):
            if number == 0:
                self.first_header(block)
                header = self.header
            for match in header.finditer(block):
                if previous is not None:
                    before, where, at = previous
                    if where is block:
                        yield before, where, at, block[before.end() : match.start()]
                    else:
                        tail.append(block[: match.start()])
                        yield before, where, at, "".join(tail)
                previous = (match, block, line)
            if previous is None:
                continue
            before, where, at = previous
            if where is block:
                tail = [block[before.end() :]]
                size = len(tail[0])
            else:
                tail.append(block)
                size += len(block)
            if size > MAX_MESSAGE_CHARS:
                raise InputTooLargeError(
                    "message longer than 1 MiB; this is not a WhatsApp export",
                    path=self.path,
                    line=at + where.count("\n", 0, before.start()),
                )
        if previous is not None:
            yield previous[0], previous[1], previous[2], "".join(tail)

    def scan(self, blocks: Iterable[tuple[str, int]]) -> _Scan:
        """The first pass: date order evidence, senders, count, first and last stamps."""
        scan = _Scan()
        last_date = ""
        senders = scan.senders
        known: set[str | None] = {None}
        match: re.Match[str] | None = None
        for match, block, _line, text in self.records(blocks):
            scan.count += 1
            date = block[match.start(2) : match.end(5)]
            if date != last_date:
                last_date = date
                _note_date(scan, match[2], match[4], match[5])
                if scan.first is None:
                    scan.first = match.group(2, 4, 5, 6, 7, 8, 9)
                    scan.uppercase_ampm = match[9] in ("AM", "PM")
            raw = match[10]
            if raw not in known:
                # A sender counts once they say something that is not a notice.
                sender = _sender(raw)
                if sender is None:
                    known.add(raw)
                elif _kind(text)[1] != "system":
                    known.add(raw)
                    senders.setdefault(sender, None)
        if match is not None:
            scan.last = match.group(2, 4, 5, 6, 7, 8, 9)
        scan.bare = self.header is _BARE_HEADER
        return scan

    def messages(
        self, blocks: Iterable[tuple[str, int]], orders: dict[int, tuple[int, int, int]]
    ) -> Iterator[Message]:
        """The second pass: the messages."""
        dates: dict[str, tuple[int, int, int]] = {}
        names: dict[str | None, str | None] = {None: None}
        last_stamp = ""
        when = datetime.min
        no_meta = NO_META
        for index, (match, block, line, text) in enumerate(self.records(blocks)):
            named = match.start(10)
            stamp = block[match.start() : named] if named >= 0 else match[0]
            if stamp != last_stamp:
                last_stamp = stamp
                when = self._when(match, block, line, orders, dates)
            raw = match[10]
            sender = names.get(raw, "")
            if sender == "":
                sender = names[raw] = _sender(raw)
            if sender is None:
                if raw is not None:
                    text = block[named : match.end()] + text
                yield Message(index, "", text.strip(), when, "system", None, no_meta)
                continue
            text, kind, meta = _kind(text)
            yield Message(index, sender, text, when, kind, None, meta or no_meta)

    def _when(
        self,
        match: re.Match[str],
        block: str,
        line: int,
        orders: dict[int, tuple[int, int, int]],
        dates: dict[str, tuple[int, int, int]],
    ) -> datetime:
        date = block[match.start(2) : match.end(5)]
        ymd = dates.get(date)
        if ymd is None:
            ymd = dates[date] = _date(match[2], match[4], match[5], orders)
        hour = int(match[6])
        half = match[9]
        if half is not None and hour <= 12:
            hour = hour % 12 + (12 if half[0] in "pP" else 0)
        try:
            return datetime(*ymd, hour, int(match[7]), int(match[8] or 0))
        except ValueError:
            raise ParseError(
                f"invalid date or time {match[0].strip(_MARKS + chr(10) + ' -–')!r}",
                path=self.path,
                line=line + block.count("\n", 0, match.start()),
            ) from None


_Record = tuple[re.Match[str], str, int, str]


def _date(a: str, b: str, c: str, orders: dict[int, tuple[int, int, int]]) -> tuple[int, int, int]:
    """``(year, month, day)`` of a date's three numbers, in the file's order. A date that is
    impossible in that order (a file that mixes locales) is read with day and month swapped."""
    values = (int(a), int(b), int(c))
    position = _year_position(a, b, c)
    y, m, d = orders[2 if position is None else position]
    year = values[y] + 2000 if values[y] < 100 else values[y]
    if values[m] > 12 >= values[d]:
        m, d = d, m
    return year, values[m], values[d]


def _kind(text: str) -> tuple[str, MessageKind, dict[str, Any] | None]:
    """The text, kind and metadata of a message's text (after ``Name:``)."""
    if "<" in text or "(" in text or "\u200e" in text:
        return _classify(text)
    text = text.strip()
    if text in _SYSTEM_TEXTS or text.startswith(_SYSTEM_STARTS):
        return text, "system", None
    return text, "text", None


def _sender(raw: str | None) -> str | None:
    """The sender's name in ``raw`` (the text before the first colon), or ``None`` when the line
    is a notice ("Ana added Ben", 'You changed the subject to "a: b"')."""
    if raw is None or len(raw) > 80 or "\n" in raw:
        return None
    cleaned = raw.strip(_MARKS + " ~\u00a0\u202f").strip(_MARKS)
    if not cleaned or any(q in cleaned for q in '"«»“”„'):
        return None
    return cleaned


def _classify(raw: str) -> tuple[str, MessageKind, dict[str, Any] | None]:
    text = raw.strip()
    meta: dict[str, Any] | None = None
    edited = _EDITED.search(text)
    if edited:
        text = text[: edited.start()].rstrip()
        meta = {"edited": True}
    clean = text.translate(_NO_MARKS).strip()
    media = _MEDIA.match(clean)
    if media:
        meta = {**(meta or {}), "attachments": [_attachment(media[0])]}
        caption = clean[media.end() :].strip()
        if caption:
            return caption, "text", meta
        return media[0], "media", meta
    if text.startswith("\u200e") or clean in _SYSTEM_TEXTS or clean.startswith(_SYSTEM_STARTS):
        return clean, "system", meta
    return text, "text", meta


def _attachment(notice: str) -> str:
    found = re.search(r"<\s*attached:\s*([^>]+?)\s*>|^(\S.*?\.\w{2,5})\s*(?:\(|<)", notice)
    if found:
        return (found.group(1) or found.group(2)).strip(_MARKS + " ")
    return notice.strip("<> ")


# --- the importer -------------------------------------------------------------------------------


def _title(path: str) -> str:
    stem = PurePath(path.split("!", 1)[-1]).stem if path != "<stdin>" else "stdin"
    if stem == "_chat":
        stem = PurePath(path.split("!", 1)[0]).stem
    return _TITLE_PREFIX.sub("", stem).strip() or stem


def _participants(senders: Iterable[str]) -> tuple[Participant, ...]:
    found = []
    for sender in senders:
        ids = (identity("phone", sender),) if _PHONE.match(sender) else ()
        found.append(Participant(sender, ids=ids))
    return tuple(found)


def _stamp(
    fields: tuple[str, ...] | None, orders: dict[int, tuple[int, int, int]]
) -> datetime | None:
    if fields is None:
        return None
    a, b, c, hour, minute, second, half = fields
    h = int(hour)
    if half and h <= 12:
        h = h % 12 + (12 if half[0] in "pP" else 0)
    try:
        return datetime(*_date(a, b, c, orders), h, int(minute), int(second or 0))
    except ValueError:
        return None


def _streamable(stream: BinaryIO, path: str) -> bool:
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size > STREAM_BYTES and os.path.isfile(path)


def parse(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8", title: str | None = None
) -> Iterator[Conversation]:
    """Read one conversation from a WhatsApp ``.txt`` export (or a ``.zip`` holding one)."""
    reader = _Reader(path, encoding)
    title = title or _title(path)
    if _streamable(stream, path):
        scan = reader.scan(reader.blocks(stream))

        def again() -> Iterator[Message]:
            with open(path, "rb") as replay:
                yield from reader.messages(reader.blocks(replay), orders)

        orders = _decide_orders(scan)
        _check_found(scan, path)
        log = MessageLog(
            scan.count,
            again,
            started_at=_stamp(scan.first, orders),
            ended_at=_stamp(scan.last, orders),
        )
        yield _conversation(path, title, log, scan)
        return
    blocks = list(reader.blocks(stream))
    scan = reader.scan(blocks)
    _check_found(scan, path)
    orders = _decide_orders(scan)
    messages = tuple(reader.messages(blocks, orders))
    yield _conversation(path, title, messages, scan)


def _check_found(scan: _Scan, path: str) -> None:
    if scan.count == 0:
        raise ParseError("empty file: no WhatsApp message found", path=path)


def _conversation(path: str, title: str, messages: Sequence[Message], scan: _Scan) -> Conversation:
    return Conversation(
        id=conversation_id(name, title, messages),
        title=title,
        source=Source(path, name),
        messages=messages,
        participants=_participants(scan.senders),
    )


def parse_tree(tree: Tree, *, encoding: str = "utf-8") -> Iterator[Conversation | Contact]:
    """Read the chat(s) of an export's ``.zip`` (or unzipped folder): ``_chat.txt`` or
    ``WhatsApp Chat with NAME.txt``, its media left aside."""
    chats = [n for n in tree.names() if _CHAT_FILE.search(n)]
    if not chats:
        raise ParseError(
            "no WhatsApp chat (_chat.txt or 'WhatsApp Chat with ….txt') in this archive",
            path=tree.path,
        )
    for chat in chats:
        member = PurePosixPath(chat)
        title = _title(tree.path if member.name == "_chat.txt" else member.name)
        with tree.open(chat) as stream:
            yield from parse(stream, tree.display(chat), encoding=encoding, title=title)
