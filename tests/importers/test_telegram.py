"""The Telegram Desktop JSON importer: fixtures, shared exports, sniffing, fuzzing, bad input."""

from __future__ import annotations

import functools
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from sincere.cli import app
from sincere.errors import EncodingError, InputError, InputTooLargeError, ParseError
from sincere.importers import _json, registry, telegram
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data"
TELEGRAM = DATA / "telegram"
FIXTURES = sorted(p for p in TELEGRAM.glob("*.json") if not p.name.endswith(".expected.json"))
SHARED = Path(__file__).parents[3] / "shared" / "exports"
SHARED_TELEGRAM = SHARED / "telegram"

ENV: dict[str, str | None] = {"COLUMNS": "200", "NO_COLOR": "1", "SINCERE_DEBUG": None}

FUZZ_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def summary(conversation: Conversation) -> dict[str, Any]:
    """The shape of one conversation in the ``*.expected.json`` files."""
    started, ended = conversation.started_at, conversation.ended_at
    return {
        "title": conversation.title,
        "message_count": len(conversation.messages),
        "senders": list(conversation.participant_names()),
        "me": [p.name for p in conversation.participants if p.is_me],
        "ids": {p.name: list(p.ids) for p in conversation.participants if p.ids},
        "first_timestamp": started.isoformat() if started else None,
        "last_timestamp": ended.isoformat() if ended else None,
        "messages": [[m.sender, m.kind, m.text] for m in conversation.messages],
        "meta": {str(m.index): dict(m.meta) for m in conversation.messages if m.meta},
    }


def parse(data: bytes | str | dict[str, Any], path: str = "result.json") -> list[Conversation]:
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False)
    raw = data.encode() if isinstance(data, str) else data
    return list(telegram.parse(io.BytesIO(raw), path))


def parse_one(data: bytes | str | dict[str, Any], path: str = "result.json") -> Conversation:
    (conversation,) = parse(data, path)
    return conversation


def chat(*messages: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A single-chat export holding ``messages``."""
    return {"name": "Chat", "type": "private_group", "id": 42, **fields, "messages": list(messages)}


def text(mid: int, sender: str | None, sender_id: str, body: Any, **extra: Any) -> dict[str, Any]:
    second = mid % 60
    return {
        "id": mid,
        "type": "message",
        "date": f"2024-01-01T10:00:{second:02d}",
        "from": sender,
        "from_id": sender_id,
        "text": body,
        **extra,
    }


def service(mid: int, actor: str | None, action: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": mid,
        "type": "service",
        "date": "2024-01-01T10:00:00",
        "actor": actor,
        "actor_id": f"user{mid}",
        "action": action,
        "text": "",
        **extra,
    }


# Fixtures


def test_telegram_fixtures_cover_every_variant() -> None:
    assert {path.stem for path in FIXTURES} >= {
        "personal_chat",
        "group_service",
        "text_entities",
        "full_account",
        "media_only",
        "reactions",
        "unixtime_only",
        "date_only",
    }
    assert all(path.with_suffix(".expected.json").is_file() for path in FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_telegram_fixture_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    loaded = registry.load_file(path)
    assert loaded.format == "telegram"
    assert [summary(c) for c in loaded.conversations] == expected
    for conversation in loaded.conversations:
        assert conversation.source.path == str(path)
        assert conversation.source.format == "telegram"
        assert [m.index for m in conversation.messages] == list(range(len(conversation.messages)))
        speakers = {m.sender for m in conversation.messages if m.kind != "system" and m.sender}
        assert speakers == set(conversation.participant_names())


def test_telegram_fixtures_hold_the_raw_variants() -> None:
    """The fixtures really contain what they are named after."""
    entities = json.loads((TELEGRAM / "text_entities.json").read_text(encoding="utf-8"))
    assert all(isinstance(m.get("text", []), list) for m in entities["messages"])
    assert any("text" not in m for m in entities["messages"])
    unix_only = (TELEGRAM / "unixtime_only.json").read_text(encoding="utf-8")
    assert '"date_unixtime"' in unix_only and '"date"' not in unix_only
    dates_only = (TELEGRAM / "date_only.json").read_text(encoding="utf-8")
    assert '"date"' in dates_only and "_unixtime" not in dates_only
    account = json.loads((TELEGRAM / "full_account.json").read_text(encoding="utf-8"))
    assert {"personal_information", "contacts", "chats", "left_chats"} <= set(account)


def test_telegram_same_content_same_id() -> None:
    data = (TELEGRAM / "personal_chat.json").read_bytes()
    assert parse_one(data, "a/result.json").id == parse_one(data, "b/result.json").id
    other = (TELEGRAM / "date_only.json").read_bytes()
    assert parse_one(data).id != parse_one(other).id


# Shared real-format exports

#: file -> per conversation: (title, messages, senders, first timestamp, last timestamp), checked
#: by reading the files: the chat-miner samples carry only ``date_unixtime`` (1544006350 is
#: 2018-12-05 10:39:10 UTC, 1544006964 is 10:49:24 UTC); the tg-parser sample has local dates.
SHARED_EXPECTED: dict[str, list[tuple[str, int, list[str], str, str]]] = {
    "chatminer_full_account_result.json": [
        (
            "Chatname",
            2,
            ["Author 1", "Author 2"],
            "2018-12-05T10:39:10+00:00",
            "2018-12-05T10:49:24+00:00",
        )
    ],
    "chatminer_single_export_result.json": [
        (
            "chatminer_single_export_result",
            2,
            ["Author 1", "Author 2"],
            "2018-12-05T10:39:10+00:00",
            "2018-12-05T10:49:24+00:00",
        )
    ],
    "tgparser_personal_chat_result.json": [
        ("Test User", 5, ["Alice", "Bob"], "2024-01-15T10:30:00", "2024-01-16T10:00:00")
    ],
}


def test_telegram_shared_exports_are_all_listed() -> None:
    if not SHARED_TELEGRAM.is_dir():
        pytest.skip(f"shared samples {SHARED_TELEGRAM} are not available")
    assert {p.name for p in SHARED_TELEGRAM.glob("*.json")} == set(SHARED_EXPECTED)


@pytest.mark.parametrize("filename", sorted(SHARED_EXPECTED))
def test_telegram_shared_export_loads(filename: str) -> None:
    path = SHARED_TELEGRAM / filename
    if not path.is_file():
        pytest.skip(f"shared sample {path} is not available")
    loaded = registry.load_file(path)
    assert loaded.format == "telegram"
    got = [
        (
            c.title,
            len(c.messages),
            list(c.participant_names()),
            c.started_at.isoformat() if c.started_at else "",
            c.ended_at.isoformat() if c.ended_at else "",
        )
        for c in loaded.conversations
    ]
    assert got == SHARED_EXPECTED[filename]


def test_telegram_shared_exports_message_details() -> None:
    path = SHARED_TELEGRAM / "tgparser_personal_chat_result.json"
    if not path.is_file():
        pytest.skip(f"shared sample {path} is not available")
    (conversation,) = registry.load_file(path).conversations
    assert [(m.sender, m.kind, m.text) for m in conversation.messages] == [
        ("Alice", "text", "Hello!"),
        ("Bob", "text", "Hi there!"),
        ("Alice", "text", "Check this important message"),
        ("Bob", "text", "Got it!"),
        ("Alice", "system", "phone call"),
    ]
    assert conversation.messages[3].meta == {"reply_to_id": 3, "reply_to": 2}
    assert [p.ids for p in conversation.participants] == [
        ("telegram:user111",),
        ("telegram:user222",),
    ]
    assert not any(p.is_me for p in conversation.participants)
    full = SHARED_TELEGRAM / "chatminer_full_account_result.json"
    (batch,) = registry.load_file(full).conversations
    assert batch.messages[1].text == "Link:https://telegram.org/"


# Sniffing


def _other_files() -> list[Path]:
    """Every fixture of the other formats, and every shared sample that is not Telegram's."""
    found = [
        p
        for p in DATA.rglob("*")
        if p.is_file() and p.parent != TELEGRAM and not p.name.endswith(".expected.json")
    ]
    if SHARED.is_dir():
        found += [p for p in SHARED.rglob("*") if p.is_file() and p.parent != SHARED_TELEGRAM]
    return sorted(found)


def _mine() -> list[Path]:
    shared = sorted(SHARED_TELEGRAM.glob("*.json")) if SHARED_TELEGRAM.is_dir() else []
    return [*FIXTURES, *shared]


@pytest.mark.parametrize("path", _mine(), ids=lambda path: path.name)
def test_telegram_sniffs_its_exports(path: Path) -> None:
    head = path.read_bytes()[: registry.HEAD_BYTES]
    assert telegram.sniff(head)
    others = [n for n, i in registry.IMPORTERS.items() if n != telegram.name and i.sniff(head)]
    assert others == [], f"{others} also claim {path}"
    found = registry.recognise(head)
    assert found is not None and found.name == telegram.name


@pytest.mark.parametrize("path", _other_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_telegram_does_not_sniff_other_formats(path: Path) -> None:
    assert not telegram.sniff(path.read_bytes()[: registry.HEAD_BYTES])


@pytest.mark.parametrize(
    ("head", "claimed"),
    [
        (b'{\n "name": "Ana",\n "type": "personal_chat",\n "id": 1,\n "messages": [', True),
        (b'{"type": "saved_messages", "id": 7, "messages": []}', True),
        (b'{"about": "x", "personal_information": {"user_id": 5', True),
        (b'{"chats": {"about": "All chats", "list": [', True),
        (b'{"about": "x", "contacts": {"about": "Your contacts", "list": [{"user_id": 1', True),
        (b'{"contacts": {"list": [{"user_id": 1}]}}', False),
        (b'{"messages": [{"id": 1, "type": "message", "date": "2024-01-01T10:00:00"', True),
        (b'\xef\xbb\xbf{"messages": [{"type": "service", "actor_id": "user12"', True),
        ('{"messages": [{"type": "message", "date_unixtime": "1"'.encode("utf-16"), True),
        # Other apps' JSON: Slack's API, Messenger, Discord, a JSON array.
        (b'{"ok": true, "messages": [{"type": "message", "user": "U1", "ts": "1.0"}]}', False),
        (b'{"participants": [], "messages": [{"sender_name": "A", "timestamp_ms": 1}]}', False),
        (b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [{"type": "Default"', False),
        (b'[{"type": "message", "date": "2024-01-01T10:00:00", "from_id": "user1"}]', False),
        (b'{"messages": [{"text": "\\"date_unixtime\\": \\"12\\"", "type": "message"}]}', False),
        (b'{"name": "x", "type": "personal_chat"}', False),
        (b"", False),
        (b"\x00\x01\x02{", False),
        (b"Alice: hi\n", False),
    ],
)
def test_telegram_sniff_cases(head: bytes, claimed: bool) -> None:
    assert telegram.sniff(head) is claimed


@given(st.binary(max_size=1024))
@settings(max_examples=300, deadline=None)
def test_telegram_sniff_never_raises(head: bytes) -> None:
    telegram.sniff(head)
    telegram.sniff(b'{"messages": [' + head)


# Timestamps


def test_telegram_local_dates_stay_naive() -> None:
    conversation = parse_one(chat(text(1, "Ana", "user1", "hi", date_unixtime="1704099601")))
    assert conversation.messages[0].timestamp == datetime(2024, 1, 1, 10, 0, 1)


def test_telegram_unix_times_alone_are_utc() -> None:
    message = {"type": "message", "date_unixtime": "1704103200", "from": "Ana", "text": "hi"}
    stamp = parse_one({"messages": [message]}).messages[0].timestamp
    assert stamp == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)
    assert stamp is not None and stamp.tzinfo is UTC


def test_telegram_unix_only_message_among_local_dates_gets_the_local_offset() -> None:
    both = text(1, "Ana", "user1", "hi", date_unixtime="1704099601")  # 10:00:01 local = 09:00:01 Z
    unix_only = {"type": "message", "date_unixtime": "1704106800", "from": "Ben", "text": "yo"}
    conversation = parse_one(chat(both, unix_only))
    assert conversation.messages[1].timestamp == datetime(2024, 1, 1, 12, 0)


def test_telegram_invalid_date_names_the_chat_and_message() -> None:
    with pytest.raises(ParseError, match=r"chat 'Chat', message 7: invalid date") as caught:
        parse(chat(text(7, "Ana", "user1", "hi", date="2024-13-45T10:00:00")), "tg/result.json")
    assert caught.value.path == "tg/result.json"
    assert caught.value.hint


def test_telegram_invalid_unix_time_is_a_parse_error() -> None:
    message = {"type": "message", "date_unixtime": "99999999999999999999", "from": "A", "text": ""}
    with pytest.raises(ParseError, match="out of range"):
        parse({"messages": [message]})
    message["date_unixtime"] = "soon"
    with pytest.raises(ParseError, match="invalid date_unixtime"):
        parse({"messages": [message]})


def test_telegram_edited_time_uses_the_same_clock() -> None:
    message = text(1, "Ana", "user1", "hi", edited="2024-01-01T10:05:00", edited_unixtime="1")
    assert parse_one(chat(message)).messages[0].meta["edited"] == "2024-01-01T10:05:00"


# Text, media and metadata


def test_telegram_text_pieces_are_joined() -> None:
    body = ["Call ", {"type": "phone", "text": "+33 6 00"}, {"type": "bold", "text": "!"}, 7]
    assert parse_one(chat(text(1, "Ana", "user1", body))).messages[0].text == "Call +33 6 00!"


def test_telegram_text_entities_when_text_is_missing_or_empty() -> None:
    entities = [{"type": "plain", "text": "from "}, {"type": "italic", "text": "entities"}]
    message = text(1, "Ana", "user1", "", text_entities=entities)
    assert parse_one(chat(message)).messages[0].text == "from entities"
    del message["text"]
    assert parse_one(chat(message)).messages[0].text == "from entities"


def test_telegram_text_links_keep_their_target() -> None:
    body = [{"type": "text_link", "text": "the deck", "href": "https://example.org/deck"}]
    message = parse_one(chat(text(1, "Ana", "user1", body))).messages[0]
    assert (message.text, message.meta["links"]) == ("the deck", ["https://example.org/deck"])


def test_telegram_photo_with_caption_is_text_with_an_attachment() -> None:
    message = text(1, "Ana", "user1", "Sunset", photo="photos/photo_3@01-01-2024_10-00-01.jpg")
    read = parse_one(chat(message)).messages[0]
    assert (read.kind, read.text) == ("text", "Sunset")
    assert read.meta["attachments"] == ["photo_3@01-01-2024_10-00-01.jpg"]


@pytest.mark.parametrize(
    ("fields", "described"),
    [
        ({"photo": "(File not included. Change data exporting settings to download.)"}, "<photo>"),
        ({"file": "(File not included.)", "media_type": "sticker"}, "<sticker>"),
        ({"media_type": "voice_message", "duration_seconds": 75}, "<voice message 1 min 15 s>"),
        ({"media_type": "video_message", "duration_seconds": 3600}, "<video message 1 h>"),
        ({"media_type": "video_file", "duration_seconds": 30}, "<video: 30 s>"),
        ({"media_type": "audio_file", "file": "files/song.mp3"}, "<audio: song.mp3>"),
        ({"file": "files\\report.docx"}, "<file: report.docx>"),
        ({"poll": {"question": [{"type": "bold", "text": "Lunch?"}]}}, "<poll: Lunch?>"),
        ({"contact_information": {"first_name": "Ana"}}, "<contact: Ana>"),
        ({"game_title": "Lumberjack"}, "<game: Lumberjack>"),
        ({"invoice_information": {"title": "Tickets"}}, "<invoice: Tickets>"),
        ({"todo_list": {"title": "Packing"}}, "<checklist: Packing>"),
        ({"paid_stars_amount": 50}, "<paid media>"),
    ],
)
def test_telegram_media_descriptions(fields: dict[str, Any], described: str) -> None:
    message = parse_one(chat(text(1, "Ana", "user1", "", **fields))).messages[0]
    assert (message.kind, message.text) == ("media", described)


def test_telegram_message_without_text_or_media_is_empty_text() -> None:
    message = parse_one(chat(text(1, "Ana", "user1", ""))).messages[0]
    assert (message.kind, message.text) == ("text", "")


def test_telegram_unsupported_messages_are_skipped() -> None:
    conversation = parse_one(chat({"id": 1, "type": "unsupported"}, text(2, "Ana", "user1", "hi")))
    assert [(m.index, m.text) for m in conversation.messages] == [(0, "hi")]


def test_telegram_reactions_by_known_actors_and_counts() -> None:
    reactions = [
        {"type": "emoji", "count": 4, "emoji": "👍", "recent": [{"from": "Ben", "from_id": "u2"}]},
        {"type": "paid", "count": 2},
        "junk",
    ]
    message = parse_one(chat(text(1, "Ana", "user1", "hi", reactions=reactions))).messages[0]
    assert message.meta["reactions"] == [{"actor": "Ben", "reaction": "👍"}]
    assert message.meta["reaction_counts"] == {"👍": 4, "⭐": 2}


def test_telegram_forwarded_from_hidden_account() -> None:
    message = text(1, "Ana", "user1", "fwd", forwarded_from=None)
    assert parse_one(chat(message)).messages[0].meta["forwarded_from"] == "Deleted Account"


# People


def test_telegram_deleted_accounts() -> None:
    conversation = parse_one(
        chat(
            text(1, None, "user9", "first ghost"),
            text(2, None, "user8", "second ghost"),
            text(3, "Ana", "user1", "hi"),
            service(4, None, "pin_message", message_id=1),
        )
    )
    assert [m.sender for m in conversation.messages] == [
        "Deleted Account",
        "Deleted Account (user8)",
        "Ana",
        "Deleted Account (user4)",
    ]
    assert conversation.participants[0].ids == ("telegram:user9",)


def test_telegram_same_name_different_accounts_stay_apart() -> None:
    conversation = parse_one(
        chat(
            text(1, "Alex", "user1", "hi"),
            text(2, "Alex", "user2", "hi too"),
            text(3, "Alex", "user1", "again"),
        )
    )
    assert [m.sender for m in conversation.messages] == ["Alex", "Alex (user2)", "Alex"]
    assert [p.ids for p in conversation.participants] == [("telegram:user1",), ("telegram:user2",)]


def test_telegram_account_owner_is_me_with_phone_identity() -> None:
    conversations = registry.load_file(TELEGRAM / "full_account.json").conversations
    paul = next(p for p in conversations[0].participants if p.name == "Paul Girard")
    assert paul.is_me
    assert paul.ids == ("telegram:user7000001", "phone:+33612345678")
    ana = next(p for p in conversations[0].participants if p.name == "Ana Lopes")
    assert not ana.is_me
    assert "phone:+351912345678" in ana.ids
    assert [c.title for c in conversations] == [
        "Ana Lopes",
        "Saved Messages",
        "Climbing gym",
        "Old flatmates",
    ]


def test_telegram_single_chat_export_marks_nobody() -> None:
    for path in FIXTURES:
        if "personal_information" not in path.read_text(encoding="utf-8"):
            for conversation in registry.load_file(path).conversations:
                assert not any(p.is_me for p in conversation.participants)


@pytest.mark.parametrize(
    ("fields", "title"),
    [
        ({"name": "Ana"}, "Ana"),
        ({"name": None, "type": "personal_chat"}, "Deleted Account"),
        ({"name": "", "type": "saved_messages"}, "Saved Messages"),
        ({"type": "saved_messages"}, "Saved Messages"),
        ({"type": "replies"}, "Replies"),
        ({"name": "  ", "type": "private_group", "id": 77}, "Telegram chat 77"),
    ],
)
def test_telegram_chat_titles(fields: dict[str, Any], title: str) -> None:
    assert parse_one({**fields, "messages": [text(1, "Ana", "user1", "hi")]}).title == title


def test_telegram_titles_without_a_name_fall_back_to_the_file() -> None:
    document = {"messages": [text(1, "Ana", "user1", "hi")]}
    assert parse_one(document, "exports/result.json").title == "result"
    assert parse_one(document, "<stdin>").title == "stdin"


# Service messages


@pytest.mark.parametrize(
    ("action", "fields", "described"),
    [
        (
            "create_group",
            {"title": "Trip", "members": ["Ana", None]},
            'created group "Trip" with Ana, Deleted Account',
        ),
        ("create_channel", {"title": "News"}, 'created channel "News"'),
        ("edit_group_title", {"title": "Trip 2"}, 'changed the group name to "Trip 2"'),
        ("edit_group_photo", {}, "changed the group photo"),
        ("invite_members", {"members": ["Ben", "Chloé"]}, "invited Ben, Chloé"),
        ("remove_members", {"members": ["Ana"]}, "left the group"),
        ("remove_members", {"members": ["Ben"]}, "removed Ben"),
        ("join_group_by_link", {"inviter": "Ben"}, "joined the group via an invite link from Ben"),
        ("join_group_by_request", {}, "joined the group after a request to join"),
        ("migrate_from_group", {"title": "Old"}, 'upgraded the group "Old" to a supergroup'),
        ("pin_message", {"message_id": 3}, "pinned a message"),
        ("phone_call", {"duration_seconds": 59, "discard_reason": "hangup"}, "phone call (59 s)"),
        ("phone_call", {"discard_reason": "hangup"}, "cancelled phone call"),
        ("phone_call", {"discard_reason": "busy"}, "declined phone call (busy)"),
        ("phone_call", {"discard_reason": "missed"}, "missed phone call"),
        ("conference_call", {"duration_seconds": 7200}, "group call (2 h)"),
        ("group_call", {}, "started a video chat"),
        ("invite_to_group_call", {"members": ["Ben"]}, "invited Ben to the video chat"),
        ("set_messages_ttl", {"period": 86400}, "set messages to auto-delete after 24 h"),
        ("set_messages_ttl", {"period": 0}, "turned off auto-delete"),
        ("edit_chat_theme", {"emoticon": "🎄"}, "changed the chat theme to 🎄"),
        ("topic_created", {"title": "Logistics"}, 'created topic "Logistics"'),
        ("topic_edit", {"new_title": "Food"}, 'renamed the topic to "Food"'),
        ("score_in_game", {"score": 12}, "scored 12 in a game"),
        ("joined_telegram", {}, "joined Telegram"),
        ("take_screenshot", {}, "took a screenshot"),
        ("some_future_action", {}, "some future action"),
    ],
)
def test_telegram_service_descriptions(action: str, fields: dict[str, Any], described: str) -> None:
    message = parse_one(chat(service(1, "Ana", action, **fields))).messages[0]
    assert (message.sender, message.kind, message.text) == ("Ana", "system", described)
    assert message.meta["action"] == action


def test_telegram_service_without_actor_or_action() -> None:
    proximity = {
        "id": 1,
        "type": "service",
        "date": "2024-01-01T10:00:00",
        "action": "proximity_reached",
        "from": "Ana",
        "to": "Ben",
        "distance": 50,
        "text": "",
    }
    custom = {
        "id": 2,
        "type": "service",
        "date": "2024-01-01T10:00:00",
        "actor": "Bot",
        "actor_id": "user5",
        "information_text": "Welcome aboard",
        "text": "",
    }
    conversation = parse_one(chat(proximity, custom))
    assert [(m.sender, m.text) for m in conversation.messages] == [
        ("", "Ana is within 50 m of Ben"),
        ("Bot", "Welcome aboard"),
    ]
    assert conversation.participants == ()


# Bad input


@pytest.mark.parametrize(
    ("document", "match"),
    [
        ("[1, 2]", "not an object"),
        ('{"about": "x"}', "no 'messages' list and no 'chats' list"),
        ('{"chats": {"list": 3}}', "'chats' has no 'list'"),
        ('{"chats": {"list": [5]}}', "chats #1: a chat is not a JSON object"),
        ('{"chats": {"list": []}}', "no chat with messages"),
        ('{"about": "x", "personal_information": {"user_id": 1}}', "account export holds no chats"),
        ('{"chats": {"list": [{"name": "A", "messages": []}]}}', "no chat with messages"),
        ('{"name": "A", "messages": {"id": 1}}', "'messages' is not a list"),
        (
            '{"name": "A", "messages": [{"type": "Default", "content": "hi"}]}',
            "not a Telegram export",
        ),
        ('{"name": "A", "messages": [{"type": "message"}, 3]}', "message #2 is not a JSON object"),
        ("", "empty file"),
        ('{"name": "A", "messages": [', "not valid JSON"),
    ],
)
def test_telegram_bad_documents(document: str, match: str) -> None:
    with pytest.raises(ParseError, match=match) as caught:
        parse(document, "bad/result.json")
    assert caught.value.path == "bad/result.json"


def test_telegram_empty_single_chat_is_an_empty_conversation() -> None:
    conversation = parse_one({"name": "Ana", "type": "personal_chat", "id": 1, "messages": []})
    assert (conversation.title, conversation.messages) == ("Ana", ())


def test_telegram_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text('{\n "name": "A",\n "messages": [\n  {"id": 1,,}\n ]\n}\n', encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        registry.load_file(path, format="telegram")
    assert (caught.value.path, caught.value.line) == (str(path), 4)


def test_telegram_invalid_utf8_is_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    good = (TELEGRAM / "personal_chat.json").read_bytes()
    path.write_bytes(good.replace("Léa".encode(), b"L\xe9a", 1))
    with pytest.raises(EncodingError) as caught:
        registry.load_file(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 2
    assert caught.value.hint and "--encoding" in caught.value.hint


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_telegram_reads_unicode_encodings_with_a_bom(tmp_path: Path, encoding: str) -> None:
    source = TELEGRAM / "personal_chat.json"
    path = tmp_path / "result.json"
    path.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    assert registry.load_file(path).conversations[0].messages == (
        registry.load_file(source).conversations[0].messages
    )


def test_telegram_reads_a_latin1_file_when_told(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    document = chat(text(1, "Léa", "user1", "Ça va ?"))
    path.write_bytes(json.dumps(document, ensure_ascii=False).encode("latin-1"))
    loaded = registry.load_file(path, encoding="latin-1")
    assert loaded.conversations[0].messages[0].text == "Ça va ?"


def test_telegram_file_over_the_json_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(telegram, "read_json", functools.partial(_json.read_json, max_bytes=100))
    with pytest.raises(InputTooLargeError) as caught:
        parse((TELEGRAM / "personal_chat.json").read_bytes(), "big/result.json")
    assert caught.value.path == "big/result.json"


# Fuzzing: only conversations or InputErrors naming the path, whatever the bytes

FUZZ_PATH = "fuzz/result.json"


def parse_or_input_error(data: bytes, encoding: str = "utf-8") -> list[Conversation]:
    try:
        telegram.sniff(data[: registry.HEAD_BYTES])
        return list(telegram.parse(io.BytesIO(data), FUZZ_PATH, encoding=encoding))
    except InputError as error:
        assert error.path == FUZZ_PATH
        return []


_STARTS = st.sampled_from(
    [
        b"",
        b'{"messages": [',
        b'{"chats": {"list": [{"messages": [',
        b'{"name": null, "messages": [{',
    ]
)


@given(start=_STARTS, data=st.binary(max_size=600))
@FUZZ_SETTINGS
def test_telegram_fuzz_random_bytes(start: bytes, data: bytes) -> None:
    parse_or_input_error(start + data)


_SMALLEST = min(FIXTURES, key=lambda path: path.stat().st_size)


def test_telegram_fuzz_every_prefix_of_the_smallest_fixture() -> None:
    data = _SMALLEST.read_bytes()
    for cut in range(len(data.rstrip())):
        assert parse_or_input_error(data[:cut]) == []


@given(fixture=st.sampled_from(FIXTURES), cut=st.integers(min_value=0), junk=st.binary(max_size=8))
@FUZZ_SETTINGS
def test_telegram_fuzz_truncated_and_damaged_fixtures(fixture: Path, cut: int, junk: bytes) -> None:
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
def test_telegram_fuzz_mixed_encodings(
    fixture: Path, at: int, piece: str, codec: str, encoding: str
) -> None:
    data = fixture.read_bytes()
    at %= len(data)
    foreign = piece.encode(codec, errors="replace")
    parse_or_input_error(data[:at] + foreign + data[at:], encoding)


@pytest.mark.parametrize("depth", [10, 900, 5_000, 200_000])
@pytest.mark.parametrize("shape", ["messages", "text", "object"])
def test_telegram_deeply_nested_json(depth: int, shape: str) -> None:
    if shape == "messages":
        data = '{"messages": [' + "[" * depth + "]" * depth + "]}"
    elif shape == "text":
        nested = "[" * depth + '"deep"' + "]" * depth
        data = '{"messages": [{"type": "message", "from": "A", "text": ' + nested + "}]}"
    else:
        data = '{"messages": [], "name": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
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
_MESSAGE_KEYS = [
    "id",
    "type",
    "date",
    "date_unixtime",
    "edited",
    "edited_unixtime",
    "from",
    "from_id",
    "actor",
    "actor_id",
    "action",
    "members",
    "title",
    "text",
    "text_entities",
    "photo",
    "file",
    "file_name",
    "media_type",
    "sticker_emoji",
    "duration_seconds",
    "poll",
    "contact_information",
    "location_information",
    "reply_to_message_id",
    "forwarded_from",
    "reactions",
    "discard_reason",
    "inviter",
    "period",
]
_VALUES = _JSON | st.sampled_from(
    ["message", "service", "2024-01-01T10:00:00", "1704103200", "user1", "²", "--5", "٣", "1_0"]
)
_MESSAGE = st.dictionaries(st.sampled_from(_MESSAGE_KEYS), _VALUES, max_size=10)
_CHAT = st.fixed_dictionaries(
    {"messages": st.lists(_MESSAGE | _JSON, max_size=5)},
    optional={"name": _VALUES, "type": _VALUES, "id": _VALUES},
)
_DOCUMENT = _CHAT | st.fixed_dictionaries(
    {"chats": st.fixed_dictionaries({"list": st.lists(_CHAT | _JSON, max_size=3)}) | _JSON},
    optional={
        "personal_information": st.dictionaries(
            st.sampled_from(["user_id", "phone_number"]), _VALUES
        ),
        "contacts": _JSON,
        "left_chats": _JSON,
    },
)


@given(_DOCUMENT)
@FUZZ_SETTINGS
def test_telegram_fuzz_json_shapes(document: dict[str, Any]) -> None:
    for conversation in parse_or_input_error(json.dumps(document).encode()):
        assert all(isinstance(m.text, str) for m in conversation.messages)
        stamps = [m.timestamp for m in conversation.messages if m.timestamp is not None]
        assert len({s.tzinfo is None for s in stamps}) <= 1, "naive and aware timestamps mixed"


@pytest.fixture(scope="module")
def huge_value_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Telegram export whose one message is an 11 MB string."""
    path = tmp_path_factory.mktemp("huge") / "result.json"
    body = "word " * (11 * 1024 * 1024 // 5)
    path.write_text(json.dumps(chat(text(1, "Ana", "user1", body))), encoding="utf-8")
    return path


def test_telegram_huge_value_is_read(huge_value_file: Path) -> None:
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


def test_telegram_cli_analyze_full_account() -> None:
    result = run("analyze", TELEGRAM / "full_account.json", "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    report = json.loads(result.stdout)
    assert [c["title"] for c in report["conversations"]] == [
        "Ana Lopes",
        "Saved Messages",
        "Climbing gym",
        "Old flatmates",
    ]
    assert "as telegram (4 conversations)" in result.stderr


def test_telegram_cli_bad_input_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_bytes((TELEGRAM / "personal_chat.json").read_bytes()[:500])
    result = run("analyze", path, "--format", "json")
    assert error_line(result).startswith(f"Error: {path}:")


def test_telegram_cli_forced_on_another_format_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "channel.json"
    path.write_text(
        json.dumps({"guild": {}, "channel": {}, "messages": [{"type": "Default", "author": {}}]}),
        encoding="utf-8",
    )
    result = run("analyze", path, "--from", "telegram")
    assert error_line(result).startswith(f"Error: {path}: not a Telegram export")
