"""What the timed transcript importers (WebVTT, SubRip) share: cues in, messages out.

A transcript here is a list of cues, each with a start and an end time and some lines of text.
Each cue with text becomes one message; consecutive cues of the same speaker stay separate
messages (the analysis merges turns itself).

Timestamps: cue times are offsets from the start of the recording, not dates. A message's
``timestamp`` is that offset expressed as a naive datetime on :data:`TRANSCRIPT_EPOCH`
(1970-01-01), so durations and reply delays work as for dated chats, and JSON shows a cue at
4.5 s as ``1970-01-01T00:00:04.500000``. ``duration`` is the cue's end minus its start, in seconds
(0 when the end comes before the start). When a cue holds several speakers, its time is shared
between them in proportion to the length of their text, one after the other.

The speaker of a cue comes from:

* a voice tag, as Teams writes it: ``<v Alice Chen>Right, let's start.</v>``, with or without
  classes (``<v.loud Alice>``) and with or without the closing ``</v>``. Voice spans of several
  speakers in one cue become several messages;
* else a ``Name: text`` prefix on the first line of the cue, as Zoom, Otter and Descript write it.
  A line starting with a dialogue dash (``- Name: text``) starts another speaker inside the cue.
  A name starts with a letter and has at most four words;
* else nobody: the cue continues the previous speaker in a new message, or is said by
  :data:`UNKNOWN_SPEAKER` (``Unknown``) when no speaker came before.

Other tags (``<c>``, ``<i>``, ``<b>``, ``<font color="…">``, timestamp tags…) are removed, entities
such as ``&amp;`` are decoded and runs of whitespace, line breaks included, become one space.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence, Sized
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import BinaryIO

import webvtt as webvtt_py

from sincere.errors import InputTooLargeError, ParseError
from sincere.importers._text import iter_lines
from sincere.model import Conversation, Message, Source, conversation_id, participants_in_order
from sincere.phrase import phrase

#: Transcript timestamps are offsets from the start of the recording, expressed as naive
#: datetimes on this day.
TRANSCRIPT_EPOCH = datetime(1970, 1, 1)

#: The sender of cues said before any named speaker.
UNKNOWN_SPEAKER = "Unknown"

#: The most lines one block (a cue, a comment…) may hold; more means this is not a transcript.
MAX_BLOCK_LINES = 10_000

# Any tag: no "<" or ">" inside, so scanning stays linear even with many stray "<".
_TAG = re.compile(r"<([^<>]*)>")
# The content of a voice start tag: "v", optional ".class" parts, whitespace, then the name.
_VOICE = re.compile(r"v(?:\.[^\s.<>]*)*\s+(?P<name>\S.*?)\s*", re.DOTALL)
_VOICE_END = re.compile(r"/v\s*")
# "Name: text". The name starts with a letter, holds no sentence punctuation and is short (a
# "(Host)" or "(she/her)" suffix fits); the colon is followed by whitespace or the end of the
# line, which rules out times and URLs.
_SPEAKER = re.compile(
    r"(?P<name>[^\W\d_][^:,;!?\"\[\]{}<>\t]{0,39}?)[ \t]*:(?:[ \t]+|$)(?P<text>.*)", re.DOTALL
)
_MAX_NAME_WORDS = 4
_DIALOGUE_DASH = re.compile(r"[-‐–—][ \t]*")


@dataclass(slots=True)
class Segment:
    """What one speaker (or nobody, ``speaker=None``) says inside one cue."""

    speaker: str | None
    text: str


def _match_speaker(line: str) -> tuple[str, str] | None:
    """``(name, text)`` when ``line`` is ``Name: text`` (optionally after a dialogue dash)."""
    dash = _DIALOGUE_DASH.match(line)
    candidate = line[dash.end() :] if dash else line
    match = _SPEAKER.fullmatch(candidate)
    if match is None:
        return None
    speaker = match.group("name").strip()
    if not speaker or len(speaker.split()) > _MAX_NAME_WORDS:
        return None
    return speaker, match.group("text")


def _fold(text: str) -> str:
    """Fold runs of whitespace, line breaks included, into single spaces."""
    return " ".join(text.split())


# What one speaker (None: the previous one) says, as pieces of text to join with spaces.
_Piece = tuple[str | None, list[str]]


def _split_unvoiced(text: str, *, at_cue_start: bool) -> list[_Piece]:
    """Cut text outside voice spans at ``Name:`` prefixes, the first line's or dashed lines'."""
    pieces: list[_Piece] = [(None, [])]
    for number, raw_line in enumerate(text.split("\n")):
        line = html.unescape(raw_line)
        found = None
        if (number == 0 and at_cue_start) or _DIALOGUE_DASH.match(line.lstrip()):
            found = _match_speaker(line.strip())
        if found is None:
            pieces[-1][1].append(line)
        else:
            pieces.append((found[0], [found[1]]))
    return pieces


def cue_segments(lines: Sequence[str]) -> list[Segment]:
    """Split the text lines of one cue into what each speaker says, tags removed.

    ``Segment.speaker`` is ``None`` for text that continues the previous speaker. A named segment
    with empty text still tells who speaks next.
    """
    text = "\n".join(lines)
    voiced = False
    # Raw text between tags, by voice span: None outside any span.
    spans: list[_Piece] = [(None, [])]
    position = 0
    for tag in _TAG.finditer(text):
        spans[-1][1].append(text[position : tag.start()])
        position = tag.end()
        content = tag.group(1)
        voice = _VOICE.fullmatch(content)
        if voice is not None:
            voiced = True
            spans.append((html.unescape(voice.group("name")).strip(), []))
        elif _VOICE_END.fullmatch(content):
            spans.append((None, []))
    spans[-1][1].append(text[position:])

    merged: list[_Piece] = []
    for index, (speaker, parts) in enumerate(spans):
        joined = "".join(parts)
        if speaker is None:
            # A "Name:" prefix counts on the first line only when the cue has no voice tag.
            found = _split_unvoiced(joined, at_cue_start=index == 0 and not voiced)
        else:
            found = [(speaker, [html.unescape(joined)])]
        for piece in found:
            if merged and piece[0] in (None, merged[-1][0]):
                # Unvoiced text after a voice span, lines after "Name: text", or the same voice
                # again: still the same speaker.
                merged[-1][1].extend(piece[1])
            else:
                merged.append(piece)
    segments = []
    for speaker, parts in merged:
        cleaned = _fold(" ".join(parts))
        if cleaned or speaker is not None:
            segments.append(Segment(speaker, cleaned))
    return segments


class TranscriptBuilder:
    """Turns timed cues into messages: speakers carried over, durations, offsets as datetimes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.messages: list[Message] = []
        self.cues = 0
        self._speaker: str | None = None

    def _at(self, milliseconds: int, line: int) -> datetime:
        try:
            return TRANSCRIPT_EPOCH + timedelta(milliseconds=milliseconds)
        except OverflowError:
            raise ParseError(
                phrase("cue time is out of range"), path=self.path, line=line
            ) from None

    def add_cue(self, start_ms: int, end_ms: int, lines: Sequence[str], line: int) -> None:
        """Add the messages of one cue, from its text ``lines``. ``line`` is its timing line."""
        self.cues += 1
        spoken: list[tuple[str, str]] = []
        for segment in cue_segments(lines):
            if segment.speaker is not None:
                self._speaker = segment.speaker
            if segment.text:
                spoken.append((self._speaker or UNKNOWN_SPEAKER, segment.text))
        if not spoken:
            return
        self._at(max(start_ms, end_ms), line)  # a time too large fails here, before any message
        total_ms = max(0, end_ms - start_ms)
        weight = sum(len(text) for _, text in spoken)
        done = 0
        begin = start_ms
        for sender, text in spoken:
            done += len(text)
            end = start_ms + total_ms * done // weight
            self.messages.append(
                Message(
                    index=len(self.messages),
                    sender=sender,
                    text=text,
                    timestamp=self._at(begin, line),
                    duration=(end - begin) / 1000,
                )
            )
            begin = end

    def conversation(self, source_format: str) -> Conversation:
        """The conversation read so far; a :class:`ParseError` when it holds no message."""
        if not self.messages:
            what = phrase("no cue with text found") if self.cues else phrase("no cue found")
            raise ParseError(what, path=self.path)
        found = tuple(self.messages)
        title = PurePath(self.path).stem if self.path != "<stdin>" else "stdin"
        return Conversation(
            id=conversation_id(source_format, title, found),
            title=title,
            source=Source(self.path, source_format),
            messages=found,
            participants=participants_in_order(found),
        )


def split_lines(stream: BinaryIO, path: str, encoding: str) -> Iterator[tuple[int, str]]:
    """:func:`iter_lines`, also cutting at a lone CR (a line break in WebVTT and SubRip)."""
    for number, line in iter_lines(stream, path, encoding=encoding):
        if "\r" in line:
            for part in line.split("\r"):
                yield number, part
        else:
            yield number, line


def check_block_size(lines: Sized, what: str, path: str, line: int) -> None:
    """Fail when ``lines`` of a ``what`` (a cue, a block…) number more than :data:`MAX_BLOCK_LINES`.

    ``what`` is a phrase (``phrase("a cue")``); ``line`` is the line to name in the error, the
    one that went over.
    """
    if len(lines) > MAX_BLOCK_LINES:
        raise InputTooLargeError(
            phrase(
                "%(what)s of more than %(limit)s lines; this does not look like a transcript",
                what=what,
                limit=MAX_BLOCK_LINES,
            ),
            path=path,
            line=line,
        )


def read_cue(
    lines: Sequence[str],
    caption_format: str,
    *,
    timing: str,
    path: str,
    line: int,
    hint: str,
    library_hint: str | None = None,
) -> tuple[int, int, list[str]]:
    """``(start_ms, end_ms, text_lines)`` of the one cue in ``lines``, read by webvtt-py.

    ``caption_format`` is the library's name for the format (``vtt``, ``srt``). Errors name
    ``line``, the cue's timing line ``timing``: those the library raises carry ``library_hint``,
    and a timing it does not read as exactly one cue carries ``hint``.
    """
    try:
        captions = webvtt_py.from_buffer(lines, format=caption_format).captions
    except Exception as exc:  # webvtt-py raises several types; none may escape as is
        raise ParseError(
            phrase("invalid cue: %(detail)s", detail=str(exc)),
            path=path,
            line=line,
            hint=library_hint,
        ) from None
    if len(captions) != 1:
        raise ParseError(
            phrase("invalid cue timing line %(timing)s", timing=repr(timing.strip())),
            path=path,
            line=line,
            hint=hint,
        )
    start, end = caption_offsets(captions[0])
    return start, end, list(captions[0].lines)


def caption_offsets(caption: webvtt_py.Caption) -> tuple[int, int]:
    """The start and end of a webvtt-py caption, in milliseconds."""

    def milliseconds(hours: int, minutes: int, seconds: int, millis: int) -> int:
        return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis

    return (
        milliseconds(*caption.start_time.to_tuple()),
        milliseconds(*caption.end_time.to_tuple()),
    )
