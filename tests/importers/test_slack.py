"""The Slack workspace export importer: folders and zips, day files, markup, bad input."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from sincere.cli import app
from sincere.errors import EncodingError, InputError, InputTooLargeError, ParseError
from sincere.importers import registry, slack
from sincere.importers._archive import DirectoryTree
from sincere.model import Conversation

DATA = Path(__file__).parents[1] / "data"
SLACK = DATA / "slack"
WORKSPACE = SLACK / "workspace"
MINIMAL = SLACK / "minimal"
DAY_FILE = SLACK / "day_file" / "random" / "2024-03-05.json"
SHARED = Path(__file__).parents[3] / "shared" / "exports"

#: Each fixture variant (a folder beside its ``<stem>.expected.json``) and what to load.
FIXTURES = {"workspace": WORKSPACE, "minimal": MINIMAL, "day_file": DAY_FILE}

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
    """The shape of one conversation in the ``*.expected.json`` files."""
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


def load(path: Path | str, fmt: str | None = None) -> list[Conversation]:
    loaded = registry.load_file(path, format=fmt)
    assert loaded.format == "slack"
    return loaded.conversations


def by_title(conversations: list[Conversation]) -> dict[str, Conversation]:
    return {conversation.title: conversation for conversation in conversations}


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def zip_folder(folder: Path, target: Path, *, wrap: str = "") -> Path:
    """A zip of ``folder``'s files, under ``wrap/`` when given (as Slack's download does)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                relative = path.relative_to(folder).as_posix()
                archive.write(path, f"{wrap}/{relative}" if wrap else relative)
    return target


def message(user: str, text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "user": user, "text": text, "ts": ts, **extra}


def export(root: Path, days: dict[str, list[Any]], **listings: Any) -> Path:
    """A small workspace export in ``root``: ``days`` maps ``folder/YYYY-MM-DD`` to messages."""
    write_json(root / "users.json", listings.pop("users", []))
    write_json(root / "channels.json", listings.pop("channels", []))
    for listing, entries in listings.items():
        write_json(root / f"{listing}.json", entries)
    for day, messages in days.items():
        write_json(root / f"{day}.json", messages)
    return root


def one(messages: list[Any], **listings: Any) -> Conversation:
    """The one conversation of an export whose #general holds ``messages``."""
    listings.setdefault("channels", [{"id": "C1", "name": "general"}])
    tree = _MemoryTree({"general/2024-01-02.json": messages, **_listings(listings)})
    (conversation,) = list(slack.parse_tree(tree))
    assert isinstance(conversation, Conversation)
    return conversation


def _listings(listings: dict[str, Any]) -> dict[str, Any]:
    found = {f"{name}.json": value for name, value in listings.items()}
    found.setdefault("users.json", [])
    return found


class _MemoryTree:
    """A Tree over JSON values (or raw bytes) held in memory."""

    def __init__(self, files: dict[str, Any], path: str = "mem") -> None:
        self.path = path
        self._files = {
            name: value if isinstance(value, bytes) else json.dumps(value).encode()
            for name, value in files.items()
        }

    def names(self) -> list[str]:
        return sorted(self._files)

    def open(self, name: str) -> io.BytesIO:
        return io.BytesIO(self._files[name])

    def display(self, name: str) -> str:
        return f"{self.path}!{name}"


# Fixtures


def test_slack_fixtures_cover_every_variant() -> None:
    assert {path.name for path in SLACK.iterdir() if path.is_dir()} == set(FIXTURES)
    assert all((SLACK / f"{stem}.expected.json").is_file() for stem in FIXTURES)
    listed = {p.name for p in WORKSPACE.iterdir() if p.is_file()}
    assert {"users.json", "channels.json", "groups.json", "dms.json", "mpims.json"} <= listed
    titles = [c.title for c in load(WORKSPACE)]
    assert titles == ["#general", "#leadership", "DM: Ana, Ben Carter", "DM: Ana, Ben Carter, carl"]
    (general, *_) = load(WORKSPACE)
    kinds = {m.kind for m in general.messages}
    assert kinds == {"text", "system", "media"}
    assert {"reactions", "reply_to", "edited", "attachments", "reply_count"} <= {
        key for m in general.messages for key in m.meta
    }


@pytest.mark.parametrize("stem", sorted(FIXTURES))
def test_slack_fixture_matches_expected(stem: str) -> None:
    expected = json.loads((SLACK / f"{stem}.expected.json").read_text(encoding="utf-8"))
    path = FIXTURES[stem]
    loaded = registry.load_file(path, format="slack" if path.is_file() else None)
    assert loaded.format == expected["format"] == "slack"
    assert [summary(c) for c in loaded.conversations] == expected["conversations"]
    for conversation in loaded.conversations:
        assert conversation.source.path == str(path)
        assert conversation.source.format == "slack"
        assert [m.index for m in conversation.messages] == list(range(len(conversation.messages)))
        speakers = {m.sender for m in conversation.messages if m.kind != "system"}
        assert speakers <= set(conversation.participant_names())


def test_slack_timestamps_are_utc_and_exact() -> None:
    general = by_title(load(WORKSPACE))["#general"]
    assert general.messages[0].timestamp == datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    dm = by_title(load(WORKSPACE))["DM: Ana, Ben Carter"]
    assert dm.messages[1].timestamp == datetime(2024, 1, 5, 18, 2, 0, 500, tzinfo=UTC)
    stamps = [m.timestamp for m in general.messages if m.timestamp is not None]
    assert stamps == sorted(stamps)
    assert all(stamp.tzinfo is UTC for stamp in stamps)


def test_slack_same_export_same_ids(tmp_path: Path) -> None:
    first = [c.id for c in load(WORKSPACE)]
    copy = shutil.copytree(WORKSPACE, tmp_path / "elsewhere")
    assert [c.id for c in load(copy)] == first
    assert len(set(first)) == len(first)


# Sniffing


def _tree_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


def test_slack_sniff_tree_claims_the_fixture_exports() -> None:
    assert slack.sniff_tree(_tree_names(WORKSPACE))
    assert slack.sniff_tree(_tree_names(MINIMAL))
    assert slack.sniff_tree(DirectoryTree(str(WORKSPACE)).names())
    assert slack.sniff_tree(["Acme Slack export/users.json", "Acme Slack export/channels.json"])
    assert not slack.sniff_tree(["users.json"])
    assert not slack.sniff_tree(["channels.json", "general/2024-01-02.json"])
    assert not slack.sniff_tree(["a/b/users.json", "a/b/channels.json"])
    assert not slack.sniff_tree(["a/users.json", "b/channels.json"])
    assert not slack.sniff_tree(_tree_names(DAY_FILE.parent))
    assert not slack.sniff_tree([])


def test_slack_other_tree_formats_do_not_claim_the_fixtures() -> None:
    for importer in registry.IMPORTERS.values():
        if importer.name != "slack" and registry.reads_trees(importer):
            for folder in (WORKSPACE, MINIMAL):
                claimed = cast(registry.TreeImporter, importer).sniff_tree(_tree_names(folder))
                assert not claimed, importer.name


def _other_inputs() -> Iterator[Path]:
    for folder in sorted(DATA.iterdir()):
        if folder.is_dir() and folder.name != "slack":
            yield from sorted(p for p in folder.rglob("*") if p.is_file())
    if SHARED.is_dir():
        yield from sorted(p for p in SHARED.rglob("*") if p.is_file())


def test_slack_does_not_claim_other_formats() -> None:
    inputs = list(_other_inputs())
    assert inputs
    folders = {path.parent for path in inputs}
    for path in inputs:
        assert not slack.sniff(path.read_bytes()[: registry.HEAD_BYTES]), path
    for folder in folders:
        assert not slack.sniff_tree(_tree_names(folder)), folder


def test_slack_sniff_never_claims_a_lone_day_file() -> None:
    files = sorted(SLACK.rglob("*.json"))
    assert DAY_FILE in files
    for path in files:
        assert not slack.sniff(path.read_bytes()[: registry.HEAD_BYTES]), path


# Zips


def test_slack_reads_a_zip_with_a_wrapping_folder(tmp_path: Path) -> None:
    archive = zip_folder(WORKSPACE, tmp_path / "acme.zip", wrap="Acme Slack export Jan 2024")
    conversations = load(archive)
    folder = load(WORKSPACE)
    assert [summary(c) for c in conversations] == [summary(c) for c in folder]
    assert [c.id for c in conversations] == [c.id for c in folder]
    assert all(c.source.path == str(archive) for c in conversations)


def test_slack_reads_a_zip_without_wrapping_folder(tmp_path: Path) -> None:
    archive = zip_folder(MINIMAL, tmp_path / "minimal.zip")
    assert [summary(c) for c in load(archive)] == [summary(c) for c in load(MINIMAL)]


def test_slack_zip_with_parent_path_entry_is_refused(tmp_path: Path) -> None:
    archive = zip_folder(WORKSPACE, tmp_path / "evil.zip")
    with zipfile.ZipFile(archive, "a") as opened:
        opened.writestr("../../etc/evil.json", "[]")
    with pytest.raises(InputError, match="outside the archive") as caught:
        registry.load_file(archive)
    assert caught.value.path == str(archive)


def test_slack_zip_bomb_is_refused(tmp_path: Path) -> None:
    archive = zip_folder(WORKSPACE, tmp_path / "bomb.zip")
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as opened:
        opened.writestr("general/2024-01-09.json", b"[" + b" " * (8 << 20) + b"]")
    with pytest.raises(InputTooLargeError, match="zip bomb") as caught:
        registry.load_file(archive)
    assert caught.value.path == str(archive)


def test_slack_malformed_day_file_in_a_zip_names_the_member(tmp_path: Path) -> None:
    folder = shutil.copytree(WORKSPACE, tmp_path / "export")
    (folder / "general" / "2024-01-03.json").write_text('[\n  {"ts": "1"},\n  oops\n]')
    archive = zip_folder(folder, tmp_path / "broken.zip", wrap="export")
    with pytest.raises(ParseError, match="not valid JSON") as caught:
        registry.load_file(archive)
    assert caught.value.path == f"{archive}!export/general/2024-01-03.json"
    assert caught.value.line == 3


# Folders and listings


def test_slack_malformed_day_file_in_a_folder_names_the_file(tmp_path: Path) -> None:
    folder = shutil.copytree(WORKSPACE, tmp_path / "export")
    (folder / "leadership" / "2024-01-04.json").write_text('{"not": "a list"}')
    with pytest.raises(ParseError, match="expected a JSON list") as caught:
        load(folder)
    assert caught.value.path == os.path.join(str(folder), "leadership", "2024-01-04.json")
    assert caught.value.hint


def test_slack_users_json_not_a_list_is_an_error(tmp_path: Path) -> None:
    folder = shutil.copytree(MINIMAL, tmp_path / "export")
    (folder / "users.json").write_text('{"members": []}')
    with pytest.raises(ParseError, match=r"expected a JSON list in users\.json, found an object"):
        load(folder)


def test_slack_missing_optional_listings_and_users(tmp_path: Path) -> None:
    root = export(
        tmp_path / "export",
        {"general/2024-01-02": [message("U9", "hello <@U8>", "1704186000.000000")]},
        channels=[{"id": "C1", "name": "general"}],
    )
    (conversation,) = load(root)
    assert conversation.title == "#general"
    assert [(m.sender, m.text) for m in conversation.messages] == [("U9", "hello @U8")]
    assert conversation.participants[0].ids == ("slack:U9",)


def test_slack_folder_walk_keeps_the_export_whole(tmp_path: Path) -> None:
    shutil.copytree(WORKSPACE, tmp_path / "exports" / "acme")
    (tmp_path / "exports" / "notes.txt").write_text("Alice: hi\n")
    inputs = registry.expand([str(tmp_path / "exports")])
    assert str(tmp_path / "exports" / "acme") in inputs
    loaded = {item.path: item for item in registry.load_all([str(tmp_path / "exports")])}
    assert loaded[str(tmp_path / "exports" / "acme")].format == "slack"
    assert len(loaded[str(tmp_path / "exports" / "acme")].conversations) == 4


def test_slack_forced_on_a_folder_without_listings_is_an_error(tmp_path: Path) -> None:
    write_json(tmp_path / "general" / "2024-01-02.json", [message("U1", "hi", "1")])
    with pytest.raises(ParseError, match="not a Slack workspace export") as caught:
        registry.load_file(tmp_path, format="slack")
    assert caught.value.path == str(tmp_path)
    assert caught.value.hint and "--from slack" in caught.value.hint


def test_slack_dm_titles_and_folders(tmp_path: Path) -> None:
    users = [
        {"id": "U1", "name": "ana", "profile": {"display_name": "Ana"}},
        {"id": "U2", "name": "ben", "real_name": "Ben Carter", "profile": {"display_name": ""}},
        {"id": "U3", "name": "carl", "profile": {}},
    ]
    root = export(
        tmp_path / "export",
        {
            "D1/2024-01-02": [message("U1", "hi Ben", "1704186000")],
            "mpdm-ana--ben--carl-1/2024-01-02": [message("U3", "hi all", "1704186000")],
            "G9/2024-01-02": [message("U2", "group DM listed by id", "1704186000")],
        },
        users=users,
        dms=[{"id": "D1", "members": ["U1", "U2"]}],
        mpims=[
            {"id": "G8", "name": "mpdm-ana--ben--carl-1", "members": ["U1", "U2", "U3"]},
            {"id": "G9", "name": "mpdm-gone-1", "members": ["U2", "U3"]},
        ],
    )
    titles = [c.title for c in load(root)]
    assert titles == ["DM: Ana, Ben Carter", "DM: Ana, Ben Carter, carl", "DM: Ben Carter, carl"]


def test_slack_unlisted_folders_are_read_with_their_folder_as_title(tmp_path: Path) -> None:
    root = export(
        tmp_path / "export",
        {
            "archived/2024-01-02": [message("U1", "old", "1704186000")],
            "D0123ABCD/2024-01-02": [message("U1", "dm", "1704186000")],
            "general/attachments/F1-x": [],
        },
        channels=[{"id": "C1", "name": "general"}],
    )
    assert [c.title for c in load(root)] == ["D0123ABCD", "#archived"]


# Messages


def test_slack_markup_becomes_plain_text() -> None:
    conversation = one(
        [
            message(
                "U1",
                "<@U2> see <#C2|random>, <#C1>, <https://x.org/a?b=1&amp;c=2|the doc>, "
                "<https://x.org/raw>, <mailto:a@b.org|a@b.org> &amp; &lt;b&gt; <!here> "
                "<!channel> <!subteam^S1|@design> <!date^1392734382^{date}|Feb 18> &amp;lt;",
                "1704186000.000100",
            )
        ],
        users=[{"id": "U2", "profile": {"display_name": "Ben"}}],
        channels=[{"id": "C1", "name": "general"}, {"id": "C2", "name": "random"}],
    )
    assert conversation.messages[0].text == (
        "@Ben see #random, #general, the doc, https://x.org/raw, a@b.org & <b> @here @channel "
        "@design Feb 18 &lt;"
    )


def test_slack_plain_text_unit() -> None:
    directory = slack._Directory(users={"U1": "Ana"}, channels={"C1": "general"})
    assert slack.plain_text("<@U1> <@U1|ana> <@U9> <#C1> <#C9>", directory) == (
        "@Ana @ana @U9 #general #C9"
    )
    assert slack.plain_text("a < b > c &gt; d", directory) == "a < b > c > d"
    assert slack.plain_text("<https://x.org/?q=a&amp;b>", directory) == "https://x.org/?q=a&b"


def test_slack_sender_names_prefer_display_name_then_real_name_then_handle() -> None:
    conversation = one(
        [
            message("U1", "a", "1"),
            message("U2", "b", "2"),
            message("U3", "c", "3"),
            message("U4", "d", "4", user_profile={"display_name": "", "real_name": "Dee"}),
            message("U5", "e", "5"),
        ],
        users=[
            {"id": "U1", "name": "ana", "profile": {"display_name": "Ana", "real_name": "A S"}},
            {"id": "U2", "name": "ben", "profile": {"display_name": " ", "real_name": "Ben C"}},
            {"id": "U3", "name": "carl", "profile": {"email": "CARL@x.org"}},
            "junk",
        ],
    )
    assert conversation.participant_names() == ("Ana", "Ben C", "carl", "Dee", "U5")
    assert conversation.participants[2].ids == ("slack:U3", "email:carl@x.org")
    assert conversation.participants[3].ids == ("slack:U4",)


def test_slack_system_subtypes() -> None:
    subtypes = [
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "group_join",
        "pinned_item",
        "bot_add",
    ]
    conversation = one(
        [
            message("U1", f"<@U1> did {subtype}", str(i), subtype=subtype)
            for i, subtype in enumerate(subtypes, 1)
        ]
        + [message("U2", "said something", "20", subtype="me_message")]
    )
    assert [m.kind for m in conversation.messages] == ["system"] * len(subtypes) + ["text"]
    assert conversation.messages[0].sender == "U1"
    assert conversation.participant_names() == ("U2",)


def test_slack_bot_messages_use_the_bot_name_and_attachment_text() -> None:
    conversation = one(
        [
            {
                "type": "message",
                "subtype": "bot_message",
                "text": "",
                "ts": "1",
                "username": "deploybot",
                "bot_id": "B1",
                "attachments": [{"fallback": "Deploy <https://ci.org/42|#42> ok"}],
            },
            {
                "type": "message",
                "subtype": "bot_message",
                "text": "Build green",
                "ts": "2",
                "bot_id": "B2",
                "bot_profile": {"name": "CI"},
            },
            {"type": "message", "subtype": "bot_message", "text": "??", "ts": "3"},
        ]
    )
    assert [(m.sender, m.kind, m.text) for m in conversation.messages] == [
        ("deploybot", "text", "Deploy #42 ok"),
        ("CI", "text", "Build green"),
        ("bot", "text", "??"),
    ]
    assert conversation.participants[0].ids == ("slack:B1",)


def test_slack_files_are_media_without_text() -> None:
    conversation = one(
        [
            message(
                "U1",
                "",
                "1",
                subtype="file_share",
                files=[
                    {"name": "a.png", "mimetype": "image/png"},
                    {"title": "Call recording", "mimetype": "audio/mp4"},
                    {"name": "clip.mov", "mimetype": "video/quicktime"},
                    {"name": "notes.pdf"},
                    {"mode": "tombstone", "id": "F9"},
                ],
            ),
            message("U1", "the plan", "2", files=[{"name": "plan.pdf"}]),
            message("U1", "", "3", files=[{"id": "F1", "mode": "hidden_by_limit"}]),
        ]
    )
    first, second, third = conversation.messages
    assert first.kind == "media"
    assert first.text == (
        "<photo: a.png> <audio: Call recording> <video: clip.mov> <file: notes.pdf>"
    )
    assert first.meta["attachments"] == ["a.png", "Call recording", "clip.mov", "notes.pdf"]
    assert (second.kind, second.text, second.meta["attachments"]) == (
        "text",
        "the plan",
        ["plan.pdf"],
    )
    assert (third.kind, third.text) == ("media", "<file: file>")


def test_slack_reactions_threads_edits_and_shares() -> None:
    conversation = one(
        [
            message(
                "U1",
                "parent",
                "100.000001",
                thread_ts="100.000001",
                reply_count=2,
                reactions=[
                    {"name": "tada", "users": ["U2", "U1"], "count": 3},
                    {"name": "", "users": ["U2"]},
                    {"name": "x", "users": "U2"},
                ],
            ),
            message(
                "U2",
                "reply",
                "101.5",
                thread_ts="100.000001",
                edited={"user": "U2", "ts": "102.25"},
            ),
            message("U2", "orphan reply", "103", thread_ts="50.000000"),
            message(
                "U1",
                "",
                "104",
                attachments=[
                    {"from_url": "https://s.slack.com/arch/p1", "text": "shared &amp; quoted"}
                ],
            ),
        ],
        users=[{"id": "U1", "name": "ana"}, {"id": "U2", "name": "ben"}],
    )
    parent, reply, orphan, shared = conversation.messages
    assert parent.meta == {
        "reactions": [
            {"actor": "ben", "reaction": ":tada:"},
            {"actor": "ana", "reaction": ":tada:"},
        ],
        "reply_count": 2,
    }
    assert reply.meta == {
        "edited": "1970-01-01T00:01:42.250000+00:00",
        "thread_ts": "100.000001",
        "reply_to": 0,
    }
    assert orphan.meta == {"thread_ts": "50.000000"}
    assert shared.text == "shared & quoted"
    assert shared.meta == {
        "share": {"link": "https://s.slack.com/arch/p1", "text": "shared & quoted"}
    }


def test_slack_messages_are_sorted_by_ts_across_day_files() -> None:
    tree = _MemoryTree(
        {
            "users.json": [],
            "channels.json": [{"id": "C1", "name": "general"}],
            "general/2024-01-03.json": [message("U1", "third", "300"), message("U1", "2b", "250")],
            "general/2024-01-02.json": [
                message("U1", "second", "200"),
                {"type": "message", "user": "U1", "text": "no ts"},
                message("U1", "first", "100"),
                message("U1", "bad ts", "soon"),
            ],
        }
    )
    (conversation,) = list(slack.parse_tree(tree))
    assert isinstance(conversation, Conversation)
    assert [m.text for m in conversation.messages] == [
        "first",
        "bad ts",
        "second",
        "no ts",
        "2b",
        "third",
    ]


def test_slack_skips_edits_deletions_and_non_messages() -> None:
    conversation = one(
        [
            message("U1", "kept", "1"),
            {"type": "message", "subtype": "message_changed", "ts": "2", "message": {"text": "x"}},
            {"type": "message", "subtype": "message_deleted", "ts": "3"},
            {"type": "reaction_added", "ts": "4"},
            [1, 2],
            None,
        ]
    )
    assert [m.text for m in conversation.messages] == ["kept"]


def test_slack_channels_without_messages_are_not_conversations() -> None:
    tree = _MemoryTree(
        {
            "users.json": [],
            "channels.json": [{"id": "C1", "name": "general"}, {"id": "C2", "name": "quiet"}],
            "general/2024-01-02.json": [message("U1", "hi", "1")],
            "quiet/2024-01-02.json": [{"type": "message", "subtype": "message_deleted", "ts": "1"}],
        }
    )
    assert [c.title for c in slack.parse_tree(tree) if isinstance(c, Conversation)] == ["#general"]


# A lone day file


def test_slack_day_file_is_read_when_forced() -> None:
    (conversation,) = load(DAY_FILE, "slack")
    assert conversation.title == "#random"
    assert conversation.participant_names() == ("Ana", "Ben Carter")


def test_slack_day_file_is_not_detected_without_the_format(tmp_path: Path) -> None:
    path = tmp_path / "2024-03-05.json"
    path.write_bytes(DAY_FILE.read_bytes())
    assert registry.recognise(path.read_bytes()) is not slack
    try:
        loaded = registry.load_file(path)
    except InputError as error:
        assert error.path == str(path)
    else:
        assert loaded.format != "slack"


@pytest.mark.parametrize(
    ("relative", "title"),
    [
        ("D024BE91L/2024-01-02.json", "D024BE91L"),
        ("mpdm-a--b-1/2024-01-02.json", "mpdm-a--b-1"),
        ("general/2024-01-02.json", "#general"),
        ("export.json", "export"),
    ],
)
def test_slack_day_file_titles(tmp_path: Path, relative: str, title: str) -> None:
    path = write_json(tmp_path / relative, [message("U1", "hi", "1")])
    assert load(path, "slack")[0].title == title


def test_slack_day_file_from_stdin() -> None:
    (conversation,) = slack.parse(io.BytesIO(DAY_FILE.read_bytes()), "<stdin>")
    assert isinstance(conversation, Conversation)
    assert conversation.title == "stdin"


@pytest.mark.parametrize(
    "document",
    [b"{}", b"[]", b"[1, 2]", b'[{"text": "no ts"}]', b'"text"', b'{"messages": []}'],
)
def test_slack_forced_on_other_json_is_a_parse_error(document: bytes) -> None:
    with pytest.raises(ParseError) as caught:
        list(slack.parse(io.BytesIO(document), "other.json"))
    assert caught.value.path == "other.json"
    assert caught.value.hint and "folder" in caught.value.hint and ".zip" in caught.value.hint


def test_slack_day_file_of_skipped_messages_is_a_parse_error() -> None:
    data = json.dumps([{"type": "message", "subtype": "message_deleted", "ts": "1"}]).encode()
    with pytest.raises(ParseError, match="no message found"):
        list(slack.parse(io.BytesIO(data), "2024-01-02.json"))


def test_slack_day_file_in_latin1_is_an_encoding_error() -> None:
    data = '[\n{"ts": "1", "user": "U1",\n "text": "café"}]'.encode("latin-1")
    with pytest.raises(EncodingError) as caught:
        list(slack.parse(io.BytesIO(data), "day.json"))
    assert caught.value.line == 3
    (conversation,) = slack.parse(io.BytesIO(data), "day.json", encoding="latin-1")
    assert isinstance(conversation, Conversation)
    assert conversation.messages[0].text == "café"


def test_slack_deeply_nested_json_is_a_parse_error(tmp_path: Path) -> None:
    nested = b"[" * 200_000 + b"]" * 200_000
    with pytest.raises(ParseError, match="nested too deeply"):
        list(slack.parse(io.BytesIO(nested), "deep.json"))
    root = export(tmp_path / "export", {}, channels=[{"id": "C1", "name": "general"}])
    (root / "general").mkdir()
    (root / "general" / "2024-01-02.json").write_bytes(nested)
    with pytest.raises(ParseError, match="nested too deeply") as caught:
        load(root)
    assert caught.value.path == os.path.join(str(root), "general", "2024-01-02.json")


@pytest.fixture(scope="module")
def huge_value_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export whose one message has an 11 MB text (generated once)."""
    root = tmp_path_factory.mktemp("huge") / "export"
    text = "<@U1> " + "word &amp; <https://x.org|link> " * 350_000
    return export(
        root,
        {"general/2024-01-02": [message("U1", text, "1704186000")]},
        channels=[{"id": "C1", "name": "general"}],
    )


def test_slack_huge_value_is_read(huge_value_export: Path) -> None:
    size = (huge_value_export / "general" / "2024-01-02.json").stat().st_size
    assert size > 11_000_000
    (conversation,) = load(huge_value_export)
    assert conversation.messages[0].text.startswith("@U1 word & link word & link")


# Fuzzing: only InputError, naming the input

_KEYS = st.sampled_from(
    [
        "type",
        "subtype",
        "user",
        "text",
        "ts",
        "thread_ts",
        "reactions",
        "users",
        "name",
        "files",
        "edited",
        "attachments",
        "bot_id",
        "username",
        "user_profile",
        "profile",
        "display_name",
        "real_name",
        "email",
        "id",
        "members",
        "reply_count",
        "mimetype",
        "mode",
        "fallback",
        "from_url",
        "bot_profile",
    ]
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats()
    | st.sampled_from(
        [
            "message",
            "bot_message",
            "channel_join",
            "file_share",
            "U1",
            "C1",
            "1704186000.000100",
            "99999999999.999999",
            "-1",
            "1e400",
            "<@U1>",
            "<#C1|x>",
            "&amp;",
            "tombstone",
            "image/png",
            "",
        ]
    )
    | st.text(max_size=12)
)
JSON = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=6),
    max_leaves=25,
)
MESSAGES = st.lists(st.dictionaries(_KEYS, JSON, max_size=8), max_size=5)


def _check_parse(data: bytes, path: str) -> None:
    try:
        for conversation in slack.parse(io.BytesIO(data), path):
            assert isinstance(conversation, Conversation)
    except InputError as error:
        assert error.path == path


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_slack_fuzz_random_bytes(data: bytes) -> None:
    assert not slack.sniff(data)
    _check_parse(data, "fuzz.json")


@settings(max_examples=300, deadline=None)
@given(MESSAGES | JSON)
def test_slack_fuzz_random_json_day_file(document: Any) -> None:
    _check_parse(json.dumps(document).encode(), "fuzz.json")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    users=JSON | st.lists(st.dictionaries(_KEYS, JSON, max_size=6), max_size=4),
    channels=JSON | st.lists(st.dictionaries(_KEYS, JSON, max_size=6), max_size=4),
    dms=JSON,
    days=st.dictionaries(
        st.sampled_from(["general", "random", "D1", "C1", "mpdm-a-1"]), MESSAGES | JSON, max_size=3
    ),
)
def test_slack_fuzz_random_export_tree(users: Any, channels: Any, dms: Any, days: Any) -> None:
    files = {"users.json": users, "channels.json": channels, "dms.json": dms}
    files.update({f"{folder}/2024-01-02.json": value for folder, value in days.items()})
    tree = _MemoryTree(files, path="fuzz.zip")
    try:
        for conversation in slack.parse_tree(tree):
            assert isinstance(conversation, Conversation)
    except InputError as error:
        assert error.path is not None and error.path.startswith("fuzz.zip")


def _fixture_day_files() -> list[bytes]:
    return [path.read_bytes() for path in sorted(SLACK.rglob("20*.json"))]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_fixture_day_files()), st.data())
def test_slack_fuzz_truncated_day_files(data: bytes, draw: st.DataObject) -> None:
    cut = draw.draw(st.integers(min_value=0, max_value=len(data)))
    _check_parse(data[:cut], "cut.json")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_fixture_day_files()), st.sampled_from(["latin-1", "utf-16", "cp1252"]))
def test_slack_fuzz_mixed_encodings(data: bytes, encoding: str) -> None:
    text = data.decode("utf-8")
    half = len(text) // 2
    mixed = text[:half].encode("utf-8") + text[half:].encode(encoding, errors="replace")
    _check_parse(mixed, "mixed.json")


@pytest.fixture(scope="module")
def fuzz_zip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("zips")


def _whole_zip(folder: Path) -> bytes:
    whole = folder / "whole.zip"
    if not whole.exists():
        zip_folder(WORKSPACE, whole, wrap="export")
    return whole.read_bytes()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=100_000),
    junk=st.binary(max_size=40),
    truncate=st.booleans(),
)
def test_slack_fuzz_truncated_and_damaged_zips(
    fuzz_zip_dir: Path, cut: int, junk: bytes, truncate: bool
) -> None:
    data = _whole_zip(fuzz_zip_dir)
    cut = cut % (len(data) + 1)
    path = fuzz_zip_dir / "damaged.zip"
    damaged = data[:cut] if truncate else data[:cut] + junk + data[cut + len(junk) :]
    path.write_bytes(damaged)
    try:
        registry.load_file(path, format="slack")
    except InputError as error:
        assert error.path is not None and error.path.startswith(str(path))


def test_slack_zip_with_unsupported_version_is_an_input_error(fuzz_zip_dir: Path) -> None:
    data = bytearray(_whole_zip(fuzz_zip_dir))
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (64).to_bytes(2, "little")
    path = fuzz_zip_dir / "version.zip"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught:
        registry.load_file(path)
    assert caught.value.path == str(path)


# Through the command line


def run(*args: str | Path) -> Result:
    return CliRunner(env=ENV).invoke(app, [str(arg) for arg in args])


def test_slack_cli_analyze_folder() -> None:
    result = run("analyze", WORKSPACE, "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    report = json.loads(result.stdout)
    titles = [c["title"] for c in report["conversations"]]
    assert titles == ["#general", "#leadership", "DM: Ana, Ben Carter", "DM: Ana, Ben Carter, carl"]
    assert f"Read {WORKSPACE} as slack (4 conversations)" in result.stderr


def test_slack_cli_analyze_zip(tmp_path: Path) -> None:
    archive = zip_folder(WORKSPACE, tmp_path / "acme.zip", wrap="acme")
    result = run("analyze", archive, "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert len(json.loads(result.stdout)["conversations"]) == 4


def test_slack_cli_analyze_day_file_with_from() -> None:
    result = run("analyze", DAY_FILE, "--from", "slack", "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert json.loads(result.stdout)["conversations"][0]["title"] == "#random"


def _failed(result: Result, start: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    # The error is one line (a hint may follow); blank lines around it do not count.
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith(f"Error: {start}"), result.stderr
    assert [line for line in lines if line.startswith("Error:")] == lines[:1]


def test_slack_cli_bad_zip_member_exits_2(tmp_path: Path) -> None:
    folder = shutil.copytree(WORKSPACE, tmp_path / "export")
    (folder / "general" / "2024-01-02.json").write_text("[{")
    archive = zip_folder(folder, tmp_path / "broken.zip")
    _failed(run("analyze", archive), f"{archive}!general/2024-01-02.json:1: not valid JSON")


def test_slack_cli_other_json_with_from_exits_2(tmp_path: Path) -> None:
    path = write_json(tmp_path / "settings.json", {"theme": "dark"})
    _failed(run("analyze", path, "--from", "slack"), f"{path}: not a Slack day file")


def test_slack_cli_evil_zip_exits_2(tmp_path: Path) -> None:
    archive = zip_folder(WORKSPACE, tmp_path / "evil.zip")
    with zipfile.ZipFile(archive, "a") as opened:
        opened.writestr("../escape.json", "[]")
    _failed(run("analyze", archive), f"{archive}: zip entry '../escape.json' points outside")
