"""The WebVTT importer: Teams voice tags, Zoom 'Name: text' cues, errors and round trips."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from _helpers import Cue, TranscriptFormat, fuzz_bytes, pairs, transcript_cues
from hypothesis import given, settings

from sincere.errors import EncodingError, InputTooLargeError, ParseError
from sincere.importers import registry, webvtt
from sincere.importers._text import MAX_LINE_BYTES
from sincere.importers._transcript import Segment, cue_segments

VTT = TranscriptFormat(webvtt, ".vtt", separator=".")

#: File heads and whether the WebVTT sniffer claims them: a "WEBVTT" header first.
SNIFF_CASES = [
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: b\n", True),
    (b"\xef\xbb\xbfWEBVTT\r\n", True),
    (b"  \n\nWEBVTT - Kind: captions\n", True),
    (b"WEBVTT", True),
    (b"", False),
    (b"WEBVTTX\n", False),
    (b"1\n00:00:01,000 --> 00:00:02,000\nA: b\n", False),
    (b"[2026-03-12 18:02] Alice: hi\n", False),
    (b"\x00\x01WEBVTT", False),
    (b"webvtt\n", False),
]

SHARED = Path(__file__).parents[3] / "shared" / "exports" / "webvtt"
read = VTT.read


def test_webvtt_fixtures_cover_every_variant() -> None:
    VTT.assert_covers("teams_voice_tags", "zoom_colon", "missing_voice_end")


@pytest.mark.parametrize("path", VTT.fixtures, ids=lambda path: path.stem)
def test_webvtt_fixture_matches_expected(path: Path) -> None:
    VTT.assert_matches_expected(path)


def test_webvtt_message_fields() -> None:
    conversation = read(VTT.fixture("teams_voice_tags"), "meetings/teams.vtt")
    assert [m.index for m in conversation.messages] == list(range(6))
    VTT.assert_first_message(conversation, offset_ms=640, duration=2.48)
    assert conversation.title == "teams"
    assert conversation.source.path == "meetings/teams.vtt"
    assert conversation.source.format == "webvtt"
    assert conversation.id == read(VTT.fixture("teams_voice_tags"), "x/teams.vtt").id


def test_webvtt_timestamp_iso_is_offset_on_epoch_day() -> None:
    conversation = read(b"WEBVTT\n\n00:00:04.500 --> 00:00:05.000\nAda: hi\n")
    timestamp = conversation.messages[0].timestamp
    assert timestamp is not None
    assert timestamp.isoformat(timespec="microseconds") == "1970-01-01T00:00:04.500000"


def test_webvtt_stdin_title() -> None:
    assert read(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAda: hi\n", "<stdin>").title == "stdin"


SHARED_EXPECTED = {
    "teams_style_voice_tags.vtt": (4, ["Alice Chen", "Bob Ferreira"]),
    "zoom_style_name_colon.vtt": (4, ["Ada Rowan", "Ben Ortiz", "Instructor Vale", "Guest Nova"]),
}


@pytest.mark.parametrize("filename", sorted(SHARED_EXPECTED))
def test_webvtt_shared_exports_load(filename: str) -> None:
    path = SHARED / filename
    if not path.is_file():
        pytest.skip(f"shared sample {path} is not available")
    count, senders = SHARED_EXPECTED[filename]
    loaded = registry.load_file(path)
    assert loaded.format == "webvtt"
    (conversation,) = loaded.conversations
    assert len(conversation.messages) == count
    assert list(conversation.participant_names()) == senders
    assert all(m.timestamp is not None and m.duration for m in conversation.messages)


# Sniffing


@pytest.mark.parametrize(("head", "expected"), SNIFF_CASES)
def test_webvtt_sniff(head: bytes, expected: bool) -> None:
    assert webvtt.sniff(head) is expected


# Speakers and text


def test_webvtt_cue_segments_voice_spans_and_tags() -> None:
    lines = ["<v.first.loud Esme Lee>Hi <b>there</b> &amp; <c.x>welcome</c></v>", "<v Tom>Thanks"]
    assert cue_segments(lines) == [
        Segment("Esme Lee", "Hi there & welcome"),
        Segment("Tom", "Thanks"),
    ]


def test_webvtt_cue_segments_text_after_voice_end_stays_with_speaker() -> None:
    assert cue_segments(["<v Ana>Yes</v> indeed"]) == [Segment("Ana", "Yes indeed")]


def test_webvtt_cue_segments_same_voice_twice_is_one_segment() -> None:
    assert cue_segments(["<v Ana>Yes.</v> <v Ana>Sure.</v>"]) == [Segment("Ana", "Yes. Sure.")]


def test_webvtt_cue_segments_entity_decoded_once() -> None:
    assert cue_segments(["Ada: a &amp;lt; b"]) == [Segment("Ada", "a &lt; b")]
    assert cue_segments(["<v Ada>a &amp;lt; b"]) == [Segment("Ada", "a &lt; b")]


def test_webvtt_cue_segments_dialogue_dashes() -> None:
    assert cue_segments(["- Ana: Coming?", "- Ben: Yes."]) == [
        Segment("Ana", "Coming?"),
        Segment("Ben", "Yes."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "10:30 works for me",
        "see https://example.org for details",
        "and the reason is really simple: money",
        "Well, honestly: no",
        "ratio 3:1 is fine",
    ],
)
def test_webvtt_cue_segments_colon_in_text_is_not_a_speaker(line: str) -> None:
    assert cue_segments([line]) == [Segment(None, line)]


def test_webvtt_name_only_line_sets_speaker_for_next_line() -> None:
    conversation = read(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nZo\xc3\xa9:\nwell, I think so\n")
    assert pairs(conversation) == [("Zoé", "well, I think so")]


def test_webvtt_cue_without_text_is_skipped() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:02.000 --> 00:00:03.000\nAl: hi\n"
    conversation = read(data)
    assert pairs(conversation) == [("Al", "hi")]


def test_webvtt_missing_blank_line_between_cues() -> None:
    data = (
        b"WEBVTT\n00:00:01.000 --> 00:00:02.000\nAl: one\n00:00:02.000 --> 00:00:03.000\nBo: two\n"
    )
    conversation = read(data)
    assert pairs(conversation) == [("Al", "one"), ("Bo", "two")]


def test_webvtt_text_after_blank_line_stays_with_cue() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAl: one\n\nand more\n"
    assert read(data).messages[0].text == "one and more"


def test_webvtt_header_metadata_notes_styles_regions_ignored() -> None:
    data = (
        b"WEBVTT Kind: captions\nLanguage: en\n\nREGION\nid:fred width:40%\n\n"
        b"STYLE\n::cue { color: red }\n\nNOTE a note\nover two lines\n\n"
        b"00:00:01.000 --> 00:00:02.000 align:start\nAl: hi\n"
    )
    conversation = read(data)
    assert pairs(conversation) == [("Al", "hi")]


def test_webvtt_end_before_start_gives_zero_duration() -> None:
    conversation = read(b"WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nAl: hi\n")
    assert conversation.messages[0].duration == 0


def test_webvtt_lone_cr_line_breaks() -> None:
    conversation = read(b"WEBVTT\r\r00:00:01.000 --> 00:00:02.000\rAl: hi\r")
    assert pairs(conversation) == [("Al", "hi")]


def test_webvtt_encoding_option() -> None:
    data = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nRené: ça va\n".encode("cp1252")
    conversation = read(data, encoding="cp1252")
    assert pairs(conversation) == [("René", "ça va")]


# Bad input: every error names the file, and the line where there is one.


def test_webvtt_empty_file_raises_parse_error() -> None:
    VTT.read_error(b"", "empty.vtt", ParseError, "empty file")


def test_webvtt_header_only_raises_no_cue_found() -> None:
    error = VTT.read_error(b"WEBVTT\n\nNOTE nothing here\n", "bare.vtt", ParseError, "no cue found")
    assert str(error) == "bare.vtt: no cue found"


def test_webvtt_missing_header_names_line() -> None:
    data = b"\n00:00:01.000 --> 00:00:02.000\nAl: hi\n"
    assert VTT.read_error(data, "noheader.vtt", ParseError, "WEBVTT").line == 2


def test_webvtt_binary_junk_raises_input_error() -> None:
    data = b"WEBVTT\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert VTT.read_error(data, "junk.vtt", EncodingError).line == 2


def test_webvtt_invalid_utf8_names_line() -> None:
    error = VTT.read_error(
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAl: caf\xe9\n", "latin.vtt", EncodingError
    )
    assert error.line == 4
    assert str(error).startswith("latin.vtt:4: ")


def test_webvtt_broken_timing_names_path_and_line() -> None:
    data = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAl: hi\n\n"
        b"2\n00:00:02,000 --> 00:00:03,000\nBo: hey\n"
    )
    error = VTT.read_error(data, "broken.vtt", ParseError, "invalid cue timing")
    assert error.line == 7
    assert error.hint is not None and "dot" in error.hint


def test_webvtt_out_of_range_minutes_raise_parse_error() -> None:
    data = b"WEBVTT\n\n00:75:01.000 --> 00:76:02.000\nAl: hi\n"
    assert VTT.read_error(data, "minutes.vtt", ParseError).line == 3


def test_webvtt_huge_hours_raise_parse_error() -> None:
    data = b"WEBVTT\n\n9999999999:00:01.000 --> 9999999999:00:02.000\nAl: hi\n"
    assert VTT.read_error(data, "big.vtt", ParseError, "out of range").line == 3


def test_webvtt_timing_without_arrow_names_line() -> None:
    data = b"WEBVTT\n\n1\n00:00:01.000 00:00:02.000\nAl: hi\n"
    assert VTT.read_error(data, "arrowless.vtt", ParseError, "-->").line == 4


def test_webvtt_overlong_line_raises_input_too_large() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAl: " + b"a" * (MAX_LINE_BYTES + 10)
    assert VTT.read_error(data, "long.vtt", InputTooLargeError).line == 4


# Property tests


@settings(deadline=None)
@given(transcript_cues(styles=("v", "colon")))
def test_webvtt_round_trip_property(cues: list[Cue]) -> None:
    blocks = ["WEBVTT"]
    for start, end, speaker, text, style in cues:
        escaped = html.escape(text, quote=False)
        if speaker is None:
            body = escaped
        elif style == "v":
            body = f"<v {speaker}>{escaped}</v>"
        else:
            body = f"{speaker}: {escaped}"
        blocks.append(f"{VTT.timing(start, end)}\n{body}")
    VTT.assert_round_trip(blocks, cues)


_FRAGMENTS = (
    b"WEBVTT",
    b"00:00:01.000",
    b"1:2.3",
    b"99999999999:00:00.000",
    b"NOTE",
    b"STYLE",
    b"REGION",
    b"<v.x>",
    b"</v>",
)


@settings(deadline=None)
@given(fuzz_bytes(*_FRAGMENTS))
def test_webvtt_arbitrary_bytes_raise_only_input_errors(data: bytes) -> None:
    VTT.assert_only_input_errors(data, b"WEBVTT\n\n")
