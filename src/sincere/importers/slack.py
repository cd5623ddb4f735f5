"""Slack workspace exports: a folder or a ``.zip`` with ``users.json``, ``channels.json`` and one
folder per conversation holding a JSON file per day.

What Slack's "Export data" (workspace admins) writes, possibly wrapped in one top folder::

    users.json          the members: id, name, profile.display_name / real_name / email
    channels.json       public channels: id, name, members
    groups.json         private channels (optional), like channels.json
    dms.json            direct messages (optional): id, members; folder named by the id
    mpims.json          group direct messages (optional): id, name, members; folder by name
    general/2024-01-02.json   one list of messages per day, ``ts`` an epoch string

Each channel, private channel, DM and group DM is one :class:`~sincere.model.Conversation`, its
messages in time order; timestamps are timezone-aware UTC. Slack's markup (``<@U123>``,
``<#C1|general>``, ``<https://x|label>``, ``&amp;``) is turned into plain text. A single day file
is read as one conversation when the format is named (``--from slack``); it is never detected by
its content alone, as a bare list of messages is too generic.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import PurePath, PurePosixPath
from typing import Any, BinaryIO

from sincere.errors import InputError, ParseError
from sincere.importers._archive import Tree
from sincere.importers._json import read_json
from sincere.model import (
    Contact,
    Conversation,
    Message,
    MessageKind,
    Participant,
    Source,
    conversation_id,
    identity,
)
from sincere.phrase import phrase

name = "slack"
description = (
    "Slack workspace export: a folder or .zip of channel and DM day files, "
    "with users.json for names"
)
extensions: tuple[str, ...] = (".zip",)

#: The two files every Slack workspace export has at its root.
_REQUIRED = ("users.json", "channels.json")
_DAY_FILE = re.compile(r"^(?P<folder>[^/]+)/(?P<day>\d{4}-\d{2}-\d{2})\.json$")
_DAY_STEM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TS = re.compile(r"^\s*(?P<seconds>\d{1,11})(?:\.(?P<fraction>\d{1,9}))?\s*$")
#: Slack markup: ``<…>`` mentions (``@``, ``#``, ``!``) and links (a URL scheme first), and the
#: three escaped characters. Other ``<…>`` (unescaped text from a tool) are kept as written.
_MARKUP = re.compile(
    r"<(?P<inside>(?:[@#!]|[A-Za-z][A-Za-z0-9+.-]{0,30}:)[^<>\n]{0,4000})>"
    r"|&(?P<entity>amp|lt|gt);"
)
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
#: Special mentions written ``<!here>``: kept as ``@here``.
_BROADCASTS = frozenset({"here", "channel", "everyone", "group"})
#: Subtypes that record something happening rather than someone saying something.
_SYSTEM_SUBTYPES = frozenset(
    {
        "bot_add",
        "bot_remove",
        "bot_enable",
        "bot_disable",
        "app_conversation_join",
        "app_conversation_leave",
        "channel_convert_to_private",
        "channel_convert_to_public",
        "channel_posting_permissions",
        "group_convert_to_private",
        "huddle_thread",
        "joiner_notification",
        "pinned_item",
        "unpinned_item",
        "reminder_add",
        "reminder_delete",
        "sh_room_created",
        "tombstone",
        "ekm_access_denied",
        "slackbot_response",
    }
)
_SYSTEM_SUFFIXES = ("_join", "_leave", "_topic", "_purpose", "_name", "_archive", "_unarchive")
#: Subtypes describing a change to another message (already applied in an export): skipped.
_SKIPPED_SUBTYPES = frozenset({"message_changed", "message_deleted", "message_replied"})
_SLACK_ID = re.compile(r"^[A-Z][A-Z0-9]{6,}$")
#: What reading an entry of a damaged zip can raise (a bad CRC, a broken deflate stream, a
#: local header whose name does not decode, an unknown compression or zip version).
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    UnicodeDecodeError,
    NotImplementedError,
    RuntimeError,
)
_HINT = phrase(
    "pass the folder or the .zip Slack exported (it holds users.json and channels.json); "
    "a single day file (YYYY-MM-DD.json) is read with --from slack"
)


# Reading JSON values without trusting their types.


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _field(mapping: Mapping[str, Any], *keys: str) -> str:
    """The first non-blank string among ``mapping[key]`` for ``keys``."""
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strs(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _timestamp(value: Any) -> datetime | None:
    """A Slack ``ts`` (``"1650000000.000100"``, seconds since the epoch) as a UTC datetime."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        value = f"{value:.6f}" if isinstance(value, float) else str(value)
    match = _TS.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    fraction = (match.group("fraction") or "").ljust(6, "0")[:6]
    try:
        return datetime.fromtimestamp(int(match.group("seconds")), tz=UTC) + timedelta(
            microseconds=int(fraction)
        )
    except (OverflowError, OSError, ValueError):
        return None


# Who is who.


@dataclass
class _Directory:
    """Names and identities of users, and names of channels, as far as the export tells them."""

    users: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)

    def add_users(self, entries: Iterable[Mapping[str, Any]]) -> None:
        for entry in entries:
            user_id = _field(entry, "id")
            if not user_id:
                continue
            profile = _dict(entry.get("profile"))
            found = _field(profile, "display_name", "real_name") or _field(
                entry, "real_name", "name"
            )
            if found:
                self.users[user_id] = found
            email = _field(profile, "email")
            if email:
                self.emails[user_id] = email

    def learn(self, raw: Mapping[str, Any]) -> None:
        """Remember the name a message carries for a user missing from ``users.json``."""
        user_id = _field(raw, "user")
        if user_id and user_id not in self.users:
            found = _field(_dict(raw.get("user_profile")), "display_name", "real_name", "name")
            if found:
                self.users[user_id] = found

    def user(self, user_id: str) -> str:
        return self.users.get(user_id, user_id)

    def ids(self, user_id: str) -> tuple[str, ...]:
        found = [identity("slack", user_id)]
        if user_id in self.emails:
            found.append(identity("email", self.emails[user_id]))
        return tuple(found)


# Slack's markup.


def _link(inside: str, directory: _Directory) -> str:
    target, _, label = inside.partition("|")
    if target.startswith("@"):
        return "@" + (label or directory.user(target[1:]))
    if target.startswith("#"):
        channel = label or directory.channels.get(target[1:], target[1:])
        return "#" + channel.lstrip("#")
    if target.startswith("!"):
        keyword = target[1:].split("^", 1)[0]
        if keyword in _BROADCASTS:
            return "@" + keyword
        return label or "@" + keyword
    return label or target


def plain_text(text: str, directory: _Directory) -> str:
    """Slack's ``text`` with mentions, channel links and URLs as a reader sees them."""

    def replace(match: re.Match[str]) -> str:
        entity = match.group("entity")
        if entity is not None:
            return _ENTITIES[entity]
        return _link(_unescape(match.group("inside")), directory)

    return _MARKUP.sub(replace, text)


def _unescape(text: str) -> str:
    return re.sub(r"&(amp|lt|gt);", lambda match: _ENTITIES[match.group(1)], text)


# Messages.


def _is_system(subtype: str) -> bool:
    return subtype in _SYSTEM_SUBTYPES or subtype.endswith(_SYSTEM_SUFFIXES)


def _file_kind(file: Mapping[str, Any]) -> str:
    mimetype = _field(file, "mimetype").lower()
    for prefix, kind in (("image/", "photo"), ("video/", "video"), ("audio/", "audio")):
        if mimetype.startswith(prefix):
            return kind
    return "file"


def _attachment_text(attachments: list[Mapping[str, Any]], directory: _Directory) -> str:
    parts = []
    for attachment in attachments:
        text = _field(attachment, "pretext", "text", "fallback", "title")
        if text:
            parts.append(plain_text(text, directory))
    return "\n".join(parts)


def _share(attachments: list[Mapping[str, Any]], directory: _Directory) -> dict[str, str] | None:
    for attachment in attachments:
        link = _field(attachment, "original_url", "from_url", "title_link")
        if link:
            text = _field(attachment, "text", "title", "fallback")
            return {"link": link, "text": plain_text(text, directory)}
    return None


@dataclass
class _Draft:
    """A message read from a day file, before its position in the conversation is known."""

    sender: str
    text: str
    timestamp: datetime | None
    kind: MessageKind
    meta: dict[str, Any]
    ts: str
    thread_ts: str
    ids: tuple[str, ...]


def _sender(raw: Mapping[str, Any], directory: _Directory) -> tuple[str, tuple[str, ...]]:
    user_id = _field(raw, "user")
    bot_id = _field(raw, "bot_id")
    if _field(raw, "subtype") == "bot_message" or (bot_id and not user_id):
        found = _field(raw, "username") or _field(_dict(raw.get("bot_profile")), "name")
        if not found and user_id:
            found = directory.user(user_id)
        key = user_id or bot_id
        return found or bot_id or "bot", (identity("slack", key),) if key else ()
    if user_id:
        return directory.user(user_id), directory.ids(user_id)
    found = _field(_dict(raw.get("user_profile")), "display_name", "real_name", "name")
    return found or _field(raw, "username"), ()


def _draft(raw: Mapping[str, Any], directory: _Directory) -> _Draft | None:
    if _field(raw, "type") not in ("", "message"):
        return None
    subtype = _field(raw, "subtype")
    if subtype in _SKIPPED_SUBTYPES:
        return None
    sender, ids = _sender(raw, directory)
    text = plain_text(_str(raw.get("text")), directory).strip()
    attachments = _dicts(raw.get("attachments"))
    files = [file for file in _dicts(raw.get("files")) if _field(file, "mode") != "tombstone"]
    meta: dict[str, Any] = {}
    kind: MessageKind = "text"
    if _is_system(subtype):
        kind = "system"
    else:
        if not text and attachments:
            text = _attachment_text(attachments, directory).strip()
        names = [_field(file, "name", "title") or "file" for file in files]
        if names:
            meta["attachments"] = names
        if not text and files:
            kind = "media"
            text = " ".join(
                f"<{_file_kind(file)}: {label}>" for file, label in zip(files, names, strict=True)
            )
        share = _share(attachments, directory)
        if share is not None:
            meta["share"] = share
        if not sender:
            sender = "unknown"
    reactions = [
        {"actor": directory.user(user), "reaction": f":{_field(reaction, 'name')}:"}
        for reaction in _dicts(raw.get("reactions"))
        if _field(reaction, "name")
        for user in _strs(reaction.get("users"))
    ]
    if reactions:
        meta["reactions"] = reactions
    edited = _timestamp(_dict(raw.get("edited")).get("ts"))
    if edited is not None:
        meta["edited"] = edited.isoformat()
    replies = raw.get("reply_count")
    if isinstance(replies, int) and not isinstance(replies, bool) and replies > 0:
        meta["reply_count"] = replies
    ts = _field(raw, "ts")
    thread_ts = _field(raw, "thread_ts")
    if thread_ts and thread_ts != ts:
        meta["thread_ts"] = thread_ts
    else:
        thread_ts = ""
    return _Draft(sender, text, _timestamp(raw.get("ts")), kind, meta, ts, thread_ts, ids)


def _in_time_order(raws: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Messages sorted by ``ts``; one without a readable ``ts`` stays after the one before it."""
    keyed = []
    last = datetime.min.replace(tzinfo=UTC)
    for position, raw in enumerate(raws):
        when = _timestamp(raw.get("ts"))
        if when is not None:
            last = when
        keyed.append((last, position, raw))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [raw for _, _, raw in keyed]


def _conversation(
    raws: list[Mapping[str, Any]],
    directory: _Directory,
    *,
    title: str,
    key: str,
    path: str,
) -> Conversation | None:
    for raw in raws:
        directory.learn(raw)
    drafts = [draft for raw in _in_time_order(raws) if (draft := _draft(raw, directory))]
    if not drafts:
        return None
    positions = {draft.ts: index for index, draft in enumerate(drafts) if draft.ts}
    messages: list[Message] = []
    people: dict[str, list[str]] = {}
    for index, draft in enumerate(drafts):
        if draft.thread_ts and draft.thread_ts in positions:
            draft.meta["reply_to"] = positions[draft.thread_ts]
        messages.append(
            Message(index, draft.sender, draft.text, draft.timestamp, draft.kind, meta=draft.meta)
            if draft.meta
            else Message(index, draft.sender, draft.text, draft.timestamp, draft.kind)
        )
        if draft.kind != "system" and draft.sender:
            known = people.setdefault(draft.sender, [])
            known.extend(i for i in draft.ids if i not in known)
    found = tuple(messages)
    return Conversation(
        id=conversation_id(name, key, found),
        title=title,
        source=Source(path, name),
        messages=found,
        participants=tuple(Participant(person, ids=tuple(ids)) for person, ids in people.items()),
        chat=key,
    )


# The export as a whole.


def _root(names: Sequence[str]) -> str | None:
    """The folder holding the export (``""`` at the top, or ``"Top/"``), if any."""
    present = set(names)
    if all(required in present for required in _REQUIRED):
        return ""
    for candidate in names:
        top, _, rest = candidate.partition("/")
        if rest == _REQUIRED[0] and all(f"{top}/{r}" in present for r in _REQUIRED):
            return f"{top}/"
    return None


def sniff_tree(names: Sequence[str]) -> bool:
    """True when ``names`` hold ``users.json`` and ``channels.json``, possibly in one folder."""
    return _root(names) is not None


def sniff(head: bytes) -> bool:
    """Never: a Slack export is a folder or a zip (see :func:`sniff_tree`), and a lone day file,
    a bare JSON list of messages, is too generic to be recognised by its content."""
    return False


def _read_list(tree: Tree, member: str, encoding: str) -> list[Any]:
    shown = tree.display(member)
    try:
        stream = tree.open(member)
    except _DAMAGED as error:
        raise InputError(_unreadable(error), path=shown) from None
    with stream:
        try:
            document = read_json(stream, shown, encoding=encoding)
        except _DAMAGED as error:
            # A damaged zip entry may fail only while it is read.
            raise InputError(_unreadable(error), path=shown) from None
    if not isinstance(document, list):
        raise ParseError(
            phrase(
                "expected a JSON list in %(file)s, found %(found)s",
                file=PurePosixPath(member).name,
                found=_kind(document),
            ),
            path=shown,
            hint=_HINT,
        )
    return document


def _unreadable(error: BaseException) -> str:
    return phrase("cannot read this entry: %(reason)s", reason=str(error))


def _kind(document: Any) -> str:
    if isinstance(document, dict):
        return phrase("an object")
    return phrase("a %(type)s value", type=type(document).__name__)


@dataclass(frozen=True)
class _Channel:
    key: str
    title: str
    folders: tuple[str, ...]


def _listed(tree: Tree, root: str, present: set[str], encoding: str) -> list[tuple[str, list[Any]]]:
    found = []
    for listing in ("channels.json", "groups.json", "dms.json", "mpims.json"):
        if root + listing in present:
            found.append((listing, _dicts(_read_list(tree, root + listing, encoding))))
    return found


def _channels(listings: list[tuple[str, list[Any]]], directory: _Directory) -> list[_Channel]:
    for _, entries in listings:
        for entry in entries:
            if _field(entry, "id") and _field(entry, "name"):
                directory.channels[_field(entry, "id")] = _field(entry, "name")
    channels = []
    for listing, entries in listings:
        for entry in entries:
            channel_id, channel_name = _field(entry, "id"), _field(entry, "name")
            folders = tuple(dict.fromkeys(f for f in (channel_name, channel_id) if f))
            if not folders:
                continue
            if listing in ("dms.json", "mpims.json"):
                members = [directory.user(user) for user in _strs(entry.get("members"))]
                title = "DM: " + ", ".join(members) if members else folders[0]
            else:
                title = "#" + folders[0]
            channels.append(_Channel(channel_id or folders[0], title, folders))
    return channels


def parse_tree(tree: Tree, *, encoding: str = "utf-8") -> Iterator[Conversation | Contact]:
    """Read every channel, private channel, DM and group DM of a workspace export."""
    names = tree.names()
    root = _root(names)
    if root is None:
        raise ParseError(
            phrase("no users.json and channels.json: not a Slack workspace export"),
            path=tree.path,
            hint=_HINT,
        )
    present = set(names)
    directory = _Directory()
    directory.add_users(_dicts(_read_list(tree, root + "users.json", encoding)))
    channels = _channels(_listed(tree, root, present, encoding), directory)
    days: dict[str, list[str]] = {}
    for member in names:
        if member.startswith(root):
            match = _DAY_FILE.match(member[len(root) :])
            if match is not None:
                days.setdefault(match.group("folder"), []).append(member)
    claimed: set[str] = set()
    ordered: list[tuple[_Channel, str]] = []
    for channel in channels:
        folder = next((f for f in channel.folders if f in days and f not in claimed), None)
        if folder is not None:
            claimed.add(folder)
            ordered.append((channel, folder))
    for folder in sorted(days):
        if folder not in claimed:
            ordered.append((_Channel(folder, _folder_title(folder), (folder,)), folder))
    for channel, folder in ordered:
        raws: list[Mapping[str, Any]] = []
        for member in sorted(days[folder]):
            raws.extend(_dicts(_read_list(tree, member, encoding)))
        conversation = _conversation(
            raws, directory, title=channel.title, key=channel.key, path=tree.path
        )
        if conversation is not None:
            yield conversation


def _folder_title(folder: str) -> str:
    """The title of a conversation folder no listing names: ``#general``, or a bare id."""
    if _SLACK_ID.match(folder) or folder.startswith("mpdm-"):
        return folder
    return "#" + folder


def parse(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[Conversation | Contact]:
    """Read one day file (``general/2024-01-02.json``) as one conversation."""
    document = read_json(stream, path, encoding=encoding)
    raws = _dicts(document)
    if not raws or not any("ts" in raw for raw in raws):
        raise ParseError(
            phrase(
                "not a Slack day file (a JSON list of messages with 'ts') nor a workspace export"
            ),
            path=path,
            hint=_HINT,
        )
    pure = PurePath(path)
    if path == "<stdin>":
        title = "stdin"
    elif _DAY_STEM.match(pure.stem) and pure.parent.name:
        title = _folder_title(pure.parent.name)
    else:
        title = pure.stem
    conversation = _conversation(raws, _Directory(), title=title, key=title, path=path)
    if conversation is None:
        raise ParseError(phrase("no message found in this Slack day file"), path=path, hint=_HINT)
    yield conversation
