"""WebVTT meeting transcripts (``.vtt``), as written by Microsoft Teams and Zoom.

Each cue with text becomes one message, with the speaker and timestamp rules of all
transcripts (see :mod:`sincere.importers._transcript`): the speaker comes from a Teams voice tag
(``<v Alice Chen>…</v>``, one message per voice span when a cue holds several), else from a
Zoom ``Name: text`` prefix, else from the previous cue; timestamps are the cue offsets on
1970-01-01 and ``duration`` the cue's length in seconds. Identifiers, cue settings, ``NOTE``,
``STYLE`` and ``REGION`` blocks and header metadata are ignored.

The input is read line by line and each cue block goes through the ``webvtt-py`` library on its
own, so memory beyond the messages stays bounded by the longest cue and every error names its
line::

    WEBVTT

    1
    00:00:01.000 --> 00:00:04.500
    <v Alice Chen>Right, let's start with the renewal.</v>

    2
    00:00:04.500 --> 00:00:09.200
    Bob Ferreira: Twelve percent? That is well above the budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sincere.errors import ParseError
from sincere.importers._text import decode_head
from sincere.importers._transcript import TranscriptBuilder, check_block_size, read_cue, split_lines
from sincere.model import Conversation
from sincere.phrase import phrase

name = "webvtt"
description = "WebVTT meeting transcript (Teams '<v Name>' voice tags, Zoom 'Name: text' cues)"
extensions = (".vtt",)

_ARROW = "-->"
# A line that starts like a cue time: a block starting so, without "-->", is a broken cue.
_TIME_LIKE = re.compile(r"\s*\d+:\d{1,2}")
_TIMING_HINT = phrase("cue timings look like 00:01:02.500 --> 00:01:04.000")


def _is_header(line: str) -> bool:
    return line == "WEBVTT" or line.startswith(("WEBVTT ", "WEBVTT\t"))


def sniff(head: bytes) -> bool:
    """True when ``head`` starts (after a BOM or blank space) with ``WEBVTT``."""
    text = decode_head(head)
    if text is None:
        return False
    first = text.lstrip().split("\n", 1)[0].rstrip("\r")
    return _is_header(first.rstrip())


@dataclass(slots=True)
class _Block:
    lines: list[tuple[int, str]]

    @property
    def first(self) -> int:
        return self.lines[0][0]

    def texts(self) -> list[str]:
        return [text for _, text in self.lines]


def _blocks(stream: BinaryIO, path: str, encoding: str) -> Iterator[_Block]:
    """The blocks after the ``WEBVTT`` header, split as WebVTT does.

    A block ends at a blank line; a line holding ``-->`` also starts a new block when it cannot
    be the timing line of the current one (so a missing blank line between cues is tolerated).
    """
    lines = split_lines(stream, path, encoding)
    for number, line in lines:
        if not line.strip():
            continue
        if not _is_header(line.strip()):
            raise ParseError(
                phrase("not a WebVTT file: the first line must be 'WEBVTT'"),
                path=path,
                line=number,
                hint=phrase(
                    "name the format with --from NAME if this is another kind of transcript"
                ),
            )
        break
    else:
        raise ParseError(phrase("empty file: no cue found"), path=path)

    in_header = True
    block: list[tuple[int, str]] = []
    for number, line in lines:
        if not line.strip():
            if block and not in_header:
                yield _Block(block)
            block = []
            in_header = False
            continue
        if _ARROW in line and (in_header or len(block) > 1 or (block and _ARROW in block[0][1])):
            if block and not in_header:
                yield _Block(block)
            block = []
            in_header = False
        block.append((number, line))
        check_block_size(block, phrase("a block"), path, number)
    if block and not in_header:
        yield _Block(block)


def _read_cue(block: _Block, path: str) -> tuple[int, int, list[str], int]:
    """``(start_ms, end_ms, text_lines, timing_line)`` of a cue block, read by webvtt-py."""
    timing_at = 0 if _ARROW in block.lines[0][1] else 1
    number, timing = block.lines[timing_at]
    hint = (
        phrase(
            "cue timings look like 00:01:02.500 --> 00:01:04.000 (WebVTT writes a dot before "
            "the milliseconds; a comma is SubRip style)"
        )
        if "," in timing
        else _TIMING_HINT
    )
    start, end, text = read_cue(
        ["WEBVTT", "", *block.texts()], "vtt", timing=timing, path=path, line=number, hint=hint
    )
    return start, end, text, number


def parse(stream: BinaryIO, path: str, *, encoding: str = "utf-8") -> Iterator[Conversation]:
    """Read one conversation from a WebVTT transcript."""
    builder = TranscriptBuilder(path)
    last_text: list[str] | None = None
    pending: tuple[int, int, list[str], int] | None = None
    for block in _blocks(stream, path, encoding):
        first = block.lines[0][1].strip()
        is_cue = any(_ARROW in text for _, text in block.lines[:2])
        if not is_cue:
            if first.startswith("NOTE") and first[4:5] in ("", " ", "\t"):
                continue
            if first in ("STYLE", "REGION") or first.startswith(("REGION ", "REGION\t")):
                continue
            for number, text in block.lines[:2]:
                if _TIME_LIKE.match(text):
                    raise ParseError(
                        phrase("cue timing line without '-->': %(line)s", line=repr(text.strip())),
                        path=path,
                        line=number,
                        hint=_TIMING_HINT,
                    )
            if last_text is not None:
                # Text after a blank line inside a cue: keep it with that cue.
                last_text.extend(block.texts())
                check_block_size(last_text, phrase("a cue"), path, block.first)
            continue
        if pending is not None:
            builder.add_cue(*pending)
        pending = _read_cue(block, path)
        last_text = pending[2]
    if pending is not None:
        builder.add_cue(*pending)
    yield builder.conversation(name)
