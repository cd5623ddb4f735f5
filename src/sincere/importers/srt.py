"""SubRip subtitles (``.srt``) used as transcripts, with ``Name: text`` speakers (Otter, Descript).

A cue is a number, a timing line ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` and one or more lines of
text. Each cue with text becomes one message, with the rules of all transcripts (see
:mod:`sincere.importers._transcript`):

* the speaker is the ``Name:`` prefix of the cue's first line; a line starting with a dialogue
  dash (``- Name: text``) starts another speaker inside the cue;
* a cue without a speaker continues the previous speaker in a new message (``Unknown`` when no
  speaker came before);
* tags (``<i>``, ``<font color="…">``…) are removed, entities such as ``&amp;`` decoded, and
  whitespace folded into single spaces.

Timestamps are offsets from the start of the recording expressed as naive datetimes on
:data:`~sincere.importers._transcript.TRANSCRIPT_EPOCH` (1970-01-01); ``duration`` is the cue's
end minus its start, in seconds.

The reader is lenient where SubRip files often are: a dot instead of a comma before the
milliseconds, a missing cue number, a missing blank line before the next cue, and blank lines
inside a cue's text (kept with that cue). The input is read line by line and each cue's timing
goes through the ``webvtt-py`` library on its own, so every error names its line::

    1
    00:00:01,000 --> 00:00:04,500
    Alice Chen: Right, let's start with the renewal.

    2
    00:00:04,500 --> 00:00:09,200
    Bob Ferreira: Twelve percent? That is well above the budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from sincere.errors import ParseError
from sincere.importers._text import decode_head
from sincere.importers._transcript import TranscriptBuilder, check_block_size, read_cue, split_lines
from sincere.model import Conversation
from sincere.phrase import phrase

name = "srt"
description = "SubRip subtitles used as a transcript, with 'Name: text' speakers (Otter, Descript)"
extensions = (".srt",)

_ARROW = "-->"
_TIME = r"\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}"
_TIMING = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}(?:\s|$)")
_HINT = phrase("SubRip timings look like 00:01:02,500 --> 00:01:04,000")


def _is_number(line: str) -> bool:
    stripped = line.strip()
    return stripped.isascii() and stripped.isdigit()


def sniff(head: bytes) -> bool:
    """True when the first non-blank line is a number and the next one a SubRip timing line."""
    text = decode_head(head)
    if text is None:
        return False
    lines = text.splitlines()[:50]
    for position, line in enumerate(lines):
        if not line.strip():
            continue
        following = lines[position + 1] if position + 1 < len(lines) else ""
        return _is_number(line) and _TIMING.match(following) is not None
    return False


@dataclass(slots=True)
class _Cue:
    line: int
    timing: str
    text: list[str] = field(default_factory=list)


def _offsets(cue: _Cue, path: str) -> tuple[int, int]:
    """The start and end of a cue in milliseconds, read by webvtt-py."""
    # The library reads whole cues; a stand-in text line makes it keep a cue without text.
    lines = ["1", cue.timing.strip(), "."]
    start, end, _ = read_cue(
        lines, "srt", timing=cue.timing, path=path, line=cue.line, hint=_HINT, library_hint=_HINT
    )
    return start, end


def parse(stream: BinaryIO, path: str, *, encoding: str = "utf-8") -> Iterator[Conversation]:
    """Read one conversation from a SubRip file."""
    builder = TranscriptBuilder(path)
    cue: _Cue | None = None
    # A number line waits for the next line: before a timing line it is a cue number, else text.
    held: tuple[int, str] | None = None
    after_blank = True
    saw_content = False

    def finish() -> None:
        if cue is not None:
            start, end = _offsets(cue, path)
            builder.add_cue(start, end, cue.text, cue.line)

    def add_text(number: int, text: str) -> None:
        if cue is None:
            raise ParseError(
                phrase("expected a cue number and a timing line before this text"),
                path=path,
                line=number,
                hint=_HINT,
            )
        cue.text.append(text)
        check_block_size(cue.text, phrase("a cue"), path, number)

    for number, line in split_lines(stream, path, encoding):
        if held is not None:
            held_number, held_text = held
            held = None
            if _ARROW in line:
                finish()
                cue = _Cue(number, line)
                after_blank = False
                continue
            add_text(held_number, held_text)
        if not line.strip():
            after_blank = True
            continue
        saw_content = True
        if _ARROW in line and (after_blank or cue is None):
            finish()
            cue = _Cue(number, line)
        elif _is_number(line):
            held = (number, line)
        else:
            add_text(number, line)
        after_blank = False
    if held is not None:
        add_text(*held)
    finish()
    if not saw_content:
        raise ParseError(phrase("empty file: no cue found"), path=path)
    yield builder.conversation(name)
