"""``sincere import``: conversations into the journal, each file in one transaction.

An import reads a file through the importers, analyses each conversation, and stores, in one
transaction per file (all of it or nothing):

- the conversation, keyed by its format and the app's chat identity (else its title), so that a
  newer export of the same chat adds to it;
- its messages, each keyed by a hash of its timestamp, sender, text and ordinal (the how-many-th
  identical message at that time it is): importing the same export twice adds nothing, a newer
  export adds only the new messages;
- the people behind the senders (see :mod:`sincere.store.identities`);
- one interaction per person and conversation, from the analysis;
- the asks and gives the analysis found, in the ledger (their status kept on re-import);
- the people's trust, recomputed.

Messages are written in batches, and a conversation too big to hold in memory (a streamed
WhatsApp export) is read again rather than held, so the memory stays bounded.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from sincere.analysis.engine import analyze
from sincere.analysis.result import ConversationAnalysis, Evidence, ParticipantAnalysis
from sincere.importers._transcript import TRANSCRIPT_EPOCH
from sincere.importers.registry import Loaded
from sincere.model import Contact, Message
from sincere.model import Conversation as Chat
from sincere.owner import Aliases
from sincere.phrase import Grouped, Param, Phrase, phrase, plural_phrase
from sincere.store import models
from sincere.store.database import Store
from sincere.store.identities import Seen, identities_of, resolve
from sincere.store.journal import refresh

#: Messages written per statement.
BATCH = 2000

#: The analysis's ask signals, and the ledger category each one is.
ASK_CATEGORIES: dict[str, str] = {
    "ask_favour": "favour",
    "ask_advice": "advice",
    "ask_free": "advice",
    "ask_review": "review",
    "ask_intro": "intro",
    "network_probe": "intro",
    "ask_referral": "referral",
    "ask_share": "share",
    "ask_call": "call",
    "ask_money": "money",
    "commission": "money",
    "job_search": "other",
    "quid_pro_quo": "other",
}
#: The analysis's signals for help offered without being asked.
GIVE_SIGNALS = frozenset({"help_offer"})


@dataclass
class ImportReport:
    """What one file's import added."""

    path: str
    format: str
    conversations_added: int = 0
    conversations_updated: int = 0
    messages_added: int = 0
    messages_known: int = 0
    people_added: int = 0
    contacts: int = 0
    asks_added: int = 0
    gives_added: int = 0
    people: set[int] = field(default_factory=set)

    @property
    def added_anything(self) -> bool:
        return bool(
            self.conversations_added
            or self.messages_added
            or self.people_added
            or self.asks_added
            or self.gives_added
        )


def summary(report: ImportReport) -> Phrase:
    """What an import added, in one line: the words of ``sincere import`` and of the web app's
    Import page ("1 new conversation; 5 messages added; 2 new people")."""
    parts: list[Param] = []
    if report.conversations_added or report.conversations_updated:
        added = plural_phrase(
            "%(num)s new conversation",
            "%(num)s new conversations",
            Grouped(report.conversations_added),
        )
        if report.conversations_updated:
            updated = plural_phrase(
                "%(num)s updated", "%(num)s updated", Grouped(report.conversations_updated)
            )
            parts.append((added, updated))
        else:
            parts.append(added)
    if report.messages_known:
        parts.append(
            plural_phrase(
                "%(num)s message added (%(known)s already there)",
                "%(num)s messages added (%(known)s already there)",
                Grouped(report.messages_added),
                known=Grouped(report.messages_known),
            )
        )
    else:
        parts.append(
            plural_phrase(
                "%(num)s message added", "%(num)s messages added", Grouped(report.messages_added)
            )
        )
    if report.contacts:
        parts.append(plural_phrase("%(num)s contact", "%(num)s contacts", Grouped(report.contacts)))
    parts.append(
        plural_phrase("%(num)s new person", "%(num)s new people", Grouped(report.people_added))
    )
    if report.asks_added or report.gives_added:
        asks = plural_phrase("%(num)s ask", "%(num)s asks", Grouped(report.asks_added))
        gives = plural_phrase("%(num)s give", "%(num)s gives", Grouped(report.gives_added))
        parts.append((asks, gives))
    found = parts[0]
    for part in parts[1:]:
        found = phrase("%(first)s; %(second)s", first=found, second=part)
    assert isinstance(found, Phrase)
    return found


def utc_naive(moment: datetime | None) -> datetime | None:
    """Timestamps as stored: local times unchanged, aware times as naive UTC."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def chat_key(conversation: Chat) -> str:
    return f"{conversation.source.format}:{conversation.chat or conversation.title}"[:300]


#: How many distinct (time, sender, text) a key's ordinal is counted over: an identical message
#: is told apart from an earlier one among the last this many (exact for any real export, whose
#: identical messages are near each other, and bounded in memory for a huge one).
ORDINAL_WINDOW = 100_000


def keyed(messages: Iterable[Message]) -> Iterator[tuple[Message, str]]:
    """Each message with its key: a hash of timestamp, sender, text and its ordinal among
    identical messages (two "ok" in the same minute are two messages)."""
    seen: OrderedDict[bytes, int] = OrderedDict()
    for message in messages:
        stamp = message.timestamp.isoformat() if message.timestamp else ""
        base = "\x1f".join((stamp, message.sender, message.text)).encode()
        triple = hashlib.sha256(base).digest()
        ordinal = seen.pop(triple, 0)
        seen[triple] = ordinal + 1
        if len(seen) > ORDINAL_WINDOW:
            seen.popitem(last=False)
        digest = hashlib.sha256(base + b"\x1f" + str(ordinal).encode()).hexdigest()
        yield message, digest[:32]


def import_loaded(
    store: Store,
    loaded: Loaded,
    *,
    me: Sequence[str] | None = None,
    now: datetime | None = None,
    analyse: Callable[[Chat, Sequence[str] | None], ConversationAnalysis] | None = None,
) -> ImportReport:
    """Store what :func:`~sincere.importers.registry.load_file` read, in one transaction."""
    moment = now or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    report = ImportReport(loaded.path, loaded.format)
    run = analyse or (lambda chat, aliases: analyze(chat, me=aliases))
    with store.session() as session:
        for conversation in loaded.conversations:
            _Importer(session, conversation, run(conversation, me), me, moment, report).run()
        for contact in loaded.contacts:
            _import_contact(session, contact, loaded.format, moment, report)
        refresh(session, report.people, now=moment)
    return report


def _import_contact(
    session: Session, contact: Contact, app: str, now: datetime, report: ImportReport
) -> None:
    seen = identities_of(contact.name, contact.ids, app)
    _, created = resolve(session, contact.name, seen, now, is_me=False)
    report.contacts += 1
    report.people_added += created


class _Importer:
    """One conversation into the journal."""

    def __init__(
        self,
        session: Session,
        conversation: Chat,
        analysis: ConversationAnalysis,
        me: Sequence[str] | None,
        now: datetime,
        report: ImportReport,
    ) -> None:
        self.session = session
        self.conversation = conversation
        self.analysis = analysis
        self.aliases = Aliases.of(me)
        self.now = now
        self.report = report
        self.app = conversation.source.format
        self.label = f"{self.app}: {conversation.title}"
        self.shift = _transcript_shift(conversation, now)

    def when(self, moment: datetime | None) -> datetime | None:
        """A timestamp as stored (see :func:`_transcript_shift`)."""
        stored = utc_naive(moment)
        return stored + self.shift if stored is not None else None

    def run(self) -> None:
        row = self._conversation_row()
        people = self._people()
        wanted = {
            item.message_index
            for participant in self.analysis.participants
            for item in _ledger_items(participant)
        }
        keys, last_at = self._messages(row.id, people, wanted)
        owner_id = next((people[p.name] for p in self.analysis.participants if p.is_me), None)
        self._interactions(row.id, people, last_at, owner_id)
        self._ledger(row.id, people, keys, owner_id)

    def _conversation_row(self) -> models.Conversation:
        conversation = self.conversation
        key = chat_key(conversation)
        row = self.session.scalar(select(models.Conversation).where(models.Conversation.key == key))
        started, ended = self.when(conversation.started_at), self.when(conversation.ended_at)
        if row is None:
            row = models.Conversation(
                key=key,
                format=self.app,
                title=conversation.title[:300],
                source_path=conversation.source.path,
                language=self.analysis.language,
                started_at=started,
                ended_at=ended,
                message_count=0,
                imported_at=self.now,
            )
            self.session.add(row)
            self.session.flush()
            self.report.conversations_added += 1
        else:
            row.source_path = conversation.source.path
            row.language = self.analysis.language
            row.imported_at = self.now
            if started and (row.started_at is None or started < row.started_at):
                row.started_at = started
            if ended and (row.ended_at is None or ended > row.ended_at):
                row.ended_at = ended
        return row

    def _people(self) -> dict[str, int]:
        """Sender name → person id, for every participant."""
        people: dict[str, int] = {}
        by_name = {p.name: p for p in self.conversation.participants}
        for participant in self.analysis.participants:
            known = by_name.get(participant.name)
            ids = known.ids if known else ()
            seen: list[Seen] = identities_of(participant.name, ids, self.app)
            person_id, created = resolve(
                self.session, participant.name, seen, self.now, is_me=participant.is_me
            )
            people[participant.name] = person_id
            self.report.people_added += created
            if not participant.is_me:
                self.report.people.add(person_id)
        return people

    def _messages(
        self, conversation_id: int, people: dict[str, int], wanted: set[int]
    ) -> tuple[dict[int, str], dict[str, datetime]]:
        """Write the messages not stored yet; returns the keys of the ``wanted`` indices and each
        sender's last message time."""
        keys_of_wanted: dict[int, str] = {}
        last_at: dict[str, datetime] = {}
        added = 0
        pairs = keyed(self.conversation.messages)
        while batch := list(islice(pairs, BATCH)):
            keys = [key for _, key in batch]
            known = set(
                self.session.scalars(
                    select(models.Message.key).where(
                        models.Message.conversation_id == conversation_id,
                        models.Message.key.in_(keys),
                    )
                )
            )
            rows: list[dict[str, Any]] = []
            for message, key in batch:
                if message.index in wanted:
                    keys_of_wanted[message.index] = key
                stamp = self.when(message.timestamp)
                if stamp is not None and message.sender and message.kind != "system":
                    last_at[message.sender] = stamp
                if key in known:
                    continue
                known.add(key)
                rows.append(
                    {
                        "conversation_id": conversation_id,
                        "key": key,
                        "position": message.index,
                        "person_id": people.get(message.sender)
                        if message.kind != "system"
                        else None,
                        "sender": message.sender[:200],
                        "kind": message.kind,
                        "text": message.text,
                        "timestamp": stamp,
                        "meta": dict(message.meta) if message.meta else None,
                    }
                )
            if rows:
                self.session.execute(insert(models.Message), rows)
            added += len(rows)
            self.report.messages_known += len(batch) - len(rows)
        self.report.messages_added += added
        if added and self.report.conversations_added == 0:
            self.report.conversations_updated += 1
        row = self.session.get(models.Conversation, conversation_id)
        assert row is not None
        row.message_count += added
        return keys_of_wanted, last_at

    def _interactions(
        self,
        conversation_id: int,
        people: dict[str, int],
        last_at: dict[str, datetime],
        owner_id: int | None,
    ) -> None:
        owner = next((p for p in self.analysis.participants if p.is_me), None)
        owner_asks = _asks(owner) if owner else ()
        owner_gave = bool(owner and _gave(owner))
        fallback = self.when(self.conversation.ended_at) or self.now
        for participant in self.analysis.participants:
            person_id = people[participant.name]
            if participant.is_me or person_id == owner_id:
                continue
            row = self.session.scalar(
                select(models.Interaction).where(
                    models.Interaction.person_id == person_id,
                    models.Interaction.conversation_id == conversation_id,
                )
            )
            if row is None:
                row = models.Interaction(
                    person_id=person_id, conversation_id=conversation_id, source="conversation"
                )
                self.session.add(row)
            row.at = last_at.get(participant.name, fallback)
            row.verdict = participant.verdict
            row.interest = float(participant.interest)
            row.pressure = float(participant.pressure)
            row.messages = int(participant.signals.get("messages", 0))
            row.asks = list(_asks(participant))
            row.gave_unasked = _gave(participant)
            row.pitches = int(participant.signals.get("pitch", 0))
            row.owner_asks = len(owner_asks)
            row.owner_gave = owner_gave
            row.label = self.label[:300]
        self.session.flush()

    def _ledger(
        self,
        conversation_id: int,
        people: dict[str, int],
        keys: dict[int, str],
        owner_id: int | None,
    ) -> None:
        others = [pid for name, pid in people.items() if pid != owner_id]
        message_ids = dict(
            self.session.execute(
                select(models.Message.key, models.Message.id).where(
                    models.Message.conversation_id == conversation_id,
                    models.Message.key.in_(list(keys.values())),
                )
            ).all()
        )
        for participant in self.analysis.participants:
            giver = people[participant.name]
            for item in _ledger_items(participant):
                is_ask = item.signal in ASK_CATEGORIES
                message_key = keys.get(item.message_index)
                if message_key is None:
                    continue
                key = f"{conversation_id}:{message_key}:{item.signal}"
                exists = self.session.scalar(
                    select(models.LedgerItem.id).where(models.LedgerItem.key == key)
                )
                if exists is not None:
                    continue
                if giver == owner_id:
                    to_person = others[0] if len(others) == 1 else None
                else:
                    to_person = owner_id
                self.session.add(
                    models.LedgerItem(
                        key=key,
                        direction="ask" if is_ask else "give",
                        category=ASK_CATEGORIES.get(item.signal, "help"),
                        from_person_id=giver,
                        to_person_id=to_person,
                        conversation_id=conversation_id,
                        message_id=message_ids.get(message_key),
                        at=self.when(item.timestamp),
                        evidence=item.text,
                        status="open",
                        origin="detected",
                        created_at=self.now,
                    )
                )
                if is_ask:
                    self.report.asks_added += 1
                else:
                    self.report.gives_added += 1
        self.session.flush()


def _ledger_items(participant: ParticipantAnalysis) -> list[Evidence]:
    """The asks and offers of help a participant made: one per message and kind."""
    found: dict[tuple[int, str], Evidence] = {}
    for signal, items in participant.cited.items():
        if signal in ASK_CATEGORIES or signal in GIVE_SIGNALS:
            for item in items:
                found.setdefault((item.message_index, signal), item)
    return sorted(found.values(), key=lambda item: (item.message_index, item.signal))


def _transcript_shift(conversation: Chat, now: datetime) -> timedelta:
    """How far to move a meeting transcript's times when storing them.

    WebVTT and SubRip cues carry times from the start of the recording, which the importers put
    on 1970-01-01. In the journal they would make every meeting fifty years old; they are stored
    so that the meeting ends when the file was last modified (when the transcript was saved),
    else at the import's time. Message keys are computed on the times as read, so importing the
    file again adds nothing, wherever its copy comes from.
    """
    if conversation.source.format not in ("webvtt", "srt"):
        return timedelta(0)
    started, ended = conversation.started_at, conversation.ended_at
    if started is None or ended is None or started.tzinfo is not None:
        return timedelta(0)
    if started.year != TRANSCRIPT_EPOCH.year:
        return timedelta(0)
    try:
        saved = datetime.fromtimestamp(os.stat(conversation.source.path).st_mtime)
    except (OSError, ValueError):
        saved = now
    return saved.replace(microsecond=0) - ended


def _asks(participant: ParticipantAnalysis) -> tuple[str, ...]:
    found: list[str] = []
    for signal, category in ASK_CATEGORIES.items():
        found.extend([category] * int(participant.signals.get(signal, 0)))
    return tuple(found)


def _gave(participant: ParticipantAnalysis) -> bool:
    return any(participant.signals.get(signal, 0) for signal in GIVE_SIGNALS)
