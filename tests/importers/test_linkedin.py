"""The LinkedIn messages.csv importer: fixtures, shared export, sniffing, fuzzing, CLI."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sincere.cli import app
from sincere.errors import EncodingError, InputError, InputTooLargeError, ParseError
from sincere.importers import linkedin, registry
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data"
HERE = DATA / "linkedin"
SHARED = Path(__file__).parents[3] / "shared" / "exports"
FIXTURES = sorted(HERE.glob("*.csv"))
OLD_HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER"
)
NEW_HEADER = OLD_HEADER + ",ATTACHMENTS,IS MESSAGE DRAFT,IS CONVERSATION DRAFT"
IN = "https://www.linkedin.com/in/"
HEADER_ONLY_CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of one conversation in the ``*.expected.json`` files."""
    started, ended = conversation.started_at, conversation.ended_at
    return {
        "title": conversation.title,
        "senders": list(conversation.participant_names()),
        "is_me": [p.name for p in conversation.participants if p.is_me],
        "ids": {p.name: list(p.ids) for p in conversation.participants},
        "message_count": len(conversation.messages),
        "first_timestamp": started.isoformat() if started else None,
        "last_timestamp": ended.isoformat() if ended else None,
        "messages": [[m.sender, m.kind, m.text] for m in conversation.messages],
        "meta": [[m.index, dict(m.meta)] for m in conversation.messages if m.meta],
    }


def read(data: bytes | str, path: str = "messages.csv") -> list[Conversation]:
    raw = data.encode() if isinstance(data, str) else data
    found = list(linkedin.parse(io.BytesIO(raw), path))
    assert all(isinstance(c, Conversation) for c in found)
    return [c for c in found if isinstance(c, Conversation)]


def row(
    conversation: str,
    sender: str,
    to: str,
    date: str,
    content: str,
    *,
    title: str = "",
    subject: str = "",
    folder: str = "INBOX",
    attachments: str = "",
    draft: str = "No",
) -> str:
    """One row of a new-style messages.csv (``NEW_HEADER``); profile URLs from the names."""

    def url(person: str) -> str:
        return IN + person.lower().replace(" ", "-") if person else ""

    urls = ",".join(url(person) for person in to.split(",") if person)
    cells = [
        conversation,
        title,
        sender,
        url(sender),
        to,
        urls,
        date,
        subject,
        content,
        folder,
        attachments,
        draft,
        "No",
    ]
    return ",".join('"' + cell.replace('"', '""') + '"' for cell in cells)


def table(*rows: str, header: str = NEW_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# Fixtures


def test_linkedin_fixtures_cover_every_variant() -> None:
    assert {p.stem for p in FIXTURES} >= {"old_columns", "new_columns", "multiline", "drafts"}
    assert all(p.with_suffix(".expected.json").is_file() for p in FIXTURES)


def test_linkedin_fixtures_hold_the_raw_variants() -> None:
    new = (HERE / "new_columns.csv").read_bytes()
    assert new.startswith(b'\xef\xbb\xbf"DATE","CONVERSATION ID"')  # BOM, quoted, reordered
    assert new.count(b"\r\n") == new.count(b"\n")
    assert (HERE / "old_columns.csv").read_text(encoding="utf-8").startswith(OLD_HEADER + "\n")
    assert b'""the Hub""\n' in (HERE / "multiline.csv").read_bytes()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_linkedin_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "linkedin"
    assert not loaded.contacts
    assert all(c.source == loaded.conversations[0].source for c in loaded.conversations)
    assert loaded.conversations[0].source.path == str(path)
    for conversation in loaded.conversations:
        indexes = [m.index for m in conversation.messages]
        assert indexes == list(range(len(conversation.messages)))
        assert all(
            m.timestamp is not None and m.timestamp.tzinfo is UTC for m in conversation.messages
        )
    assert {"conversations": [summary(c) for c in loaded.conversations]} == expected


# The shared export (hand-checked)


def test_linkedin_shared_export_loads() -> None:
    path = SHARED / "linkedin" / "messages.csv"
    if not path.is_file():
        pytest.skip(f"shared sample {path} is not available")
    loaded = registry.load_file(path)
    assert loaded.format == "linkedin"
    got = [
        (
            c.title,
            len(c.messages),
            list(c.participant_names()),
            [p.name for p in c.participants if p.is_me],
            c.started_at.isoformat() if c.started_at else None,
            c.ended_at.isoformat() if c.ended_at else None,
        )
        for c in loaded.conversations
    ]
    # c1: Guy then Ana; c2: Guy then Bob; c3: Guy alone to Cara. Guy is in every row.
    assert got == [
        (
            "LinkedIn: Ana Asanovic",
            2,
            ["Guy Wilson", "Ana Asanovic"],
            ["Guy Wilson"],
            "2026-08-01T02:00:00+00:00",
            "2026-08-02T02:00:00+00:00",
        ),
        (
            "LinkedIn: Bob Smith",
            2,
            ["Guy Wilson", "Bob Smith"],
            ["Guy Wilson"],
            "2026-08-03T02:00:00+00:00",
            "2026-08-04T02:00:00+00:00",
        ),
        (
            "LinkedIn: Cara Lee",
            1,
            ["Guy Wilson", "Cara Lee"],
            ["Guy Wilson"],
            "2026-08-05T02:00:00+00:00",
            "2026-08-05T02:00:00+00:00",
        ),
    ]
    assert loaded.conversations[0].messages[1].text == "Thanks Guy - what do you actually do?"
    assert loaded.conversations[2].participants[1].ids == ("linkedin:https://linkedin.com/in/cara",)


# Sniffing


def other_formats_files() -> list[Path]:
    found = [
        p
        for p in sorted(DATA.rglob("*"))
        if p.is_file() and p.parent.name != "linkedin" and not p.name.endswith(".expected.json")
    ]
    if SHARED.is_dir():
        found += [p for p in sorted(SHARED.rglob("*")) if p.is_file() and p.name != "messages.csv"]
    return found


def mine() -> list[Path]:
    shared = SHARED / "linkedin" / "messages.csv"
    return [*FIXTURES, *([shared] if shared.is_file() else [])]


def head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(registry.HEAD_BYTES)


@pytest.mark.parametrize("path", mine(), ids=lambda p: p.name)
def test_linkedin_sniff_claims_its_files_before_any_other_format(path: Path) -> None:
    assert linkedin.sniff(head(path))
    assert registry.recognise(head(path)) is registry.get("linkedin")


@pytest.mark.parametrize("path", other_formats_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_linkedin_sniff_rejects_other_formats(path: Path) -> None:
    assert not linkedin.sniff(head(path))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (OLD_HEADER.encode(), True),
        (b"conversation id,from,date,content\n", True),
        (b'\n\n"CONVERSATION ID","FROM","CONTENT"\r\n', True),
        ((NEW_HEADER + "\n").encode("utf-16"), True),
        (b"CONVERSATION ID,FROM,DATE\n", False),
        (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n", False),
        (b"Alice: CONVERSATION ID, FROM, CONTENT\n", False),
        (b"", False),
        (b"\x00\x01", False),
    ],
)
def test_linkedin_sniff_cases(data: bytes, expected: bool) -> None:
    assert linkedin.sniff(data) is expected


# What the rows become


def test_linkedin_groups_interleaved_conversations_in_time_order() -> None:
    found = read(
        table(
            row("c2", "Bo", "Me", "2024-01-04 10:00:00 UTC", "c2 second"),
            row("c1", "Me", "Al", "2024-01-03 10:00:00 UTC", "c1 second"),
            row("c2", "Me", "Bo", "2024-01-02 10:00:00 UTC", "c2 first"),
            row("c1", "Al", "Me", "2024-01-01 10:00:00 UTC", "c1 first"),
        )
    )
    assert [[m.text for m in c.messages] for c in found] == [
        ["c1 first", "c1 second"],
        ["c2 first", "c2 second"],
    ]
    assert [m.timestamp for m in found[0].messages] == [
        datetime(2024, 1, 1, 10, tzinfo=UTC),
        datetime(2024, 1, 3, 10, tzinfo=UTC),
    ]
    assert [[p.name for p in c.participants if p.is_me] for c in found] == [["Me"], ["Me"]]


def test_linkedin_equal_dates_keep_reverse_file_order() -> None:
    (conversation,) = read(
        table(
            row("c1", "Al", "Me", "2024-01-01 10:00:00 UTC", "newer"),
            row("c1", "Me", "Al", "2024-01-01 10:00:00 UTC", "older"),
        )
    )
    assert [m.text for m in conversation.messages] == ["older", "newer"]


def test_linkedin_owner_is_not_guessed_when_ambiguous() -> None:
    one = read(table(row("c1", "Al", "Me", "2024-01-01 10:00:00", "hi")))
    assert not any(p.is_me for c in one for p in c.participants)
    two_with_same_pair = read(
        table(
            row("c1", "Al", "Me", "2024-01-01 10:00:00", "hi"),
            row("c2", "Me", "Al", "2024-01-02 10:00:00", "hello"),
        )
    )
    assert not any(p.is_me for c in two_with_same_pair for p in c.participants)


def test_linkedin_drafts_are_skipped_and_draft_only_input_is_an_error() -> None:
    (conversation,) = read(
        table(
            row("c1", "Me", "Al", "", "unsent", draft="Yes"),
            row("c1", "Al", "Me", "2024-01-01 10:00:00 UTC", "sent"),
        )
    )
    assert [m.text for m in conversation.messages] == ["sent"]
    with pytest.raises(ParseError, match="only drafts"):
        read(table(row("c1", "Me", "Al", "2024-01-01", "unsent", draft="true")))


def test_linkedin_empty_conversation_id_groups_by_people() -> None:
    found = read(
        table(
            row("", "Al", "Me", "2024-01-03 10:00:00 UTC", "al again"),
            row("", "Bo", "Me", "2024-01-02 10:00:00 UTC", "bo"),
            row("", "Me", "Al", "2024-01-01 10:00:00 UTC", "to al"),
        )
    )
    assert [[m.text for m in c.messages] for c in found] == [["to al", "al again"], ["bo"]]


def test_linkedin_titles() -> None:
    found = read(
        table(
            row("c1", "Al", "Me", "2024-01-01", "a", title="Project X"),
            row("c2", "Bo", "Me", "2024-01-02", "b", subject="Job offer"),
            row("c3", "Cy", "Me,Al", "2024-01-03", "c"),
        )
    )
    assert [c.title for c in found] == ["Project X", "Job offer", "LinkedIn: Cy, Al"]


def test_linkedin_group_recipients_get_their_profile_urls() -> None:
    (conversation,) = read(table(row("c1", "Cy", "Me,Al", "2024-01-03", "hello all")))
    assert [(p.name, p.ids) for p in conversation.participants] == [
        ("Cy", ("linkedin:https://www.linkedin.com/in/cy",)),
        ("Me", ("linkedin:https://www.linkedin.com/in/me",)),
        ("Al", ("linkedin:https://www.linkedin.com/in/al",)),
    ]


def test_linkedin_attachments_empty_content_and_folders() -> None:
    (conversation,) = read(
        table(
            row("c1", "Al", "Me", "2024-01-04", "", attachments="https://x/1.png https://x/2.pdf"),
            row("c1", "Al", "Me", "2024-01-03", "see attached", attachments="https://x/3.png"),
            row("c1", "Me", "Al", "2024-01-02", ""),
            row("c1", "Al", "Me", "2024-01-01", "Hi, quick question", folder="INMAIL"),
        )
    )
    assert [(m.kind, m.text, dict(m.meta)) for m in conversation.messages] == [
        ("text", "Hi, quick question", {"folder": "INMAIL"}),
        ("media", "<message without text>", {}),
        ("text", "see attached", {"attachments": ["https://x/3.png"]}),
        ("media", "<2 attachments>", {"attachments": ["https://x/1.png", "https://x/2.pdf"]}),
    ]


def test_linkedin_missing_optional_columns_and_lower_case_header() -> None:
    data = "conversation id,from,date,content\nc1,Al,2024-01-01 08:00:00 UTC,hello\n"
    (conversation,) = read(data)
    assert [(m.sender, m.text) for m in conversation.messages] == [("Al", "hello")]
    assert conversation.participants[0].ids == ()


def test_linkedin_sender_without_name_is_a_linkedin_member() -> None:
    (conversation,) = read(table(row("c1", "", "Me", "2024-01-01", "hi")))
    assert conversation.messages[0].sender == linkedin.UNKNOWN_MEMBER


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-04 12:34:56 UTC", datetime(2023, 5, 4, 12, 34, 56, tzinfo=UTC)),
        ("2023-05-04 12:34:56", datetime(2023, 5, 4, 12, 34, 56, tzinfo=UTC)),
        ("2023-05-04 12:34 UTC", datetime(2023, 5, 4, 12, 34, tzinfo=UTC)),
        ("2023-05-04T12:34:56.789Z", datetime(2023, 5, 4, 12, 34, 56, tzinfo=UTC)),
        ("2023-05-04T14:34:56+02:00", datetime(2023, 5, 4, 12, 34, 56, tzinfo=UTC)),
        ("2023-05-04", datetime(2023, 5, 4, tzinfo=UTC)),
        ("5/4/2023, 12:34 PM", datetime(2023, 5, 4, 12, 34, tzinfo=UTC)),
    ],
)
def test_linkedin_dates(value: str, expected: datetime) -> None:
    assert linkedin.parse_date(value, "m.csv", 2) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "2023-13-45 10:00:00 UTC", "99999-01-01"])
def test_linkedin_bad_dates_name_the_line(value: str) -> None:
    data = table(
        row("c1", "Al", "Me", "2024-01-02", "fine\non two lines"),
        row("c1", "Me", "Al", value, "broken"),
    )
    with pytest.raises(ParseError, match="DATE") as caught:
        read(data, "dates.csv")
    assert (caught.value.path, caught.value.line) == ("dates.csv", 4)


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("<p>Hi Ana,</p><p>Are you <b>free</b> on Friday?</p>", "Hi Ana,\nAre you free on Friday?"),
        ("Line one<br>Line two<br/>Line three", "Line one\nLine two\nLine three"),
        ("Tom &amp; Jerry&#39;s idea", "Tom & Jerry's idea"),
        ('<a href="https://example.org">the deck</a>', "the deck"),
        ("x<b, y>z and <p>", "x<b, y>z and"),
        ("if a<b, then c>d", "if a<b, then c>d"),
        ("AT&T and R&D", "AT&T and R&D"),
        ("  padded  ", "padded"),
        ("keep <custom> tags", "keep <custom> tags"),
    ],
)
def test_linkedin_content_html_is_cleaned(content: str, text: str) -> None:
    assert linkedin.clean_content(content) == text


# The whole export: a zip or folder with messages.csv and Connections.csv


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["messages.csv", "Connections.csv", "Profile.csv", "Jobs/Job Applications.csv"], True),
        (["Basic_LinkedInDataExport/messages.csv", "Basic_LinkedInDataExport/Profile.csv"], True),
        (["Connections.csv", "Invitations.csv"], True),
        (["messages.csv"], False),
        (["messages.csv", "notes.txt"], False),
        (["Profile.csv", "Skills.csv"], False),
        (["a/messages.csv", "b/Profile.csv"], False),
        (["message_1.json"], False),
    ],
)
def test_linkedin_sniff_tree(names: list[str], expected: bool) -> None:
    assert linkedin.sniff_tree(names) is expected


def test_linkedin_export_zip_gives_conversations_and_contacts(tmp_path: Path) -> None:
    path = tmp_path / "Basic_LinkedInDataExport_03-01-2024.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(HERE / "old_columns.csv", "messages.csv")
        archive.write(DATA / "linkedin-connections" / "with_preamble.csv", "Connections.csv")
        archive.writestr("Profile.csv", "First Name,Last Name\nElif,Yilmaz\n")
        archive.writestr("Jobs/Job Applications.csv", "Application Date\n")
    loaded = registry.load_file(path)
    assert loaded.format == "linkedin"
    assert [c.title for c in loaded.conversations] == [
        "LinkedIn: Marco Bianchi",
        "LinkedIn: Sofia Lind",
    ]
    assert loaded.conversations[0].source.path == f"{path}!messages.csv"
    assert [c.name for c in loaded.contacts] == ["Aisha Bello", "Marek Nowak", "Chloé Dubois"]


def test_linkedin_export_folder_without_messages_reads_contacts(tmp_path: Path) -> None:
    (tmp_path / "messages.csv").write_text(OLD_HEADER + "\n", encoding="utf-8")
    (tmp_path / "Connections.csv").write_text(HEADER_ONLY_CONNECTIONS, encoding="utf-8")
    (tmp_path / "Invitations.csv").write_text("From,To\n", encoding="utf-8")
    assert registry.expand([str(tmp_path)]) == [str(tmp_path)]
    with pytest.raises(ParseError, match="no message and no connection") as caught:
        registry.load_file(tmp_path)
    assert caught.value.path == str(tmp_path)
    (tmp_path / "Connections.csv").write_text(
        HEADER_ONLY_CONNECTIONS + "Ana,Silva,,,,,1 Jan 2020\n", encoding="utf-8"
    )
    loaded = registry.load_file(tmp_path)
    assert (loaded.conversations, [c.name for c in loaded.contacts]) == ([], ["Ana Silva"])


def test_linkedin_shared_export_folder_reads_whole() -> None:
    folder = SHARED / "linkedin"
    if not folder.is_dir():
        pytest.skip(f"shared sample {folder} is not available")
    loaded = registry.load_file(folder)
    assert loaded.format == "linkedin"
    assert (len(loaded.conversations), len(loaded.contacts)) == (3, 3)


# Bad input


def test_linkedin_missing_required_column_names_the_header_line(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_text("\nCONVERSATION ID,FROM,CONTENT\nc1,Al,hi\n", encoding="utf-8")
    with pytest.raises(ParseError, match="no DATE column") as caught:
        registry.load_file(path, format="linkedin")
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert caught.value.hint and "CONVERSATION ID" in caught.value.hint


@pytest.mark.parametrize(
    ("data", "match"),
    [(b"", "empty file"), (b"\n\n", "empty file"), (OLD_HEADER.encode() + b"\n", "no message")],
)
def test_linkedin_empty_inputs_are_parse_errors(data: bytes, match: str) -> None:
    with pytest.raises(ParseError, match=match) as caught:
        read(data, "empty.csv")
    assert caught.value.path == "empty.csv"


def test_linkedin_unclosed_quote_names_the_line_where_the_record_starts() -> None:
    data = table(row("c1", "Al", "Me", "2024-01-01", "fine")) + 'c1,,Al,,Me,,2024-01-02,,"open'
    data += "\nmore text" * 20_000
    with pytest.raises(ParseError, match="not valid CSV") as caught:
        read(data, "quote.csv")
    assert caught.value.line == 3


def test_linkedin_invalid_utf8_names_the_line() -> None:
    data = (
        table(row("c1", "Al", "Me", "2024-01-01", "fine")).encode() + b"c1,,Al,,,,2024,,caf\xe9\n"
    )
    with pytest.raises(EncodingError) as caught:
        read(data, "latin.csv")
    assert caught.value.line == 3
    assert caught.value.hint and "--encoding" in caught.value.hint


def test_linkedin_reads_utf16_and_other_encodings() -> None:
    text = table(row("c1", "Zoë", "Me", "2024-01-01", "Ça va ?"))
    loaded = registry.load_stream(io.BytesIO(text.encode("utf-16")), "wide.csv")
    assert loaded.conversations[0].messages[0].text == "Ça va ?"
    (latin,) = linkedin.parse(io.BytesIO(text.encode("latin-1")), "l.csv", encoding="latin-1")
    assert isinstance(latin, Conversation) and latin.messages[0].sender == "Zoë"


# Fuzzing: only InputError (naming the path) or conversations


def only_input_errors(data: bytes, path: str = "fuzz.csv") -> None:
    linkedin.sniff(data)
    try:
        for conversation in linkedin.parse(io.BytesIO(data), path):
            assert isinstance(conversation, Conversation)
    except InputError as error:
        assert error.path == path


CELLS = st.sampled_from(
    ["c1", "c2", "", "Al", "Me", "2024-01-01 10:00:00 UTC", "2024-13-01", "Yes", "<p>x</p>", '"']
) | st.text(max_size=12)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(CELLS, max_size=15), max_size=8))
def test_linkedin_random_rows_raise_only_input_errors(rows: list[list[str]]) -> None:
    lines = [NEW_HEADER] + [",".join(cells) for cells in rows]
    only_input_errors("\n".join(lines).encode())


@settings(max_examples=300, deadline=None)
@given(
    start=st.sampled_from([b"", OLD_HEADER.encode() + b"\n", NEW_HEADER.encode() + b"\r\n"]),
    data=st.binary(max_size=400),
)
def test_linkedin_random_bytes_raise_only_input_errors(start: bytes, data: bytes) -> None:
    only_input_errors(start + data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_linkedin_every_truncation_raises_only_input_errors(path: Path) -> None:
    data = path.read_bytes()
    for cut in range(len(data) + 1):
        only_input_errors(data[:cut])


@settings(max_examples=100, deadline=None)
@given(
    fixture=st.sampled_from(FIXTURES),
    codec=st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-be", "utf-32", "utf-8-sig"]),
    option=st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252", "nope"]),
)
def test_linkedin_mixed_encodings_raise_only_input_errors(
    fixture: Path, codec: str, option: str
) -> None:
    data = fixture.read_text(encoding="utf-8").encode(codec, errors="replace")
    linkedin.sniff(data)
    try:
        list(linkedin.parse(io.BytesIO(data), "enc.csv", encoding=option))
    except InputError as error:
        assert error.path == "enc.csv"


@pytest.fixture(scope="module")
def huge_line() -> bytes:
    """A messages.csv whose one row is 11 MB long (built once)."""
    return (NEW_HEADER + "\n" + row("c1", "Al", "Me", "2024-01-01", "x" * 11_000_000)).encode()


def test_linkedin_huge_line_is_too_large(huge_line: bytes) -> None:
    with pytest.raises(InputTooLargeError) as caught:
        read(huge_line, "huge.csv")
    assert (caught.value.path, caught.value.line) == ("huge.csv", 2)


def test_linkedin_huge_quoted_value_over_many_lines_is_a_parse_error() -> None:
    content = "\n".join(["a line of a very long message"] * 100_000)
    with pytest.raises(ParseError, match="field larger") as caught:
        read(table(row("c1", "Al", "Me", "2024-01-01", content)), "long.csv")
    assert caught.value.line == 2


def error_lines(stderr: str) -> list[str]:
    """The non-blank lines of the CLI's stderr (a progress display may leave blank ones)."""
    return [line for line in stderr.splitlines() if line.strip()]


# Through the CLI


def test_linkedin_cli_analyze_fixture_exits_zero() -> None:
    path = HERE / "new_columns.csv"
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert f"Read {path} as linkedin (3 conversations)" in result.stderr
    json.loads(result.stdout)


def test_linkedin_cli_bad_input_exits_two(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_text(table(row("c1", "Al", "Me", "not a date", "hi")), encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert lines[0] == f"Error: {path}:2: unrecognised DATE 'not a date'"
    assert lines[1:] == ["Hint: LinkedIn writes dates like '2023-05-04 12:34:56 UTC'"]
    assert "Traceback" not in result.output
