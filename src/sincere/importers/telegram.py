"""Telegram Desktop JSON exports (``result.json``).

Telegram Desktop writes either one chat::

    {"name": "Ana", "type": "personal_chat", "id": 4815162342, "messages": [
      {"id": 1, "type": "message", "date": "2024-03-02T18:04:11",
       "date_unixtime": "1709399051", "from": "Ana", "from_id": "user4815162342",
       "text": ["See ", {"type": "bold", "text": "you"}, " there"]}]}

or, for "Export Telegram data" with the whole account, an object holding
``personal_information`` (the exporting user), ``contacts.list`` and ``chats.list`` /
``left_chats.list``, each chat shaped as above. Each chat becomes one conversation.

``type: "message"`` entries are messages (``kind="media"`` with a short description such as
``<sticker 😀>`` when there is no text but a photo, a file, a poll…); ``type: "service"`` entries
(group created, members invited, calls, pins…) are system messages whose sender is the
``actor``. ``text`` is a string or a list of strings and ``{"type", "text"}`` pieces, joined.
Timestamps are the naive local ``date`` Telegram writes; files holding only ``date_unixtime``
get timezone-aware UTC timestamps instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import PurePath, PurePosixPath
from typing import Any, BinaryIO

from sincere.errors import ParseError
from sincere.importers._build import collector_paused
from sincere.importers._json import read_json
from sincere.importers._text import decode_head
from sincere.model import (
    NO_META,
    Conversation,
    Message,
    MessageKind,
    Participant,
    Source,
    conversation_id,
    identity,
    make_message,
)
from sincere.phrase import phrase

name = "telegram"
description = "Telegram Desktop JSON export (result.json): one chat, or the whole account"
extensions = (".json",)

#: The name Telegram shows for an account that no longer exists (``"from": null``).
DELETED_ACCOUNT = "Deleted Account"

_HINT = phrase(
    "export with Telegram Desktop: open the chat, ⋮ › Export chat history, format "
    "'Machine-readable JSON' (or Settings › Advanced › Export Telegram data)"
)

_CHAT_TYPES = (
    "personal_chat",
    "bot_chat",
    "private_group",
    "private_supergroup",
    "public_supergroup",
    "private_channel",
    "public_channel",
    "saved_messages",
    "replies",
)
_JSON_STRING = r'"(?:[^"\\]|\\.)*"'
# Keys only a Telegram export writes, as it writes them.
_ACCOUNT = re.compile(
    r'"personal_information"\s*:\s*\{\s*"user_id"\s*:'
    rf'|"(?:left_)?chats"\s*:\s*\{{\s*(?:"about"\s*:\s*{_JSON_STRING}\s*,\s*)?"list"\s*:\s*\['
    r'|"(?:contacts|frequent_contacts|sessions|web_sessions)"\s*:\s*\{\s*"about"\s*:\s*'
    rf'{_JSON_STRING}\s*,\s*"list"\s*:\s*\['
)
_CHAT_HEAD = re.compile(
    rf'^\{{\s*(?:"name"\s*:\s*(?:null|{_JSON_STRING})\s*,\s*)?'
    rf'"type"\s*:\s*"(?:{"|".join(_CHAT_TYPES)})"\s*,\s*"id"\s*:\s*-?\d+\s*,\s*"messages"\s*:\s*\['
)
_MESSAGE_TYPES = ("message", "service", "unsupported")
#: Keys of an account export beside its chats.
_ACCOUNT_KEYS = ("personal_information", "contacts", "frequent_contacts", "profile_pictures")
#: Keys of a message that hold media (see :func:`_media`), and those read into ``meta``.
_MEDIA_KEYS = frozenset(
    {
        "photo",
        "file",
        "media_type",
        "poll",
        "contact_information",
        "location_information",
        "place_name",
        "game_title",
        "invoice_information",
        "todo_list",
        "giveaway_information",
        "giveaway_results",
        "paid_stars_amount",
    }
)
_META_KEYS = frozenset(
    {"reply_to_message_id", "edited", "edited_unixtime", "forwarded_from", "reactions"}
)
_MESSAGES = re.compile(r'"messages"\s*:\s*\[')
_MESSAGE_TYPE = re.compile(r'"type"\s*:\s*"(?:message|service)"')
_MESSAGE_KEY = re.compile(
    r'"date_unixtime"\s*:\s*"\d+"'
    r'|"(?:from|actor)_id"\s*:\s*"(?:user|channel|chat)\d+"'
    r'|"date"\s*:\s*"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"'
)


def sniff(head: bytes) -> bool:
    """True when ``head`` is a JSON object with keys only a Telegram export writes."""
    text = decode_head(head)
    if text is None:
        return False
    text = text.lstrip()
    if not text.startswith("{"):
        return False
    if _ACCOUNT.search(text) or _CHAT_HEAD.match(text):
        return True
    messages = _MESSAGES.search(text)
    if messages is None:
        return False
    rest = text[messages.end() :]
    return _MESSAGE_TYPE.search(rest) is not None and _MESSAGE_KEY.search(rest) is not None


def parse(stream: BinaryIO, path: str, *, encoding: str = "utf-8") -> Iterator[Conversation]:
    """Read every chat of a Telegram Desktop JSON export, one conversation each."""
    with collector_paused():
        conversations = _read(stream, path, encoding)
    yield from conversations


def _read(stream: BinaryIO, path: str, encoding: str) -> list[Conversation]:
    document = read_json(stream, path, encoding=encoding)
    if not isinstance(document, dict):
        raise ParseError(
            phrase("not a Telegram export: the JSON document is not an object"),
            path=path,
            hint=_HINT,
        )
    account = _Account(document)
    if "messages" in document:
        chats: list[tuple[str, Any]] = [("", document)]
        single = True
    else:
        chats = list(_account_chats(document, path))
        single = False
    clock = _Clock(local=any(_has_local_dates(chat) for _, chat in chats))
    found: list[Conversation] = []
    for where, chat in chats:
        conversation = _ChatReader(chat, where, path, account, clock).conversation()
        if conversation.messages or single:
            found.append(conversation)
    if not found:
        raise ParseError(
            phrase("no chat with messages in this Telegram export"),
            path=path,
            hint=phrase(
                "tick the chats to export (personal chats, groups…) in Telegram Desktop's "
                "export settings"
            ),
        )
    return found


def _account_chats(document: Mapping[str, Any], path: str) -> Iterator[tuple[str, Any]]:
    """``(where, chat)`` for each chat of a full-account export, left chats last."""
    seen = False
    for key in ("chats", "left_chats"):
        section = document.get(key)
        if section is None:
            continue
        chats = section.get("list") if isinstance(section, dict) else None
        if not isinstance(chats, list):
            raise ParseError(
                phrase("'%(key)s' has no 'list' of chats", key=key), path=path, hint=_HINT
            )
        seen = True
        for number, chat in enumerate(chats, 1):
            yield f"{key} #{number}", chat
    if not seen and any(key in document for key in _ACCOUNT_KEYS):
        raise ParseError(
            phrase("this Telegram account export holds no chats"),
            path=path,
            hint=phrase(
                "in Telegram Desktop's export settings, tick the chats to export "
                "(personal chats, groups…)"
            ),
        )
    if not seen:
        raise ParseError(
            phrase("not a Telegram export: no 'messages' list and no 'chats' list"),
            path=path,
            hint=_HINT,
        )


def _has_local_dates(chat: Any) -> bool:
    messages = chat.get("messages") if isinstance(chat, dict) else None
    if not isinstance(messages, list):
        return False
    return any(isinstance(m, dict) and isinstance(m.get("date"), str) for m in messages)


def _int(value: Any) -> int | None:
    """An integer given as a JSON number or a string of digits, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and len(value) < 30:
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _phone_id(value: Any) -> str | None:
    if isinstance(value, str) and any(ch.isdigit() for ch in value):
        return identity("phone", value)
    return None


class _Account:
    """What a full-account export says about its owner and their contacts."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        #: ``from_id`` of the exporting user (``"user123"``), if the export says.
        self.me: str | None = None
        #: Identities known for a ``from_id`` beyond the Telegram id itself (phone numbers).
        self.extra_ids: dict[str, list[str]] = {}
        info = document.get("personal_information")
        if isinstance(info, dict):
            user_id = _int(info.get("user_id"))
            if user_id is not None:
                self.me = f"user{user_id}"
                phone = _phone_id(info.get("phone_number"))
                if phone:
                    self.extra_ids.setdefault(self.me, []).append(phone)
        contacts = document.get("contacts")
        listed = contacts.get("list") if isinstance(contacts, dict) else None
        for contact in listed if isinstance(listed, list) else ():
            if not isinstance(contact, dict):
                continue
            user_id = _int(contact.get("user_id"))
            phone = _phone_id(contact.get("phone_number"))
            if user_id and phone:
                known = self.extra_ids.setdefault(f"user{user_id}", [])
                if phone not in known:
                    known.append(phone)


class _Clock:
    """Turns Telegram's ``date`` / ``date_unixtime`` pairs into timestamps.

    In local mode (the export writes ``date``: naive local time) a message with only a Unix
    time gets it shifted by the local offset of the latest message that had both; in UTC mode
    (no ``date`` anywhere) timestamps are timezone-aware UTC.
    """

    def __init__(self, *, local: bool) -> None:
        self.local = local
        #: The latest ``(date, date_unixtime)`` pair read, for the offset of local time.
        self._pair: tuple[datetime, Any] | None = None

    def read(self, local: Any, unix: Any, what: str, fail: _Fail) -> datetime | None:
        if self.local and isinstance(local, str):
            try:
                stamp = datetime.fromisoformat(local)
            except ValueError:
                raise fail(_invalid(what, local[:40])) from None
            if stamp.tzinfo is not None:
                stamp = stamp.replace(tzinfo=None)
            if unix is not None and what == "date":
                self._pair = (stamp, unix)
            return stamp
        at_utc = _unix_time(unix, what, fail)
        if at_utc is None or not self.local:
            return at_utc
        return at_utc.replace(tzinfo=None) + self._offset()

    def _offset(self) -> timedelta:
        if self._pair is None:
            return timedelta()
        stamp, unix = self._pair
        seconds = _int(unix)
        if seconds is None:
            return timedelta()
        try:
            at_utc = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return timedelta()
        return stamp - at_utc.replace(tzinfo=None)


def _unix_time(value: Any, what: str, fail: _Fail) -> datetime | None:
    if value is None:
        return None
    field = f"{what}_unixtime"
    seconds = _int(value)
    if seconds is None:
        raise fail(_invalid(field, str(value)[:40]))
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise fail(
            phrase("%(field)s out of range: %(seconds)s", field=field, seconds=seconds)
        ) from None


def _invalid(field: str, value: str) -> str:
    """ "invalid date '2024-13-01'": a field (a JSON key) whose value cannot be read."""
    return phrase("invalid %(field)s %(value)s", field=field, value=repr(value))


class _Fail:
    """Builds the errors of one message, naming the file, the chat and the message."""

    __slots__ = ("message_id", "number", "reader")

    def __init__(self, reader: _ChatReader, message_id: int | None, number: int) -> None:
        self.reader = reader
        self.message_id = message_id
        self.number = number

    def __call__(self, message: str) -> ParseError:
        label = (
            phrase("message %(id)s", id=self.message_id)
            if self.message_id is not None
            else phrase("message #%(number)s", number=self.number)
        )
        where = phrase("%(chat)s, %(message)s", chat=self.reader.where, message=label)
        return ParseError(
            phrase("%(where)s: %(message)s", where=where, message=message),
            path=self.reader.path,
            hint=_HINT,
        )


class _People:
    """Display names of the people of one chat, keyed by Telegram id (or name, without one).

    Two different accounts with the same name get their id appended to the second one's name,
    so they stay two participants.
    """

    def __init__(self, account: _Account) -> None:
        self.account = account
        self.by_key: dict[str, str] = {}
        self.keys_by_name: dict[str, str] = {}
        self.ids: dict[str, list[str]] = {}

    def resolve(self, shown: Any, peer_id: Any) -> str:
        if peer_id.__class__ is str:
            known = self.by_key.get(peer_id)
            if known is not None:
                return known
        peer = _string(peer_id)
        label = _string(shown)
        key = peer or f"name:{label}"
        known = self.by_key.get(key)
        if known is not None:
            return known
        base = label or DELETED_ACCOUNT
        display = base
        if self.keys_by_name.get(base, key) != key:
            display = f"{base} ({peer})" if peer else base
            number = 2
            while self.keys_by_name.get(display, key) != key:
                display = f"{base} ({number})"
                number += 1
        self.by_key[key] = display
        if peer_id.__class__ is str:
            self.by_key[peer_id] = display
        self.keys_by_name.setdefault(display, key)
        ids = self.ids.setdefault(display, [])
        if peer:
            for value in (identity("telegram", peer), *self.account.extra_ids.get(peer, ())):
                if value not in ids:
                    ids.append(value)
        return display

    def is_me(self, display: str) -> bool:
        me = self.account.me
        return me is not None and self.by_key.get(me) == display


class _ChatReader:
    """Reads one chat object into a conversation."""

    def __init__(self, chat: Any, where: str, path: str, account: _Account, clock: _Clock) -> None:
        self.path = path
        self.account = account
        self.clock = clock
        self.people = _People(account)
        if not isinstance(chat, dict):
            raise ParseError(
                phrase("%(where)s: a chat is not a JSON object", where=where),
                path=path,
                hint=_HINT,
            )
        self.chat = chat
        #: The index of each Telegram message id read so far, for replies and pins.
        self.positions: dict[int, int] = {}
        self.title = self._title(chat, where)
        self.where = phrase("chat %(title)s", title=repr(self.title))

    def _title(self, chat: Mapping[str, Any], where: str) -> str:
        shown = _string(chat.get("name"))
        if shown:
            return shown
        kind = chat.get("type")
        if kind == "saved_messages":
            return "Saved Messages"
        if kind == "replies":
            return "Replies"
        if kind in ("personal_chat", "bot_chat") and "name" in chat:
            return DELETED_ACCOUNT
        chat_id = _int(chat.get("id"))
        if chat_id is not None:
            return f"Telegram chat {chat_id}"
        if where:
            return f"Telegram chat ({where})"
        return PurePath(self.path).stem if self.path != "<stdin>" else "stdin"

    def conversation(self) -> Conversation:
        raw_messages = self.chat.get("messages")
        if not isinstance(raw_messages, list):
            raise ParseError(
                phrase("%(where)s: 'messages' is not a list", where=self.where),
                path=self.path,
                hint=_HINT,
            )
        if raw_messages and not any(
            isinstance(raw, dict) and raw.get("type") in _MESSAGE_TYPES for raw in raw_messages
        ):
            raise ParseError(
                phrase(
                    "not a Telegram export: no message in %(where)s has the type 'message' "
                    "or 'service'",
                    where=self.where,
                ),
                path=self.path,
                hint=_HINT,
            )
        messages: list[Message] = []
        for number, raw in enumerate(raw_messages, 1):
            message = self._message(raw, number, len(messages))
            if message is not None:
                messages.append(message)
        found = tuple(messages)
        chat_id = _int(self.chat.get("id"))
        key = f"{chat_id}:{self.title}" if chat_id is not None else self.title
        return Conversation(
            id=conversation_id(name, key, found),
            title=self.title,
            source=Source(self.path, name),
            messages=found,
            participants=self._participants(found),
            chat=str(chat_id) if chat_id is not None else "",
        )

    def _participants(self, messages: tuple[Message, ...]) -> tuple[Participant, ...]:
        seen: dict[str, Participant] = {}
        for message in messages:
            sender = message.sender
            if message.kind != "system" and sender and sender not in seen:
                seen[sender] = Participant(
                    sender,
                    is_me=self.people.is_me(sender),
                    ids=tuple(self.people.ids.get(sender, ())),
                )
        return tuple(seen.values())

    def _message(self, raw: Any, number: int, index: int) -> Message | None:
        if raw.__class__ is not dict:
            raise ParseError(
                phrase(
                    "%(where)s: message #%(number)s is not a JSON object",
                    where=self.where,
                    number=number,
                ),
                path=self.path,
                hint=_HINT,
            )
        kind = raw.get("type")
        if kind == "unsupported":
            return None  # Telegram could not export it: no sender, no date, no content.
        message_id = _int(raw.get("id"))
        if message_id is not None:
            self.positions.setdefault(message_id, index)
        fail = _Fail(self, message_id, number)
        stamp = self.clock.read(raw.get("date"), raw.get("date_unixtime"), "date", fail)
        meta: dict[str, Any] = {}
        if kind == "service":
            sender = ""
            if "actor" in raw or "actor_id" in raw:
                sender = self.people.resolve(raw.get("actor"), raw.get("actor_id"))
            text = _describe_action(raw, sender)
            self._service_meta(raw, meta)
            return make_message(index, sender, text, stamp, "system", meta or NO_META)
        sender = self.people.resolve(raw.get("from"), raw.get("from_id"))
        text, links = _message_text(raw)
        message_kind: MessageKind = "text"
        if not _MEDIA_KEYS.isdisjoint(raw):
            media, attachment = _media(raw)
            if attachment:
                meta["attachments"] = [attachment]
            if not text and media:
                text, message_kind = media, "media"
        if links:
            meta["links"] = links
        if not _META_KEYS.isdisjoint(raw):
            self._message_meta(raw, meta, fail)
        return make_message(index, sender, text, stamp, message_kind, meta or NO_META)

    def _message_meta(self, raw: Mapping[str, Any], meta: dict[str, Any], fail: _Fail) -> None:
        reply = _int(raw.get("reply_to_message_id"))
        if reply is not None:
            meta["reply_to_id"] = reply
            if reply in self.positions:
                meta["reply_to"] = self.positions[reply]
        if "edited" in raw or "edited_unixtime" in raw:
            edited = self.clock.read(raw.get("edited"), raw.get("edited_unixtime"), "edited", fail)
            if edited is not None:
                meta["edited"] = edited.isoformat()
        forwarded = raw.get("forwarded_from")
        if isinstance(forwarded, str) or (forwarded is None and "forwarded_from" in raw):
            meta["forwarded_from"] = _string(forwarded) or DELETED_ACCOUNT
        reactions = raw.get("reactions")
        if isinstance(reactions, list):
            self._reactions(reactions, meta)

    def _reactions(self, reactions: list[Any], meta: dict[str, Any]) -> None:
        by_actor: list[dict[str, str]] = []
        counts: dict[str, int] = {}
        for reaction in reactions:
            if not isinstance(reaction, dict):
                continue
            label = _reaction_label(reaction)
            count = _int(reaction.get("count"))
            recent = reaction.get("recent")
            actors = [r for r in recent if isinstance(r, dict)] if isinstance(recent, list) else []
            number = max(count or 0, len(actors))
            if number:
                counts[label] = counts.get(label, 0) + number
            for actor in actors:
                who = self.people.resolve(actor.get("from"), actor.get("from_id"))
                by_actor.append({"actor": who, "reaction": label})
        if by_actor:
            meta["reactions"] = by_actor
        if counts:
            meta["reaction_counts"] = counts

    def _service_meta(self, raw: Mapping[str, Any], meta: dict[str, Any]) -> None:
        action = raw.get("action")
        if isinstance(action, str):
            meta["action"] = action
        pinned = _int(raw.get("message_id"))
        if action == "pin_message" and pinned is not None and pinned in self.positions:
            meta["pinned_message"] = self.positions[pinned]
        seconds = _int(raw.get("duration_seconds"))
        if seconds is None:
            seconds = _int(raw.get("duration"))
        if seconds is not None and action in ("phone_call", "conference_call", "group_call"):
            meta["call_duration"] = seconds


def _join_text(value: Any) -> tuple[str, list[str]]:
    """The text of a ``text`` / ``text_entities`` value, and the targets of its text links."""
    if isinstance(value, str):
        return value, []
    if not isinstance(value, list):
        return "", []
    parts: list[str] = []
    links: list[str] = []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict):
            text = piece.get("text")
            if isinstance(text, str):
                parts.append(text)
            href = piece.get("href")
            if piece.get("type") == "text_link" and isinstance(href, str) and href:
                links.append(href)
    return "".join(parts), links


def _message_text(raw: Mapping[str, Any]) -> tuple[str, list[str]]:
    value = raw.get("text")
    text, links = (value, []) if value.__class__ is str else _join_text(value)
    text = text.strip()
    if not text and "text_entities" in raw:
        text, links = _join_text(raw["text_entities"])
        text = text.strip()
    return text, links


def _file_name(value: Any) -> str:
    """The file name of a path Telegram wrote, or "" for "(File not included…)"."""
    if not isinstance(value, str) or not value.strip() or value.lstrip().startswith("("):
        return ""
    return PurePosixPath(value.strip().replace("\\", "/")).name


def _seconds(value: Any) -> str:
    seconds = _int(value)
    if seconds is None or seconds < 0:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def _tag(label: str, detail: str = "", sep: str = ": ") -> str:
    return f"<{label}{sep}{detail}>" if detail else f"<{label}>"


def _media(raw: Mapping[str, Any]) -> tuple[str, str]:
    """``(description, attachment name)`` of what a message carries beside its text."""
    if "photo" in raw:
        file_name = _file_name(raw.get("photo"))
        return _tag("photo", file_name), file_name or "photo"
    media_type = raw.get("media_type")
    if "file" in raw or isinstance(media_type, str):
        return _document(raw, media_type)
    poll = raw.get("poll")
    if isinstance(poll, dict):
        question, _ = _join_text(poll.get("question"))
        return _tag("poll", question.strip()), ""
    contact = raw.get("contact_information")
    if isinstance(contact, dict):
        full = " ".join(
            p for p in (_string(contact.get(k)) for k in ("first_name", "last_name")) if p
        )
        return _tag("contact", full), ""
    if "location_information" in raw or "place_name" in raw:
        place = _string(raw.get("place_name"))
        label = "live location" if "live_location_period_seconds" in raw else "location"
        return _tag(label, place), ""
    for key, label in (("game_title", "game"), ("invoice_information", "invoice")):
        if key in raw:
            value = raw.get(key)
            title = _string(value.get("title") if isinstance(value, dict) else value)
            return _tag(label, title), ""
    todo = raw.get("todo_list")
    if isinstance(todo, dict):
        title, _ = _join_text(todo.get("title"))
        return _tag("checklist", title.strip()), ""
    if "giveaway_information" in raw or "giveaway_results" in raw:
        return "<giveaway>", ""
    if "paid_stars_amount" in raw:
        return "<paid media>", ""
    return "", ""


def _document(raw: Mapping[str, Any], media_type: Any) -> tuple[str, str]:
    file_name = _string(raw.get("file_name")) or _file_name(raw.get("file"))
    duration = _seconds(raw.get("duration_seconds"))
    if media_type == "sticker":
        return _tag("sticker", _string(raw.get("sticker_emoji")), " "), file_name or "sticker"
    if media_type == "voice_message":
        return _tag("voice message", duration, " "), file_name or "voice message"
    if media_type == "video_message":
        return _tag("video message", duration, " "), file_name or "video message"
    if media_type == "animation":
        return _tag("GIF", file_name), file_name or "GIF"
    if media_type == "video_file":
        return _tag("video", file_name or duration), file_name or "video"
    if media_type == "audio_file":
        song = " – ".join(p for p in (_string(raw.get(k)) for k in ("performer", "title")) if p)
        return _tag("audio", song or file_name), file_name or "audio"
    return _tag("file", file_name), file_name or "file"


def _reaction_label(reaction: Mapping[str, Any]) -> str:
    emoji = _string(reaction.get("emoji"))
    if emoji:
        return emoji
    kind = reaction.get("type")
    if kind == "paid":
        return "⭐"
    if kind == "custom_emoji":
        document = _string(str(reaction.get("document_id") or ""))
        return f"custom emoji {document}".strip()
    return "reaction"


def _names(value: Any) -> str:
    if not isinstance(value, list):
        return ""
    return ", ".join(
        _string(v) or DELETED_ACCOUNT for v in value if v is None or isinstance(v, str)
    )


def _call(raw: Mapping[str, Any]) -> str:
    call = "group call" if raw.get("action") == "conference_call" else "phone call"
    duration = _seconds(raw.get("duration_seconds"))
    reason = raw.get("discard_reason")
    if reason == "missed" or raw.get("is_missed") is True:
        return f"missed {call}"
    if reason == "busy":
        return f"declined {call} (busy)"
    if duration:
        return f"{call} ({duration})"
    if reason == "hangup":
        return f"cancelled {call}"
    return call


def _describe_action(raw: Mapping[str, Any], actor: str) -> str:
    """A short readable description of a service message, without its actor."""
    action = raw.get("action")
    title = _string(raw.get("title"))
    members = _names(raw.get("members"))
    if action is None and isinstance(raw.get("information_text"), str):
        return _string(raw.get("information_text"))
    if action == "create_group":
        said = f'created group "{title}"' if title else "created the group"
        return f"{said} with {members}" if members else said
    if action == "create_channel":
        return f'created channel "{title}"' if title else "created the channel"
    if action == "edit_group_title":
        return f'changed the group name to "{title}"' if title else "changed the group name"
    if action == "invite_members":
        return f"invited {members}" if members else "invited members"
    if action == "remove_members":
        if not members or members == actor:
            return "left the group"
        return f"removed {members}"
    if action == "join_group_by_link":
        inviter = raw.get("inviter")
        said = "joined the group via an invite link"
        return f"{said} from {_string(inviter) or DELETED_ACCOUNT}" if "inviter" in raw else said
    if action == "migrate_from_group":
        return f'upgraded the group "{title}" to a supergroup' if title else "upgraded the group"
    if action == "topic_created":
        return f'created topic "{title}"' if title else "created a topic"
    if action == "topic_edit":
        new_title = _string(raw.get("new_title"))
        return f'renamed the topic to "{new_title}"' if new_title else "edited the topic"
    if action in ("phone_call", "conference_call"):
        return _call(raw)
    if action == "group_call":
        duration = _seconds(raw.get("duration"))
        return f"video chat ({duration})" if duration else "started a video chat"
    if action == "invite_to_group_call":
        return f"invited {members} to the video chat" if members else "invited to the video chat"
    if action == "set_messages_ttl":
        period = _seconds(raw.get("period"))
        if period and period != "0 s":
            return f"set messages to auto-delete after {period}"
        return "turned off auto-delete"
    if action == "edit_chat_theme":
        emoticon = _string(raw.get("emoticon"))
        return f"changed the chat theme to {emoticon}" if emoticon else "changed the chat theme"
    if action == "score_in_game":
        score = _int(raw.get("score"))
        return f"scored {score} in a game" if score is not None else "scored in a game"
    if action == "proximity_reached":
        who, to = _string(raw.get("from")), _string(raw.get("to"))
        distance = _int(raw.get("distance"))
        if who and to and distance is not None:
            return f"{who} is within {distance} m of {to}"
        return "proximity alert"
    fixed = _FIXED_DESCRIPTIONS.get(action) if isinstance(action, str) else None
    if fixed:
        return fixed
    if isinstance(action, str) and action.strip():
        return action.strip().replace("_", " ")
    return "service message"


_FIXED_DESCRIPTIONS = {
    "edit_group_photo": "changed the group photo",
    "delete_group_photo": "removed the group photo",
    "join_group_by_request": "joined the group after a request to join",
    "migrate_to_supergroup": "upgraded the group to a supergroup",
    "pin_message": "pinned a message",
    "clear_history": "cleared the history",
    "send_payment": "sent a payment",
    "refunded_payment": "refunded a payment",
    "take_screenshot": "took a screenshot",
    "joined_telegram": "joined Telegram",
    "contact_signup": "joined Telegram",
    "requested_phone_number": "asked for a phone number",
    "group_call_scheduled": "scheduled a video chat",
    "allow_sending_messages": "allowed the bot to send messages",
    "attach_menu_bot_allowed": "allowed the bot to send messages",
    "web_app_bot_allowed": "allowed the bot to send messages",
    "send_passport_values": "shared Telegram Passport data",
    "send_webview_data": "sent data from a web app",
    "send_premium_gift": "gifted Telegram Premium",
    "send_stars_gift": "gifted Telegram Stars",
    "send_ton_gift": "sent a TON gift",
    "send_star_gift": "sent a gift",
    "suggest_profile_photo": "suggested a profile photo",
    "requested_peer": "shared a chat",
    "set_chat_wallpaper": "changed the chat wallpaper",
    "set_same_chat_wallpaper": "set the same chat wallpaper",
    "boost_apply": "boosted the group",
    "gift_code_prize": "received a gift code",
    "giveaway_launch": "launched a giveaway",
    "giveaway_results": "announced giveaway winners",
    "stars_prize": "received a Stars prize",
    "todo_completions": "updated a checklist",
    "todo_append_tasks": "added tasks to a checklist",
    "suggest_birthday": "suggested a birthday",
}
