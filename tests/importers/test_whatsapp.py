"""The WhatsApp importer: every locale, system and media lines, zips, streaming, bad input."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import sincere
from sincere.cli import app
from sincere.errors import EncodingError, InputError, InputTooLargeError, ParseError
from sincere.importers import registry, whatsapp
from sincere.model import Conversation, MessageLog

DATA = Path(__file__).parents[1] / "data" / "whatsapp"
FIXTURES = sorted(DATA.glob("*.txt"))
SHARED = Path(__file__).parents[3] / "shared" / "exports"


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of the ``*.expected.json`` files beside the fixtures."""
    started, ended = conversation.started_at, conversation.ended_at
    return {
        "title": conversation.title,
        "message_count": len(conversation.messages),
        "participants": [[p.name, list(p.ids)] for p in conversation.participants],
        "first_timestamp": started.isoformat() if started else None,
        "last_timestamp": ended.isoformat() if ended else None,
        "messages": [
            [m.timestamp.isoformat() if m.timestamp else None, m.sender, m.kind, m.text]
            + ([dict(m.meta)] if m.meta else [])
            for m in conversation.messages
        ],
    }


def parse(data: bytes, path: str = "chat.txt") -> Conversation:
    conversations = list(whatsapp.parse(io.BytesIO(data), path))
    assert len(conversations) == 1
    return conversations[0]


# Fixtures


def test_whatsapp_fixtures_cover_every_variant() -> None:
    assert {path.stem for path in FIXTURES} >= {
        "ios_en_gb_12h",
        "ios_en_us_12h",
        "ios_it",
        "android_fr",
        "android_en_us_12h",
        "android_de",
        "android_es_pm",
        "android_pt_br",
        "android_nl",
        "android_fi_klo",
        "ymd_slashes",
        "day_order_late",
        "system_lines_en",
        "multiline_colons",
        "edited_and_phone",
        "bom_crlf",
    }


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_whatsapp_fixture_matches_expected(path: Path) -> None:
    loaded = registry.load_file(path)
    assert loaded.format == "whatsapp"
    assert len(loaded.conversations) == 1
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert summary(loaded.conversations[0]) == expected


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_whatsapp_sniffs_its_fixtures(path: Path) -> None:
    assert whatsapp.sniff(path.read_bytes()[:65536])


def test_whatsapp_rejects_other_formats_fixtures() -> None:
    others = [
        p
        for p in (DATA.parent).glob("*/*")
        if p.is_file() and p.parent.name != "whatsapp" and not p.name.endswith(".json")
    ]
    assert others
    for path in others:
        assert not whatsapp.sniff(path.read_bytes()[:65536]), path


# Dates and times


def test_whatsapp_day_month_order_is_settled_by_a_late_date() -> None:
    conversation = registry.load_file(DATA / "day_order_late.txt").conversations[0]
    # 01/02 is read as 1 February because 25/02 appears later in the file.
    assert conversation.messages[0].timestamp == datetime(2024, 2, 1, 10, 0)


def test_whatsapp_ambiguous_dates_follow_time_order() -> None:
    # Month first keeps the messages in time order (2 Jan, 1 Mar, 1 Apr); day first would not
    # (1 Feb, then 3 Jan): no day above 12, so the order of the messages decides.
    text = "01/02/24, 10:00 - A: one\n03/01/24, 10:00 - B: two\n04/01/24, 10:00 - A: three\n"
    stamps = [m.timestamp for m in parse(text.encode()).messages]
    assert stamps == [datetime(2024, 1, 2, 10), datetime(2024, 3, 1, 10), datetime(2024, 4, 1, 10)]


def test_whatsapp_uppercase_pm_without_evidence_means_month_first() -> None:
    conversation = parse("[3/4/24, 1:05:00\u202fPM] A: hi\n".encode())
    assert conversation.messages[0].timestamp == datetime(2024, 3, 4, 13, 5)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("3/6/18, 1:55 p.m. - ", datetime(2018, 6, 3, 13, 55)),
        ("[3/6/18 1:55:00 p.\u00a0m.] ", datetime(2018, 6, 3, 13, 55)),
        ("3/6/18, 1:55\u202fPM - ", datetime(2018, 3, 6, 13, 55)),
        ("13.6.2018 klo 21.25.15 - ", datetime(2018, 6, 13, 21, 25, 15)),
        ("13.06.18 21.25.15: ", datetime(2018, 6, 13, 21, 25, 15)),
        ("[2018/06/13, 21:25:15] ", datetime(2018, 6, 13, 21, 25, 15)),
        ("\u200e[13/06/2018, 12:05:00 a. m.] ", datetime(2018, 6, 13, 0, 5)),
        ("13. 6. 2018. 21:25:15 ", datetime(2018, 6, 13, 21, 25, 15)),
        ("2018-06-13, 21:25 - ", datetime(2018, 6, 13, 21, 25)),
    ],
)
def test_whatsapp_reads_header_variants(header: str, expected: datetime) -> None:
    message = parse(f"{header}Ana: hello".encode()).messages[0]
    assert (message.sender, message.text, message.timestamp) == ("Ana", "hello", expected)


def test_whatsapp_reads_every_shared_header_variant_line_alone() -> None:
    path = SHARED / "whatsapp" / "pustur_header_variants_one_per_line.txt"
    if not path.exists():
        pytest.skip("shared exports not available")
    lines = [line for line in path.read_bytes().split(b"\n") if line.strip()]
    assert len(lines) == 16
    for line in lines:
        assert whatsapp.sniff(line), line
        message = parse(line).messages[0]
        assert message.sender == "a"
        assert message.timestamp is not None and message.timestamp.year == 2018


# Kinds of lines


def test_whatsapp_system_and_media_lines_never_count_as_words() -> None:
    conversation = registry.load_file(DATA / "android_fr.txt").conversations[0]
    kinds = [m.kind for m in conversation.messages]
    assert kinds == ["system", "system", "system", "text", "text", "media", "system", "text"]
    assert conversation.participant_names() == ("Camille", "Julien")
    without_media = dataclasses.replace(
        conversation, messages=tuple(m for m in conversation.messages if m.kind != "media")
    )
    words = sincere.analyze(conversation).participant("Camille").signals["words"]
    assert words == sincere.analyze(without_media).participant("Camille").signals["words"] > 0


def test_whatsapp_attachment_names_are_kept_as_metadata() -> None:
    message = parse(b"1/2/24, 9:00 AM - Ana: IMG-20240102-WA0001.jpg (file attached)\n").messages[0]
    assert message.kind == "media"
    assert message.meta["attachments"] == ["IMG-20240102-WA0001.jpg"]


def test_whatsapp_media_with_caption_is_text() -> None:
    data = b"1/2/24, 9:00 AM - Ana: IMG-20240102-WA0001.jpg (file attached)\nLook at this view\n"
    message = parse(data).messages[0]
    assert (message.kind, message.text) == ("text", "Look at this view")
    assert message.meta["attachments"] == ["IMG-20240102-WA0001.jpg"]


def test_whatsapp_ios_notices_from_the_group_name_are_system() -> None:
    data = (
        "[01/02/2024, 10:00:00] Climbing: \u200eMessages and calls are end-to-end encrypted.\n"
        "[01/02/2024, 10:00:01] Climbing: \u200eAna added Ben\n"
        "[01/02/2024, 10:01:00] Ana: Welcome Ben!\n"
    ).encode()
    conversation = parse(data)
    assert [m.kind for m in conversation.messages] == ["system", "system", "text"]
    assert conversation.participant_names() == ("Ana",)


def test_whatsapp_phone_number_senders_get_a_phone_identity() -> None:
    conversation = registry.load_file(DATA / "edited_and_phone.txt").conversations[0]
    assert conversation.participants[0].ids == ("phone:+33612345678",)


def test_whatsapp_me_alias_matches_a_phone_number_sender() -> None:
    conversation = registry.load_file(DATA / "edited_and_phone.txt").conversations[0]
    report = sincere.analyze(conversation, me=["Claire", "06 12 34 56 78"])
    assert [p.name for p in report.participants if p.is_me] == ["+33 6 12 34 56 78"]


# Zip exports


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("member", ["_chat.txt", "WhatsApp Chat with Maya.txt"])
def test_whatsapp_reads_a_zip_export(tmp_path: Path, member: str) -> None:
    chat = (DATA / "ios_en_gb_12h.txt").read_bytes()
    path = tmp_path / "WhatsApp Chat - Maya.zip"
    path.write_bytes(_zip({member: chat, "00000012-PHOTO-2024-11-03-21-48-40.jpg": b"\xff\xd8"}))
    loaded = registry.load_file(path)
    assert loaded.format == "whatsapp"
    (conversation,) = loaded.conversations
    assert conversation.title == "Maya"
    assert len(conversation.messages) == 6
    assert conversation.source.path.endswith(f"!{member}")


def test_whatsapp_zip_with_dotdot_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    path.write_bytes(_zip({"_chat.txt": b"1/2/24, 9:00 AM - Ana: hi\n", "../escape.txt": b"x"}))
    with pytest.raises(InputError, match="outside the archive") as info:
        registry.load_file(path)
    assert info.value.path == str(path)
    assert not (tmp_path.parent / "escape.txt").exists()


def test_whatsapp_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    path.write_bytes(_zip({"_chat.txt": b"1/2/24, 9:00 AM - Ana: hi\n" + b"\n" * (300 << 20)}))
    with pytest.raises(InputTooLargeError, match="zip bomb"):
        registry.load_file(path)


# Streaming


def test_whatsapp_large_files_are_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whatsapp, "STREAM_BYTES", 1000)
    monkeypatch.setattr(whatsapp, "BLOCK_BYTES", 256)  # messages cut across blocks
    lines = [
        f"{day:02d}/03/2024, 10:{minute:02d} - {name}: message {day} {minute} with some words\n"
        f"and a second line"
        for day in range(1, 29)
        for minute, name in enumerate(("Ana", "Ben", "Chloé"))
    ]
    path = tmp_path / "big.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    streamed = registry.load_file(path).conversations[0]
    assert isinstance(streamed.messages, MessageLog)
    monkeypatch.setattr(whatsapp, "STREAM_BYTES", 1 << 40)
    held = registry.load_file(path).conversations[0]
    assert isinstance(held.messages, tuple)
    assert list(streamed.messages) == list(held.messages)
    assert len(streamed.messages) == len(held.messages) == 84
    assert streamed.participants == held.participants
    assert (streamed.started_at, streamed.ended_at) == (held.started_at, held.ended_at)
    assert streamed.messages[5] == held.messages[5]
    assert (
        sincere.analyze(streamed, me="Ana").participants
        == sincere.analyze(held, me="Ana").participants
    )


# Shared exports (real app formats; read from ../shared/exports, skipped when absent)

#: file -> (messages, senders, first timestamp, last timestamp)
SHARED_EXPECTED: dict[str, tuple[int, tuple[str, ...], str, str]] = {
    "chatminer_test_bracket_mmddyy_24hrs.txt": (
        9,
        ("John Doe", "Jahn Doe", "John-John Doe", "John Doe 🤓", "🤓"),
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
    ),
    "chatminer_test_dateformat1.txt": (
        10,
        ("John Doe", "John-John Doe", "Jahn Doe", "+12 345 578"),
        "2019-12-24T11:23:00",
        "2017-07-16T19:13:00",
    ),
    "chatminer_test_dateformat2.txt": (
        4,
        ("John Doe", "John-John Doe", "Jahn Doe"),
        "2019-09-24T23:30:00",
        "2019-12-24T11:30:00",
    ),
    "chatminer_test_dateformat3.txt": (
        4,
        ("John Doe", "John-John Doe", "Jahn Doe"),
        "2022-12-14T13:34:00",
        "2022-12-21T17:02:00",
    ),
    "chatminer_test_dateformat4.txt": (
        4,
        ("John Doe", "John-John Doe", "Jahn Doe"),
        "2022-10-09T23:37:00",
        "2022-10-12T14:37:00",
    ),
    "chatminer_test_dateformat5.txt": (
        4,
        ("John Doe", "John-John Doe", "Jahn Doe"),
        "2021-10-21T15:21:45",
        "2021-10-24T15:21:48",
    ),
    "chatminer_test_dateformat6.txt": (
        4,
        ("John Doe", "John-John Doe", "Jahn Doe"),
        "2021-10-21T15:21:45",
        "2021-10-24T15:21:48",
    ),
    "chatminer_test_ddmmyy_24hrs.txt": (
        9,
        ("John Doe", "Jahn Doe", "John-John Doe", "John Doe 🤓", "🤓"),
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
    ),
    "chatminer_test_mmddyy_24hrs.txt": (
        9,
        ("John Doe", "Jahn Doe", "John-John Doe", "John Doe 🤓", "🤓"),
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
    ),
    "chatminer_test_mmddyyyy_12hrs.txt": (
        9,
        ("John Doe", "Jahn Doe", "John-John Doe", "John Doe 🤓", "🤓"),
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
    ),
    "chatminer_test_unicode.txt": (
        3,
        ("John Doe", "John Doe 🤓", "🤓"),
        "2022-10-09T22:37:00",
        "2022-10-09T22:37:00",
    ),
    "chatminer_test_yyyymmdd_24hrs.txt": (
        9,
        ("John Doe", "Jahn Doe", "John-John Doe", "John Doe 🤓", "🤓"),
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
    ),
    "chatminer_testlog.txt": (
        23,
        ("John Doe", "Jahn Doe", "+12 345 578", "John-John Doe", "John Doe 🤓", "🤓"),
        "2019-12-24T11:23:00",
        "2022-12-24T13:01:00",
    ),
    # One header variant per line (a real export never mixes them): the line without a
    # separator after the time is read as a continuation here, and parses alone (tested above).
    "pustur_header_variants_one_per_line.txt": (
        15,
        ("a",),
        "2018-06-03T13:55:00",
        "2018-06-03T13:55:00",
    ),
    "pustur_short-chat_android.txt": (
        5,
        ("Sample User", "TestBot", "+410123456789"),
        "2017-06-03T00:45:00",
        "2017-09-04T01:50:00",
    ),
    "real_ios_enGB_12h_chat.txt": (
        13,
        ("Alice", "Bob"),
        "2020-11-02T21:47:19",
        "2020-11-02T21:50:40",
    ),
    "real_ios_enGB_12h_chat_v0.txt": (
        12,
        ("Alex", "Sarah"),
        "2020-10-17T13:50:32",
        "2020-10-17T13:52:13",
    ),
    "whatstk_lorem_ios_bracket_head60.txt": (
        60,
        ("Mary", "+1 123 456 789", "Giuseppe", "John"),
        "2020-01-15T02:22:56",
        "2020-02-05T21:01:46",
    ),
    "whatstk_pokemon_android_ddmmyyyy.txt": (
        20,
        (
            "Ash Ketchum",
            "Brock",
            "Misty",
            "Prof. Oak",
            "Jessie & James",
            "Raichu",
            "Meowth",
            "Wobbuffet",
        ),
        "2016-04-15T15:04:00",
        "2016-10-31T12:23:00",
    ),
}


def _shared(name: str) -> Path:
    path = SHARED / "whatsapp" / name
    if not path.exists():
        pytest.skip("shared exports not available")
    return path


def test_whatsapp_shared_expectations_cover_every_shared_export() -> None:
    folder = SHARED / "whatsapp"
    if not folder.exists():
        pytest.skip("shared exports not available")
    assert {p.name for p in folder.glob("*.txt")} == set(SHARED_EXPECTED)


@pytest.mark.parametrize("name", sorted(SHARED_EXPECTED))
def test_whatsapp_reads_shared_export(name: str) -> None:
    count, senders, first, last = SHARED_EXPECTED[name]
    loaded = registry.load_file(_shared(name))
    assert loaded.format == "whatsapp"
    (conversation,) = loaded.conversations
    assert len(conversation.messages) == count
    assert conversation.participant_names() == senders
    assert conversation.started_at is not None and conversation.ended_at is not None
    assert (conversation.started_at.isoformat(), conversation.ended_at.isoformat()) == (first, last)


def test_whatsapp_real_ios_export_marks_attachments_as_media() -> None:
    conversation = registry.load_file(_shared("real_ios_enGB_12h_chat.txt")).conversations[0]
    media = [m for m in conversation.messages if m.kind == "media"]
    assert [m.meta["attachments"] for m in media] == [
        ["00000010-PHOTO-2020-11-02-21-49-51.jpg"],
        ["00000013-AUDIO-2020-11-02-21-50-21.opus"],
    ]


def test_whatsapp_shared_exports_analyze_through_the_cli() -> None:
    folder = SHARED / "whatsapp"
    if not folder.exists():
        pytest.skip("shared exports not available")
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["conversations"]) == len(SHARED_EXPECTED)


# Bad input


def test_whatsapp_text_before_the_first_header_is_an_error() -> None:
    with pytest.raises(ParseError, match="not a WhatsApp message line") as info:
        parse(b"hello\n1/2/24, 9:00 AM - Ana: hi\n", "chat.txt")
    assert (info.value.path, info.value.line) == ("chat.txt", 1)


def test_whatsapp_invalid_utf8_names_the_line() -> None:
    with pytest.raises(EncodingError) as info:
        parse(b"1/2/24, 9:00 AM - Ana: hi\n1/2/24, 9:01 AM - Ben: caf\xe9\n", "chat.txt")
    assert info.value.line == 2
    assert info.value.hint is not None and "--encoding" in info.value.hint


def test_whatsapp_invalid_utf8_reads_with_the_encoding_given() -> None:
    data = b"1/2/24, 9:00 AM - Ana: caf\xe9\n"
    conversation = next(whatsapp.parse(io.BytesIO(data), "chat.txt", encoding="latin-1"))
    assert conversation.messages[0].text == "café"


def test_whatsapp_impossible_date_is_an_error_naming_the_line() -> None:
    with pytest.raises(ParseError, match="invalid date") as info:
        parse(b"31/12/24, 9:00 - Ana: hi\n31/13/24, 9:01 - Ben: hi\n", "chat.txt")
    assert info.value.line == 2


def test_whatsapp_huge_message_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"1/2/24, 9:00 AM - Ana: " + b"a" * (11 << 20) + b"\n")
    with pytest.raises(InputTooLargeError) as info:
        registry.load_file(path, format="whatsapp")
    assert info.value.path == str(path)


def test_whatsapp_bad_input_through_the_cli_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(b"1/2/24, 9:00 AM - Ana: hi\n\x00\x01\x02 binary")
    result = CliRunner().invoke(app, ["analyze", str(path), "--from", "whatsapp"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {path}:2:")
    assert "Traceback" not in result.output


FRAGMENTS = [
    b"[",
    b"]",
    b"12/31/24",
    b"31.12.2024",
    b"2024/12/31",
    b", ",
    b" ",
    b"9:05",
    b"21.05.33",
    b" PM",
    b" p.\xc2\xa0m.",
    b" - ",
    b": ",
    b"Ana",
    b"\n",
    b"\r\n",
    b"\xe2\x80\x8e",
    b"<attached: a.jpg>",
    b"\xff",
    b"\x00",
    b"klo ",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(b"".join))
def test_whatsapp_fuzz_yields_conversations_or_input_errors(data: bytes) -> None:
    for prefix in (b"", b"1/2/24, 9:00 AM - Ana: hi\n"):
        try:
            whatsapp.sniff(prefix + data)
            for conversation in whatsapp.parse(io.BytesIO(prefix + data), "fuzz.txt"):
                assert all(m.sender or m.kind == "system" for m in conversation.messages)
        except InputError as error:
            assert error.path == "fuzz.txt"


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_whatsapp_truncated_export_reads_or_fails_cleanly(cut: int) -> None:
    data = (DATA / "android_fr.txt").read_bytes()
    data = data[: cut % (len(data) + 1)]
    try:
        for conversation in whatsapp.parse(io.BytesIO(data), "cut.txt"):
            assert len(conversation.messages) >= 1
    except InputError as error:
        assert error.path == "cut.txt"


def _header_checklist() -> list[str]:
    path = SHARED / "whatsapp" / "whatstk_header_format_support.json"
    if not path.exists():
        return []
    return [entry["format"] for entry in json.loads(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("layout", _header_checklist() or ["(shared exports absent)"])
def test_whatsapp_reads_every_layout_of_whatstk_checklist(layout: str) -> None:
    """whatstk's list of the header layouts it supports (shared/exports): an export written in
    each, over 40 days, reads back with every timestamp right."""
    if not layout.startswith(("%", "[")):
        pytest.skip("shared exports not available")
    start = datetime(2024, 1, 25, 9, 5, 7)
    stamps = [start + timedelta(days=day, hours=day % 15) for day in range(40)]
    if "%S" not in layout:
        stamps = [stamp.replace(second=0) for stamp in stamps]
    lines = [
        stamp.strftime(layout.replace("%name", "Ana" if n % 2 else "Ben")) + f" message {n}"
        for n, stamp in enumerate(stamps)
    ]
    conversation = parse("\n".join(lines).encode())
    assert [m.timestamp for m in conversation.messages] == stamps
    assert conversation.participant_names() == ("Ben", "Ana")


# The first header's layout, and files that change layout


def _read_with(data: bytes, monkeypatch: pytest.MonkeyPatch, *, layout: bool) -> dict[str, Any]:
    with monkeypatch.context() as patch:
        if not layout:
            patch.setattr(whatsapp, "_layout_header", lambda first: whatsapp._HEADER)
        return summary(parse(data))


def test_whatsapp_file_that_changes_layout_loses_no_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = (
        b"01/02/2021, 08:00 - Ana: hi\n"
        b"01/02/2021, 08:01 - Ben: a line\nand another\n"
        b"[01/02/2021, 08:02:03] Ben: now iOS\n"
        b"01/02/2021, 08:03:04 - Ana: with seconds\n"
        b"1.2.21, 08:04 - Ana: dots\n"
        b"01/02/2021, 08:05 - Ben: back\n"
    )
    read = _read_with(data, monkeypatch, layout=True)
    assert [m[3] for m in read["messages"]] == [
        "hi",
        "a line\nand another",
        "now iOS",
        "with seconds",
        "dots",
        "back",
    ]
    assert read == _read_with(data, monkeypatch, layout=False)


_LAYOUT_LINES = [
    "01/02/2021, 08:00 - Ana: one",
    "1/2/21, 8:00 - Ben: two",
    "[01/02/2021, 08:00:00] Ana: three",
    "\u200e[01/02/2021, 08:00:00] Ben: \u200eimage omitted",
    "01.02.21, 08:00 - Ana: four",
    "2021-02-01 08:00 - Ben: five",
    "01/02/2021, 8:00\u202fPM - Ana: six",
    "01/02/2021, klo 8.00 - Ben: seven",
    "01/02/2021, 08:00 - Ana added Ben",
    "a line of text",
    "",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_LAYOUT_LINES), min_size=1, max_size=30))
def test_whatsapp_layout_header_reads_like_the_open_pattern(lines: list[str]) -> None:
    """Whatever the mix of layouts, reading with the first header's layout gives what the open
    pattern gives (it falls back to it when a header of another layout appears)."""
    data = ("01/02/2021, 08:00 - Ana: start\n" + "\n".join(lines)).encode()
    with pytest.MonkeyPatch.context() as patch:
        assert _read_with(data, patch, layout=True) == _read_with(data, patch, layout=False)


@pytest.mark.parametrize("notice", sorted(whatsapp._OMITTED))
def test_whatsapp_omitted_media_placeholders_read_as_the_media_pattern_reads_them(
    notice: str,
) -> None:
    # The placeholders are recognised without the media pattern; it would read them the same.
    media = whatsapp._MEDIA.match(notice)
    assert media is not None and media[0] == notice
    assert whatsapp._attachment(notice) is None
    expected = (notice, "media", {"omitted": True})
    assert whatsapp._kind(notice) == expected
    assert whatsapp._kind(f" {notice}\n") == expected
    # Written otherwise (another case, a caption after it), the pattern still reads it.
    assert whatsapp._kind(notice.upper())[1] == "media"
    assert whatsapp._kind(f"{notice} look at this") == (
        "look at this",
        "text",
        {"omitted": True},
    )
