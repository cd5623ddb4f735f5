"""The Messenger / Instagram importer: fixtures, shared exports, sniffing, trees, fuzzing, CLI."""

from __future__ import annotations

import codecs
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
from sincere.errors import InputError, ParseError
from sincere.importers import messenger, registry
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data"
HERE = DATA / "messenger"
SHARED = Path(__file__).parents[3] / "shared" / "exports"
FIXTURES = sorted([*HERE.glob("*.json"), *(p for p in HERE.iterdir() if p.is_dir())])
FIXTURES = [p for p in FIXTURES if not p.name.endswith(".expected.json")]
#: Every message_N.json of the fixtures (the thread folder's files too).
FIXTURE_FILES = sorted(p for p in HERE.rglob("*.json") if not p.name.endswith(".expected.json"))
MY_SHARED_FOLDERS = ("facebook_messenger", "instagram")


def expected_path(path: Path) -> Path:
    return path.parent / f"{path.name.removesuffix('.json')}.expected.json"


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of the ``*.expected.json`` files beside the fixtures."""
    started, ended = conversation.started_at, conversation.ended_at
    return {
        "title": conversation.title,
        "senders": list(conversation.participant_names()),
        "is_me": [p.name for p in conversation.participants if p.is_me],
        "message_count": len(conversation.messages),
        "first_timestamp": started.isoformat() if started else None,
        "last_timestamp": ended.isoformat() if ended else None,
        "messages": [[m.sender, m.kind, m.text] for m in conversation.messages],
        "meta": [[m.index, dict(m.meta)] for m in conversation.messages if m.meta],
    }


def read(data: bytes, path: str = "message_1.json") -> Conversation:
    (conversation,) = messenger.parse(io.BytesIO(data), path)
    assert isinstance(conversation, Conversation)
    return conversation


def document(*messages: dict[str, Any], **fields: Any) -> bytes:
    """A message_1.json with ``messages`` (given oldest first, stored newest first)."""
    body: dict[str, Any] = {
        "participants": [{"name": "Ana"}, {"name": "Ben"}],
        "messages": list(reversed(messages)),
        "title": "Ana",
        "thread_path": "inbox/ana_1",
    }
    body.update(fields)
    return json.dumps(body).encode()


def message(sender: str, ms: int, content: str | None = None, **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"sender_name": sender, "timestamp_ms": ms}
    if content is not None:
        found["content"] = content
    found.update(extra)
    return found


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


# Fixtures


def test_messenger_fixtures_cover_every_variant() -> None:
    assert {p.name.removesuffix(".json") for p in FIXTURES} >= {
        "dm",
        "group_system",
        "mojibake",
        "media_only",
        "shares_reactions",
        "instagram_handle",
        "thread_multi",
    }
    assert all(expected_path(p).is_file() for p in FIXTURES)
    assert sorted(p.name for p in (HERE / "thread_multi").iterdir()) == [
        "message_1.json",
        "message_2.json",
    ]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_messenger_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "messenger"
    (conversation,) = loaded.conversations
    assert conversation.source.format == "messenger"
    assert conversation.source.path == str(path)
    assert [m.index for m in conversation.messages] == list(range(len(conversation.messages)))
    assert all(m.timestamp is not None and m.timestamp.tzinfo is UTC for m in conversation.messages)
    assert summary(conversation) == expected


def test_messenger_fixtures_store_newest_first_and_mojibake() -> None:
    """The fixtures really are in Meta's layout: newest first, text as mojibake."""
    raw = json.loads((HERE / "dm.json").read_text(encoding="utf-8"))
    stamps = [m["timestamp_ms"] for m in raw["messages"]]
    assert stamps == sorted(stamps, reverse=True)
    text = (HERE / "mojibake.json").read_text(encoding="utf-8")
    assert "\\u00c3\\u00a9" in text  # "é" as two Latin-1 code points


# Shared exports (hand-checked: counts, senders, first and last timestamps)

SHARED_EXPECTED = {
    # Two messages with the same timestamp; the file lists Allan first, so (newest first)
    # John's came first.
    "facebook_messenger/chatminer_message_1.json": (
        2,
        ["John Doe", "Allan Smith"],
        "2022-11-16T19:50:03.612000+00:00",
        "2022-11-16T19:50:03.612000+00:00",
    ),
    # Hans's share (German attachment placeholder) then Peter's rose, repaired from mojibake.
    "facebook_messenger/meta_dyi_message_1_mojibake.json": (
        2,
        ["Hans", "Peter"],
        "2021-03-24T19:26:21.404000+00:00",
        "2021-05-14T13:29:27.908000+00:00",
    ),
    # 13 messages, timestamps out of order in the file; names with a repaired heart emoji.
    "instagram/chatminer_message_1.json": (
        13,
        ["John Doe", "Jane Doe", "Lionel Messi", "J❤️hn Doe", "❤️"],
        "2014-12-24T17:08:00+00:00",
        "2022-09-10T22:37:00+00:00",
    ),
    "instagram/chatminer_minimal_message_1.json": (
        2,
        ["Jane Doe", "John Doe"],
        "2019-12-24T11:23:00+00:00",
        "2020-01-17T20:49:00+00:00",
    ),
}


@pytest.mark.parametrize("name", sorted(SHARED_EXPECTED))
def test_messenger_shared_exports_load(name: str) -> None:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"shared sample {path} is not available")
    count, senders, first, last = SHARED_EXPECTED[name]
    loaded = registry.load_file(path)
    assert loaded.format == "messenger"
    (conversation,) = loaded.conversations
    assert len(conversation.messages) == count
    assert list(conversation.participant_names()) == senders
    assert conversation.started_at is not None and conversation.ended_at is not None
    assert conversation.started_at.isoformat() == first
    assert conversation.ended_at.isoformat() == last


def test_messenger_shared_exports_details() -> None:
    path = SHARED / "facebook_messenger" / "meta_dyi_message_1_mojibake.json"
    instagram = SHARED / "instagram" / "chatminer_message_1.json"
    if not path.is_file() or not instagram.is_file():
        pytest.skip("shared samples are not available")
    (conversation,) = registry.load_file(path).conversations
    assert [(m.sender, m.kind, m.text) for m in conversation.messages] == [
        ("Hans", "media", "<share: url>"),
        ("Peter", "text", "🌹"),
    ]
    assert conversation.messages[0].meta["share"] == {"link": "url", "text": "url description"}
    (group,) = registry.load_file(instagram).conversations
    kinds = [m.kind for m in group.messages]
    assert (kinds.count("text"), kinds.count("media"), kinds.count("system")) == (5, 5, 3)
    assert group.title == "Test Log"
    assert group.messages[1].meta["reactions"] == [
        {"actor": "J❤️hn Doe", "reaction": "❤️"},
        {"actor": "Jane Doe", "reaction": "💖"},
    ]


# Sniffing


def other_formats_files() -> list[Path]:
    found = [
        p
        for p in sorted(DATA.rglob("*"))
        if p.is_file()
        and p.parent.name != "messenger"
        and p.parent.parent.name != "messenger"
        and not p.name.endswith(".expected.json")
    ]
    if SHARED.is_dir():
        found += [
            p
            for p in sorted(SHARED.rglob("*"))
            if p.is_file() and p.parent.name not in MY_SHARED_FOLDERS
        ]
    return found


def mine() -> list[Path]:
    found = list(FIXTURE_FILES)
    for folder in MY_SHARED_FOLDERS:
        if (SHARED / folder).is_dir():
            found += sorted((SHARED / folder).glob("*.json"))
    return found


def head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(registry.HEAD_BYTES)


@pytest.mark.parametrize("path", mine(), ids=lambda p: p.name)
def test_messenger_sniff_claims_its_files_before_any_other_format(path: Path) -> None:
    assert messenger.sniff(head(path))
    assert registry.recognise(head(path)) is registry.get("messenger")


@pytest.mark.parametrize("path", other_formats_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_messenger_sniff_rejects_other_formats(path: Path) -> None:
    assert not messenger.sniff(head(path))


@pytest.mark.parametrize(
    "data",
    [
        # Telegram Desktop result.json
        b'{"name": "Ana", "type": "personal_chat", "id": 1, "messages": [{"id": 1, '
        b'"type": "message", "date": "2024-01-01T10:00:00", "from": "Ana", "text": "hi"}]}',
        # DiscordChatExporter
        b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [{"id": "3", '
        b'"timestamp": "2024-01-01T10:00:00+00:00", "author": {"name": "ana"}, "content": "hi"}]}',
        # Slack channel day file
        b'[{"type": "message", "user": "U1", "text": "hi", "ts": "1704103200.000100"}]',
        # Meta's key names quoted inside a string, not keys
        b'{"messages": [{"text": "\\"sender_name\\": \\"timestamp_ms\\":"}]}',
        b"",
        b"\x00\x01\x02",
        b"not json at all",
    ],
)
def test_messenger_sniff_rejects_lookalikes(data: bytes) -> None:
    assert not messenger.sniff(data)


def test_messenger_sniff_accepts_bom_and_truncated_head() -> None:
    data = (HERE / "dm.json").read_bytes()
    assert messenger.sniff(codecs.BOM_UTF8 + data)
    assert messenger.sniff(data[: data.index(b'"timestamp_ms"') + 20])
    assert messenger.sniff(data.decode().encode("utf-16"))


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["message_1.json"], True),
        (["message_1.json", "message_2.json", "photos/1.jpg"], True),
        (["your_facebook_activity/messages/inbox/ana_1/message_1.json", "index.html"], True),
        (["messages/inbox/a_1/message_1.json", "messages/inbox/b_2/message_1.json"], True),
        (["message_2.json"], False),
        (["message_1.html"], False),
        (["channels.json", "users.json", "general/2024-01-02.json"], False),
        (["result.json"], False),
        ([], False),
    ],
)
def test_messenger_sniff_tree(names: list[str], expected: bool) -> None:
    assert messenger.sniff_tree(names) is expected


# Trees: thread folders and zips of a whole export


def test_messenger_thread_folder_merges_files_in_time_order() -> None:
    loaded = registry.load_file(HERE / "thread_multi")
    (conversation,) = loaded.conversations
    stamps = [m.timestamp for m in conversation.messages]
    assert stamps == sorted(s for s in stamps if s is not None)
    # The two files share 2021-12-31 09:00: the older file's message comes first.
    assert [m.text for m in conversation.messages[2:4]] == [
        "The whole climbing crew.",
        "Then count me in!",
    ]


def test_messenger_single_file_of_a_thread_is_read_alone() -> None:
    (conversation,) = registry.load_file(HERE / "thread_multi" / "message_2.json").conversations
    assert len(conversation.messages) == 3
    assert conversation.title == "Ana Silva"


def test_messenger_directory_walk_keeps_thread_folder_whole() -> None:
    found = registry.expand([str(HERE)])
    assert str(HERE / "thread_multi") in found
    assert not any("message_1.json" in path for path in found)
    assert str(HERE / "dm.json") in found


def build_export_zip(path: Path) -> None:
    """A zip shaped like a whole 'Download your information' export: two threads, media,
    other JSON files."""
    prefix = "your_facebook_activity/messages/inbox"
    with zipfile.ZipFile(path, "w") as archive:
        for member in ("message_1.json", "message_2.json"):
            archive.write(HERE / "thread_multi" / member, f"{prefix}/anasilva_3309/{member}")
        archive.write(HERE / "dm.json", f"{prefix}/priyanair_7301/message_1.json")
        archive.writestr(f"{prefix}/priyanair_7301/photos/1.jpg", b"\xff\xd8\xff")
        archive.writestr("personal_information/profile_information.json", b'{"profile": {}}')
        archive.writestr("your_facebook_activity/messages/autofill_information.json", b"{}")


def test_messenger_zip_of_whole_export_gives_one_conversation_per_thread(tmp_path: Path) -> None:
    path = tmp_path / "facebook-export.zip"
    build_export_zip(path)
    loaded = registry.load_file(path)
    assert loaded.format == "messenger"
    assert [(c.title, len(c.messages)) for c in loaded.conversations] == [
        ("Ana Silva", 6),
        ("Priya Nair", 7),
    ]
    assert loaded.conversations[0].source.path == (
        f"{path}!your_facebook_activity/messages/inbox/anasilva_3309"
    )


def test_messenger_zip_error_names_the_member(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inbox/a_1/message_1.json", json.dumps({"messages": [{"x": 1}]}))
    with pytest.raises(ParseError, match=r"messages\[0\] has no 'sender_name'") as caught:
        registry.load_file(path)
    assert caught.value.path == f"{path}!inbox/a_1/message_1.json"


def test_messenger_tree_with_only_empty_threads_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "inbox_thread"
    folder.mkdir()
    (folder / "message_1.json").write_bytes(document())
    with pytest.raises(ParseError, match="no message found") as caught:
        registry.load_file(folder)
    assert caught.value.path == str(folder)


def test_messenger_forced_format_reads_an_inbox_folder(tmp_path: Path) -> None:
    for thread in ("a_1", "b_2"):
        (tmp_path / thread).mkdir()
        (tmp_path / thread / "message_1.json").write_bytes(
            document(message("Ana", 1_700_000_000_000, f"hi from {thread}"))
        )
    loaded = registry.load_file(tmp_path, format="instagram")
    assert [c.messages[0].text for c in loaded.conversations] == ["hi from a_1", "hi from b_2"]


# What the messages become


def test_messenger_aliases_name_the_same_importer() -> None:
    assert registry.get("instagram") is registry.get("facebook") is registry.get("messenger")


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Ã©tÃ©", "été"),
        ("\u00f0\u009f\u008c\u00b9", "🌹"),
        ("\u00e2\u009d\u00a4\u00ef\u00b8\u008f", "❤️"),
        ("café", "café"),  # proper Latin-1 text that is not UTF-8 once encoded
        ("Привет 🎉", "Привет 🎉"),  # proper Unicode beyond Latin-1
        ("plain ascii", "plain ascii"),
        ("", ""),
    ],
)
def test_messenger_repair_mojibake(raw: str, fixed: str) -> None:
    assert messenger.repair(raw) == fixed


def test_messenger_repairs_every_string() -> None:
    data = document(
        message(
            mojibake("Zoë"),
            1_000,
            mojibake("Ça va ?"),
            reactions=[{"reaction": mojibake("😍"), "actor": mojibake("Jürgen")}],
            share={"link": "https://example.org/é", "share_text": mojibake("Crème brûlée")},
        ),
        participants=[{"name": mojibake("Zoë")}, {"name": mojibake("Jürgen")}],
        title=mojibake("Zoë & Jürgen"),
    )
    conversation = read(data)
    (first,) = conversation.messages
    assert (conversation.title, first.sender, first.text) == ("Zoë & Jürgen", "Zoë", "Ça va ?")
    assert conversation.participant_names() == ("Zoë", "Jürgen")
    assert first.meta["reactions"] == [{"actor": "Jürgen", "reaction": "😍"}]
    assert first.meta["share"] == {"link": "https://example.org/é", "text": "Crème brûlée"}


def test_messenger_orders_oldest_first_stable_for_equal_timestamps() -> None:
    # Stored newest first: "third" is the newest; "first" and "second" share a timestamp.
    data = json.dumps(
        {
            "participants": [{"name": "Ana"}, {"name": "Ben"}],
            "messages": [
                message("Ana", 3_000, "third"),
                message("Ben", 2_000, "second"),
                message("Ana", 2_000, "first"),
                message("Ben", 1_000, "zeroth"),
            ],
        }
    ).encode()
    conversation = read(data)
    assert [m.text for m in conversation.messages] == ["zeroth", "first", "second", "third"]
    assert conversation.messages[0].timestamp == datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("Ana named the group Hiking.", "system"),
        ("Ana added Ben to the group.", "system"),
        ("Ana removed Ben from the group.", "system"),
        ("Ben left the group.", "system"),
        ("You are now connected on Messenger", "system"),
        ("You sent an attachment.", "system"),
        ("Ana reacted ❤ to your message", "system"),
        ("Reacted 👍 to your message", "system"),
        ("This message was unsent", "system"),
        ("Ana set the nickname for Ben to Bear.", "system"),
        ("The video chat ended.", "system"),
        ("Ana created a poll: Friday or Saturday?", "system"),
        ('Ben voted for "Friday" in the poll.', "system"),
        ("Ana turned on disappearing messages.", "system"),
        ("I added Ben to the group.", "text"),  # "I" is nobody in the thread
        ("Ben called me yesterday, he is fine", "text"),
        ("Ben turned off the lights, finally", "text"),
        ("Ben joined the group chat late", "text"),
        ("Ana, left the group already?", "text"),
        ("Ben left the group chat on WhatsApp, not here", "text"),
        ("Ana named the group Hiking.\nDo you like it?", "text"),  # Meta lines are one line
    ],
)
def test_messenger_auto_texts_are_system_lines(content: str, kind: str) -> None:
    conversation = read(document(message("Ana", 1_000, content)))
    assert conversation.messages[0].kind == kind
    assert conversation.messages[0].text == content


def test_messenger_media_descriptions() -> None:
    photo = {"uri": "messages/inbox/a_1/photos/p.jpg"}
    conversation = read(
        document(
            message("Ana", 1_000, photos=[photo]),
            message("Ana", 2_000, photos=[photo, photo, photo]),
            message("Ben", 3_000, audio_files=[{"uri": "a/b/voice.mp4"}]),
            message("Ben", 4_000, sticker={"uri": "stickers/s.png"}),
            message("Ana", 5_000, files=[{"uri": "files/r%C3%A9sum%C3%A9.pdf"}]),
            message("Ana", 6_000, gifs=[{"uri": "g/1.gif"}, {"uri": "g/2.gif"}]),
            message("Ben", 7_000),
        )
    )
    assert [(m.kind, m.text) for m in conversation.messages] == [
        ("media", "<photo>"),
        ("media", "<3 photos>"),
        ("media", "<audio>"),
        ("media", "<sticker>"),
        ("media", "<file: r%C3%A9sum%C3%A9.pdf>"),
        ("media", "<2 GIFs>"),
        ("media", "<message without text>"),
    ]
    assert conversation.messages[1].meta["attachments"] == ["p.jpg", "p.jpg", "p.jpg"]


def test_messenger_calls_unsent_and_membership() -> None:
    conversation = read(
        document(
            message("Ana", 1_000, "Ana called you.", type="Call", call_duration=75),
            message("Ben", 2_000, is_unsent=True),
            message("Ben", 3_000, "secret", is_unsent=True),
            message("Ana", 4_000, type="Subscribe"),
            message("Ben", 5_000, type="Unsubscribe"),
        )
    )
    assert [(m.sender, m.kind, m.text) for m in conversation.messages] == [
        ("Ana", "system", "Ana called you."),
        ("Ben", "system", "This message was unsent"),
        ("Ben", "system", "secret"),
        ("Ana", "system", "Ana joined the group"),
        ("Ben", "system", "Ben left the group"),
    ]
    assert conversation.messages[0].meta == {"call_duration": 75}
    assert all(m.duration is None for m in conversation.messages)


def test_messenger_participants_speakers_first_then_silent_members_nobody_is_me() -> None:
    conversation = read(
        document(
            message("Ben", 1_000, "hi"),
            message("Cleo", 2_000, "hello"),
            participants=[{"name": "Ana"}, {"name": "Ben"}, {"name": "Cleo"}],
        )
    )
    assert conversation.participant_names() == ("Ben", "Cleo", "Ana")
    assert not any(p.is_me for p in conversation.participants)


def test_messenger_title_falls_back_to_participants_then_file_name() -> None:
    data = document(message("Ana", 1_000, "hi"), title="")
    assert read(data).title == "Ana, Ben"
    bare = json.dumps({"messages": [message("Ana", 1_000, "hi")]}).encode()
    assert read(bare).title == "Ana"
    assert read(bare, "<stdin>").title == "Ana"


def test_messenger_same_content_same_id() -> None:
    data = (HERE / "dm.json").read_bytes()
    assert read(data, "a/message_1.json").id == read(data, "b/message_1.json").id
    other = (HERE / "group_system.json").read_bytes()
    assert read(data).id != read(other).id


def test_messenger_old_timestamp_in_seconds() -> None:
    data = document({"sender_name": "Ana", "timestamp": 1_500_000_000, "content": "old"})
    stamp = read(data).messages[0].timestamp
    assert stamp == datetime(2017, 7, 14, 2, 40, tzinfo=UTC)


# Bad input


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"[]", "no 'messages' list"),
        (b'{"participants": []}', "no 'messages' list"),
        (b'{"messages": {}}', "no 'messages' list"),
        (b'{"messages": [1]}', r"messages\[0\] is not an object"),
        (b'{"messages": [{"timestamp_ms": 1}]}', r"messages\[0\] has no 'sender_name'"),
        (b'{"messages": [{"sender_name": "A"}]}', r"messages\[0\] has no 'timestamp_ms'"),
        (b'{"messages": [{"sender_name": "A", "timestamp_ms": "x"}]}', "not a number"),
        (b'{"messages": [{"sender_name": "A", "timestamp_ms": true}]}', "not a number"),
        (b'{"messages": [{"sender_name": "A", "timestamp_ms": 1e300}]}', "out of range"),
        (b'{"messages": [{"sender_name": "A", "timestamp_ms": NaN}]}', "out of range"),
        (b'{"messages": [{"sender_name": "A", "timestamp_ms": 1, "content": 5}]}', "not a string"),
        (b'{"messages": []}', "empty thread"),
        (b"", "empty file"),
        (b'{"messages": [\n{"sender_name": "A",,}]}', "not valid JSON"),
    ],
)
def test_messenger_bad_documents_raise_parse_errors(data: bytes, match: str) -> None:
    with pytest.raises(ParseError, match=match) as caught:
        read(data, "bad/message_1.json")
    assert caught.value.path == "bad/message_1.json"


def test_messenger_json_syntax_error_names_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        read(b'{"messages": [\n{"sender_name": "A",,}]}')
    assert caught.value.line == 2


def test_messenger_invalid_utf8_is_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "message_1.json"
    path.write_bytes(document(message("Ana", 1_000, "hi")).replace(b"hi", b"h\xff"))
    with pytest.raises(InputError) as caught:
        registry.load_file(path, format="messenger")
    assert caught.value.path == str(path)
    assert caught.value.line == 1


# Fuzzing: only InputError (naming the path) or conversations, never anything else


def only_input_errors(data: bytes, path: str = "fuzz/message_1.json") -> None:
    messenger.sniff(data)
    try:
        for conversation in messenger.parse(io.BytesIO(data), path):
            assert isinstance(conversation, Conversation)
    except InputError as error:
        assert error.path == path


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
MESSAGE_KEYS = st.sampled_from(
    [
        "sender_name",
        "timestamp_ms",
        "timestamp",
        "content",
        "photos",
        "videos",
        "audio_files",
        "gifs",
        "files",
        "sticker",
        "share",
        "reactions",
        "call_duration",
        "is_unsent",
        "type",
        "users",
    ]
)
MESSAGES = st.lists(
    st.dictionaries(MESSAGE_KEYS, JSON_VALUES, max_size=6)
    | st.fixed_dictionaries(
        {
            "sender_name": st.text(max_size=10),
            "timestamp_ms": st.integers(min_value=-(2**60), max_value=2**60),
        },
        optional={
            "content": st.text(max_size=30),
            "type": st.sampled_from(["Generic", "Share", "Call", "Subscribe", "Unsubscribe"]),
            "photos": st.lists(st.dictionaries(st.just("uri"), JSON_VALUES), max_size=3),
            "share": st.dictionaries(st.sampled_from(["link", "share_text"]), JSON_VALUES),
            "reactions": st.lists(
                st.dictionaries(st.sampled_from(["reaction", "actor"]), JSON_VALUES), max_size=3
            ),
            "is_unsent": JSON_VALUES,
        },
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(
    messages=MESSAGES,
    participants=JSON_VALUES,
    title=JSON_VALUES,
    thread_path=JSON_VALUES,
)
def test_messenger_random_documents_raise_only_input_errors(
    messages: list[Any], participants: Any, title: Any, thread_path: Any
) -> None:
    data = json.dumps(
        {
            "participants": participants,
            "messages": messages,
            "title": title,
            "thread_path": thread_path,
        }
    ).encode()
    only_input_errors(data)


@settings(max_examples=300, deadline=None)
@given(
    start=st.sampled_from([b"", b"{", b'{"messages": [', b'{"messages": [{"sender_name": "A", ']),
    data=st.binary(max_size=300),
)
def test_messenger_random_bytes_raise_only_input_errors(start: bytes, data: bytes) -> None:
    only_input_errors(start + data)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_messenger_every_truncation_raises_only_input_errors(path: Path) -> None:
    data = path.read_bytes()
    for cut in range(0, len(data), 7):
        only_input_errors(data[:cut])


@settings(max_examples=100, deadline=None)
@given(
    fixture=st.sampled_from(FIXTURE_FILES),
    codec=st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32", "utf-8-sig"]),
    option=st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]),
)
def test_messenger_mixed_encodings_raise_only_input_errors(
    fixture: Path, codec: str, option: str
) -> None:
    text = fixture.read_text(encoding="utf-8")
    data = text.encode(codec, errors="replace")
    messenger.sniff(data)
    try:
        list(messenger.parse(io.BytesIO(data), "enc/message_1.json", encoding=option))
    except InputError as error:
        assert error.path == "enc/message_1.json"


def test_messenger_deeply_nested_json_is_a_parse_error() -> None:
    data = b'{"messages": [' + b"[" * 200_000 + b"]" * 200_000 + b"]}"
    with pytest.raises(ParseError, match="nested too deeply") as caught:
        read(data, "deep/message_1.json")
    assert caught.value.path == "deep/message_1.json"


@pytest.fixture(scope="module")
def huge_content() -> bytes:
    """A valid thread whose one message is 11 MB of text (built once)."""
    return document(message("Ana", 1_000, "word " * 2_200_000))


def test_messenger_huge_value_reads(huge_content: bytes) -> None:
    assert len(huge_content) > 11_000_000
    conversation = read(huge_content)
    assert len(conversation.messages[0].text) == 11_000_000 - 1


def test_messenger_huge_value_truncated_raises_only_input_errors(huge_content: bytes) -> None:
    for cut in (10, 5_000_000, len(huge_content) - 3):
        only_input_errors(huge_content[:cut])


def error_lines(stderr: str) -> list[str]:
    """The non-blank lines of the CLI's stderr (a progress display may leave blank ones)."""
    return [line for line in stderr.splitlines() if line.strip()]


# Through the CLI


def test_messenger_cli_analyze_fixture_exits_zero() -> None:
    result = CliRunner().invoke(app, ["analyze", str(HERE / "dm.json"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    json.loads(result.stdout)


def test_messenger_cli_analyze_thread_folder_exits_zero() -> None:
    result = CliRunner().invoke(app, ["analyze", str(HERE / "thread_multi"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f"Read {HERE / 'thread_multi'} as messenger (1 conversation)" in result.stderr


def test_messenger_cli_bad_input_exits_two(tmp_path: Path) -> None:
    path = tmp_path / "message_1.json"
    path.write_bytes(b'{"participants": [], "messages": [{"sender_name": "A"}]}')
    result = CliRunner().invoke(app, ["analyze", str(path), "--from", "messenger"])
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert lines[0].startswith(f"Error: {path}: messages[0] has no 'timestamp_ms'")
    assert len(lines) <= 2  # the error, and maybe a hint
    assert "Traceback" not in result.output
