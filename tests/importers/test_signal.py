"""The Signal importer (signal-export's Markdown): fixtures, detection, round trips, bad input."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from sincere.cli import app
from sincere.errors import EncodingError, InputError, InputTooLargeError, ParseError
from sincere.importers import plain, registry, signal_export
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data"
SIGNAL = DATA / "signal"
FIXTURES = sorted(p for p in SIGNAL.iterdir() if p.suffix in (".md", ".txt"))
SHARED = Path(__file__).parents[3] / "shared" / "exports"
SHARED_SIGNAL = SHARED / "signal"

#: A plain, uncoloured, wide terminal whatever the environment of the test run.
ENV: dict[str, str | None] = {
    "COLUMNS": "300",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "SINCERE_DEBUG": None,
}


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of the ``*.expected.json`` files beside the fixtures."""
    assert conversation.started_at is not None and conversation.ended_at is not None
    return {
        "title": conversation.title,
        "message_count": len(conversation.messages),
        "senders": list(conversation.participant_names()),
        "me": [p.name for p in conversation.participants if p.is_me],
        "ids": {p.name: list(p.ids) for p in conversation.participants if p.ids},
        "first_timestamp": conversation.started_at.isoformat(),
        "last_timestamp": conversation.ended_at.isoformat(),
        "messages": [[m.sender, m.kind, m.text] for m in conversation.messages],
        "meta": {str(m.index): dict(m.meta) for m in conversation.messages if m.meta},
    }


def read(data: bytes | str, path: str = "chat.md", encoding: str = "utf-8") -> Conversation:
    raw = data.encode() if isinstance(data, str) else data
    stream = io.BufferedReader(io.BytesIO(raw))
    (conversation,) = signal_export.parse(stream, path, encoding=encoding)
    return conversation


def texts(conversation: Conversation) -> list[tuple[str, str, str]]:
    return [(m.sender, m.kind, m.text) for m in conversation.messages]


# Fixtures


def test_signal_fixtures_cover_every_variant() -> None:
    assert {path.stem for path in FIXTURES} == {
        "seconds",
        "comma",
        "multiline",
        "attachments",
        "quotes",
        "reactions",
        "calls_deleted",
        "group_phone",
        "bom_crlf",
    }
    assert all(path.with_suffix(".expected.json").is_file() for path in FIXTURES)


def test_signal_fixtures_hold_the_raw_variants() -> None:
    raw = {path.stem: path.read_bytes() for path in FIXTURES}
    assert raw["bom_crlf"].startswith(b"\xef\xbb\xbf")
    assert raw["bom_crlf"].count(b"\r\n") == raw["bom_crlf"].count(b"\n") > 0
    assert raw["comma"].startswith(b"[2019-05-29, 15:04] ")
    assert raw["group_phone"].startswith(b"[2020-03-01, 20:15] ")
    assert raw["seconds"].startswith(b"[2023-04-02 09:14:05] ")
    assert b"  \n\n[" in raw["seconds"]
    assert b"](./media/" in raw["attachments"] and b"(( " in raw["attachments"]
    assert b"\n> " in raw["quotes"]
    assert b"\n(- " in raw["reactions"]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_signal_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "signal"
    (conversation,) = loaded.conversations
    assert conversation.source.path == str(path)
    assert conversation.source.format == "signal"
    assert [m.index for m in conversation.messages] == list(range(len(conversation.messages)))
    assert summary(conversation) == expected
    assert all(
        m.timestamp is not None and m.timestamp.tzinfo is None for m in conversation.messages
    )


# The shared export (joweich/chat-miner's Signal test file), counted by hand:
# two headers in the comma layout; John Doe's message goes on over a second line.
SHARED_EXPECTED = {
    "chatminer_signal_export_chat.md": {
        "title": "chatminer_signal_export_chat",
        "message_count": 2,
        "senders": ["Jane Doe", "John Doe"],
        "first_timestamp": "2019-12-24T12:23:00",
        "last_timestamp": "2020-01-17T21:49:00",
        "messages": [("Jane Doe", "text", "Hello John!"), ("John Doe", "text", "Hello\nJane!")],
    }
}


def shared_files() -> list[Path]:
    if not SHARED_SIGNAL.is_dir():
        return []
    return sorted(p for p in SHARED_SIGNAL.iterdir() if p.is_file())


def test_signal_shared_exports_are_all_checked() -> None:
    if not SHARED_SIGNAL.is_dir():
        pytest.skip("no shared exports folder")
    assert {path.name for path in shared_files()} == set(SHARED_EXPECTED)


@pytest.mark.parametrize("name", sorted(SHARED_EXPECTED))
def test_signal_shared_export(name: str) -> None:
    path = SHARED_SIGNAL / name
    if not path.is_file():
        pytest.skip("shared export absent")
    expected = SHARED_EXPECTED[name]
    assert registry.recognise(path.read_bytes()[: registry.HEAD_BYTES]) is signal_export
    loaded = registry.load_file(path)
    assert loaded.format == "signal"
    (conversation,) = loaded.conversations
    assert conversation.started_at is not None and conversation.ended_at is not None
    assert conversation.title == expected["title"]
    assert len(conversation.messages) == expected["message_count"]
    assert list(conversation.participant_names()) == expected["senders"]
    assert conversation.started_at.isoformat() == expected["first_timestamp"]
    assert conversation.ended_at.isoformat() == expected["last_timestamp"]
    assert texts(conversation) == expected["messages"]


# Detection


def _head(path: Path) -> bytes:
    return path.read_bytes()[: registry.HEAD_BYTES]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_signal_fixtures_are_recognised_as_signal(path: Path) -> None:
    assert signal_export.sniff(_head(path))
    assert registry.recognise(_head(path)) is signal_export


def _other_files() -> Iterator[Path]:
    for folder in sorted(DATA.iterdir()):
        if folder.is_dir() and folder.name != "signal":
            yield from sorted(p for p in folder.rglob("*") if p.is_file())
    if SHARED.is_dir():
        for path in sorted(SHARED.rglob("*")):
            if path.is_file() and SHARED_SIGNAL not in path.parents:
                yield path


def test_signal_does_not_claim_other_formats() -> None:
    others = list(_other_files())
    assert others
    for path in others:
        assert not signal_export.sniff(_head(path)), path


def test_signal_whatsapp_ios_layouts_are_not_claimed() -> None:
    for line in (
        "[02/11/2020, 9:47:19 pm] Alice: Hello Bob",
        "[17/10/2020, 13:50:32] Alex: Hey",
        "[10.21.21, 15:21:45] John Doe: Lorem",
        "[2018/06/13, 21:25:15] a: m",
        "[15-01-20 02:22:56] Mary: Nostrud",
        "\u200e[2020-01-15, 2:22:56 PM] Mary: hi",
    ):
        assert not signal_export.sniff(f"{line}\n".encode()), line


def test_signal_no_comma_layout_needs_an_exporter_marker() -> None:
    bare = "[2021-09-23 18:23:45] Alice: Hi\n[2021-09-23 18:24:00] Bob: Hello\n"
    assert not signal_export.sniff(bare.encode())
    assert registry.recognise(bare.encode()) is plain
    markers = {
        "media link": "[2021-09-23 18:25:00] Alice:   ![a.jpg](./media/a.jpg)  \n",
        "reaction": "[2021-09-23 18:25:00] Alice: ok\n(- Bob: 👍 -)\n",
        "sticker": "[2021-09-23 18:25:00] Alice: \n(( 😀 ))\n",
        "quote": "[2021-09-23 18:25:00] Alice: \n\n> Hello\n\nYes\n",
        "deleted": "[2021-09-23 18:25:00] Alice: (This message was deleted)\n",
    }
    for marker, tail in markers.items():
        assert signal_export.sniff((bare + tail).encode()), marker
    layout = "[2021-09-23 18:23:45] Alice: Hi  \n\n[2021-09-23 18:24:00] Bob: Hello  \n\n"
    assert signal_export.sniff(layout.encode())
    assert signal_export.sniff(layout.split("\n\n")[0].encode() + b"\n\n")
    assert not signal_export.sniff(layout.replace("Hi  ", "Hi").encode())
    assert not signal_export.sniff(b"[2021-09-23 18:23:45] Alice: Hi  \n")


def test_signal_sniff_rejects_other_text() -> None:
    for head in (
        b"",
        b"\n\n",
        b"# Notes\n[2021-09-23, 18:23] Alice: hi\n",
        b"Alice: hi\n",
        b"[2021-09-23, 18:23] : no name\n",
        b"[2021-09-23,18:23] Alice: no space\n",
        b"\x00\x01[2021-09-23, 18:23] A: b",
        b"\xff\xfe\x00garbage",
    ):
        assert not signal_export.sniff(head), head
    assert signal_export.sniff("[2021-09-23, 18:23] Alice: hi\n".encode("utf-16"))


# Specific behaviours


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("export/Camille Roux/chat.md", "Camille Roux"),
        ("export/Old Friends/index.md", "Old Friends"),
        ("export/Camille Roux/chat-backup.md", "chat-backup"),
        ("notes.txt", "notes"),
        ("chat.md", "chat"),
        ("<stdin>", "stdin"),
    ],
)
def test_signal_titles(path: str, title: str) -> None:
    assert read("[2021-09-23, 18:23] Alice: hi\n", path).title == title


def test_signal_me_is_the_owner_and_phone_names_get_ids() -> None:
    conversation = read(
        "[2021-09-23, 18:23] Me: hi\n[2021-09-23, 18:24] +1 (555) 010-0199: hello\n"
        "[2021-09-23, 18:25] No-Sender: ?\n"
    )
    me, phone, unknown = conversation.participants
    assert (me.name, me.is_me, me.ids) == ("Me", True, ())
    assert (phone.is_me, phone.ids) == (False, ("phone:+15550100199",))
    assert (unknown.name, unknown.ids) == ("No-Sender", ())


def test_signal_names_with_colons_and_times_in_text() -> None:
    conversation = read(
        "[2021-09-23 18:23:45] Dr. Ana: meet at 10:30: ok?\n"
        "[2021-09-23 18:24:00] Team A:B: yes\n"
        "[2021-09-23 18:25:00] Bob:\n"
    )
    assert texts(conversation) == [
        ("Dr. Ana", "text", "meet at 10:30: ok?"),
        ("Team A:B", "text", "yes"),
        ("Bob", "text", ""),
    ]


def test_signal_quote_is_kept_apart_from_the_reply() -> None:
    conversation = read(
        "[2021-06-01 18:04:55] Me: \n\n> line one\n> \n> line three\n\nMy answer\n"
        "> not a quote: the body had started\n\n"
        "[2021-06-01 18:05:00] Tom: > typed quote mark\n"
    )
    reply, typed = conversation.messages
    assert reply.text == "My answer\n> not a quote: the body had started"
    assert reply.meta == {"quote": "line one\n\nline three"}
    assert (typed.text, dict(typed.meta)) == ("> typed quote mark", {})


def test_signal_reactions_and_attachments_on_one_line() -> None:
    conversation = read(
        "[2020-08-15 10:11:00] Marco: Look  \n"
        "(- Sofia Ruiz: 😍, Me: 👍🏽, broken -)![p.png](./media/p.png)  "
        "[a b.pdf](./media/a%20b.pdf)  \n"
        "\n[2020-08-15 10:12:00] Marco:   [](./media/2020_voice%20note.m4a)  \n"
    )
    first, second = conversation.messages
    assert first.text == "Look"
    assert first.meta == {
        "reactions": [
            {"actor": "Sofia Ruiz", "reaction": "😍"},
            {"actor": "Me", "reaction": "👍🏽"},
        ],
        "attachments": ["p.png", "a b.pdf"],
    }
    assert (second.kind, second.text) == ("media", "<audio: 2020_voice note.m4a>")
    assert second.meta == {"attachments": ["2020_voice note.m4a"]}


def test_signal_links_outside_the_media_folder_stay_text() -> None:
    conversation = read("[2020-08-15 10:11:00] Ana: see [the doc](https://example.org/doc)\n")
    assert texts(conversation) == [("Ana", "text", "see [the doc](https://example.org/doc)")]


def test_signal_calls_and_deletions_are_system_messages() -> None:
    conversation = read(
        "[2025-01-10 19:30:00] Me: Outgoing voice call (accepted, 4m 12s)  \n\n"
        "[2025-01-10 19:31:00] Noah: Incoming video call (declined)  \n\n"
        "[2025-01-10 19:32:00] Noah: Missed voice call  \n\n"
        "[2025-01-10 19:33:00] Noah: (This message was deleted)\n\n"
        "[2025-01-10 19:34:00] Noah: The outgoing call was fine\n"
    )
    kinds = [(m.kind, m.sender) for m in conversation.messages]
    assert kinds == [
        ("system", "Me"),
        ("system", "Noah"),
        ("system", "Noah"),
        ("system", "Noah"),
        ("text", "Noah"),
    ]
    assert conversation.messages[3].meta == {"deleted": True}
    assert conversation.participant_names() == ("Noah",)


def test_signal_blank_lines_before_the_first_message_are_skipped() -> None:
    assert texts(read("\n\n  \n[2021-09-23, 18:23] Alice: hi\n")) == [("Alice", "text", "hi")]


def test_signal_text_before_the_first_header_names_the_line() -> None:
    with pytest.raises(ParseError, match="no '\\[YYYY-MM-DD HH:MM:SS\\] Name: text'") as caught:
        read("\n# Chat with Bob\n[2021-09-23, 18:23] Alice: hi\n", "bob.md")
    assert (caught.value.path, caught.value.line) == ("bob.md", 2)
    assert caught.value.hint


@pytest.mark.parametrize("data", ["", "\n\n   \n"])
def test_signal_empty_file_is_a_parse_error(data: str) -> None:
    with pytest.raises(ParseError, match="empty file") as caught:
        read(data, "empty.md")
    assert caught.value.path == "empty.md"


def test_signal_invalid_date_names_the_line() -> None:
    with pytest.raises(ParseError, match=r"invalid date or time \[2021-02-30 18:23\]") as caught:
        read("[2021-02-28, 18:23] A: ok\n[2021-02-30, 18:23] A: no\n", "bad.md")
    assert (caught.value.path, caught.value.line) == ("bad.md", 2)


def test_signal_invalid_utf8_names_the_line_and_other_encodings_read() -> None:
    data = "[2021-09-23, 18:23] Ana: hi\n[2021-09-23, 18:24] Bob: café\n".encode("latin-1")
    with pytest.raises(EncodingError) as caught:
        read(data, "latin.md")
    assert (caught.value.path, caught.value.line) == ("latin.md", 2)
    assert read(data, encoding="latin-1").messages[1].text == "café"
    wide = "[2021-09-23, 18:23] Ana: héllo\r\n".encode("utf-16")
    assert read(wide).messages[0].text == "héllo"


@pytest.fixture(scope="module")
def huge_line(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Signal export whose second line is 3 MiB long (generated once)."""
    path = tmp_path_factory.mktemp("huge") / "chat.md"
    with path.open("wb") as stream:
        stream.write(b"[2021-09-23, 18:23] Ana: hi\n[2021-09-23, 18:24] Bob: ")
        stream.write(b"ha " * (1 << 20))
        stream.write(b"\n")
    return path


def test_signal_huge_line_is_too_large(huge_line: Path) -> None:
    assert huge_line.stat().st_size > 3 << 20
    with pytest.raises(InputTooLargeError) as caught:
        registry.load_file(huge_line)
    assert (caught.value.path, caught.value.line) == (str(huge_line), 2)


# Round trips: what signal-export writes reads back


_LETTER = st.characters(categories=["L"])
NAMES = st.builds(
    lambda first, rest: (first + rest).strip(),
    _LETTER,
    st.text(alphabet=st.one_of(_LETTER, st.sampled_from(" .-'")), max_size=20),
)
LINES = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(
    lambda line: (
        bool(line.strip())
        and not line.lstrip().startswith(("[", ">", "(-", "(("))
        and line.strip() != "(This message was deleted)"
    )
)
STAMPS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda value: value.replace(microsecond=0)
)


def _is_call(text: str) -> bool:
    return signal_export._CALL.match(text) is not None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(NAMES, st.lists(LINES, min_size=1, max_size=3), STAMPS),
        min_size=1,
        max_size=8,
    ),
    st.booleans(),
)
def test_signal_generated_exports_round_trip(
    messages: list[tuple[str, list[str], datetime]], early: bool
) -> None:
    if early:
        rendered = "".join(
            f"[{stamp:%Y-%m-%d, %H:%M}] {who}: " + "\n".join(lines) + "  \n"
            for who, lines, stamp in messages
        )
    else:
        rendered = "".join(
            f"[{stamp:%Y-%m-%d %H:%M:%S}] {who}: " + "\n".join(lines) + "  \n\n"
            for who, lines, stamp in messages
        )
    assert signal_export.sniff(rendered.encode()[: registry.HEAD_BYTES])
    conversation = read(rendered)
    expected = [
        (who, "\n".join(line.rstrip() for line in lines).strip(), stamp)
        for who, lines, stamp in messages
    ]
    got = [(m.sender, m.text, m.timestamp) for m in conversation.messages]
    if early:
        expected = [(who, text, stamp.replace(second=0)) for who, text, stamp in expected]
    assert got == expected
    assert all(m.kind == ("system" if _is_call(m.text) else "text") for m in conversation.messages)


# Fuzzing: only InputError, naming the input

_FRAGMENTS = st.sampled_from(
    [
        b"[2021-09-23 18:23:45] ",
        b"[2021-09-23, 18:23] ",
        b"[2021-13-45 25:61] ",
        b"Alice: ",
        b"Me:",
        b"\n",
        b"\r\n",
        b"  ",
        b"> ",
        b"(- Bob: \xf0\x9f\x91\x8d -)",
        b"(( x ))",
        b"![a.jpg](./media/a.jpg)",
        b"[",
        b"](./media/",
        b"(This message was deleted)",
        b"Missed voice call",
        b"\xff",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xe9",
    ]
)
FUZZ = st.binary(max_size=400) | st.lists(_FRAGMENTS, max_size=40).map(b"".join)


def _only_input_errors(data: bytes, path: str = "fuzz.md") -> None:
    signal_export.sniff(data)
    try:
        for conversation in signal_export.parse(io.BytesIO(data), path):
            assert isinstance(conversation, Conversation)
    except InputError as error:
        assert error.path == path


@settings(max_examples=400, deadline=None)
@given(FUZZ)
def test_signal_fuzz_bytes(data: bytes) -> None:
    _only_input_errors(data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_signal_every_prefix_of_a_fixture(path: Path) -> None:
    data = path.read_bytes()
    for cut in range(len(data) + 1):
        _only_input_errors(data[:cut])


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(FIXTURES), st.sampled_from(["latin-1", "cp1252", "utf-16-le"]), st.data())
def test_signal_fuzz_mixed_encodings(path: Path, encoding: str, data: st.DataObject) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    mixed = text[:cut].encode("utf-8") + text[cut:].encode(encoding, errors="replace")
    _only_input_errors(mixed)


# Through the command line


def run(*args: str | Path) -> Result:
    return CliRunner(env=ENV).invoke(app, [str(arg) for arg in args])


def test_signal_cli_analyze_fixture() -> None:
    path = SIGNAL / "quotes.md"
    result = run("analyze", path, "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    (conversation,) = json.loads(result.stdout)["conversations"]
    assert conversation["title"] == "quotes"
    assert conversation["source"]["format"] == "signal"
    assert f"Read {path} as signal (1 conversation)" in result.stderr


def _failed(result: Result, start: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    # The error is one line (a hint may follow); blank lines around it do not count.
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith(f"Error: {start}"), result.stderr
    assert [line for line in lines if line.startswith("Error:")] == lines[:1]


def test_signal_cli_bad_markdown_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# My notes\n\nNothing to see.\n", encoding="utf-8")
    _failed(run("analyze", path), f"{path}:1: no '[YYYY-MM-DD HH:MM:SS] Name: text'")


def test_signal_cli_invalid_date_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "chat.md"
    path.write_text("[2021-02-30, 18:23] Ana: hi\n", encoding="utf-8")
    _failed(run("analyze", path), f"{path}:1: invalid date or time")
