"""The DiscordChatExporter JSON importer: fixtures, sniffing, fuzzing, bad input."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from sincere.cli import app
from sincere.errors import EncodingError, InputError, ParseError
from sincere.importers import discord, registry
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data"
DISCORD = DATA / "discord"
FIXTURES = sorted(p for p in DISCORD.glob("*.json") if not p.name.endswith(".expected.json"))
SHARED = Path(__file__).parents[3] / "shared" / "exports"

ENV: dict[str, str | None] = {"COLUMNS": "200", "NO_COLOR": "1", "SINCERE_DEBUG": None}

FUZZ_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of the ``*.expected.json`` files beside the fixtures."""
    started, ended = conversation.started_at, conversation.ended_at
    return {
        "title": conversation.title,
        "message_count": len(conversation.messages),
        "senders": list(conversation.participant_names()),
        "ids": {p.name: list(p.ids) for p in conversation.participants if p.ids},
        "first_timestamp": started.isoformat() if started else None,
        "last_timestamp": ended.isoformat() if ended else None,
        "messages": [[m.sender, m.kind, m.text] for m in conversation.messages],
        "meta": {str(m.index): dict(m.meta) for m in conversation.messages if m.meta},
    }


def author(uid: str, name: str, nickname: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": uid, "name": name, "discriminator": "0000", "nickname": nickname, **extra}


def message(mid: str, author_: dict[str, Any], content: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "id": mid,
        "type": "Default",
        "timestamp": "2024-05-01T12:00:00.000+00:00",
        "timestampEdited": None,
        "callEndedTimestamp": None,
        "isPinned": False,
        "content": content,
        "author": author_,
        "attachments": [],
        "embeds": [],
        "stickers": [],
        "reactions": [],
        "mentions": [],
        **extra,
    }


ANA = author("1", "ana", "Ana")
BEN = author("2", "ben_b")


def export(*messages: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "guild": {"id": "10", "name": "Makers", "iconUrl": None},
        "channel": {
            "id": "20",
            "type": "GuildTextChat",
            "categoryId": None,
            "category": None,
            "name": "chat",
            "topic": None,
        },
        "dateRange": {"after": None, "before": None},
        "exportedAt": "2024-05-02T00:00:00.000+00:00",
        **fields,
        "messages": list(messages),
        "messageCount": len(messages),
    }


def parse(data: bytes | str | dict[str, Any], path: str = "channel.json") -> Conversation:
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False)
    raw = data.encode() if isinstance(data, str) else data
    (conversation,) = discord.parse(io.BytesIO(raw), path)
    return conversation


# Fixtures


def test_discord_fixtures_cover_every_variant() -> None:
    assert {path.stem for path in FIXTURES} >= {
        "guild_channel",
        "direct_messages",
        "system_messages",
        "attachments",
        "thread",
    }
    assert all(path.with_suffix(".expected.json").is_file() for path in FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_discord_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "discord"
    (conversation,) = loaded.conversations
    assert summary(conversation) == expected
    assert conversation.source.path == str(path)
    assert [m.index for m in conversation.messages] == list(range(len(conversation.messages)))
    speakers = {m.sender for m in conversation.messages if m.kind != "system" and m.sender}
    assert speakers == set(conversation.participant_names())
    assert not any(p.is_me for p in conversation.participants)


def test_discord_fixtures_hold_the_raw_variants() -> None:
    """The fixtures really contain what they are named after."""
    documents = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in FIXTURES}
    assert documents["direct_messages"]["guild"]["name"] == "Direct Messages"
    assert documents["thread"]["channel"]["type"] == "GuildPublicThread"
    system_types = {m["type"] for m in documents["system_messages"]["messages"]}
    assert {"RecipientAdd", "RecipientRemove", "Call", "ChannelPinnedMessage"} <= system_types
    assert any(m["attachments"] and not m["content"] for m in documents["attachments"]["messages"])
    assert any(m["author"]["isBot"] for m in documents["guild_channel"]["messages"])
    assert all(d["messageCount"] == len(d["messages"]) for d in documents.values())


def test_discord_same_content_same_id() -> None:
    data = (DISCORD / "guild_channel.json").read_bytes()
    assert parse(data, "a/x.json").id == parse(data, "b/x.json").id
    assert parse(data).id != parse((DISCORD / "thread.json").read_bytes()).id


# Sniffing


def _other_files() -> list[Path]:
    """Every fixture of the other formats, and every shared sample (none is Discord's)."""
    found = [
        p
        for p in DATA.rglob("*")
        if p.is_file() and p.parent != DISCORD and not p.name.endswith(".expected.json")
    ]
    if SHARED.is_dir():
        found += [p for p in SHARED.rglob("*") if p.is_file()]
    return sorted(found)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_discord_sniffs_its_exports(path: Path) -> None:
    head = path.read_bytes()[: registry.HEAD_BYTES]
    assert discord.sniff(head)
    others = [n for n, i in registry.IMPORTERS.items() if n != discord.name and i.sniff(head)]
    assert others == [], f"{others} also claim {path}"
    found = registry.recognise(head)
    assert found is not None and found.name == discord.name


@pytest.mark.parametrize("path", _other_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_discord_does_not_sniff_other_formats(path: Path) -> None:
    assert not discord.sniff(path.read_bytes()[: registry.HEAD_BYTES])


@pytest.mark.parametrize(
    ("head", "claimed"),
    [
        (
            b'{\n  "guild": {\n    "id": "1",\n    "name": "G"\n  },\n  "channel": {"id": "2"},'
            b'\n  "dateRange": {},\n  "messages": [',
            True,
        ),
        (b'\xef\xbb\xbf  {"guild": {}, "channel": {}, "messages": []}', True),
        ('{"guild": {}, "channel": {}, "messages": [{"id": "1"'.encode("utf-16"), True),
        (b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "dateRange": {}', False),
        (b'{"channel": {}, "guild": {}, "messages": []}', False),
        (b'{"messages": [{"type": "message", "date_unixtime": "1"}]}', False),
        (b'[{"guild": {}, "channel": {}, "messages": []}]', False),
        (b"", False),
        (b"\x00\x00\x00", False),
    ],
)
def test_discord_sniff_cases(head: bytes, claimed: bool) -> None:
    assert discord.sniff(head) is claimed


@given(st.binary(max_size=1024))
@settings(max_examples=300, deadline=None)
def test_discord_sniff_never_raises(head: bytes) -> None:
    discord.sniff(head)
    discord.sniff(b'{"guild": {}, "channel": {}, "messages": [' + head)


# Messages


def test_discord_sender_is_nickname_else_name() -> None:
    conversation = parse(export(message("1", ANA, "hi"), message("2", BEN, "hello")))
    assert [m.sender for m in conversation.messages] == ["Ana", "ben_b"]
    assert [p.ids for p in conversation.participants] == [("discord:1",), ("discord:2",)]


def test_discord_same_display_name_different_users_stay_apart() -> None:
    twin = author("3", "ana.two", "Ana")
    triplet = author("4", "ana.two", "Ana")
    conversation = parse(
        export(message("1", ANA, "a"), message("2", twin, "b"), message("3", triplet, "c"))
    )
    assert [m.sender for m in conversation.messages] == ["Ana", "Ana (ana.two)", "Ana (4)"]


def test_discord_timestamps_keep_their_offset() -> None:
    first = message("1", ANA, "hi", timestamp="2024-05-01T14:00:00.1234567+02:00")
    second = message("2", BEN, "yo", timestamp="2024-05-01T12:30:00Z")
    third = message("3", BEN, "no offset", timestamp="2024-05-01T12:31:00")
    stamps = [m.timestamp for m in parse(export(first, second, third)).messages]
    assert stamps[0] == datetime(2024, 5, 1, 14, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    assert stamps[1] == datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    assert stamps[2] == datetime(2024, 5, 1, 12, 31, tzinfo=UTC)


def test_discord_reply_edit_pin_bot_and_share() -> None:
    reply = message(
        "2",
        author("9", "helper", "Helper", isBot=True),
        "see https://example.org",
        type="Reply",
        reference={"type": "Default", "messageId": "1", "channelId": "20", "guildId": "10"},
        timestampEdited="2024-05-01T12:05:00.000+00:00",
        isPinned=True,
        embeds=[{"title": "", "url": "https://example.org", "description": "Example site"}],
    )
    meta = parse(export(message("1", ANA, "question?"), reply)).messages[1].meta
    assert meta == {
        "reply_to_id": "1",
        "reply_to": 0,
        "edited": "2024-05-01T12:05:00+00:00",
        "pinned": True,
        "bot": True,
        "share": {"link": "https://example.org", "text": "Example site"},
    }


def test_discord_reactions_by_user_and_counts() -> None:
    reactions = [
        {"emoji": {"id": "", "name": "👍", "code": "thumbsup"}, "count": 3, "users": [BEN]},
        {"emoji": {"id": "77", "name": "blobdance", "isAnimated": True}, "count": 1},
        {"emoji": {}, "count": "x"},
    ]
    meta = parse(export(message("1", ANA, "news", reactions=reactions))).messages[0].meta
    assert meta["reactions"] == [{"actor": "ben_b", "reaction": "👍"}]
    assert meta["reaction_counts"] == {"👍": 3, ":blobdance:": 1}


def test_discord_reactor_who_speaks_later_keeps_their_name() -> None:
    reacted = message(
        "1", ANA, "hi", reactions=[{"emoji": {"name": "👋"}, "count": 1, "users": [BEN]}]
    )
    conversation = parse(export(reacted, message("2", BEN, "hello")))
    assert conversation.messages[0].meta["reactions"] == [{"actor": "ben_b", "reaction": "👋"}]
    assert conversation.messages[1].sender == "ben_b"


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"attachments": [{"fileName": "cat.PNG"}]}, "<image: cat.PNG>"),
        (
            {"attachments": [{"fileName": "talk.m4a"}, {"fileName": "x.zip"}]},
            "<audio: talk.m4a> <file: x.zip>",
        ),
        ({"attachments": [{"url": "https://cdn/x"}]}, "<file: attachment>"),
        ({"stickers": [{"name": "Hi"}, {}]}, "<sticker: Hi> <sticker>"),
        ({"embeds": [{"description": "no title"}]}, "<embed>"),
        ({"forwardedMessage": {"attachments": [{"fileName": "a.mov"}]}}, "<video: a.mov>"),
    ],
)
def test_discord_media_only_messages(fields: dict[str, Any], text: str) -> None:
    read = parse(export(message("1", ANA, "", **fields))).messages[0]
    assert (read.kind, read.text) == ("media", text)


def test_discord_forwarded_message_text() -> None:
    forwarded = {"timestamp": "2024-05-01T11:00:00+00:00", "content": "original words"}
    read = parse(export(message("1", ANA, "", forwardedMessage=forwarded))).messages[0]
    assert (read.kind, read.text, read.meta["forwarded"]) == ("text", "original words", True)


def test_discord_empty_message_is_empty_text() -> None:
    read = parse(export(message("1", ANA, "   "))).messages[0]
    assert (read.kind, read.text) == ("text", "")


@pytest.mark.parametrize(
    ("kind", "content", "text"),
    [
        ("RecipientAdd", "Added Ben to the group.", "added Ben to the group"),
        ("RecipientRemove", "", "removed a recipient"),
        ("ChannelNameChange", "Changed the channel name: plans", "changed the channel name: plans"),
        ("GuildMemberJoin", "", "joined the server"),
        ("ThreadCreated", "Started a thread.", "started a thread"),
        ("Call", "", "started a call"),
        ("8", "Boosted the server.", "boosted the server"),
        (7, "", "system message"),
    ],
)
def test_discord_system_messages(kind: Any, content: str, text: str) -> None:
    read = parse(export(message("1", ANA, content, type=kind))).messages[0]
    assert (read.sender, read.kind, read.text) == ("Ana", "system", text)
    assert parse(export(message("1", ANA, content, type=kind))).participants == ()


@pytest.mark.parametrize("kind", ["Default", "Reply", "20", "ChatInputCommand", None])
def test_discord_ordinary_message_types(kind: Any) -> None:
    assert parse(export(message("1", ANA, "hi", type=kind))).messages[0].kind == "text"


def test_discord_call_duration() -> None:
    call = message(
        "1",
        ANA,
        "Started a call that lasted 2 minutes.",
        type="Call",
        callEndedTimestamp="2024-05-01T12:02:30.000+00:00",
    )
    meta = parse(export(call)).messages[0].meta
    assert (meta["call_duration"], meta["call_ended"]) == (150, "2024-05-01T12:02:30+00:00")


@pytest.mark.parametrize(
    ("guild", "channel", "title"),
    [
        ({"name": "Makers"}, {"name": "chat", "type": "GuildTextChat"}, "Makers / #chat"),
        (
            {"name": "Direct Messages"},
            {"name": "ana", "type": "DirectTextChat"},
            "Direct Messages / ana",
        ),
        (
            {"name": "Direct Messages"},
            {"name": "ana, ben", "type": "DirectGroupTextChat"},
            "Direct Messages / ana, ben",
        ),
        (
            {"name": "Makers"},
            {"name": "Q&A", "type": "GuildPublicThread", "category": "help"},
            "Makers / #help / Q&A",
        ),
        ({"name": "Makers"}, {}, "Makers"),
        ({}, {"name": "chat"}, "#chat"),
    ],
)
def test_discord_titles(guild: dict[str, Any], channel: dict[str, Any], title: str) -> None:
    assert parse(export(message("1", ANA, "hi"), guild=guild, channel=channel)).title == title


def test_discord_title_without_guild_or_channel_is_the_file_name() -> None:
    document = {"messages": [message("1", ANA, "hi")]}
    assert parse(document, "exports/general.json").title == "general"
    assert parse(document, "<stdin>").title == "stdin"


def test_discord_empty_channel_is_an_empty_conversation() -> None:
    conversation = parse(export())
    assert (conversation.title, conversation.messages) == ("Makers / #chat", ())


# Bad input


@pytest.mark.parametrize(
    ("document", "match"),
    [
        ("[]", "no 'messages' list"),
        ('{"guild": {}, "channel": {}}', "no 'messages' list"),
        ('{"guild": {}, "messages": {"a": 1}}', "no 'messages' list"),
        ('{"messages": [{"type": "message", "from": "A"}]}', "no message has an 'author'"),
        ('{"messages": [{"author": {"id": "1"}}, 5]}', r"message #2 is not a JSON object"),
        (
            '{"messages": [{"id": "9", "author": {}, "timestamp": "yesterday"}]}',
            "message 9: invalid timestamp",
        ),
        ('{"messages": [{"author": {}, "timestamp": 5}]}', "message #1: timestamp is not a string"),
        (
            '{"messages": [{"author": {}, "timestampEdited": "2024-13-01T00:00:00Z"}]}',
            "invalid timestampEdited",
        ),
        ("", "empty file"),
        ('{"guild": {}, "channel": {}, "messages": [{', "not valid JSON"),
    ],
)
def test_discord_bad_documents(document: str, match: str) -> None:
    with pytest.raises(ParseError, match=match) as caught:
        parse(document, "bad/channel.json")
    assert caught.value.path == "bad/channel.json"


def test_discord_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "channel.json"
    data = (DISCORD / "guild_channel.json").read_bytes()
    path.write_bytes(data.replace(b"Indie Devs", b"Indie D\xe9vs", 1))
    with pytest.raises(EncodingError) as caught:
        registry.load_file(path)
    assert (caught.value.path, caught.value.line) == (str(path), 4)


def test_discord_reads_utf16_with_a_bom(tmp_path: Path) -> None:
    source = DISCORD / "direct_messages.json"
    path = tmp_path / "channel.json"
    path.write_bytes(source.read_text(encoding="utf-8").encode("utf-16"))
    loaded = registry.load_file(path)
    assert loaded.format == "discord"
    assert loaded.conversations[0].messages == registry.load_file(source).conversations[0].messages


# Fuzzing: only conversations or InputErrors naming the path, whatever the bytes

FUZZ_PATH = "fuzz/channel.json"


def parse_or_input_error(data: bytes, encoding: str = "utf-8") -> list[Conversation]:
    try:
        discord.sniff(data[: registry.HEAD_BYTES])
        return list(discord.parse(io.BytesIO(data), FUZZ_PATH, encoding=encoding))
    except InputError as error:
        assert error.path == FUZZ_PATH
        return []


_STARTS = st.sampled_from([b"", b'{"guild": {}, "channel": {}, "messages": [', b'{"messages": [{'])


@given(start=_STARTS, data=st.binary(max_size=600))
@FUZZ_SETTINGS
def test_discord_fuzz_random_bytes(start: bytes, data: bytes) -> None:
    parse_or_input_error(start + data)


def test_discord_fuzz_every_prefix_of_the_smallest_fixture() -> None:
    data = min(FIXTURES, key=lambda path: path.stat().st_size).read_bytes()
    for cut in range(len(data.rstrip())):
        assert parse_or_input_error(data[:cut]) == []


@given(fixture=st.sampled_from(FIXTURES), cut=st.integers(min_value=0), junk=st.binary(max_size=8))
@FUZZ_SETTINGS
def test_discord_fuzz_truncated_and_damaged_fixtures(fixture: Path, cut: int, junk: bytes) -> None:
    data = fixture.read_bytes()
    cut %= len(data)
    parse_or_input_error(data[:cut])
    parse_or_input_error(data[:cut] + junk + data[cut + len(junk) :])


@given(
    fixture=st.sampled_from(FIXTURES),
    at=st.integers(min_value=0),
    piece=st.text(min_size=1, max_size=20),
    codec=st.sampled_from(["latin-1", "cp1252", "utf-16-le", "utf-16", "shift_jis"]),
    encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]),
)
@FUZZ_SETTINGS
def test_discord_fuzz_mixed_encodings(
    fixture: Path, at: int, piece: str, codec: str, encoding: str
) -> None:
    data = fixture.read_bytes()
    at %= len(data)
    foreign = piece.encode(codec, errors="replace")
    parse_or_input_error(data[:at] + foreign + data[at:], encoding)


@pytest.mark.parametrize("depth", [10, 900, 5_000, 200_000])
@pytest.mark.parametrize("shape", ["messages", "content", "author"])
def test_discord_deeply_nested_json(depth: int, shape: str) -> None:
    nested = "[" * depth + "]" * depth
    if shape == "messages":
        data = '{"guild": {}, "channel": {}, "messages": [' + nested + "]}"
    elif shape == "content":
        data = '{"messages": [{"author": {}, "content": ' + nested + "}]}"
    else:
        data = '{"messages": [{"author": ' + '{"a": ' * depth + "1" + "}" * depth + "}]}"
    assert parse_or_input_error(data.encode()) is not None


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_VALUES = _JSON | st.sampled_from(
    [
        "Default",
        "Reply",
        "Call",
        "RecipientAdd",
        "3",
        "²",
        "٣",
        "2024-05-01T12:00:00+00:00",
        "voice-message.ogg",
    ]
)
_USER = st.dictionaries(st.sampled_from(["id", "name", "nickname", "isBot"]), _VALUES, max_size=4)
_OBJECTS = st.lists(
    st.dictionaries(
        st.sampled_from(
            ["fileName", "name", "title", "url", "description", "count", "users", "emoji"]
        ),
        _VALUES | _USER | st.lists(_USER, max_size=3),
        max_size=4,
    )
    | _JSON,
    max_size=3,
)
_MESSAGE = st.fixed_dictionaries(
    {"author": _USER | _JSON},
    optional={
        "id": _VALUES,
        "type": _VALUES,
        "timestamp": _VALUES,
        "timestampEdited": _VALUES,
        "callEndedTimestamp": _VALUES,
        "isPinned": _VALUES,
        "content": _VALUES,
        "attachments": _OBJECTS | _JSON,
        "embeds": _OBJECTS | _JSON,
        "stickers": _OBJECTS | _JSON,
        "reactions": _OBJECTS | _JSON,
        "reference": st.dictionaries(st.sampled_from(["messageId"]), _VALUES) | _JSON,
        "forwardedMessage": st.dictionaries(
            st.sampled_from(["content", "attachments", "stickers"]), _VALUES | _OBJECTS
        )
        | _JSON,
    },
)
_DOCUMENT = st.fixed_dictionaries(
    {"messages": st.lists(_MESSAGE | _JSON, max_size=5)},
    optional={
        "guild": st.dictionaries(st.sampled_from(["id", "name"]), _VALUES) | _JSON,
        "channel": st.dictionaries(st.sampled_from(["id", "name", "type", "category"]), _VALUES)
        | _JSON,
    },
)


@given(_DOCUMENT)
@FUZZ_SETTINGS
def test_discord_fuzz_json_shapes(document: dict[str, Any]) -> None:
    for conversation in parse_or_input_error(json.dumps(document).encode()):
        assert all(isinstance(m.text, str) for m in conversation.messages)
        assert all(
            m.timestamp is None or m.timestamp.tzinfo is not None for m in conversation.messages
        )


@pytest.fixture(scope="module")
def huge_value_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DiscordChatExporter export whose one message is an 11 MB string."""
    path = tmp_path_factory.mktemp("huge") / "channel.json"
    body = "word " * (11 * 1024 * 1024 // 5)
    path.write_text(json.dumps(export(message("1", ANA, body))), encoding="utf-8")
    return path


def test_discord_huge_value_is_read(huge_value_file: Path) -> None:
    (conversation,) = registry.load_file(huge_value_file).conversations
    assert len(conversation.messages[0].text) > 11_000_000


# Through the command line


def run(*args: str | Path) -> Result:
    return CliRunner(env=ENV).invoke(app, [str(arg) for arg in args])


def error_line(result: Result) -> str:
    """The one ``Error:`` line of a run that failed on bad input (exit 2), without traceback."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    said = [line for line in result.stderr.splitlines() if line.strip()]
    assert said and said[0].startswith("Error: "), result.stderr
    assert sum(line.startswith("Error:") for line in said) == 1, result.stderr
    return said[0]


def test_discord_cli_analyze_fixture() -> None:
    result = run("analyze", DISCORD / "direct_messages.json", "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    report = json.loads(result.stdout)
    assert [c["title"] for c in report["conversations"]] == ["Direct Messages / jordan"]
    assert "as discord (1 conversation)" in result.stderr


def test_discord_cli_bad_input_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "channel.json"
    path.write_bytes((DISCORD / "guild_channel.json").read_bytes()[:700])
    result = run("analyze", path, "--format", "json")
    assert error_line(result).startswith(f"Error: {path}:")


def test_discord_cli_forced_on_a_telegram_export_exits_2() -> None:
    path = DATA / "telegram" / "personal_chat.json"
    result = run("analyze", path, "--from", "discord")
    assert error_line(result).startswith(f"Error: {path}: not a DiscordChatExporter export")
