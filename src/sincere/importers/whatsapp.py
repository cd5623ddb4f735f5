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
from datetime import date, datetime, time
from itertools import pairwise
from pathlib import PurePath, PurePosixPath
from typing import Any, BinaryIO, cast

from sincere.errors import EncodingError, InputTooLargeError, ParseError
from sincere.importers._archive import Tree
from sincere.importers._build import collector_paused
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
    make_message,
)
from sincere.phrase import phrase

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
_DATE = r"\d{1,4}[./-] ?\d{1,4}[./-] ?\d{1,4}\.?"
_AM_PM = rf"{_GAP}?[AaPp]\.?{_GAP}?[Mm]\.?"
_TIME = rf"(?:klo )?\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?\.?(?:{_AM_PM})?"
# Group 4 is what may be the sender's name and its colon: the line up to its first colon, when
# that colon is followed by a space, by the end of the line, or by text other than "//" (a URL's).
_SENDER = r"(?:([^\n:]{1,120}+:(?: |$|(?=[^\s/]))))?"
# A header starts a line (the pattern begins with the newline before it, which lets the regex
# engine jump from newline to newline). Groups: 1 bracket, 2 date, 3 time, 4 sender. Few groups,
# because ``re.split`` makes a string of each; dates and times are taken apart once per value.
_HEADER = re.compile(
    rf"\n[{_MARKS}]*+(\[)?({_DATE}),?{_GAP}+({_TIME})(?(1)\]{_GAP}?|(?:{_GAP}?[-–]{_GAP}|: ))"
    + _SENDER,
    re.M,
)
# Some locales write no separator at all after the time ("13. 6. 2018. 21:25:15 Ana: hi"):
# accepted only when a file's first line is written that way.
_BARE_HEADER = re.compile(rf"\n[{_MARKS}]*(\[)?({_DATE}),?{_GAP}+({_TIME}) {_SENDER}", re.M)
_DATE_PARTS = re.compile(r"(\d+)[./-] ?(\d+)[./-] ?(\d+)")
_TIME_PARTS = re.compile(rf"(?:klo )?(\d+)[:.](\d+)(?:[:.](\d+))?\.?(?:{_GAP}?([AaPp]))?")
# Plain transcripts and Signal use ISO dates in brackets: claimed only with a WhatsApp marker.
_ISO_BRACKETS = re.compile(r"\n\[\d{4}-\d{2}-\d{2}[ ,]")
_CLOCK_LAYOUT = re.compile(r"(klo )?\d+([:.])\d+(?:([:.])\d+)?(\.)?(.+)?")


def _layout_header(first: re.Match[str]) -> re.Pattern[str]:
    """A header pattern for the layout of a file's first header (``first``, a match of
    :data:`_HEADER`): its date separators, its clock (seconds, AM/PM, "klo") and its brackets
    written out rather than left open. It accepts a subset of what :data:`_HEADER` accepts, about
    a third faster; :meth:`_Reader.split` checks that it missed no header, and falls back to
    :data:`_HEADER` for a file that changes layout.
    """
    date = r"\d{1,4}".join(map(re.escape, re.split(r"\d+", first[2])))
    clock = _CLOCK_LAYOUT.fullmatch(first[3])
    assert clock is not None  # _HEADER's time matched it
    time = (
        ("klo " if clock[1] else "")
        + r"\d{1,2}"
        + re.escape(clock[2])
        + r"\d{2}"
        + (re.escape(clock[3]) + r"\d{2}" if clock[3] else "")
        + (r"\." if clock[4] else "")
        + (_AM_PM if clock[5] else "")
    )
    if first[1]:
        opening, closing = r"(\[)", rf"\]{_GAP}?"
    else:
        opening, closing = "()", rf"(?:{_GAP}?[-–]{_GAP}|: )"
    return re.compile(rf"\n[{_MARKS}]*+{opening}({date}),?{_GAP}+({time}){closing}" + _SENDER, re.M)


#: Android's placeholders for the media left out of an export, in each locale.
_OMITTED_NAMES = (
    "Media omitted",
    "Médias omis",
    "Medien ausgeschlossen",
    "Multimedia omitido",
    "Media omessi",
    "Mídia oculta",
    "Arquivo de mídia oculto",
    "Media weggelaten",
    "Media jätetty pois",
    "Medya dahil edilmedi",
)
_MEDIA = re.compile(
    r"""^(?:
        <\s*(?:attached|joint|angehängt|adjunto|allegato|anexado|bijgevoegd|liitetty)\s*:.*>
      | .+<(?:attached|joint|angehängt|adjunto|allegato|anexado|bijgevoegd|liitetty)>
      | .+\.\w{2,5}\s\((?:file\ attached|fichier\ joint|Datei\ angehängt|archivo\ adjunto|
            file\ allegato|arquivo\ anexado|bestand\ bijgevoegd|tiedosto\ liitetty|
            arquivo\ anexo|documento\ adjunto)\)
      | <(?:"""
    + "|".join(map(re.escape, _OMITTED_NAMES))
    + r""")>
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
#: The same placeholders as written: the most common notices, recognised without :data:`_MEDIA`
#: (which reads them the same way).
_OMITTED = frozenset(f"<{name}>" for name in _OMITTED_NAMES)
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
    uppercase_ampm: bool = False
    #: Per year position (0, 1, 2, or ``None`` when no number shows it), the distinct dates.
    dates: dict[int | None, list[tuple[int, int, int]]] = field(default_factory=dict)
    #: The first and last message's date and time, as written.
    first: tuple[str, str] | None = None
    last: tuple[str, str] | None = None


#: Per year position (``None`` for dates of three small numbers), where the year, month and day
#: are in the dates: ``(year, month, day)`` positions.
_Orders = dict[int | None, tuple[int, int, int]]

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
    dates = scan.dates.setdefault(position, [])
    if len(dates) < _MAX_DATES:
        dates.append(values)


def _inversions(dates: list[tuple[int, int, int]], order: tuple[int, int, int]) -> int:
    y, m, d = order
    keys = [(v[y] % 100, v[m], v[d]) for v in dates]
    return sum(1 for before, after in pairwise(keys) if after < before)


def _ambiguous_year_position(scan: _Scan) -> int:
    """Where the year is in dates of three small numbers ("20-06-13"): where the file's other
    dates have it; else the position that is not the month (a value above 12) and changes least
    (a chat spans days, rarely years); else last, the most common."""
    certain = {p: len(v) for p, v in scan.dates.items() if p is not None}
    if certain:
        return max(certain, key=certain.__getitem__)
    dates = scan.dates.get(None, [])
    if not dates:
        return 2
    distinct = [len({date[p] for date in dates}) for p in range(3)]
    high = [max(date[p] for date in dates) > 12 for p in range(3)]
    if sum(high) == 2:  # the month is the third; the year changes less than the day
        first, second = (p for p in range(3) if high[p])
        if distinct[first] != distinct[second]:
            return first if distinct[first] < distinct[second] else second
    return 2


def _decide_orders(scan: _Scan) -> _Orders:
    """Per year position (``None`` for dates of three small numbers), the ``(year, month,
    day)`` positions of the dates."""
    orders: _Orders = {}
    ambiguous = _ambiguous_year_position(scan)
    for position in (0, 1, 2):
        dates = scan.dates.get(position, []) + (
            scan.dates.get(None, []) if position == ambiguous else []
        )
        i, j = (p for p in (0, 1, 2) if p != position)
        day_first = (position, j, i)  # (year, month, day): i is the day
        month_first = (position, i, j)
        largest_i = max((date[i] for date in dates), default=0)
        largest_j = max((date[j] for date in dates), default=0)
        if largest_i > 12 >= largest_j:
            orders[position] = day_first
        elif largest_j > 12 >= largest_i:
            orders[position] = month_first
        else:
            preferred, other = (
                (month_first, day_first)
                if position != 2 or scan.uppercase_ampm
                else (day_first, month_first)
            )
            if dates and _inversions(dates, other) < _inversions(dates, preferred):
                preferred = other
            orders[position] = preferred
    orders[None] = orders[ambiguous]
    return orders


class _Reader:
    """Reads one export: blocks of text, then headers and messages."""

    def __init__(self, path: str, encoding: str) -> None:
        self.path = path
        self.encoding = encoding
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise EncodingError(
                phrase("unknown encoding %(encoding)s", encoding=repr(encoding)), path=path
            ) from None
        #: The header pattern in use: the first header's layout (see :func:`_layout_header`),
        #: else :data:`_HEADER` or :data:`_BARE_HEADER`.
        self.header = _HEADER
        self.layout = False

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
                    phrase("not valid %(encoding)s text", encoding=self.encoding),
                    path=self.path,
                    line=at,
                    hint=phrase(
                        "WhatsApp writes UTF-8; if this file was re-saved by another tool, try "
                        "--encoding cp1252 (or latin-1)"
                    ),
                ) from None
            chunk = b""
            if "\0" in text:
                at = line + text.count("\n", 0, text.index("\0"))
                raise EncodingError(
                    phrase("binary data (NUL bytes): this is not a WhatsApp export"),
                    path=self.path,
                    line=at,
                )
            if not final:
                cut = text.rfind("\n")
                if cut < 0:
                    if len(text) > MAX_MESSAGE_CHARS:
                        raise InputTooLargeError(
                            phrase("line longer than 1 MiB; this is not a WhatsApp export"),
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
        first = _HEADER.match(block, start)
        if first:
            self.header, self.layout = _layout_header(first), True
            return
        if _BARE_HEADER.match(block, start):
            self.header = _BARE_HEADER
            return
        line = block.count("\n", 0, start + 1)
        raise ParseError(
            phrase("not a WhatsApp message line"),
            path=self.path,
            line=max(line, 1),
            hint=phrase(
                "each message starts like '[31/12/2024, 21:05:00] Name: text' (iOS) or "
                "'31/12/2024, 21:05 - Name: text' (Android)"
            ),
        )

    # Both passes ---------------------------------------------------------------------------
    #
    # Each block is cut at its headers by one ``re.split`` (in C); the split's columns (every
    # message's date, time, sender and text, as lists) are then read column by column, so the
    # Python work per message is a few lookups and one object.

    def split(self, blocks: Iterable[tuple[str, int]]) -> Iterator[_Block]:
        """Each block's messages as columns. A message cut by the end of a block is completed
        from the next block, so every message appears once, whole."""
        carry: list[str | None] | None = None
        carried_from: tuple[str, int] = ("", 0)
        carried_size = 0
        for number, (block, line) in enumerate(blocks):
            if number == 0:
                self.first_header(block)
            parts: list[str | None] = self.header.split(block)
            if self.layout and self._missed_a_header(parts):
                # The file changes layout: the open pattern from here on.
                self.header, self.layout = _HEADER, False
                parts = _HEADER.split(block)
            prefix = cast(str, parts[0])
            if carry is not None:
                carry[_BODY] = cast(str, carry[_BODY]) + prefix
                carried_size += len(prefix)
                if carried_size > MAX_MESSAGE_CHARS:
                    raise self._too_long(*carried_from)
                if len(parts) == 1:
                    continue
                parts[:1] = carry
            elif len(parts) == 1:
                continue
            else:
                del parts[0]
            carry = parts[-_STRIDE:]
            carried_from = (block, line)
            carried_size = len(cast(str, carry[_BODY]))
            del parts[-_STRIDE:]
            if parts:
                yield _Block(parts, block, line)
        if carry is not None:
            yield _Block(carry, *carried_from)

    @staticmethod
    def _missed_a_header(parts: list[str | None]) -> bool:
        """Whether a layout header left inside a message (the text before the block's first
        header, or after a header) a line that :data:`_HEADER` reads as a header: one of
        another layout."""
        # Joined with NUL (never in a block: it is refused), so that the search, in C, only
        # meets the line breaks inside messages.
        return _HEADER.search("\0".join(cast(list[str], parts[::_STRIDE]))) is not None

    def _too_long(self, block: str, line: int) -> InputTooLargeError:
        return InputTooLargeError(
            phrase("message longer than 1 MiB; this is not a WhatsApp export"),
            path=self.path,
            line=line,
        )

    def scan(self, blocks: Iterable[_Block]) -> _Scan:
        """What the messages' dates say about the file's date order; senders; count."""
        scan = _Scan()
        senders = scan.senders
        known: set[str | None] = {None}
        seen_dates: dict[str, None] = {}
        for part in blocks:
            _, dates, times, raws, bodies = part.columns()
            if not bodies:
                continue
            if scan.count == 0:
                scan.first = (cast(str, dates[0]), cast(str, times[0]))
                scan.uppercase_ampm = "AM" in cast(str, times[0]) or "PM" in cast(str, times[0])
            scan.count += len(bodies)
            scan.last = (cast(str, dates[-1]), cast(str, times[-1]))
            for written in dict.fromkeys(cast(list[str], dates)):
                if written not in seen_dates:
                    seen_dates[written] = None
                    _note_date(scan, *_date_parts(written))
            unknown = set(raws) - known
            if unknown:
                for raw, body in zip(raws, bodies, strict=True):
                    if raw in unknown:
                        # A sender counts once they say something that is not a notice.
                        sender = _sender(raw)
                        if sender is None or _kind(cast(str, body))[1] != "system":
                            unknown.discard(raw)
                            known.add(raw)
                            if sender is not None:
                                senders.setdefault(sender, None)
                            if not unknown:
                                break
        return scan

    def messages(self, blocks: Iterable[_Block], orders: _Orders) -> Iterator[Message]:
        """The messages, block after block: built column by column."""
        days: dict[str | None, date] = {}
        clocks: dict[str | None, time] = {}
        names: dict[str | None, str | None] = {None: None}
        no_meta = NO_META
        system_texts, system_starts = _SYSTEM_TEXTS, _SYSTEM_STARTS
        combine = datetime.combine
        index = 0
        for part in blocks:
            _, dates, times, raws, bodies = part.columns()
            count = len(bodies)
            if max(map(len, cast(list[str], bodies)), default=0) > MAX_MESSAGE_CHARS:
                raise self._too_long(part.text, part.line)
            # Each distinct date and time is taken apart once; timestamps are combined in C.
            for day in dict.fromkeys(dates):
                if day not in days:
                    try:
                        days[day] = date(*_date(*_date_parts(cast(str, day)), orders))
                    except ValueError:
                        raise self._bad_stamp(part, cast(str, day), cast(str, times[0])) from None
            for clock in dict.fromkeys(times):
                if clock not in clocks:
                    try:
                        clocks[clock] = time(*_clock(cast(str, clock)))
                    except ValueError:
                        raise self._bad_stamp(part, cast(str, dates[0]), cast(str, clock)) from None
            stamps = map(combine, map(days.__getitem__, dates), map(clocks.__getitem__, times))
            for raw in dict.fromkeys(raws):
                if raw not in names:
                    names[raw] = _sender(raw)
            senders = list(map(names.__getitem__, raws))
            texts = list(map(str.strip, cast(list[str], bodies)))
            kinds: list[MessageKind] = ["text"] * count
            metas = [no_meta] * count
            # Most messages are plain text; only these few need a closer look.
            special = [
                i
                for i, text in enumerate(texts)
                if "<" in text
                or "(" in text
                or "\u200e" in text
                or text in system_texts
                or text.startswith(system_starts)
            ]
            if None in senders:
                special = sorted({*special, *(i for i, s in enumerate(senders) if s is None)})
            for i in special:
                if senders[i] is None:
                    raw = raws[i]
                    texts[i] = ((raw or "") + cast(str, bodies[i])).strip()
                    senders[i] = ""
                    kinds[i] = "system"
                else:
                    texts[i], kinds[i], meta = _kind(cast(str, bodies[i]))
                    metas[i] = meta or no_meta
            yield from map(
                make_message,
                range(index, index + count),
                cast(list[str], senders),
                texts,
                stamps,
                kinds,
                metas,
            )
            index += count

    def _bad_stamp(self, part: _Block, day: str, clock: str) -> ParseError:
        found = re.search(rf"\n[{_MARKS}]*\[?{re.escape(day)}", part.text)
        return ParseError(
            phrase("invalid date or time '%(date)s %(time)s'", date=day, time=clock),
            path=self.path,
            line=part.line + part.text.count("\n", 1, found.start() + 1) if found else None,
        )


#: What ``re.split`` gives per message: the header's 4 groups, then the text up to the next one.
_STRIDE = 5
_BODY = _STRIDE - 1


@dataclass(frozen=True, slots=True)
class _Block:
    """Some messages, as ``re.split`` laid them out, and the block of text they come from."""

    parts: list[str | None]
    text: str
    line: int

    def columns(self) -> list[list[str | None]]:
        """Bracket, date, time, raw sender and body of each message."""
        return [self.parts[offset::_STRIDE] for offset in range(_STRIDE)]


def _date_parts(date: str) -> tuple[str, str, str]:
    found = _DATE_PARTS.match(date)
    assert found is not None  # the header pattern matched it
    return found[1], found[2], found[3]


def _clock(clock: str) -> tuple[int, int, int]:
    """``(hour, minute, second)`` on the 24-hour clock."""
    found = _TIME_PARTS.match(clock)
    assert found is not None  # the header pattern matched it
    hour = int(found[1])
    if found[4] is not None and hour <= 12:
        hour = hour % 12 + (12 if found[4] in "pP" else 0)
    return hour, int(found[2]), int(found[3] or 0)


def _date(a: str, b: str, c: str, orders: _Orders) -> tuple[int, int, int]:
    """``(year, month, day)`` of a date's three numbers, in the file's order. A date that is
    impossible in that order (a file that mixes locales) is read with day and month swapped."""
    values = (int(a), int(b), int(c))
    y, m, d = orders[_year_position(a, b, c)]
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
    if raw is None or len(raw) > 82 or "\n" in raw:
        return None
    cleaned = raw.rstrip(" ")[:-1]
    cleaned = cleaned.strip(_MARKS + " ~\u00a0\u202f").strip(_MARKS)
    if not cleaned or any(q in cleaned for q in '"«»“”„'):
        return None
    return cleaned


def _classify(raw: str) -> tuple[str, MessageKind, dict[str, Any] | None]:
    text = raw.strip()
    if text in _OMITTED:
        return text, "media", {"omitted": True}  # what _MEDIA makes of it, read at once
    meta: dict[str, Any] | None = None
    edited = _EDITED.search(text)
    if edited:
        text = text[: edited.start()].rstrip()
        meta = {"edited": True}
    clean = text.translate(_NO_MARKS).strip()
    media = _MEDIA.match(clean)
    if media:
        attachment = _attachment(media[0])
        extra = {"attachments": [attachment]} if attachment else {"omitted": True}
        meta = {**(meta or {}), **extra}
        caption = clean[media.end() :].strip()
        if caption:
            return caption, "text", meta
        return media[0], "media", meta
    if text.startswith("\u200e") or clean in _SYSTEM_TEXTS or clean.startswith(_SYSTEM_STARTS):
        return clean, "system", meta
    return text, "text", meta


_ATTACHMENT = re.compile(r"<\s*attached:\s*([^>]+?)\s*>|^(\S.*?\.\w{2,5})\s*(?:\(|<)")


def _attachment(notice: str) -> str | None:
    """The file name in a media notice, if it names one ("<Media omitted>" does not)."""
    found = _ATTACHMENT.search(notice)
    if found:
        return (found.group(1) or found.group(2)).strip(_MARKS + " ")
    return None


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


def _stamp(fields: tuple[str, str] | None, orders: _Orders) -> datetime | None:
    if fields is None:
        return None
    date, clock = fields
    try:
        return datetime(*_date(*_date_parts(date), orders), *_clock(clock))
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
        scan = reader.scan(reader.split(reader.blocks(stream)))
        _check_found(scan, path)
        orders = _decide_orders(scan)

        def again() -> Iterator[Message]:
            with open(path, "rb") as replay:
                yield from reader.messages(reader.split(reader.blocks(replay)), orders)

        log = MessageLog(
            scan.count,
            again,
            started_at=_stamp(scan.first, orders),
            ended_at=_stamp(scan.last, orders),
        )
        yield _conversation(path, title, log, scan)
        return
    blocks = list(reader.blocks(stream))
    text = blocks[0][0] if len(blocks) == 1 else "\n" + "\n".join(b[1:] for b, _ in blocks)
    parts = list(reader.split([(text, 1)]))
    scan = reader.scan(parts)
    _check_found(scan, path)
    with collector_paused():
        messages = tuple(reader.messages(parts, _decide_orders(scan)))
    yield _conversation(path, title, messages, scan)


def _check_found(scan: _Scan, path: str) -> None:
    if scan.count == 0:
        raise ParseError(phrase("empty file: no WhatsApp message found"), path=path)


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
            phrase("no WhatsApp chat (_chat.txt or 'WhatsApp Chat with ….txt') in this archive"),
            path=tree.path,
        )
    for chat in chats:
        member = PurePosixPath(chat)
        title = _title(tree.path if member.name == "_chat.txt" else member.name)
        with tree.open(chat) as stream:
            yield from parse(stream, tree.display(chat), encoding=encoding, title=title)
