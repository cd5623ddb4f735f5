"""The WebVTT importer: Teams voice tags, Zoom 'Name: text' cues, errors and round trips."""

from __future__ import annotations

import html
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sincere.errors import EncodingError, InputError, InputTooLargeError, ParseError
from sincere.importers import registry, webvtt
from sincere.importers._text import MAX_LINE_BYTES
from sincere.importers.webvtt import TRANSCRIPT_EPOCH, Segment, cue_segments
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data" / "webvtt"
SHARED = Path(__file__).parents[3] / "shared" / "exports" / "webvtt"
FIXTURES = sorted(DATA.glob("*.vtt"))


def read(data: bytes, path: str = "talk.vtt", encoding: str = "utf-8") -> Conversation:
    conversations = list(webvtt.parse(io.BytesIO(data), path, encoding=encoding))
    assert len(conversations) == 1
    return conversations[0]


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of the ``*.expected.json`` files beside the fixtures."""
    durations: dict[str, float] = {}
    for message in conversation.messages:
        total = durations.get(message.sender, 0.0) + (message.duration or 0.0)
        durations[message.sender] = round(total, 3)
    assert conversation.started_at is not None and conversation.ended_at is not None
    return {
        "message_count": len(conversation.messages),
        "senders": list(conversation.participant_names()),
        "first_timestamp": conversation.started_at.isoformat(),
        "last_timestamp": conversation.ended_at.isoformat(),
        "duration_by_sender": durations,
        "messages": [[m.sender, m.text] for m in conversation.messages],
    }


def test_webvtt_fixtures_cover_every_variant() -> None:
    names = {path.stem for path in FIXTURES}
    assert {
        "teams_voice_tags",
        "zoom_colon",
        "multi_speaker_cue",
        "missing_voice_end",
        "no_speaker_continuation",
        "bom_crlf",
        "hours",
    } <= names


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_webvtt_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "webvtt"
    assert len(loaded.conversations) == 1
    assert summary(loaded.conversations[0]) == expected


def test_webvtt_message_fields() -> None:
    conversation = read((DATA / "teams_voice_tags.vtt").read_bytes(), "meetings/teams.vtt")
    first = conversation.messages[0]
    assert first.index == 0
    assert first.kind == "text"
    assert first.timestamp == TRANSCRIPT_EPOCH + timedelta(milliseconds=640)
    assert first.duration == pytest.approx(2.48)
    assert [m.index for m in conversation.messages] == list(range(6))
    assert conversation.title == "teams"
    assert conversation.source.path == "meetings/teams.vtt"
    assert conversation.source.format == "webvtt"
    assert conversation.id == read((DATA / "teams_voice_tags.vtt").read_bytes(), "x/teams.vtt").id


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


@pytest.mark.parametrize(
    "head",
    [
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: b\n",
        b"\xef\xbb\xbfWEBVTT\r\n",
        b"  \n\nWEBVTT - Kind: captions\n",
        b"WEBVTT",
    ],
)
def test_webvtt_sniff_accepts_header(head: bytes) -> None:
    assert webvtt.sniff(head)


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"WEBVTTX\n",
        b"1\n00:00:01,000 --> 00:00:02,000\nA: b\n",
        b"[2026-03-12 18:02] Alice: hi\n",
        b"\x00\x01WEBVTT",
        b"webvtt\n",
    ],
)
def test_webvtt_sniff_rejects_other_content(head: bytes) -> None:
    assert not webvtt.sniff(head)


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
    assert [(m.sender, m.text) for m in conversation.messages] == [("Zoé", "well, I think so")]


def test_webvtt_cue_without_text_is_skipped() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:02.000 --> 00:00:03.000\nAl: hi\n"
    conversation = read(data)
    assert [(m.sender, m.text) for m in conversation.messages] == [("Al", "hi")]


def test_webvtt_missing_blank_line_between_cues() -> None:
    data = (
        b"WEBVTT\n00:00:01.000 --> 00:00:02.000\nAl: one\n00:00:02.000 --> 00:00:03.000\nBo: two\n"
    )
    conversation = read(data)
    assert [(m.sender, m.text) for m in conversation.messages] == [("Al", "one"), ("Bo", "two")]


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
    assert [(m.sender, m.text) for m in conversation.messages] == [("Al", "hi")]


def test_webvtt_end_before_start_gives_zero_duration() -> None:
    conversation = read(b"WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nAl: hi\n")
    assert conversation.messages[0].duration == 0


def test_webvtt_lone_cr_line_breaks() -> None:
    conversation = read(b"WEBVTT\r\r00:00:01.000 --> 00:00:02.000\rAl: hi\r")
    assert [(m.sender, m.text) for m in conversation.messages] == [("Al", "hi")]


def test_webvtt_encoding_option() -> None:
    data = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nRené: ça va\n".encode("cp1252")
    conversation = read(data, encoding="cp1252")
    assert [(m.sender, m.text) for m in conversation.messages] == [("René", "ça va")]


# Bad input


def test_webvtt_empty_file_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="empty file") as info:
        read(b"", "empty.vtt")
    assert info.value.path == "empty.vtt"


def test_webvtt_header_only_raises_no_cue_found() -> None:
    with pytest.raises(ParseError, match="no cue found") as info:
        read(b"WEBVTT\n\nNOTE nothing here\n", "bare.vtt")
    assert str(info.value) == "bare.vtt: no cue found"


def test_webvtt_missing_header_names_line() -> None:
    with pytest.raises(ParseError, match="WEBVTT") as info:
        read(b"\n00:00:01.000 --> 00:00:02.000\nAl: hi\n", "noheader.vtt")
    assert (info.value.path, info.value.line) == ("noheader.vtt", 2)


def test_webvtt_binary_junk_raises_input_error() -> None:
    with pytest.raises(EncodingError) as info:
        read(b"WEBVTT\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "junk.vtt")
    assert info.value.path == "junk.vtt"
    assert info.value.line == 2


def test_webvtt_invalid_utf8_names_line() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAl: caf\xe9\n"
    with pytest.raises(EncodingError) as info:
        read(data, "latin.vtt")
    assert (info.value.path, info.value.line) == ("latin.vtt", 4)
    assert str(info.value).startswith("latin.vtt:4: ")


def test_webvtt_broken_timing_names_path_and_line() -> None:
    data = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAl: hi\n\n"
        b"2\n00:00:02,000 --> 00:00:03,000\nBo: hey\n"
    )
    with pytest.raises(ParseError, match="invalid cue timing") as info:
        read(data, "broken.vtt")
    assert (info.value.path, info.value.line) == ("broken.vtt", 7)
    assert info.value.hint is not None and "dot" in info.value.hint


def test_webvtt_timing_without_arrow_names_line() -> None:
    data = b"WEBVTT\n\n1\n00:00:01.000 00:00:02.000\nAl: hi\n"
    with pytest.raises(ParseError, match="-->") as info:
        read(data, "arrowless.vtt")
    assert (info.value.path, info.value.line) == ("arrowless.vtt", 4)


def test_webvtt_out_of_range_minutes_raise_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        read(b"WEBVTT\n\n00:75:01.000 --> 00:76:02.000\nAl: hi\n", "minutes.vtt")
    assert info.value.line == 3


def test_webvtt_huge_hours_raise_parse_error() -> None:
    with pytest.raises(ParseError, match="out of range") as info:
        read(b"WEBVTT\n\n9999999999:00:01.000 --> 9999999999:00:02.000\nAl: hi\n", "big.vtt")
    assert info.value.line == 3


def test_webvtt_overlong_line_raises_input_too_large() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAl: " + b"a" * (MAX_LINE_BYTES + 10)
    with pytest.raises(InputTooLargeError) as info:
        read(data, "long.vtt")
    assert info.value.line == 4


# Property tests

_WORD = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=10)
_SPEAKER = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=40
).filter(lambda text: "-->" not in text and bool(text.split()))
# A cue without a speaker must not look like "Name: text".
_BARE_TEXT = _TEXT.filter(lambda text: ":" not in text)


@st.composite
def _cues(draw: st.DrawFn) -> list[tuple[int, int, str | None, str, str]]:
    """(start_ms, end_ms, speaker or None, text, style) for a few cues in time order."""
    count = draw(st.integers(min_value=1, max_value=8))
    start = draw(st.integers(min_value=0, max_value=999 * 3_600_000))
    cues = []
    for _ in range(count):
        length = draw(st.integers(min_value=0, max_value=60_000))
        speaker = draw(st.none() | _SPEAKER)
        text = draw(_TEXT if speaker else _BARE_TEXT)
        cues.append((start, start + length, speaker, text, draw(st.sampled_from(["v", "colon"]))))
        start += length + draw(st.integers(min_value=0, max_value=5_000))
    return cues


def _vtt_time(milliseconds: int) -> str:
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


@settings(deadline=None)
@given(_cues())
def test_webvtt_round_trip_property(cues: list[tuple[int, int, str | None, str, str]]) -> None:
    blocks = ["WEBVTT"]
    for start, end, speaker, text, style in cues:
        escaped = html.escape(text, quote=False)
        if speaker is None:
            body = escaped
        elif style == "v":
            body = f"<v {speaker}>{escaped}</v>"
        else:
            body = f"{speaker}: {escaped}"
        blocks.append(f"{_vtt_time(start)} --> {_vtt_time(end)}\n{body}")
    conversation = read(("\n\n".join(blocks) + "\n").encode())

    expected = []
    current = "Unknown"
    for start, end, speaker, text, _ in cues:
        current = speaker or current
        at = TRANSCRIPT_EPOCH + timedelta(milliseconds=start)
        expected.append((current, " ".join(text.split()), at, (end - start) / 1000))
    got = [(m.sender, m.text, m.timestamp, m.duration) for m in conversation.messages]
    assert got == expected


_FRAGMENTS = st.sampled_from(
    [
        b"WEBVTT",
        b"\n",
        b"\r\n",
        b"\r",
        b" --> ",
        b"-->",
        b"00:00:01.000",
        b"1:2.3",
        b"99999999999:00:00.000",
        b"NOTE",
        b"STYLE",
        b"REGION",
        b"<v A>",
        b"<v.x>",
        b"</v>",
        b"<",
        b">",
        b"&amp;",
        b"&#x110000;",
        b"A: ",
        b"- ",
        b"1",
        b"\xff",
        b"\xef\xbb\xbf",
        b"\x00",
        b" ",
    ]
)


@settings(deadline=None)
@given(st.binary(max_size=512) | st.lists(_FRAGMENTS, max_size=40).map(b"".join))
def test_webvtt_arbitrary_bytes_raise_only_input_errors(data: bytes) -> None:
    for prefix in (b"", b"WEBVTT\n\n"):
        try:
            webvtt.sniff(prefix + data)
            list(webvtt.parse(io.BytesIO(prefix + data), "fuzz.vtt"))
        except InputError as error:
            assert error.path == "fuzz.vtt"
