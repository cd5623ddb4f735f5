"""The plain transcript importer: fixtures, round trips, fuzzing and bad input."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sincere
from sincere.importers import plain
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data" / "plain"
FIXTURES = sorted(DATA.glob("*.txt"))


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of the ``*.expected.json`` files beside the fixtures."""
    started, ended = conversation.started_at, conversation.ended_at
    return {
        "message_count": len(conversation.messages),
        "senders": list(conversation.participant_names()),
        "first_timestamp": started.isoformat() if started else None,
        "last_timestamp": ended.isoformat() if ended else None,
        "messages": [[m.sender, m.text] for m in conversation.messages],
    }


def parse(data: bytes, path: str = "chat.txt") -> Conversation:
    conversations = list(plain.parse(io.BytesIO(data), path))
    assert len(conversations) == 1
    return conversations[0]


def write(tmp_path: Path, data: bytes, name: str = "chat.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# Fixtures


def test_plain_fixtures_cover_every_variant() -> None:
    assert {path.stem for path in FIXTURES} >= {
        "no_timestamps",
        "minutes",
        "seconds",
        "continuation",
        "comments_blank",
        "bom",
        "crlf",
        "names",
        "french",
        "url_continuation",
        "time_continuation",
    }
    assert all(path.with_suffix(".expected.json").is_file() for path in FIXTURES)


def test_plain_fixtures_hold_the_raw_variants() -> None:
    """The BOM and CRLF fixtures really contain what they are named after."""
    assert (DATA / "bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    crlf = (DATA / "crlf.txt").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 0


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_plain_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    (conversation,) = sincere.load(path)
    assert conversation.source.format == "plain"
    assert conversation.source.path == str(path)
    assert conversation.title == path.stem
    assert [m.index for m in conversation.messages] == list(range(len(conversation.messages)))
    assert summary(conversation) == expected


def test_plain_stdin_title() -> None:
    assert parse(b"Ada: hi\n", "<stdin>").title == "stdin"


def test_plain_same_content_same_id() -> None:
    data = (DATA / "minutes.txt").read_bytes()
    assert parse(data, "a/minutes.txt").id == parse(data, "b/minutes.txt").id
    assert parse(data, "a/minutes.txt").id != parse(data + b"Alice: one more\n", "minutes.txt").id


def test_plain_sniffs_name_lines_but_not_prose() -> None:
    assert plain.sniff(b"# comment\n\nAlice: hi\n")
    assert plain.sniff(b"[2025-01-01 10:00] Alice: hi\n")
    assert plain.sniff(b"\xef\xbb\xbfAlice: hi\r\n")
    assert not plain.sniff(b"Dear Alice,\nhow are you?\n")
    assert not plain.sniff(b"\x00\x01\x02")
    assert not plain.sniff(b"")


# Round trips (Hypothesis)

_LETTER = st.characters(categories=["L"])
NAMES = st.builds(
    lambda first, rest: (first + rest).rstrip(),
    _LETTER,
    st.text(alphabet=st.one_of(_LETTER, st.just(" ")), max_size=30),
)
# Printable characters only (str.isprintable), so no line break of any kind.
TEXTS = st.text(
    alphabet=st.characters(
        exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"),
        include_characters=" ",
    ),
    max_size=80,
).map(str.strip)
STAMPS = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda value: value.replace(microsecond=0)
)


@st.composite
def conversations(draw: st.DrawFn, *, stamped: bool) -> list[tuple[str, str, datetime | None]]:
    names = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    count = draw(st.integers(min_value=1, max_value=12))
    messages = []
    for _ in range(count):
        stamp = None
        if stamped:
            stamp = draw(STAMPS)
            if draw(st.booleans()):
                stamp = stamp.replace(second=0)
        messages.append((draw(st.sampled_from(names)), draw(TEXTS), stamp))
    return messages


def render(messages: list[tuple[str, str, datetime | None]]) -> bytes:
    lines = []
    for sender, text, stamp in messages:
        prefix = ""
        if stamp is not None:
            fmt = "%Y-%m-%d %H:%M" if stamp.second == 0 else "%Y-%m-%d %H:%M:%S"
            prefix = f"[{stamp.strftime(fmt)}] "
        lines.append(f"{prefix}{sender}: {text}\n")
    return "".join(lines).encode("utf-8")


@pytest.mark.parametrize("stamped", [False, True], ids=["no_timestamps", "timestamps"])
def test_plain_generated_conversations_round_trip(stamped: bool) -> None:
    @settings(max_examples=150, deadline=None)
    @given(conversations(stamped=stamped))
    def check(messages: list[tuple[str, str, datetime | None]]) -> None:
        conversation = parse(render(messages))
        assert [(m.sender, m.text, m.timestamp) for m in conversation.messages] == messages
        assert list(conversation.participant_names()) == list(dict.fromkeys(m[0] for m in messages))

    check()


_VALID_STARTS = st.sampled_from(
    [
        b"",
        b"Alice: hi\n",
        b"[2025-01-01 10:00] Alice: hi\n",
        b"WEBVTT\n\n",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n",
        b"1\n00:00:01,000 --> 00:00:02,000\n",
        b"\xef\xbb\xbf",
    ]
)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=300, deadline=None)
@given(
    start=_VALID_STARTS,
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".txt", ".vtt", ".srt", ".bin", ""]),
)
def test_plain_arbitrary_bytes_raise_only_input_errors(
    fuzz_dir: Path, start: bytes, data: bytes, suffix: str
) -> None:
    path = fuzz_dir / f"fuzz{suffix}"
    path.write_bytes(start + data)
    try:
        conversations = sincere.load(path)
    except sincere.InputError as error:
        assert str(path) in str(error)
    else:
        assert all(isinstance(c, sincere.Conversation) for c in conversations)


# Bad input through the library


def test_plain_empty_file_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, b"")
    with pytest.raises(sincere.InputError, match="empty file") as caught:
        sincere.load(path)
    assert caught.value.path == str(path)


def test_plain_only_comments_and_blank_lines_is_a_parse_error(tmp_path: Path) -> None:
    path = write(tmp_path, b"# just a note\n\n   \n# another one\n")
    with pytest.raises(sincere.ParseError, match="no message") as caught:
        sincere.load(path)
    assert caught.value.path == str(path)


def test_plain_first_line_without_name_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"# header\n\nhello there, no speaker here\nAlice: hi\n")
    with pytest.raises(sincere.ParseError, match="Name: text") as caught:
        sincere.load(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")
    assert caught.value.hint


def test_plain_timestamp_without_name_is_a_parse_error() -> None:
    with pytest.raises(sincere.ParseError, match="timestamp without") as caught:
        parse(b"[2025-01-01 10:00] just text, no colon\n")
    assert caught.value.line == 1


def test_plain_invalid_date_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"[2025-01-01 09:00] Alice: hi\n[2025-13-45 10:00] Bob: hello\n")
    with pytest.raises(sincere.ParseError, match=r"2025-13-45 10:00") as caught:
        sincere.load(path)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{path}:2: ")


def test_plain_invalid_utf8_names_line_three(tmp_path: Path) -> None:
    path = write(tmp_path, "Alice: hi\nBob: ça va ?\n".encode() + b"Alice: caf\xe9\n")
    with pytest.raises(sincere.EncodingError) as caught:
        sincere.load(path)
    assert caught.value.line == 3
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}:3: ")
    assert caught.value.hint and "--encoding" in caught.value.hint


def test_plain_other_encoding_reads_latin1(tmp_path: Path) -> None:
    path = write(tmp_path, "Alice: hi\nBob: café\n".encode("latin-1"))
    (conversation,) = sincere.load(path, encoding="latin-1")
    assert conversation.messages[1].text == "café"


def test_plain_nul_bytes_are_an_encoding_error(tmp_path: Path) -> None:
    path = write(tmp_path, b"Alice: hi\nBob: \x00\x00\x00\n")
    with pytest.raises(sincere.EncodingError, match="NUL") as caught:
        sincere.load(path)
    assert caught.value.line == 2


def test_plain_huge_single_line_is_too_large(huge_line_file: Path) -> None:
    path = huge_line_file
    assert path.stat().st_size > 50 * 1024 * 1024
    with pytest.raises(sincere.InputTooLargeError) as caught:
        sincere.load(path)
    assert caught.value.line == 1
    assert caught.value.path == str(path)
    assert caught.value.status == 413


def test_plain_unknown_format_lists_valid_names(tmp_path: Path) -> None:
    path = write(tmp_path, b"Alice: hi\n")
    with pytest.raises(sincere.UnknownFormatError) as caught:
        sincere.load(path, format="nope")
    message = str(caught.value)
    assert "'nope'" in message
    for name in sincere.format_names():
        assert name in message
    assert {"plain", "webvtt", "srt"} <= set(sincere.format_names())


def test_plain_forced_format_reads_an_unknown_extension(tmp_path: Path) -> None:
    path = write(tmp_path, b"Alice: hi\nBob: hello\n", name="chat.dat")
    (conversation,) = sincere.load(path, format="plain")
    assert list(conversation.participant_names()) == ["Alice", "Bob"]


@pytest.mark.parametrize(
    ("encoding", "option"),
    [("utf-16", "utf-8"), ("utf-32", "utf-8"), ("utf-16-le", "utf-16-le")],
)
def test_plain_reads_wide_unicode_encodings(tmp_path: Path, encoding: str, option: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Alice: héllo\r\nBob: ça va ?\n".encode(encoding))
    (conversation,) = sincere.load(path, encoding=option)
    assert [(m.sender, m.text) for m in conversation.messages] == [
        ("Alice", "héllo"),
        ("Bob", "ça va ?"),
    ]


@pytest.mark.parametrize(
    "line",
    ["mailto:priya@example.com", "and the calendar link, grab any slot:", "https://x.y/z"],
)
def test_plain_colon_lines_inside_a_message_continue_it(tmp_path: Path, line: str) -> None:
    path = tmp_path / "colon.txt"
    path.write_text(f"Priya: send it to\n{line}\nBob: ok\n", encoding="utf-8")
    (conversation,) = sincere.load(path)
    assert [m.sender for m in conversation.messages] == ["Priya", "Bob"]
    assert conversation.messages[0].text == f"send it to\n{line}"
