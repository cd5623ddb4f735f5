"""The SubRip importer: 'Name: text' speakers, lenient cue layout, errors and round trips."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from _helpers import Cue, TranscriptFormat, fuzz_bytes, pairs, transcript_cues
from hypothesis import given, settings

from sincere.errors import EncodingError, ParseError
from sincere.importers import registry, srt

SRT = TranscriptFormat(srt, ".srt", separator=",")
read = SRT.read

#: File heads and whether the SubRip sniffer claims them: a cue number, then a timing line.
SNIFF_CASES = [
    (b"1\n00:00:01,000 --> 00:00:02,000\nA: b\n", True),
    (b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,000\r\n", True),
    (b"\n\n 12 \n01:02:03.004 --> 01:02:05.000\n", True),
    (b"", False),
    (b"1\n", False),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: b\n", False),
    (b"1\nAlice: hello\n", False),
    (b"2024\n00:00:01 --> 00:00:02\n", False),
    (b"[2026-03-12 18:02] Alice: hi\n", False),
    (b"1\x00\n00:00:01,000 --> 00:00:02,000\n", False),
]


def test_srt_fixtures_cover_every_variant() -> None:
    SRT.assert_covers("otter_colon", "descript_tags_french")


@pytest.mark.parametrize("path", SRT.fixtures, ids=lambda path: path.stem)
def test_srt_fixture_matches_expected(path: Path) -> None:
    SRT.assert_matches_expected(path)


def test_srt_message_fields() -> None:
    conversation = read(SRT.fixture("otter_colon"), "calls/otter.srt")
    SRT.assert_first_message(conversation, offset_ms=800, duration=3.4)
    assert conversation.title == "otter"
    assert conversation.source.format == "srt"
    assert conversation.participant_names() == ("Speaker 1", "Jordan Blake")


def test_srt_stdin_title() -> None:
    assert read(b"1\n00:00:01,000 --> 00:00:02,000\nAl: hi\n", "<stdin>").title == "stdin"


# Sniffing


@pytest.mark.parametrize(("head", "expected"), SNIFF_CASES)
def test_srt_sniff(head: bytes, expected: bool) -> None:
    assert srt.sniff(head) is expected


def test_srt_detected_by_content_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nAl: hi\n")
    assert registry.load_file(path).format == "srt"


# Layout leniency


def test_srt_missing_blank_line_before_next_cue() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nAl: one\n2\n00:00:02,000 --> 00:00:03,000\nBo: two\n"
    assert pairs(read(data)) == [("Al", "one"), ("Bo", "two")]


def test_srt_number_only_text_line_is_text() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nAl: the year was\n1989\n\n2\n"
    data += b"00:00:02,000 --> 00:00:03,000\n42\n"
    assert pairs(read(data)) == [("Al", "the year was 1989"), ("Al", "42")]


def test_srt_arrow_inside_text_is_text() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nAl: step one\nthen --> step two\n"
    assert pairs(read(data)) == [("Al", "step one then --> step two")]


def test_srt_cue_without_text_is_skipped() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\nAl: hi\n"
    assert pairs(read(data)) == [("Al", "hi")]


def test_srt_end_before_start_gives_zero_duration() -> None:
    assert read(b"1\n00:00:05,000 --> 00:00:04,000\nAl: hi\n").messages[0].duration == 0


# Bad input: every error names the file, and the line where there is one.


def test_srt_empty_file_raises_parse_error() -> None:
    SRT.read_error(b"\n\n", "empty.srt", ParseError, "empty file")


def test_srt_only_empty_cues_raise_parse_error() -> None:
    SRT.read_error(
        b"1\n00:00:01,000 --> 00:00:02,000\n\n", "blank.srt", ParseError, "no cue with text"
    )


def test_srt_text_before_any_cue_names_line() -> None:
    assert SRT.read_error(b"\nAlice: hello\n", "notes.srt", ParseError).line == 2


def test_srt_binary_junk_raises_input_error() -> None:
    SRT.read_error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "junk.srt", EncodingError)


def test_srt_invalid_utf8_names_line() -> None:
    data = (
        b"1\n00:00:01,000 --> 00:00:02,000\nAl: hi\n\n2\n00:00:02,000 --> 00:00:03,000\nBo: \xe7a\n"
    )
    assert SRT.read_error(data, "latin.srt", EncodingError).line == 7


@pytest.mark.parametrize(
    "timing",
    [
        b"00:00:02 --> 00:00:03",
        b"00:00:02,000 --> soon",
        b"00:00:02;000 --> 00:00:03;000",
        b"99999999999:00:00,000 --> 99999999999:00:01,000",
    ],
)
def test_srt_broken_timing_names_path_and_line(timing: bytes) -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nAl: hi\n\n2\n" + timing + b"\nBo: hey\n"
    assert SRT.read_error(data, "broken.srt", ParseError, "timing").line == 6


def test_srt_huge_hours_raise_parse_error() -> None:
    data = b"1\n9999999999:00:01,000 --> 9999999999:00:02,000\nAl: hi\n"
    assert SRT.read_error(data, "big.srt", ParseError, "out of range").line == 2


# Property tests


@settings(deadline=None)
@given(transcript_cues())
def test_srt_round_trip_property(cues: list[Cue]) -> None:
    blocks = []
    for number, (start, end, speaker, text, _) in enumerate(cues, start=1):
        escaped = html.escape(text, quote=False)
        body = escaped if speaker is None else f"{speaker}: {escaped}"
        blocks.append(f"{number}\n{SRT.timing(start, end)}\n{body}")
    SRT.assert_round_trip(blocks, cues)


@settings(deadline=None)
@given(
    fuzz_bytes(
        b"00:00:01,000", b"00:00:01.000", b"1:2:3,4", b"99999999999:00:00,000", b"<i>", b"</i>"
    )
)
def test_srt_arbitrary_bytes_raise_only_input_errors(data: bytes) -> None:
    SRT.assert_only_input_errors(data, b"1\n00:00:01,000 --> 00:00:02,000\n")
