"""The SubRip importer: 'Name: text' speakers, lenient cue layout, errors and round trips."""

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

from sincere.errors import EncodingError, InputError, ParseError
from sincere.importers import registry, srt
from sincere.importers.webvtt import TRANSCRIPT_EPOCH
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data" / "srt"
FIXTURES = sorted(DATA.glob("*.srt"))


def read(data: bytes, path: str = "talk.srt") -> Conversation:
    conversations = list(srt.parse(io.BytesIO(data), path))
    assert len(conversations) == 1
    return conversations[0]


def pairs(conversation: Conversation) -> list[tuple[str, str]]:
    return [(m.sender, m.text) for m in conversation.messages]


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


def test_srt_fixtures_cover_every_variant() -> None:
    names = {path.stem for path in FIXTURES}
    assert {
        "otter_colon",
        "descript_tags_french",
        "multi_speaker_cue",
        "no_speaker_continuation",
        "bom_crlf",
        "hours",
    } <= names


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_srt_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "srt"
    assert len(loaded.conversations) == 1
    assert summary(loaded.conversations[0]) == expected


def test_srt_message_fields() -> None:
    conversation = read((DATA / "otter_colon.srt").read_bytes(), "calls/otter.srt")
    first = conversation.messages[0]
    assert first.index == 0
    assert first.kind == "text"
    assert first.timestamp == TRANSCRIPT_EPOCH + timedelta(milliseconds=800)
    assert first.duration == pytest.approx(3.4)
    assert conversation.title == "otter"
    assert conversation.source.format == "srt"
    assert conversation.participant_names() == ("Speaker 1", "Jordan Blake")


def test_srt_stdin_title() -> None:
    assert read(b"1\n00:00:01,000 --> 00:00:02,000\nAl: hi\n", "<stdin>").title == "stdin"


def test_srt_detected_by_content_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nAl: hi\n")
    assert registry.load_file(path).format == "srt"


# Sniffing


@pytest.mark.parametrize(
    "head",
    [
        b"1\n00:00:01,000 --> 00:00:02,000\nA: b\n",
        b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,000\r\n",
        b"\n\n 12 \n01:02:03.004 --> 01:02:05.000\n",
    ],
)
def test_srt_sniff_accepts_cue_start(head: bytes) -> None:
    assert srt.sniff(head)


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"1\n",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: b\n",
        b"1\nAlice: hello\n",
        b"2024\n00:00:01 --> 00:00:02\n",
        b"[2026-03-12 18:02] Alice: hi\n",
        b"1\x00\n00:00:01,000 --> 00:00:02,000\n",
    ],
)
def test_srt_sniff_rejects_other_content(head: bytes) -> None:
    assert not srt.sniff(head)


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


# Bad input


def test_srt_empty_file_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="empty file") as info:
        read(b"\n\n", "empty.srt")
    assert info.value.path == "empty.srt"


def test_srt_only_empty_cues_raise_parse_error() -> None:
    with pytest.raises(ParseError, match="no cue with text"):
        read(b"1\n00:00:01,000 --> 00:00:02,000\n\n", "blank.srt")


def test_srt_text_before_any_cue_names_line() -> None:
    with pytest.raises(ParseError) as info:
        read(b"\nAlice: hello\n", "notes.srt")
    assert (info.value.path, info.value.line) == ("notes.srt", 2)


def test_srt_binary_junk_raises_input_error() -> None:
    with pytest.raises(EncodingError) as info:
        read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "junk.srt")
    assert info.value.path == "junk.srt"


def test_srt_invalid_utf8_names_line() -> None:
    data = (
        b"1\n00:00:01,000 --> 00:00:02,000\nAl: hi\n\n2\n00:00:02,000 --> 00:00:03,000\nBo: \xe7a\n"
    )
    with pytest.raises(EncodingError) as info:
        read(data, "latin.srt")
    assert (info.value.path, info.value.line) == ("latin.srt", 7)


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
    with pytest.raises(ParseError, match="timing") as info:
        read(data, "broken.srt")
    assert (info.value.path, info.value.line) == ("broken.srt", 6)


def test_srt_huge_hours_raise_parse_error() -> None:
    with pytest.raises(ParseError, match="out of range") as info:
        read(b"1\n9999999999:00:01,000 --> 9999999999:00:02,000\nAl: hi\n", "big.srt")
    assert info.value.line == 2


# Property tests

_WORD = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=10)
_SPEAKER = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=40
).filter(lambda text: "-->" not in text and bool(text.split()))
# A cue without a speaker must not look like "Name: text".
_BARE_TEXT = _TEXT.filter(lambda text: ":" not in text)


@st.composite
def _cues(draw: st.DrawFn) -> list[tuple[int, int, str | None, str]]:
    """(start_ms, end_ms, speaker or None, text) for a few cues in time order."""
    count = draw(st.integers(min_value=1, max_value=8))
    start = draw(st.integers(min_value=0, max_value=999 * 3_600_000))
    cues = []
    for _ in range(count):
        length = draw(st.integers(min_value=0, max_value=60_000))
        speaker = draw(st.none() | _SPEAKER)
        cues.append((start, start + length, speaker, draw(_TEXT if speaker else _BARE_TEXT)))
        start += length + draw(st.integers(min_value=0, max_value=5_000))
    return cues


def _srt_time(milliseconds: int) -> str:
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


@settings(deadline=None)
@given(_cues())
def test_srt_round_trip_property(cues: list[tuple[int, int, str | None, str]]) -> None:
    blocks = []
    for number, (start, end, speaker, text) in enumerate(cues, start=1):
        escaped = html.escape(text, quote=False)
        body = escaped if speaker is None else f"{speaker}: {escaped}"
        blocks.append(f"{number}\n{_srt_time(start)} --> {_srt_time(end)}\n{body}")
    conversation = read(("\n\n".join(blocks) + "\n").encode())

    expected = []
    current = "Unknown"
    for start, end, speaker, text in cues:
        current = speaker or current
        at = TRANSCRIPT_EPOCH + timedelta(milliseconds=start)
        expected.append((current, " ".join(text.split()), at, (end - start) / 1000))
    got = [(m.sender, m.text, m.timestamp, m.duration) for m in conversation.messages]
    assert got == expected


_FRAGMENTS = st.sampled_from(
    [
        b"1",
        b"\n",
        b"\r\n",
        b"\r",
        b" --> ",
        b"-->",
        b"00:00:01,000",
        b"00:00:01.000",
        b"1:2:3,4",
        b"99999999999:00:00,000",
        b"<i>",
        b"</i>",
        b"<v A>",
        b"<",
        b">",
        b"&amp;",
        b"&#x110000;",
        b"A: ",
        b"- ",
        b"\xff",
        b"\xef\xbb\xbf",
        b"\x00",
        b" ",
    ]
)


@settings(deadline=None)
@given(st.binary(max_size=512) | st.lists(_FRAGMENTS, max_size=40).map(b"".join))
def test_srt_arbitrary_bytes_raise_only_input_errors(data: bytes) -> None:
    for prefix in (b"", b"1\n00:00:01,000 --> 00:00:02,000\n"):
        try:
            srt.sniff(prefix + data)
            list(srt.parse(io.BytesIO(prefix + data), "fuzz.srt"))
        except InputError as error:
            assert error.path == "fuzz.srt"
